package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.junit.jupiter.api.Test;

/**
 * How Octane's namespace-qualified SOAP children are read (StAX, no CXF around it): the envelope,
 * the Body and the operation's wrapper keep their namespaces; every element below the wrapper is
 * reported unqualified, on its start and its end tag and through every accessor; a Fault is left
 * as it is; the reader's own moves (nextTag, getElementText) keep the depth right; the
 * interceptor wraps a message's reader once.
 */
class LenientSoapReadingTest {
    private static final String ENV = LenientSoapReading.SOAP_ENV;
    private static final String ORDER = "http://order.frontend.ws.utilibill.com.au/";

    private static XMLStreamReader reader(String xml) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newInstance();
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return new LenientSoapReading.Unqualifying(f.createXMLStreamReader(new StringReader(xml)));
    }

    /** Every start and end tag as {@code <ns>|prefix|local} (start) or {@code /<ns>|local} (end), read with next(). */
    private static List<String> tags(XMLStreamReader r) throws XMLStreamException {
        List<String> out = new ArrayList<>();
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                QName n = r.getName();
                assertThat(n.getNamespaceURI()).isEqualTo(r.getNamespaceURI());
                out.add(r.getNamespaceURI() + "|" + r.getPrefix() + "|" + n.getLocalPart());
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                out.add("/" + r.getNamespaceURI() + "|" + r.getName().getLocalPart());
            }
        }
        return out;
    }

    private static final String ANSWER = "<S:Envelope xmlns:S=\"" + ENV + "\"><S:Header/><S:Body>"
            + "<ns2:orderCreateResponse xmlns:ns2=\"" + ORDER + "\"><return><ns2:errorCode>0</ns2:errorCode>"
            + "<ns2:order><ns2:orderId>o-1</ns2:orderId></ns2:order></return></ns2:orderCreateResponse></S:Body></S:Envelope>";

    @Test
    void belowTheWrapperEveryElementIsReadWithoutItsNamespace() throws Exception {
        assertThat(tags(reader(ANSWER))).containsExactly(
                ENV + "|S|Envelope", ENV + "|S|Header", "/" + ENV + "|Header", ENV + "|S|Body",
                ORDER + "|ns2|orderCreateResponse",
                "||return", "||errorCode", "/|errorCode", "||order", "||orderId", "/|orderId", "/|order", "/|return",
                "/" + ORDER + "|orderCreateResponse", "/" + ENV + "|Body", "/" + ENV + "|Envelope");
    }

    @Test
    void aFaultIsLeftAsItIs() throws Exception {
        String fault = "<S:Envelope xmlns:S=\"" + ENV + "\"><S:Body><S:Fault><faultcode>S:233</faultcode>"
                + "<detail><ns2:InvalidLoginException xmlns:ns2=\"" + ORDER + "\"/></detail></S:Fault></S:Body></S:Envelope>";
        assertThat(tags(reader(fault))).contains(ENV + "|S|Fault", ORDER + "|ns2|InvalidLoginException", "/" + ORDER + "|InvalidLoginException");
    }

    @Test
    void outsideABodyNothingIsChanged() throws Exception {
        String xml = "<a:root xmlns:a=\"urn:a\"><a:one><a:two/></a:one></a:root>";
        assertThat(tags(reader(xml))).containsExactly("urn:a|a|root", "urn:a|a|one", "urn:a|a|two", "/urn:a|two", "/urn:a|one", "/urn:a|root");
    }

    @Test
    void soapEnvelopeElementsBelowTheWrapperKeepTheirNamespace() throws Exception {
        String xml = "<S:Envelope xmlns:S=\"" + ENV + "\"><S:Body><w:op xmlns:w=\"urn:w\"><w:x/><S:odd/></w:op></S:Body></S:Envelope>";
        assertThat(tags(reader(xml))).contains("|" + "|x", ENV + "|S|odd");
    }

    @Test
    void nextTagSkipsWhitespaceCommentsAndInstructionsAndKeepsTheDepth() throws Exception {
        String xml = "<S:Envelope xmlns:S=\"" + ENV + "\">\n  <!-- c --><?pi x?>\n<S:Body> <w:op xmlns:w=\"urn:w\">\n <w:x>1</w:x>"
                + " </w:op></S:Body></S:Envelope>";
        XMLStreamReader r = reader(xml);
        r.nextTag(); // Envelope
        assertThat(r.getLocalName()).isEqualTo("Envelope");
        assertThat(r.nextTag()).isEqualTo(XMLStreamConstants.START_ELEMENT);
        assertThat(r.getName()).isEqualTo(new QName(ENV, "Body"));
        r.nextTag();
        assertThat(r.getNamespaceURI()).as("the wrapper").isEqualTo("urn:w");
        r.nextTag();
        assertThat(r.getName()).as("below it").isEqualTo(new QName("", "x"));
        assertThat(r.getElementText()).isEqualTo("1");
        assertThat(r.getEventType()).isEqualTo(XMLStreamConstants.END_ELEMENT);
        assertThat(r.getNamespaceURI()).as("its end tag").isEmpty();
        assertThat(r.nextTag()).isEqualTo(XMLStreamConstants.END_ELEMENT);
        assertThat(r.getNamespaceURI()).as("the wrapper's end tag").isEqualTo("urn:w");
    }

    @Test
    void nextTagSkipsWhitespaceCdataButNotCdataWithText() throws Exception {
        XMLStreamReader r = reader("<a><![CDATA[  ]]><b/><![CDATA[x]]></a>");
        r.nextTag();
        assertThat(r.nextTag()).isEqualTo(XMLStreamConstants.START_ELEMENT);
        assertThat(r.getLocalName()).isEqualTo("b");
        r.nextTag();
        assertThatThrownBy(r::nextTag).isInstanceOf(XMLStreamException.class);
    }

    @Test
    void nextTagRefusesText() throws Exception {
        XMLStreamReader r = reader("<a>text<b/></a>");
        r.nextTag();
        assertThatThrownBy(r::nextTag).isInstanceOf(XMLStreamException.class).hasMessageContaining("expected a start or end tag");
    }

    @Test
    void elementTextJoinsTextAndCdataAndRefusesAChildOrAnotherPlace() throws Exception {
        XMLStreamReader r = reader("<a><t>one &amp; <![CDATA[<two>]]> three</t><c><d/></c></a>");
        r.nextTag();
        assertThatThrownBy(r::getElementText).as("a has children").isInstanceOf(XMLStreamException.class);
        r = reader("<a><t>one &amp; <![CDATA[<two>]]> three</t><c><d/></c></a>");
        r.nextTag();
        r.nextTag();
        assertThat(r.getElementText()).isEqualTo("one & <two> three");
        r.nextTag();
        assertThat(r.getLocalName()).isEqualTo("c");
        assertThatThrownBy(r::getElementText).isInstanceOf(XMLStreamException.class).hasMessageContaining("found a child element");
        XMLStreamReader end = reader("<a/>");
        end.nextTag();
        end.next();
        assertThatThrownBy(end::getElementText).isInstanceOf(XMLStreamException.class).hasMessageContaining("not at a start tag");
    }

    @Test
    void theElementTextBelowTheWrapperKeepsTheDepthForWhatFollows() throws Exception {
        XMLStreamReader r = reader(ANSWER);
        List<String> seen = new ArrayList<>();
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT && "errorCode".equals(r.getLocalName())) {
                assertThat(r.getElementText()).isEqualTo("0");
                seen.add("/" + r.getNamespaceURI() + "|" + r.getLocalName());
            } else if (e == XMLStreamConstants.START_ELEMENT || e == XMLStreamConstants.END_ELEMENT) {
                seen.add((e == XMLStreamConstants.END_ELEMENT ? "/" : "") + r.getNamespaceURI() + "|" + r.getLocalName());
            }
        }
        assertThat(seen).containsSubsequence("|order", "|orderId", "/|orderId", "/|order", "/|return", "/" + ORDER + "|orderCreateResponse");
        assertThat(seen).contains("/|errorCode");
    }

    @Test
    void theInterceptorWrapsAMessagesReaderOnce() throws Exception {
        LenientSoapReading interceptor = new LenientSoapReading();
        Message message = new MessageImpl();
        interceptor.handleMessage(message);
        assertThat(message.getContent(XMLStreamReader.class)).as("no reader: nothing").isNull();
        XMLStreamReader plain = XMLInputFactory.newInstance().createXMLStreamReader(new StringReader("<a/>"));
        message.setContent(XMLStreamReader.class, plain);
        interceptor.handleMessage(message);
        XMLStreamReader wrapped = message.getContent(XMLStreamReader.class);
        assertThat(wrapped).isInstanceOf(LenientSoapReading.Unqualifying.class);
        interceptor.handleMessage(message);
        assertThat(message.getContent(XMLStreamReader.class)).isSameAs(wrapped);
        assertThat(interceptor.getPhase()).isEqualTo(org.apache.cxf.phase.Phase.POST_STREAM);
        assertThat(interceptor.getAfter()).contains(org.apache.cxf.interceptor.StaxInInterceptor.class.getName());
    }
}
