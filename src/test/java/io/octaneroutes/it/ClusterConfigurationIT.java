package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.octaneroutes.app.BrokerPolicy;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * One instance configured as a cluster member ({@code cluster.enabled=true}) on what a cluster
 * shares: a standalone Artemis broker in its own JVM ({@link TestArtemis}), PostgreSQL
 * ({@link TestPostgres}) and one Octane simulator outside the application. A request sent to
 * the standalone broker by a client of its own (not through the application) is consumed by
 * the application and completes; the application set the request and work queues' redelivery
 * settings on that broker; its rate budgets are the shared ones.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterConfigurationIT {
    static TestArtemis broker;
    static OctaneSimulator simulator;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        broker = TestArtemis.start();
        simulator = new OctaneSimulator(SimulatorConfig.fromProperties(TestApp.fastDefaults()::get));
        simulator.start();
        Map<String, String> p = new LinkedHashMap<>(broker.appProperties());
        p.put("cluster.enabled", "true");
        p.put("broker.apply-address-settings", "true");
        p.put("broker.max-delivery-attempts", "7");
        p.put("broker.redelivery-delay", "2s");
        p.put("octane.simulator.enabled", "false");
        p.put("octane.soap.url", simulator.soapBaseUrl());
        p.put("octane.rest.url", simulator.restBaseUrl());
        app = TestApp.startOnPostgres(p);
        System.out.printf("INFRA artemis_start_ms=%d postgres_start_ms=%d%n", broker.startMillis(), TestPostgres.get().startMillis());
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
    }

    @Test
    void aRequestSentToTheStandaloneBrokerCompletes() throws Exception {
        ActiveMQConnectionFactory client = new ActiveMQConnectionFactory(broker.url(), TestArtemis.USER, broker.password());
        try (Connection c = client.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = s.createProducer(s.createQueue("octane.requests"));
            producer.send(s.createTextMessage(TestApp.esimRequest("ext-1", 554433, 23371, false)));
        }
        assertThat(app.awaitFinal("ext-1", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
        assertThat(app.journal().find("ext-1").orElseThrow().intake()).isEqualTo("jms");
        assertThat(simulator.callLog().entries()).anyMatch(e -> e.operation().equals("orderCreate"));
    }

    @Test
    void theApplicationSetTheQueuesRedeliverySettingsOnTheBroker() throws Exception {
        ActiveMQConnectionFactory admin = new ActiveMQConnectionFactory(broker.url(), TestArtemis.USER, broker.password());
        for (String queue : new String[] {"octane.requests", BrokerPolicy.WORK_QUEUE}) {
            JsonNode settings = TestApp.JSON.readTree(BrokerPolicy.remoteSettingsJson(admin, queue));
            assertThat(settings.path("maxDeliveryAttempts").asInt()).as(queue).isEqualTo(7);
            assertThat(settings.path("redeliveryDelay").asLong()).as(queue).isEqualTo(2000);
            assertThat(settings.path("DLA").asText(settings.path("deadLetterAddress").asText())).as(queue).isEqualTo("DLQ");
        }
    }

    @Test
    @Order(1)
    void readyOnceTheDatabaseAndTheBrokerAnswer() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 200);
    }

    /** Last: the broker goes away, the instance stops being ready (and stays alive). */
    @Test
    @Order(Integer.MAX_VALUE)
    void notReadyWhileTheBrokerIsAway() throws Exception {
        broker.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 503);
        var ready = app.get("/observe/health/ready?exposureLevel=full");
        // refused at once, or (a check begun while the broker was shutting down) unanswered
        // within health.timeout: either way the check names the broker (seen once in a full run)
        assertThat(ready.body()).contains("octane-broker")
                .containsPattern("broker cannot be reached|the broker did not answer within \\d+ ms \\(health.timeout\\)");
        assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void theRateBudgetsAreTheClusterWideOnes() {
        RateBudgets budgets = app.context().getRegistry().lookupByNameAndType("rateBudgets", RateBudgets.class);
        assertThat(budgets.isShared()).isTrue();
    }
}
