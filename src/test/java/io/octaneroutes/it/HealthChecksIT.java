package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.octaneroutes.gateway.OctaneReachability;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * The three readiness checks on the real HTTP server ({@code /observe/health/ready}), each
 * against a dependency this test can stop and start again: the database is an H2 TCP server
 * in a JVM of its own (the application connects to it over {@code jdbc:h2:tcp:}; an H2 server in
 * the test's own JVM shares H2's engine with nothing, but its restarted databases stayed closed),
 * the broker a
 * standalone Artemis in its own JVM ({@link TestArtemis}), Octane a simulator outside the
 * application. Each check goes DOWN (and readiness 503) while its dependency is away, the other
 * two stay UP, liveness stays 200; each is UP again when the dependency is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthChecksIT {
    static Path h2Dir;
    static int h2Port;
    static Process h2;
    static TestArtemis broker;
    static SimulatorConfig simConfig;
    static OctaneSimulator simulator;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        h2Dir = Files.createTempDirectory("octane-health-h2");
        h2Port = freePort();
        h2 = startH2();
        broker = TestArtemis.start();
        simConfig = SimulatorConfig.fromProperties(TestApp.fastDefaults()::get);
        simConfig.port = freePort();
        simulator = new OctaneSimulator(simConfig);
        simulator.start();
        Map<String, String> p = new LinkedHashMap<>(broker.appProperties());
        p.put("db.url", "jdbc:h2:tcp://127.0.0.1:" + h2Port + "/octane");
        p.put("db.username", "octane");
        p.put("db.password", "db-secret-4711");
        p.put("octane.simulator.enabled", "false");
        p.put("octane.soap.url", simulator.soapBaseUrl());
        p.put("octane.rest.url", simulator.restBaseUrl());
        p.put("health.timeout", "2s");
        p.put("health.octane.max-age", "1s");
        app = TestApp.start(p);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (simulator != null) {
            simulator.stop();
        }
        if (broker != null) {
            broker.close();
        }
        if (h2 != null) {
            stopH2();
        }
    }

    @Test
    @Order(1)
    void allThreeAreReadinessChecksAndUpWhenEverythingAnswers() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 200);
        JsonNode ready = ready();
        for (String id : new String[] {"octane-database", "octane-broker", "octane-api"}) {
            assertThat(check(ready, id)).as(id).isNotNull();
            assertThat(check(ready, id).path("status").asText()).as(id).isEqualTo("UP");
        }
        // readiness only: none of them is a liveness check
        JsonNode live = json(app.get("/observe/health/live?exposureLevel=full"));
        for (String id : new String[] {"octane-database", "octane-broker", "octane-api"}) {
            assertThat(check(live, id)).as(id).isNull();
        }
    }

    @Test
    @Order(2)
    void theDatabaseCheckIsDownWhileTheDatabaseIsAway() throws Exception {
        stopH2();
        JsonNode down = awaitStatus("octane-database", "DOWN");
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(503);
        assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
        String message = check(down, "octane-database").path("message").asText();
        assertThat(message).startsWith("the database").doesNotContain("jdbc:").doesNotContain("db-secret-4711");
        assertThat(check(down, "octane-broker").path("status").asText()).isEqualTo("UP");
        assertThat(check(down, "octane-api").path("status").asText()).isEqualTo("UP");

        h2 = startH2();
        awaitStatus("octane-database", "UP");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 200);
    }

    @Test
    @Order(3)
    void theBrokerCheckIsDownWhileTheBrokerIsAway() throws Exception {
        broker.stop();
        JsonNode down = awaitStatus("octane-broker", "DOWN");
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(503);
        assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
        String message = check(down, "octane-broker").path("message").asText();
        assertThat(message).startsWith("the broker").doesNotContain(broker.password());
        assertThat(check(down, "octane-database").path("status").asText()).isEqualTo("UP");
        assertThat(check(down, "octane-api").path("status").asText()).isEqualTo("UP");

        broker.restart();
        awaitStatus("octane-broker", "UP");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 200);
    }

    @Test
    @Order(4)
    void theOctaneCheckIsDownWhileOctaneIsAway() throws Exception {
        simulator.stop();
        JsonNode down = awaitStatus("octane-api", "DOWN");
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(503);
        assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
        String message = check(down, "octane-api").path("message").asText();
        assertThat(message).startsWith("cannot connect to Octane").contains("UtbOrder?wsdl").doesNotContain("http://");
        assertThat(check(down, "octane-database").path("status").asText()).isEqualTo("UP");
        assertThat(check(down, "octane-broker").path("status").asText()).isEqualTo("UP");

        simulator = new OctaneSimulator(simConfig);
        simulator.start();
        awaitStatus("octane-api", "UP");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 200);
    }

    /** The gateway's real calls are what the Octane check reads first: a completed request leaves its last call's outcome. */
    @Test
    @Order(5)
    void everyRealCallRecordsItsOutcome() throws Exception {
        app.submit("health-1", "mobile.activate.new-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":false}");
        assertThat(app.awaitFinal("health-1", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
        OctaneReachability reachability = app.context().getRegistry().lookupByNameAndType("octaneReachability", OctaneReachability.class);
        OctaneReachability.Outcome last = reachability.last().orElseThrow();
        assertThat(last.state()).isEqualTo(OctaneReachability.State.REACHED);
        assertThat(last.operation()).isIn(simulator.callLog().entries().stream().map(e -> e.operation()).toList().toArray());
    }

    private static JsonNode awaitStatus(String id, String status) {
        JsonNode[] seen = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).until(() -> {
                seen[0] = ready();
                JsonNode c = check(seen[0], id);
                return c != null && status.equals(c.path("status").asText());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(id + " not " + status + "; last seen: " + seen[0], e);
        }
        System.out.printf("HEALTH %s %s: %s%n", id, status, check(seen[0], id));
        return seen[0];
    }

    private static JsonNode ready() throws Exception {
        return json(app.send(java.net.http.HttpRequest.newBuilder(app.uri("/observe/health/ready?exposureLevel=full"))
                .timeout(Duration.ofSeconds(10)).GET().build()));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return TestApp.JSON.readTree(r.body());
    }

    private static JsonNode check(JsonNode health, String id) {
        for (JsonNode c : health.path("checks")) {
            if (id.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }

    /** H2's TCP server ({@code org.h2.tools.Server}) in a child JVM on 127.0.0.1, the test's own H2 jar. */
    private static Process startH2() throws Exception {
        String jar = Path.of(Server.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar,
                "org.h2.tools.Server", "-tcp", "-tcpPort", String.valueOf(h2Port), "-ifNotExists", "-baseDir", h2Dir.toString()))
                .redirectErrorStream(true).redirectOutput(h2Dir.resolve("server.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("the H2 server exited: " + Files.readString(h2Dir.resolve("server.log")));
            }
            try (Socket s = new Socket("127.0.0.1", h2Port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return p;
    }

    private static void stopH2() throws Exception {
        h2.destroy();
        if (!h2.waitFor(30, TimeUnit.SECONDS)) {
            h2.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
