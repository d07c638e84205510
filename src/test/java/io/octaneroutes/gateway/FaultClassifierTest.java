package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.junit.jupiter.api.Test;

/** Sorting what went wrong on the wire: transient, uncertain (a create), unreadable, access, rate limit. */
class FaultClassifierTest {
    @Test
    void aRefusedConnectionIsTransientEvenForACreateAndEvenWhenCxfWrapsItInAnXmlWritersException() {
        // the HttpURLConnection conduit reports a refused connection this way: nothing was sent
        Fault wrapped = new Fault(new XMLStreamException("write failed", new ConnectException("Connection refused")));
        assertThat(FaultClassifier.classifySoap("orderCreate", true, wrapped)).isInstanceOf(OctaneTransientException.class)
                .isNotInstanceOf(OctaneUnreadableException.class);
        assertThat(FaultClassifier.classifySoap("orderQuery", false, new ConnectException("refused"))).isInstanceOf(OctaneTransientException.class);
    }

    @Test
    void anAnswerThatCannotBeReadIsUnreadableForAReadAndUncertainForACreate() {

        RuntimeException read = FaultClassifier.classifySoap("orderQuery", false, new Fault(new XMLStreamException("Unexpected EOF")));
        assertThat(read).isInstanceOf(OctaneUnreadableException.class);
        assertThat(((OctaneUnreadableException) FaultClassifier.classifySoap("orderQuery", false,
                new Fault(new Exception("Unmarshalling Error: unexpected element (uri:\"\", local:\"msn\")")))).getWhat()).contains("element msn");
        assertThat(FaultClassifier.classifySoap("orderCreate", true, new Fault(new XMLStreamException("Unexpected EOF"))))
                .isInstanceOf(OctaneUncertainException.class);

    }

    @Test
    void aTimeoutIsTransientForAReadAndUncertainForACreate() {
        assertThat(FaultClassifier.classifySoap("orderQuery", false, new SocketTimeoutException("Read timed out"))).isInstanceOf(OctaneTransientException.class);
        assertThat(FaultClassifier.classifySoap("orderCreate", true, new SocketTimeoutException("Read timed out"))).isInstanceOf(OctaneUncertainException.class);
    }

    @Test
    void fault233CarriesItsAnnouncedWaitAndABadLoginIsAccess() {
        SoapFault limit = new SoapFault("API rate limit has been exceeded for this operation - please try again in: 00:42", new QName("", "233"));
        RuntimeException mapped = FaultClassifier.classifySoap("orderCreate", true, limit);
        assertThat(mapped).isInstanceOf(OctaneTransientException.class);
        assertThat(((OctaneTransientException) mapped).isRateLimited()).isTrue();
        assertThat(((OctaneTransientException) mapped).getWaitMillis()).isEqualTo(42_000);
        SoapFault login = new SoapFault("Invalid login", new QName("http://schemas.xmlsoap.org/soap/envelope/", "Server"));
        assertThat(FaultClassifier.classifySoap("orderQuery", false, login)).isInstanceOf(OctaneAccessException.class);
        assertThat(FaultClassifier.classifyHttpStatus("getDataPool", false, 403, 0)).isInstanceOf(OctaneAccessException.class);
        assertThat(FaultClassifier.classifyHttpStatus("transferDataPool", true, 503, 2000)).isInstanceOf(OctaneTransientException.class);
        assertThat(FaultClassifier.classifyHttpStatus("transferDataPool", true, 500, 0)).isInstanceOf(OctaneUncertainException.class);
        assertThat(FaultClassifier.classifyHttpStatus("getDataPool", false, 404, 0)).isInstanceOf(OctaneBusinessException.class);
    }

    @Test
    void aServerFaultMayHaveBeenAppliedSoACreateIsUncertainAndAReadIsRetried() {
        SoapFault server = new SoapFault("internal error", new QName("http://schemas.xmlsoap.org/soap/envelope/", "Server"));
        assertThat(FaultClassifier.classifySoap("orderCreate", true, server)).isInstanceOf(OctaneUncertainException.class)
                .hasMessage("orderCreate outcome unknown: SOAP fault Server from Octane after the request was sent");
        assertThat(FaultClassifier.classifySoap("orderQuery", false, server)).isExactlyInstanceOf(OctaneTransientException.class)
                .hasMessage("orderQuery: SOAP fault Server: internal error");
        // found under whatever CXF or Camel wrapped it in
        assertThat(FaultClassifier.classifySoap("orderQuery", false, new IllegalStateException("wrapped", server)))
                .hasMessage("orderQuery: SOAP fault Server: internal error");
    }

    @Test
    void aBadLoginIsFoundInTheFaultsDetailOrItsTextInAnyCase() throws Exception {
        SoapFault detailed = new SoapFault("Server Error", new QName("http://schemas.xmlsoap.org/soap/envelope/", "Server"));
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        org.w3c.dom.Element detail = doc.createElement("detail");
        detail.appendChild(doc.createElementNS("http://order.frontend.ws.utilibill.com.au/", "ns2:InvalidLoginException"));
        detailed.setDetail(detail);
        assertThat(FaultClassifier.classifySoap("orderCreate", true, detailed)).isInstanceOf(OctaneAccessException.class)
                .hasMessage("orderCreate: Octane rejected the login (InvalidLoginException): check octane.username/octane.password");
        SoapFault shouted = new SoapFault("INVALID LOGIN for user", new QName("", "Server"));
        assertThat(FaultClassifier.classifySoap("orderQuery", false, shouted)).isInstanceOf(OctaneAccessException.class);
        SoapFault otherDetail = new SoapFault("Server Error", new QName("", "Server"));
        org.w3c.dom.Element d2 = doc.createElement("detail");
        d2.appendChild(doc.createElementNS("urn:x", "x:SomethingElse"));
        otherDetail.setDetail(d2);
        assertThat(FaultClassifier.classifySoap("orderQuery", false, otherDetail)).isNotInstanceOf(OctaneAccessException.class);
    }

    @Test
    void anHttpStatusUnderTheSoapCallIsClassifiedAsOne() throws Exception {
        java.net.URL url = java.net.URI.create("http://127.0.0.1:9/soap").toURL();
        assertThat(FaultClassifier.classifySoap("orderQuery", false, new Fault(new org.apache.cxf.transport.http.HTTPException(503, "busy", url))))
                .isInstanceOf(OctaneTransientException.class).hasMessage("orderQuery: HTTP 503");
        assertThat(FaultClassifier.classifySoap("orderCreate", true, new org.apache.cxf.transport.http.HTTPException(401, "no", url)))
                .isInstanceOf(OctaneAccessException.class);
    }

    @Test
    void notConnectingIsTransientWhateverTheClientCallsIt() {
        assertThat(FaultClassifier.classifySoap("orderCreate", true, new java.net.http.HttpConnectTimeoutException("connect timed out")))
                .isExactlyInstanceOf(OctaneTransientException.class).hasMessage("orderCreate: cannot connect to Octane (HttpConnectTimeoutException)");
        assertThat(FaultClassifier.classifySoap("orderCreate", true, new org.apache.hc.client5.http.ConnectTimeoutException("connect timed out")))
                .isExactlyInstanceOf(OctaneTransientException.class).hasMessage("orderCreate: cannot connect to Octane (ConnectTimeoutException)");
        assertThat(FaultClassifier.classifySoap("orderCreate", true, new java.net.http.HttpTimeoutException("request timed out")))
                .isInstanceOf(OctaneUncertainException.class).hasMessage("orderCreate outcome unknown: no answer within the read timeout");
        assertThat(FaultClassifier.classifySoap("orderQuery", false, new java.net.http.HttpTimeoutException("request timed out")))
                .hasMessage("orderQuery: read timeout");
    }

    @Test
    void aConnectionLostAfterSendingIsUncertainForACreate() {
        assertThat(FaultClassifier.classifySoap("orderCreate", true, new java.io.EOFException())).isInstanceOf(OctaneUncertainException.class)
                .hasMessage("orderCreate outcome unknown: connection lost after the request was sent (EOFException)");
        assertThat(FaultClassifier.classifySoap("orderQuery", false, new java.io.EOFException())).isExactlyInstanceOf(OctaneTransientException.class)
                .hasMessage("orderQuery: connection lost (EOFException)");
    }

    @Test
    void anythingElseIsUncertainForACreateAndTransientForARead() {
        assertThat(FaultClassifier.classifySoap("orderCreate", true, new IllegalStateException("x"))).isInstanceOf(OctaneUncertainException.class)
                .hasMessage("orderCreate outcome unknown: unexpected failure IllegalStateException");
        assertThat(FaultClassifier.classifySoap("orderQuery", false, new Fault(new IllegalArgumentException("x"))))
                .isExactlyInstanceOf(OctaneTransientException.class).hasMessage("orderQuery: unexpected failure Fault");
    }

    @Test
    void anUnreadableAnswerNamesTheElementOrSaysItIsNotTheXmlWeKnow() {
        assertThat(((OctaneUnreadableException) FaultClassifier.classifySoap("orderQuery", false,
                new Fault(new Exception("Unexpected wrapper element {urn:x}foo found")))).getWhat())
                .isEqualTo("the SOAP answer could not be read (not well-formed or unexpected XML)");
        assertThat(((OctaneUnreadableException) FaultClassifier.classifySoap("orderQuery", false,
                new Fault(new jakarta.xml.bind.UnmarshalException("bad")))).getWhat()).isEqualTo("the SOAP answer could not be read (not well-formed or unexpected XML)");
        assertThat(FaultClassifier.classifySoap("orderQuery", false, new Fault(new Exception("Unmarshalling Error: x", new java.io.IOException("reset")))))
                .as("an I/O failure underneath: the connection, not the answer").isNotInstanceOf(OctaneUnreadableException.class)
                .hasMessage("orderQuery: connection lost (IOException)");
    }

    @Test
    void theWaitFault233AnnouncesIsReadInEitherFormAndAtLeastASecond() {
        assertThat(FaultClassifier.announcedWait("please try again in: 01:00:05")).isEqualTo(3_605_000);
        assertThat(FaultClassifier.announcedWait("please try again in: 02:03")).isEqualTo(123_000);
        assertThat(FaultClassifier.announcedWait("please try again in: 00:00")).isEqualTo(1_000);
        assertThat(FaultClassifier.announcedWait("please try again in: 42 seconds")).isEqualTo(42_000);
        assertThat(FaultClassifier.announcedWait("please try again in: 0s")).isEqualTo(1_000);
        assertThat(FaultClassifier.announcedWait("rate limit exceeded")).isEqualTo(FaultClassifier.DEFAULT_RATE_LIMIT_WAIT);
        assertThat(FaultClassifier.announcedWait(null)).isEqualTo(60_000);
    }

    @Test
    void httpStatusesSortAsTheirKind() {
        assertThat(FaultClassifier.classifyHttpStatus("getDataPool", false, 401, 0)).isInstanceOf(OctaneAccessException.class)
                .hasMessage("getDataPool: Octane answered HTTP 401 (Invalid access): check octane.username/octane.password and the group");
        RuntimeException limited = FaultClassifier.classifyHttpStatus("addCustomer", true, 429, 7000);
        assertThat(limited).isExactlyInstanceOf(OctaneTransientException.class).hasMessage("addCustomer: HTTP 429");
        assertThat(((OctaneTransientException) limited).getWaitMillis()).isEqualTo(7000);
        assertThat(((OctaneTransientException) limited).isRateLimited()).as("only fault 233 blocks the whole budget").isFalse();
        assertThat(FaultClassifier.classifyHttpStatus("getDataPool", false, 500, 9000)).isExactlyInstanceOf(OctaneTransientException.class)
                .extracting(t -> ((OctaneTransientException) t).getWaitMillis()).isEqualTo(0L);
        assertThat(FaultClassifier.classifyHttpStatus("addCustomer", true, 500, 0)).hasMessage("addCustomer outcome unknown: HTTP 500 after the request was sent");
        OctaneBusinessException other = (OctaneBusinessException) FaultClassifier.classifyHttpStatus("getDataPool", false, 499, 0);
        assertThat(other.getErrorCode()).isEqualTo("HTTP499");
        assertThat(other.getErrorMessage()).isEqualTo("Octane answered HTTP 499");
    }
}
