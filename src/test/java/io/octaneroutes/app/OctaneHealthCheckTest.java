package io.octaneroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneReachability;

/**
 * The Octane readiness check prefers the outcome of the gateway's last real call; only when that
 * is older than its max age (or there is none) does it fetch a WSDL, never a web method.
 */
class OctaneHealthCheckTest {
    private final MutableClock clock = new MutableClock();
    private final OctaneReachability reachability = new OctaneReachability(clock);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer octane;

    @BeforeEach
    void start() throws Exception {
        octane = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        octane.createContext("/tiab/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        octane.start();
    }

    @AfterEach
    void stop() {
        octane.stop(0);
    }

    private HealthCheck.Result call(String soapUrl) {
        return new OctaneHealthCheck(reachability, soapUrl, Duration.ofSeconds(60), Duration.ofSeconds(2), clock).call();
    }

    private String url() {
        return "http://127.0.0.1:" + octane.getAddress().getPort() + "/tiab";
    }

    @Test
    void aRecentCallDecidesWithoutAnyRequest() throws Exception {
        reachability.unreachable("orderCreate", "cannot connect to Octane (ConnectException)");
        HealthCheck.Result down = call(url());
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("cannot connect to Octane (ConnectException) (last call: orderCreate").contains("no answer since start-up"));
        clock.advance(Duration.ofSeconds(30));
        reachability.reached("orderQuery");
        // Octane's host is gone, but the last call 0 s ago was answered: UP, no request of the check's own
        HealthCheck.Result up = call("http://127.0.0.1:" + closedPort() + "/tiab");
        assertThat(up.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(requests).isEmpty();
        assertThat(new OctaneHealthCheck(reachability, url(), Duration.ofSeconds(60), Duration.ofSeconds(2), clock).isLiveness()).isFalse();
    }

    @Test
    void withoutARecentCallItFetchesAWsdlOnly() throws Exception {
        assertThat(call(url()).getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(requests).containsExactly("GET /tiab/UtbOrder?wsdl");
        reachability.reached("orderQuery");
        clock.advance(Duration.ofSeconds(61));
        HealthCheck.Result down = call("http://127.0.0.1:" + closedPort() + "/tiab");
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("cannot connect to Octane")
                .contains("WSDL fetch: UtbOrder?wsdl").contains("last answer 61 s ago").doesNotContain("127.0.0.1"));
        assertThat(requests).hasSize(1);
    }

    /** What any readiness check puts into a DOWN message of a failure: the root cause, URLs and secrets masked. */
    @Test
    void failuresAreDescribedWithoutUrlsOrSecrets() {
        String d = ReadinessCheck.describe(new IllegalStateException("pool", new java.sql.SQLException(
                "cannot open jdbc:postgresql://db.example:5432/octane?user=o&password=hunter2 (password=hunter2) via http://u:p@proxy:3128/")));
        assertThat(d).startsWith("SQLException: cannot open <url>").doesNotContain("hunter2").doesNotContain("db.example")
                .doesNotContain("u:p@").contains("password=***");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
