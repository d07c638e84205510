package io.octaneroutes.gateway;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamReader;

import org.apache.cxf.interceptor.StaxInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.DepthXMLStreamReader;

/**
 * Reads Octane's SOAP answers whose children are namespace-qualified ({@code <ns2:orderId>})
 * although our WSDLs (like the samples, soap-api.md section 1) declare them unqualified. JAXB
 * matches names with their namespace, so without this such a child is an unknown element and
 * its value is silently lost. Below the operation's wrapper element, every element is read
 * without its namespace; the envelope, the wrapper itself and faults are left as they are.
 *
 * <p>Our own because CXF's transformation feature maps namespaces by name, not by depth, and
 * the wrapper must keep its namespace (it is matched to the operation). Built on CXF's
 * {@link DepthXMLStreamReader}, which keeps the depth through {@code next}/{@code nextTag}.
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

    /** Reports elements below the Body's first child without their namespace. */
    static final class Unqualifying extends DepthXMLStreamReader {
        /** depth of the SOAP Body element, once seen; -1 before. */
        private int bodyDepth = -1;
        private boolean fault;

        Unqualifying(XMLStreamReader reader) {
            super(reader);
        }

        @Override
        public int next() throws javax.xml.stream.XMLStreamException {
            int event = super.next();
            if (event == START_ELEMENT) {
                String ns = reader.getNamespaceURI();
                if (bodyDepth < 0 && SOAP_ENV.equals(ns) && "Body".equals(reader.getLocalName())) {
                    bodyDepth = getDepth();
                } else if (bodyDepth >= 0 && getDepth() == bodyDepth + 1) {
                    fault = SOAP_ENV.equals(ns) && "Fault".equals(reader.getLocalName());
                }
            }
            return event;
        }

        @Override
        public int nextTag() throws javax.xml.stream.XMLStreamException {
            // through next(), so the body depth and the fault flag are kept for every element
            int event = next();
            while ((event == CHARACTERS && isWhiteSpace()) || (event == CDATA && isWhiteSpace())
                    || event == SPACE || event == PROCESSING_INSTRUCTION || event == COMMENT) {
                event = next();
            }
            if (event != START_ELEMENT && event != END_ELEMENT) {
                throw new javax.xml.stream.XMLStreamException("expected a start or end tag", getLocation());
            }
            return event;
        }

        private boolean unqualify() {
            if (bodyDepth < 0 || fault || !(isStartElement() || isEndElement())) {
                return false;
            }
            // an END_ELEMENT is reported after the depth went down: its element sat one deeper
            int depth = isEndElement() ? getDepth() + 1 : getDepth();
            return depth > bodyDepth + 1 && !SOAP_ENV.equals(reader.getNamespaceURI());
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
            return unqualify() ? new QName("", reader.getLocalName()) : super.getName();
        }
    }
}
