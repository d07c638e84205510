package io.octaneroutes.sim;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading and writing the simulator's SOAP 1.1 envelopes. */
final class SoapXml {
    static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";

    private SoapXml() {
    }

    /** A parsed request: the operation element's local name and its children as maps (unqualified, order-tolerant). */
    record Request(String operation, String namespace, Map<String, Object> content) {
    }

    static Request parse(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // no DTDs at all: no XXE, no entity expansion
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        Document doc = b.parse(new ByteArrayInputStream(body));
        Element envelope = doc.getDocumentElement();
        if (!"Envelope".equals(envelope.getLocalName())) {
            throw new IllegalArgumentException("not a SOAP envelope");
        }
        Element bodyEl = child(envelope, "Body");
        Element op = bodyEl == null ? null : firstElement(bodyEl);
        if (op == null) {
            throw new IllegalArgumentException("empty SOAP body");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) toValue(op);
        return new Request(op.getLocalName(), op.getNamespaceURI(), content);
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    /** An element with element children becomes a map (repeated names become lists); a leaf becomes its text. */
    @SuppressWarnings("unchecked")
    private static Object toValue(Element e) {
        boolean hasChildren = false;
        Map<String, Object> map = new LinkedHashMap<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                hasChildren = true;
                String name = c.getLocalName();
                Object v = toValue(c);
                if (map.containsKey(name)) {
                    Object existing = map.get(name);
                    List<Object> list;
                    if (existing instanceof List<?>) {
                        list = (List<Object>) existing;
                    } else {
                        list = new ArrayList<>();
                        list.add(existing);
                        map.put(name, list);
                    }
                    list.add(v);
                } else {
                    map.put(name, v);
                }
            }
        }
        return hasChildren ? map : e.getTextContent().trim();
    }

    static String response(String operation, String namespace, Map<String, Object> result) {
        return response(operation, namespace, result, AnswerShape.AS_DOCUMENTED);
    }

    /**
     * An answer envelope: JAX-WS's style (soap-api.md section 1), {@code <return>} and its
     * children unqualified, in the order of the result map; {@code shape} may change that (see
     * {@link AnswerShape}).
     */
    static String response(String operation, String namespace, Map<String, Object> result, AnswerShape shape) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>");
        sb.append("<S:Envelope xmlns:S=\"").append(ENV).append('"');
        if (shape.soapEnvPrefix) {
            // the real sample (soap-api.md section 1): SOAP-ENV declared too, and an empty SOAP-ENV:Header
            sb.append(" xmlns:SOAP-ENV=\"").append(ENV).append("\"><SOAP-ENV:Header/>");
        } else {
            sb.append('>');
        }
        sb.append("<S:Body>");
        sb.append("<ns2:").append(operation).append("Response xmlns:ns2=\"").append(namespace).append("\">");
        write(sb, "return", shape.soapReturn(result), shape.qualifiedChildren ? "ns2:" : "");
        sb.append("</ns2:").append(operation).append("Response></S:Body></S:Envelope>");
        return sb.toString();
    }

    static String fault(String code, String message, String detailXml) {
        return "<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S=\"" + ENV + "\"><S:Body><S:Fault><faultcode>" + escape(code)
                + "</faultcode><faultstring>" + escape(message) + "</faultstring>" + (detailXml == null ? "" : "<detail>" + detailXml + "</detail>")
                + "</S:Fault></S:Body></S:Envelope>";
    }

    /** An element and its children, every name with {@code prefix} (empty: unqualified); a list is the element repeated; null is left out. */
    @SuppressWarnings("unchecked")
    static void write(StringBuilder sb, String name, Object value, String prefix) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                write(sb, name, item, prefix);
            }
            return;
        }
        sb.append('<').append(prefix).append(name).append('>');
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                write(sb, e.getKey(), e.getValue(), prefix);
            }
        } else {
            sb.append(escape(String.valueOf(value)));
        }
        sb.append("</").append(prefix).append(name).append('>');
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
