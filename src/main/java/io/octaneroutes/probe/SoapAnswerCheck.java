package io.octaneroutes.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Compares a raw SOAP answer with our WSDL's declaration of its wrapper element: every element
 * the WSDL does not declare (unknown), a declared-required or read-by-the-flows element that is
 * absent (missing), several elements where one is declared (list), element children where a
 * value is declared or text where children are (differently typed), text that is not of the
 * declared built-in type (differently typed; the value itself is never shown), namespace-qualified
 * children (qualified) and children out of the declared order (order).
 */
final class SoapAnswerCheck {
    private static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?INF|NaN");
    private static final Pattern BOOLEAN = Pattern.compile("true|false|1|0");
    private static final Pattern DATE = Pattern.compile("-?\\d{4,}-\\d{2}-\\d{2}(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern DATE_TIME = Pattern.compile("-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?");

    private final String subject;
    private final List<String> gaps;
    private final Consumer<Finding> sink;
    private final List<String> qualified = new ArrayList<>();
    private String qualifiedNamespace;

    SoapAnswerCheck(String subject, List<String> gaps, Consumer<Finding> sink) {
        this.subject = subject;
        this.gaps = gaps;
        this.sink = sink;
    }

    /**
     * @param wrapper the answer wrapper element as our WSDL declares it ({@code <op>Response})
     * @param reads   paths below {@code return} we read from this answer (checked unless Octane refused the call)
     * @return the number of items of the longest list in the answer (counted, never shown)
     */
    int check(byte[] raw, ElementNode wrapper, List<String> reads, boolean refused) throws Documents.NotAnswered {
        Document doc = Documents.parse(raw);
        Element body = child(doc.getDocumentElement(), "Body");
        Element answer = body == null ? null : firstElement(body);
        if (answer == null || !SOAP_ENV.equals(doc.getDocumentElement().getNamespaceURI())) {
            sink.accept(new Finding(Finding.Kind.TYPED, subject, "", "not a SOAP 1.1 envelope with a body element", gaps));
            return 0;
        }
        if (!wrapper.name().equals(answer.getLocalName()) || !wrapper.namespace().equals(ns(answer))) {
            sink.accept(new Finding(Finding.Kind.TYPED, subject, "", "the answer element is {" + ns(answer) + "}" + answer.getLocalName()
                    + ", our WSDL's {" + wrapper.namespace() + "}" + wrapper.name(), gaps));
            return 0;
        }
        int[] longest = {0};
        element(answer, wrapper, "", longest);
        if (!qualified.isEmpty()) {
            sink.accept(new Finding(Finding.Kind.QUALIFIED, subject, qualified.get(0),
                    (qualified.size() == 1 ? "this element is" : "this and " + (qualified.size() - 1) + " more elements below the wrapper are")
                            + " qualified (" + qualifiedNamespace + "); our WSDL declares them unqualified (read as unqualified: LenientSoapReading)", gaps));
        }
        if (!refused) {
            Element ret = firstElement(answer);
            for (String read : reads) {
                if (ret == null || !present(ret, read.split("/"), 0)) {
                    sink.accept(new Finding(Finding.Kind.MISSING, subject, "return/" + read, "we read it from this answer; the answer has none", gaps));
                }
            }
        }
        return longest[0];
    }

    private void element(Element actual, ElementNode declared, String path, int[] longest) {
        List<Element> kids = childElements(actual);
        if (!declared.complex()) {
            if (!kids.isEmpty()) {
                sink.accept(new Finding(Finding.Kind.TYPED, subject, path, "child elements where our WSDL declares " + declared.typeLabel(), gaps));
            } else if (!fits(declared.simpleType().getLocalPart(), actual.getTextContent().trim())) {
                sink.accept(new Finding(Finding.Kind.TYPED, subject, path, "text that is not " + declared.typeLabel() + ", as our WSDL declares", gaps));
            }
            return;
        }
        if (kids.isEmpty() && !actual.getTextContent().isBlank()) {
            sink.accept(new Finding(Finding.Kind.TYPED, subject, path, "text where our WSDL declares a complex type", gaps));
            return;
        }
        if (declared.recursive()) {
            return;
        }
        Map<String, List<Element>> byName = new LinkedHashMap<>();
        kids.forEach(k -> byName.computeIfAbsent(k.getLocalName(), n -> new ArrayList<>()).add(k));
        int lastIndex = -1;
        boolean outOfOrder = false;
        for (Map.Entry<String, List<Element>> group : byName.entrySet()) {
            String at = path.isEmpty() ? group.getKey() : path + "/" + group.getKey();
            ElementNode d = declared.child(group.getKey());
            if (d == null) {
                if (!declared.anyChildren()) {
                    sink.accept(new Finding(Finding.Kind.UNKNOWN, subject, at, "an element our WSDL does not declare (the client ignores it)", gaps));
                }
                continue;
            }
            List<Element> items = group.getValue();
            longest[0] = Math.max(longest[0], d.list() ? items.size() : 0);
            if (items.size() > 1 && !d.list()) {
                sink.accept(new Finding(Finding.Kind.LIST, subject, at, items.size() + " elements where our WSDL declares one", gaps));
            }
            int index = declared.children().indexOf(d);
            outOfOrder |= declared.ordered() && index < lastIndex;
            lastIndex = Math.max(lastIndex, index);
            for (Element item : items) {
                if (!ns(item).equals(d.namespace())) {
                    qualified.add(at);
                    qualifiedNamespace = ns(item).isEmpty() ? "none" : ns(item);
                }
                element(item, d, at, longest);
            }
        }
        for (ElementNode d : declared.children()) {
            if (d.required() && !byName.containsKey(d.name())) {
                String at = path.isEmpty() ? d.name() : path + "/" + d.name();
                sink.accept(new Finding(Finding.Kind.MISSING, subject, at, "our WSDL requires it (minOccurs " + d.minOccurs() + "); the answer has none", gaps));
            }
        }
        if (outOfOrder) {
            sink.accept(new Finding(Finding.Kind.ORDER, subject, path.isEmpty() ? "(wrapper)" : path,
                    "children in another order than our WSDL's sequence (the client reads any order)", gaps));
        }
    }

    /** Whether the text is a lexical value of the XML Schema built-in type (the value is not kept). */
    static boolean fits(String type, String text) {
        return switch (type) {
            case "int", "long", "short", "byte", "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                 "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte" -> INTEGER.matcher(text).matches();
            case "decimal", "double", "float" -> DECIMAL.matcher(text).matches();
            case "boolean" -> BOOLEAN.matcher(text).matches();
            case "date" -> DATE.matcher(text).matches();
            case "dateTime" -> DATE_TIME.matcher(text).matches();
            default -> true;
        };
    }

    private static boolean present(Element at, String[] path, int i) {
        if (i == path.length) {
            return true;
        }
        for (Element k : childElements(at)) {
            if (k.getLocalName().equals(path[i]) && present(k, path, i + 1)) {
                return true;
            }
        }
        return false;
    }

    private static String ns(Element e) {
        return e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
    }

    private static Element child(Element parent, String localName) {
        for (Element e : childElements(parent)) {
            if (localName.equals(e.getLocalName()) && SOAP_ENV.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        List<Element> kids = childElements(parent);
        return kids.isEmpty() ? null : kids.get(0);
    }

    private static List<Element> childElements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
