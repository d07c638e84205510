package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * mobile.activate.new-msn.esim end to end against the simulator: through each intake path,
 * the documented call order (doc-481327), the polling rule R1, and each way it can fail.
 * The simulator's call log is cleared before each test, and each test runs one request, so
 * the log holds exactly that request's calls.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
// one instance per class, so that EsimActivationOnPostgresTest overrides start() (JUnit runs a
// superclass's static @BeforeAll as well as a subclass's static one of the same name: it did, and
// the H2 app it started was never closed)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EsimActivationTest {
    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(60);
    static TestApp app;

    @BeforeAll
    void start() throws Exception {
        app = TestApp.start(Map.of("octane.simulator.esim-stock", "20"));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void clearCallLog() {
        app.simulator().callLog().clear();
    }

    @Test
    void completesThroughHttpWithTheDocumentedCallOrder() throws Exception {
        HttpResponse<String> r = app.post("/api/requests", TestApp.esimRequest("http-1", 554433, 23371, false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("\"requestId\":\"http-1\"").contains("ACCEPTED");
        assertThat(app.awaitFinal("http-1", FLOW_TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertDocumentedCallOrder(false, true);
        assertCompletedEvent("http-1");

        HttpResponse<String> status = app.get("/api/requests/http-1");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"status\":\"COMPLETED\"").contains("esim-new.create-service").contains("activationCode");
        assertThat(app.get("/api/requests/no-such-request").statusCode()).isEqualTo(404);
        // the operator endpoints on the same port
        assertThat(app.get("/observe/health").body()).contains("UP");
        HttpResponse<String> metrics = app.get("/observe/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges_total").contains("routeId=\"dispatch\"");
    }

    @Test
    void completesThroughTheFileDrop() throws Exception {
        app.dropFile("file-1.json", TestApp.esimRequest("file-1", 123456, 23371, false));
        assertThat(app.awaitFinal("file-1", FLOW_TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertDocumentedCallOrder(false, true);
        assertCompletedEvent("file-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(app.inbox().resolve("done/file-1.json")));
    }

    @Test
    void completesThroughJmsAndPublishesItsEventsOnTheTopic() throws Exception {
        jakarta.jms.ConnectionFactory cf = app.context().getComponent("jms", org.apache.camel.component.jms.JmsComponent.class)
                .getConfiguration().getConnectionFactory();
        try (jakarta.jms.Connection connection = cf.createConnection()) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageConsumer subscriber = session.createConsumer(session.createTopic("octane.events"));
            connection.start();

            app.sendJms(TestApp.esimRequest("jms-1", 554433, 23371, false));
            assertThat(app.awaitFinal("jms-1", FLOW_TIMEOUT)).isEqualTo(Journal.COMPLETED);
            assertDocumentedCallOrder(false, true);
            assertCompletedEvent("jms-1");

            java.util.List<String> onTopic = new java.util.ArrayList<>();
            jakarta.jms.Message m;
            while ((m = subscriber.receive(2000)) != null) {
                String text = m.getBody(String.class);
                if (text.contains("\"jms-1\"")) {
                    onTopic.add(text);
                }
            }
            // the accepted event of a JMS request is published inside the intake's JMS transaction,
            // so it reaches the topic when that commits, possibly after the flow's first steps;
            // the outbox files keep the exact order (README "Events")
            assertThat(onTopic).filteredOn(t -> t.contains("\"type\":\"accepted\"")).hasSize(1);
            assertThat(onTopic.get(onTopic.size() - 1)).contains("\"type\":\"completed\"").contains("activationCode");
            assertThat(onTopic).hasSize(app.events("jms-1").size());
        }
    }

    @Test
    void createsTheCustomerFirstAndSkipsTheQrCodeWhenOctaneEmailsIt() throws Exception {
        String body = """
                {"requestId":"cust-1","flow":"mobile.activate.new-msn.esim","params":{
                  "customer":{"customerIdentity":{"customerType":"R","customerGivenNames":"Jo","customerSurname":"Citizen"},
                              "address":{"addressLine1":"1 Example St","suburb":"CHATSWOOD","state":"NSW","postcode":"2067"},
                              "contactMedium":[{"contactType":"EMAIL","contactDestination":"jo@example.com"}]},
                  "planNo":23371,"isQRcode":true}}""";
        assertThat(app.post("/api/requests", body).statusCode()).isEqualTo(202);
        assertThat(app.awaitFinal("cust-1", FLOW_TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertDocumentedCallOrder(true, false);
        Object custNo = app.journal().find("cust-1").orElseThrow().state().get("ids");
        assertThat(custNo.toString()).contains("custNo");
    }

    @Test
    void aSimThatIsNotAvailableAndReadyFailsTheFlowAtQueryResource() throws Exception {
        assertThat(app.simulator().state().setResourceStatus("WME_ESIM", "QUARANTINED", "d")).isTrue();
        try {
            app.post("/api/requests", TestApp.esimRequest("r2-1", 554433, 23371, false));
            assertThat(app.awaitFinal("r2-1", FLOW_TIMEOUT)).isEqualTo(Journal.FAILED);
        } finally {
            app.simulator().state().setResourceStatus("WME_ESIM", "AVAILABLE", "r");
        }
        Map<String, Object> failed = lastEvent("r2-1");
        assertThat(failed).containsEntry("type", "failed").containsEntry("errorCode", "R2");
        assertThat((String) failed.get("errorMessage")).contains("QUARANTINED").contains("'d'");
        assertThat(operations()).containsExactly("queryResources");
    }

    @Test
    void exhaustedEsimStockFailsWithOctanesErrorAndIsNotRetried() throws Exception {
        app.simulator().state().setEsimStock(0);
        try {
            app.post("/api/requests", TestApp.esimRequest("stock-1", 554433, 23371, false));
            assertThat(app.awaitFinal("stock-1", FLOW_TIMEOUT)).isEqualTo(Journal.FAILED);
        } finally {
            app.simulator().state().setEsimStock(20);
        }
        Map<String, Object> failed = lastEvent("stock-1");
        assertThat(failed).containsEntry("type", "failed").containsEntry("errorCode", "30").containsEntry("errorMessage", "Resources not available");
        assertThat(operations()).containsExactly("queryResources");
    }

    @Test
    void anOctaneBusinessErrorOnOrderCreateFailsTheFlowWithoutARetry() throws Exception {
        app.post("/api/requests", TestApp.esimRequest("plan-1", 554433, 99999, false));
        assertThat(app.awaitFinal("plan-1", FLOW_TIMEOUT)).isEqualTo(Journal.FAILED);
        Map<String, Object> failed = lastEvent("plan-1");
        assertThat(failed).containsEntry("type", "failed").containsEntry("errorCode", "40").containsEntry("operation", "orderCreate");
        assertThat((String) failed.get("errorMessage")).contains("Invalid plan");
        assertThat(operations()).containsExactly("queryResources", "reserveResources", "selectResource", "orderCreate");
    }

    @Test
    void aRejectedOrderFailsTheFlowWithOctanesReason() throws Exception {
        app.simulator().state().rejectPlan(23372);
        app.post("/api/requests", TestApp.esimRequest("rejected-1", 554433, 23372, false));
        assertThat(app.awaitFinal("rejected-1", FLOW_TIMEOUT)).isEqualTo(Journal.FAILED);
        Map<String, Object> failed = lastEvent("rejected-1");
        assertThat(failed).containsEntry("type", "failed").containsEntry("errorCode", "REJECTED");
        assertThat((String) failed.get("errorMessage")).contains("rejected by the network");
        assertThat(operations()).doesNotContain("getEsimDetails").contains("orderQuery");
    }

    @Test
    void theSameRequestIdAgainReturnsTheExistingStatusAndRunsNothing() throws Exception {
        app.post("/api/requests", TestApp.esimRequest("dup-1", 554433, 23371, true));
        assertThat(app.awaitFinal("dup-1", FLOW_TIMEOUT)).isEqualTo(Journal.COMPLETED);
        long calls = app.simulator().callLog().entries().size();
        HttpResponse<String> again = app.post("/api/requests", TestApp.esimRequest("dup-1", 554433, 23371, true));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"duplicate\":true").contains("COMPLETED");
        // by another path too: a JMS message redelivered after a crash is exactly this
        app.sendJms(TestApp.esimRequest("dup-1", 554433, 23371, true));
        app.dropFile("dup-1.json", TestApp.esimRequest("dup-1", 554433, 23371, true));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(app.inbox().resolve("done/dup-1.json")));
        assertThat(app.events("dup-1").stream().filter(e -> "accepted".equals(e.get("type"))).count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.events("dup-1").stream()
                .filter(e -> "duplicate".equals(e.get("type")) && "COMPLETED".equals(e.get("status"))).count() == 3);
        // and nothing reaches Octane afterwards
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> app.simulator().callLog().entries().size() == calls);
    }

    // ------------------------------------------------------------------

    private static List<String> operations() {
        return app.simulator().callLog().entries().stream().map(CallLog.Entry::operation).toList();
    }

    /** doc-481327: [Add Customer] → queryResources → reserveResources → selectResource → orderCreate → orderQuery… → [getEsimDetails]. */
    private static void assertDocumentedCallOrder(boolean addCustomer, boolean qrFetch) {
        List<CallLog.Entry> calls = app.simulator().callLog().entries();
        List<String> ops = calls.stream().map(CallLog.Entry::operation).toList();
        int i = 0;
        if (addCustomer) {
            assertThat(ops.get(i++)).isEqualTo("addCustomer");
        }
        assertThat(ops.subList(i, i + 4)).containsExactly("queryResources", "reserveResources", "selectResource", "orderCreate");
        CallLog.Entry create = calls.get(i + 3);
        assertThat(create.key("orderAction")).isEqualTo("ADD_WME_NEW");
        assertThat(create.key("isEsim")).isEqualTo("true");
        assertThat(create.key("hasSimNo")).isEqualTo("false");
        assertThat(calls.get(i).key("queryValue")).isEqualTo("WME_ESIM");
        assertThat(calls.get(i + 2).key("resource")).isEqualTo(calls.get(i + 1).key("msn")).isEqualTo(create.key("msn"));
        List<CallLog.Entry> queries = calls.subList(i + 4, calls.size()).stream()
                .filter(c -> c.operation().equals("orderQuery")).toList();
        assertThat(queries).isNotEmpty().allMatch(q -> q.key("orderId").equals(create.key("orderId")));
        List<String> tail = ops.subList(i + 4, ops.size()).stream().filter(o -> !o.equals("orderQuery")).toList();
        assertThat(tail).isEqualTo(qrFetch ? List.of("getEsimDetails") : List.of());
        if (qrFetch) {
            CallLog.Entry qr = calls.get(calls.size() - 1);
            assertThat(qr.operation()).isEqualTo("getEsimDetails");
            assertThat(qr.key("requestType")).isEqualTo("QR Code");
            assertThat(qr.key("msn")).isEqualTo(create.key("msn"));
        }
        // R1: never two orderQuery calls for one order closer than octane.poll.min-interval (2 s here)
        for (int q = 1; q < queries.size(); q++) {
            assertThat(queries.get(q).realMillis() - queries.get(q - 1).realMillis()).isGreaterThanOrEqualTo(2000);
        }
        assertThat(queries).noneMatch(CallLog.Entry::r1Violation);
        assertThat(queries.get(0).realMillis() - create.realMillis()).as("first query one interval after the create").isGreaterThanOrEqualTo(2000);
    }

    private static void assertCompletedEvent(String requestId) throws Exception {
        List<Map<String, Object>> events = app.events(requestId);
        List<Object> types = events.stream().map(e -> e.get("type")).toList();
        assertThat(types.get(0)).isEqualTo("accepted");
        assertThat(types).contains("step-done", "order-submitted", "order-status");
        Map<String, Object> completed = events.get(events.size() - 1);
        assertThat(completed.get("type")).isEqualTo("completed");
        assertThat(completed.get("msn")).asString().matches("04\\d{8}");
        assertThat(completed.get("orderId")).asString().isNotBlank();
        assertThat(completed.get("activationCode")).asString().startsWith("LPA:1$");
    }

    private static Map<String, Object> lastEvent(String requestId) throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> !app.events(requestId).isEmpty());
        List<Map<String, Object>> events = app.events(requestId);
        return events.get(events.size() - 1);
    }
}
