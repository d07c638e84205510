package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URL;

import javax.xml.namespace.QName;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.transport.http.HTTPException;
import org.junit.jupiter.api.Test;

/** What a failed call tells the readiness check: reached (Octane answered), unreachable (and why, in our words), login refused. */
class OctaneReachabilityTest {
    private final OctaneReachability reachability = new OctaneReachability();

    private OctaneReachability.Outcome failed(Throwable failure, boolean create) {
        reachability.failed("orderQuery", FaultClassifier.classifySoap("orderQuery", create, failure), failure);
        return reachability.last().orElseThrow();
    }

    @Test
    void aRefusedOrTimedOutOrDroppedConnectionIsUnreachable() throws Exception {
        // CXF wraps the I/O failure in its Fault (as the HttpURLConnection conduit does)
        OctaneReachability.Outcome refused = failed(new Fault(new ConnectException("Connection refused: http://user:pw@octane.example/tiab")), false);
        assertThat(refused.state()).isEqualTo(OctaneReachability.State.UNREACHABLE);
        assertThat(refused.reason()).isEqualTo("cannot connect to Octane (ConnectException)");
        assertThat(failed(new SocketTimeoutException("Read timed out"), false).reason()).isEqualTo("no answer from Octane within octane.read-timeout");
        assertThat(failed(new IOException("reset"), true).reason()).isEqualTo("connection to Octane lost (IOException)");
        OctaneReachability.Outcome unavailable = failed(new HTTPException(503, "Service Unavailable", new URL("http://octane.example/tiab/UtbOrder")), false);
        assertThat(unavailable.state()).isEqualTo(OctaneReachability.State.UNREACHABLE);
        assertThat(unavailable.reason()).isEqualTo("Octane answered HTTP 503").doesNotContain("octane.example");
    }

    @Test
    void anyAnswerIsReached() throws Exception {
        assertThat(failed(new SoapFault("Rate limit exceeded, please try again in: 00:00:42", new QName("233")), false).state())
                .isEqualTo(OctaneReachability.State.REACHED);
        assertThat(failed(new SoapFault("Server error", new QName("Server")), true).state()).isEqualTo(OctaneReachability.State.REACHED);
        assertThat(failed(new HTTPException(404, "Not Found", new URL("http://octane.example/x")), false).state())
                .isEqualTo(OctaneReachability.State.REACHED);
        reachability.answeredStatus("getNbnOrder", 200);
        assertThat(reachability.last().orElseThrow().usable()).isTrue();
        assertThat(reachability.lastReached()).contains(reachability.last().orElseThrow().at());
    }

    @Test
    void aRefusedLoginIsReachedButNotUsable() {
        OctaneReachability.Outcome soap = failed(new SoapFault("Invalid login", new QName("Server")), false);
        assertThat(soap.state()).isEqualTo(OctaneReachability.State.LOGIN_REFUSED);
        assertThat(soap.usable()).isFalse();
        reachability.answeredStatus("getNbnOrder", 403);
        assertThat(reachability.last().orElseThrow().state()).isEqualTo(OctaneReachability.State.LOGIN_REFUSED);
        assertThat(reachability.last().orElseThrow().reason()).contains("octane.username").doesNotContain("demo-password");
        reachability.answeredStatus("getNbnOrder", 502);
        assertThat(reachability.last().orElseThrow().state()).isEqualTo(OctaneReachability.State.UNREACHABLE);
    }
}
