package io.octaneroutes.gateway;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

import org.apache.cxf.interceptor.StaxInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Reads Octane's SOAP answers whose children are namespace-qualified ({@code <ns2:orderId>})
 * although our WSDLs (like the samples, soap-api.md section 1) declare them unqualified. JAXB
 * matches names with their namespace, so without this such a child is an unknown element and
 * its value is silently lost. Below the operation's wrapper element, every element is read
 * without its namespace; the envelope, the wrapper itself and faults are left as they are.
 *
 * <p>Our own because CXF's transformation feature maps namespaces by name, not by depth, and
 * the wrapper must keep its namespace (it is matched to the operation).
 */
public final class LenientSoapReading extends AbstractPhaseInterceptor<Message> {
    static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";

    public LenientSoapReading() {
        super(Phase.POST_STREAM);
        addAfter(StaxInInterceptor.class.getName());
    }

    @Override
    public void handleMessage(Message message) {
        XMLStreamReader reader = message.getContent(XMLStreamReader.class);
        if (reader != null && !(reader instanceof Unqualifying)) {
            message.setContent(XMLStreamReader.class, new Unqualifying(reader));
        }
    }

    /**
     * Reports elements below the Body's first child without their namespace. A plain
     * {@link StreamReaderDelegate} that keeps its own depth through every call that moves it
     * (extending CXF's DepthXMLStreamReader read nothing differently: CXF hands JAXB the reader
     * underneath a DepthXMLStreamReader).
     */
    static final class Unqualifying extends StreamReaderDelegate {
        private int depth;
        /** depth of the SOAP Body element, once seen; -1 before. */
        private int bodyDepth = -1;
        private boolean fault;

        Unqualifying(XMLStreamReader reader) {
            super(reader);
        }

        @Override
        public int next() throws XMLStreamException {
            int event = super.next();
            if (event == START_ELEMENT) {
                depth++;
                String ns = getParent().getNamespaceURI();
                if (bodyDepth < 0 && SOAP_ENV.equals(ns) && "Body".equals(getParent().getLocalName())) {
                    bodyDepth = depth;
                } else if (bodyDepth >= 0 && depth == bodyDepth + 1) {
                    fault = SOAP_ENV.equals(ns) && "Fault".equals(getParent().getLocalName());
                }
            } else if (event == END_ELEMENT) {
                depth--;
            }
            return event;
        }

        @Override
        public int nextTag() throws XMLStreamException {
            int event = next();
            while ((event == CHARACTERS && isWhiteSpace()) || (event == CDATA && isWhiteSpace())
                    || event == SPACE || event == PROCESSING_INSTRUCTION || event == COMMENT) {
                event = next();
            }
            if (event != START_ELEMENT && event != END_ELEMENT) {
                throw new XMLStreamException("expected a start or end tag", getLocation());
            }
            return event;
        }

        @Override
        public String getElementText() throws XMLStreamException {
            if (getEventType() != START_ELEMENT) {
                throw new XMLStreamException("not at a start tag", getLocation());
            }
            StringBuilder text = new StringBuilder();
            int event = next();
            while (event != END_ELEMENT) {
                if (event == CHARACTERS || event == CDATA || event == SPACE || event == ENTITY_REFERENCE) {
                    text.append(getText());
                } else if (event == START_ELEMENT) {
                    throw new XMLStreamException("element text expected, found a child element", getLocation());
                } else if (event == END_DOCUMENT) {
                    throw new XMLStreamException("unexpected end of document", getLocation());
                }
                event = next();
            }
            return text.toString();
        }

        private boolean unqualify() {
            int event = getEventType();
            if (bodyDepth < 0 || fault || (event != START_ELEMENT && event != END_ELEMENT)) {
                return false;
            }
            // an END_ELEMENT is reported after the depth went down: its element sat one deeper
            int at = event == END_ELEMENT ? depth + 1 : depth;
            return at > bodyDepth + 1 && !SOAP_ENV.equals(getParent().getNamespaceURI());
        }

        @Override
        public String getNamespaceURI() {
            return unqualify() ? "" : super.getNamespaceURI();
        }

        @Override
        public String getPrefix() {
            return unqualify() ? "" : super.getPrefix();
        }

        @Override
        public QName getName() {
            return unqualify() ? new QName("", getParent().getLocalName()) : super.getName();
        }
    }
}
