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
}
