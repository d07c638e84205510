package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;

import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * The operations API (issue 14) on the application: the authorisation split between named
 * clients and operators, the request list and a request's timeline, the three actions (resume,
 * resolve, abandon) with their audit trail, idempotence and refusals, the budget view, and the
 * OpenAPI document against the routes that really serve the paths.
 */
class OperationsApiIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    static final String CRM = "crm-key-0123456789";
    static final String SHOP = "shop-key-0123456789";
    static final String OPERATOR = "alice-key-0123456789";
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("intake.http.clients", "crm,shop");
        p.put("intake.http.client.crm.api-key", CRM);
        p.put("intake.http.client.shop.api-key", SHOP);
        p.put("ops.operators", "alice");
        p.put("ops.operator.alice.api-key", OPERATOR);
        // a request parked after its retries stays parked: only an operator resumes it here
        p.put("octane.retry.park-delay", "1h");
        p.put("octane.retry.max-attempts", "2");
        p.put("octane.simulator.esim-stock", "50");
        app = TestApp.start(p);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void clear() {
        app.simulator().faults().clear();
    }

    // ------------------------------------------------------------ authorisation

    @Test
    void aClientSubmitsAndReadsOnlyItsOwnRequestsAndOnlyAnOperatorOperates() throws Exception {
        String doc = TestApp.esimRequest("own-1", 554433, 23371, true);
        assertThat(call("POST", "/api/requests", CRM, doc).statusCode()).isEqualTo(202);
        assertThat(call("GET", "/api/requests/own-1", CRM, null).statusCode()).isEqualTo(200);
        // another client learns nothing of it: not its status, not that it exists
        assertThat(call("GET", "/api/requests/own-1", SHOP, null).statusCode()).isEqualTo(404);
        HttpResponse<String> taken = call("POST", "/api/requests", SHOP, doc);
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).doesNotContain("ACCEPTED", "RUNNING", "crm");
        assertThat(call("POST", "/api/requests/own-1/continue", SHOP, "{\"otpCode\":\"123456\"}").statusCode()).isEqualTo(409);
        // the same client repeating it gets its status (the idempotency key of the intake contract)
        assertThat(call("POST", "/api/requests", CRM, doc).statusCode()).isEqualTo(200);
        // operators read everything; clients cannot operate
        assertThat(call("GET", "/api/requests/own-1", OPERATOR, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/ops/requests", CRM, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/ops/requests/own-1/abandon", CRM, "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/ops/requests", null, null).statusCode()).isEqualTo(401);
        assertThat(app.journal().find("own-1").orElseThrow().client()).isEqualTo("crm");
        assertThat(app.awaitFinal("own-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
    }

    // ------------------------------------------------------------ looking

    @Test
    void theListFiltersSortsAndPagesAndTheTimelineShowsEverythingButParams() throws Exception {
        String customer = "{\"customerIdentity\":{\"customerType\":\"R\",\"customerGivenNames\":\"Wilhelmina\",\"customerSurname\":\"Quaglia\"},"
                + "\"address\":{\"addressLine1\":\"7 Secret Lane\",\"suburb\":\"CHATSWOOD\",\"state\":\"NSW\",\"postcode\":\"2067\"},"
                + "\"contactMedium\":[{\"contactType\":\"EMAIL\",\"contactDestination\":\"wq@example.com\"}]}";
        for (String id : List.of("list-a", "list-b", "list-c")) {
            assertThat(call("POST", "/api/requests", CRM, "{\"requestId\":\"" + id + "\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{"
                    + "\"customer\":" + customer + ",\"planNo\":23371,\"isQRcode\":false}}").statusCode()).isEqualTo(202);
        }
        for (String id : List.of("list-a", "list-b", "list-c")) {
            assertThat(app.awaitFinal(id, TIMEOUT)).isEqualTo(Journal.COMPLETED);
        }
        Map<String, Object> page = json(call("GET", "/api/ops/requests?q=list-&status=COMPLETED&sort=requestId&order=asc&size=2", OPERATOR, null));
        assertThat(page.get("total")).isEqualTo(3);
        assertThat(ids(page)).containsExactly("list-a", "list-b");
        Map<String, Object> second = json(call("GET", "/api/ops/requests?q=list-&sort=requestId&order=asc&size=2&page=1", OPERATOR, null));
        assertThat(ids(second)).containsExactly("list-c");
        assertThat(ids(json(call("GET", "/api/ops/requests?q=list-&status=PARKED", OPERATOR, null)))).isEmpty();
        assertThat(ids(json(call("GET", "/api/ops/requests?q=list-&olderThan=1h", OPERATOR, null)))).isEmpty();
        assertThat(ids(json(call("GET", "/api/ops/requests?q=list-&newerThan=1h&flow=mobile.activate.new-msn.esim", OPERATOR, null)))).hasSize(3);
        HttpResponse<String> bad = call("GET", "/api/ops/requests?status=BOGUS&size=999&olderThan=soon", OPERATOR, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("status must be among", "size must be a number", "olderThan must be a duration");

        HttpResponse<String> timeline = call("GET", "/api/ops/requests/list-a", OPERATOR, null);
        Map<String, Object> t = json(timeline);
        assertThat(t).containsEntry("status", "COMPLETED").containsEntry("client", "crm");
        assertThat((List<Map<String, Object>>) t.get("steps")).extracting(s -> s.get("operation"))
                .containsExactly("addCustomer", "queryResources", "reserveResources", "selectResource", "orderCreate", "getEsimDetails");
        assertThat((List<Map<String, Object>>) t.get("orders")).singleElement().satisfies(o -> assertThat((Integer) o.get("polls")).isPositive());
        assertThat((List<Map<String, Object>>) t.get("events")).extracting(e -> e.get("type")).startsWith("accepted").endsWith("completed");
        // no personal data: the customer's name, address and e-mail are params, never shown
        assertThat(timeline.body()).doesNotContain("Wilhelmina", "Quaglia", "Secret Lane", "wq@example.com");
        assertThat(call("GET", "/api/ops/requests/no-such", OPERATOR, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theBudgetViewShowsEachMethodsWindowsAndThePollerBacklog() throws Exception {
        Map<String, Object> view = json(call("GET", "/api/ops/budgets", OPERATOR, null));
        List<Map<String, Object>> budgets = (List<Map<String, Object>>) view.get("budgets");
        assertThat(budgets).anySatisfy(b -> assertThat(b).containsEntry("method", "orderCreate").containsEntry("perMinute", 100)
                .containsEntry("perHour", 2000).containsKeys("thisMinute", "thisHour", "blockedUntil", "waits"));
        assertThat((Map<String, Object>) view.get("poller")).containsKeys("due", "oldestDueSince", "lagMillis", "followed");
        Map<String, Object> overview = json(call("GET", "/api/ops/overview", OPERATOR, null));
        assertThat(overview).containsKeys("counts", "needsAction", "budgets", "poller");
    }

    // ------------------------------------------------------------ acting

    @Test
    void aParkedRequestIsResumedOnceWithItsReasonInTheAuditTrail() throws Exception {
        app.simAdmin("POST", "/sim/faults", "{\"operation\":\"reserveResources\",\"kind\":\"HTTP_503\",\"times\":2}");
        assertThat(call("POST", "/api/requests", CRM, TestApp.esimRequest("resume-1", 554433, 23371, true)).statusCode()).isEqualTo(202);
        app.awaitStatus("resume-1", Journal.PARKED, TIMEOUT);
        Map<String, Object> parked = json(call("GET", "/api/ops/requests/resume-1", OPERATOR, null));
        assertThat((List<String>) parked.get("actions")).containsExactly("resume", "abandon");
        assertThat(ids(json(call("GET", "/api/ops/overview", OPERATOR, null)), "needsAction")).contains("resume-1");

        assertThat(call("POST", "/api/ops/requests/resume-1/resume", OPERATOR, "{}").statusCode()).as("a reason is required").isEqualTo(400);
        HttpResponse<String> resumed = call("POST", "/api/ops/requests/resume-1/resume", OPERATOR, "{\"reason\":\"Octane is back (INC-42)\"}");
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(resumed.body()).contains("resumed");
        // done again while it runs: nothing changes, and it says so
        HttpResponse<String> again = call("POST", "/api/ops/requests/resume-1/resume", OPERATOR, "{\"reason\":\"clicked twice\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("no change");
        assertThat(app.awaitFinal("resume-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        HttpResponse<String> late = call("POST", "/api/ops/requests/resume-1/resume", OPERATOR, "{\"reason\":\"too late\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("the request is COMPLETED: only a parked request can be resumed");
        List<Map<String, Object>> audit = (List<Map<String, Object>>) json(call("GET", "/api/ops/requests/resume-1", OPERATOR, null)).get("audit");
        assertThat(audit).extracting(a -> a.get("by") + " " + a.get("action") + ": " + a.get("reason"))
                .containsExactly("alice resume: Octane is back (INC-42)", "alice resume: clicked twice", "alice resume: too late");
        assertThat(audit.get(2).get("result")).asString().startsWith("refused");
    }

    @Test
    void anUncertainCreateIsResolvedAsNotCreatedAndSentAgain() throws Exception {
        Map<String, Object> svc = app.simAdmin("POST", "/sim/services", "{\"custNo\":554433,\"planNo\":23371,\"isEsim\":true}");
        // refused by Octane before it did anything, but a 500 after sending: we cannot know (G-IDEMP)
        app.simAdmin("POST", "/sim/faults", "{\"operation\":\"orderCreate\",\"kind\":\"HTTP_500\",\"times\":1,\"when\":\"before\"}");
        assertThat(call("POST", "/api/requests", CRM, TestApp.request("resolve-1", "mobile.change.plan",
                "{\"custNo\":554433,\"lineSeqNo\":" + svc.get("lineSeqNo") + ",\"planNo\":23372}")).statusCode()).isEqualTo(202);
        app.awaitStatus("resolve-1", Journal.PARKED, TIMEOUT);
        assertThat(app.journal().find("resolve-1").orElseThrow().errorCode()).isEqualTo("UNCERTAIN");
        assertThat((List<String>) json(call("GET", "/api/ops/requests/resolve-1", OPERATOR, null)).get("actions")).containsExactly("resolve", "abandon");
        HttpResponse<String> resume = call("POST", "/api/ops/requests/resolve-1/resume", OPERATOR, "{\"reason\":\"try\"}");
        assertThat(resume.statusCode()).isEqualTo(409);
        assertThat(resume.body()).contains("resolve it instead");
        assertThat(call("POST", "/api/ops/requests/resolve-1/resolve", OPERATOR, "{\"outcome\":\"maybe\",\"reason\":\"x\"}").statusCode()).isEqualTo(400);

        HttpResponse<String> resolved = call("POST", "/api/ops/requests/resolve-1/resolve", OPERATOR,
                "{\"outcome\":\"not-created\",\"reason\":\"no order for line " + svc.get("lineSeqNo") + " in Octane's portal\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(app.awaitFinal("resolve-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        List<CallLog.Entry> creates = app.calls("orderCreate").stream().filter(c -> "CHANGE_WME_PLAN".equals(c.key("orderAction"))
                && String.valueOf(svc.get("lineSeqNo")).equals(c.key("lineSeqNo"))).toList();
        assertThat(creates).hasSize(2);
        assertThat(creates.get(0).outcome()).startsWith("injected:HTTP_500");
        assertThat(creates.get(1).outcome()).isEqualTo("ok");
    }

    @Test
    void anUncertainCreateThatOctaneHasIsFollowedByTheOrderIdGivenAndNotSentAgain() throws Exception {
        Map<String, Object> svc = app.simAdmin("POST", "/sim/services", "{\"custNo\":554433,\"planNo\":23371,\"isEsim\":true}");
        // applied by Octane, its answer lost
        app.simAdmin("POST", "/sim/faults", "{\"operation\":\"orderCreate\",\"kind\":\"DROP_CONNECTION\",\"times\":1,\"when\":\"after\"}");
        assertThat(call("POST", "/api/requests", CRM, TestApp.request("resolve-2", "mobile.change.plan",
                "{\"custNo\":554433,\"lineSeqNo\":" + svc.get("lineSeqNo") + ",\"planNo\":23372}")).statusCode()).isEqualTo(202);
        app.awaitStatus("resolve-2", Journal.PARKED, TIMEOUT);
        String orderId = app.calls("orderCreate").stream().filter(c -> String.valueOf(svc.get("lineSeqNo")).equals(c.key("lineSeqNo")))
                .reduce((a, b) -> b).orElseThrow().key("orderId");
        assertThat(call("POST", "/api/ops/requests/resolve-2/resolve", OPERATOR, "{\"outcome\":\"created\",\"reason\":\"in the portal\"}")
                .statusCode()).as("the orderId is needed").isEqualTo(400);
        HttpResponse<String> resolved = call("POST", "/api/ops/requests/resolve-2/resolve", OPERATOR,
                "{\"outcome\":\"created\",\"orderId\":\"" + orderId + "\",\"reason\":\"found in Octane's portal\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(app.awaitFinal("resolve-2", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(app.lastEvent("resolve-2")).containsEntry("type", "completed").containsEntry("orderId", orderId);
        assertThat(app.calls("orderCreate").stream().filter(c -> String.valueOf(svc.get("lineSeqNo")).equals(c.key("lineSeqNo")))).hasSize(1);
        assertThat(app.calls("orderQuery")).anyMatch(q -> orderId.equals(q.key("orderId")));
        HttpResponse<String> again = call("POST", "/api/ops/requests/resolve-2/resolve", OPERATOR,
                "{\"outcome\":\"created\",\"orderId\":\"" + orderId + "\",\"reason\":\"again\"}");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void aWaitingRequestIsAbandonedWithAFailedEventAndItsOrderNoLongerRead() throws Exception {
        try (TestApp slow = TestApp.start(Map.of("ops.operators", "alice", "ops.operator.alice.api-key", OPERATOR,
                "octane.simulator.order.commit-after", "30d"))) {
            slow.submit("abandon-1", "mobile.activate.new-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":true}");
            slow.awaitStatus("abandon-1", Journal.WAITING, TIMEOUT);
            HttpResponse<String> done = send(slow, "POST", "/api/ops/requests/abandon-1/abandon", OPERATOR,
                    "{\"reason\":\"customer cancelled by phone\"}");
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(slow.journal().find("abandon-1").orElseThrow().status()).isEqualTo(Journal.FAILED);
            await().atMost(Duration.ofSeconds(5)).until(() -> "failed".equals(slow.lastEvent("abandon-1").get("type")));
            assertThat(slow.lastEvent("abandon-1")).containsEntry("errorCode", "ABANDONED")
                    .containsEntry("errorMessage", "abandoned by alice: customer cancelled by phone");
            assertThat(slow.journal().orders("abandon-1")).allMatch(o -> Journal.ORDER_UNFOLLOWED.equals(o.status()));
            HttpResponse<String> again = send(slow, "POST", "/api/ops/requests/abandon-1/abandon", OPERATOR, "{\"reason\":\"twice\"}");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("no change");
        }
        assertThat(call("POST", "/api/requests", CRM, TestApp.esimRequest("abandon-done", 554433, 23371, true)).statusCode()).isEqualTo(202);
        assertThat(app.awaitFinal("abandon-done", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        HttpResponse<String> completed = call("POST", "/api/ops/requests/abandon-done/abandon", OPERATOR, "{\"reason\":\"x\"}");
        assertThat(completed.statusCode()).isEqualTo(409);
        assertThat(completed.body()).contains("COMPLETED already: nothing to abandon");
    }

    // ------------------------------------------------------------ the OpenAPI document

    @Test
    void theOpenApiDocumentDescribesExactlyThePathsTheServerServes() throws Exception {
        HttpResponse<String> doc = call("GET", "/api/openapi.json", CRM, null);
        assertThat(doc.statusCode()).isEqualTo(200);
        Map<String, Object> openApi = TestApp.JSON.readValue(doc.body(), MAP);
        assertThat(String.valueOf(openApi.get("openapi"))).startsWith("3.");
        Set<String> documented = new HashSet<>();
        ((Map<String, Map<String, Object>>) openApi.get("paths")).forEach((path, ops) -> ops.keySet().forEach(verb -> documented.add(verb.toUpperCase() + " " + path)));
        Set<String> served = new HashSet<>();
        PlatformHttpComponent http = app.context().getComponent("platform-http", PlatformHttpComponent.class);
        http.getHttpEndpoints().stream().filter(e -> e.getUri().startsWith("/api/") && !e.getUri().equals("/api/openapi.json"))
                .forEach(e -> {
                    for (String verb : e.getVerbs().split(",")) {
                        served.add(verb.trim().toUpperCase() + " " + e.getUri());
                    }
                });
        assertThat(documented).isEqualTo(served).contains("POST /api/requests", "GET /api/requests/{requestId}",
                "POST /api/requests/{requestId}/continue", "GET /api/ops/requests", "POST /api/ops/requests/{requestId}/resolve");
    }

    // ------------------------------------------------------------ helpers

    static HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        return send(app, method, path, key, body);
    }

    static HttpResponse<String> send(TestApp to, String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(to.uri(path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return to.send(b.build());
    }

    static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestApp.JSON.readValue(r.body(), MAP);
    }

    @SuppressWarnings("unchecked")
    static List<Object> ids(Map<String, Object> page) {
        return ids(page, "items");
    }

    @SuppressWarnings("unchecked")
    static List<Object> ids(Map<String, Object> page, String list) {
        return ((List<Map<String, Object>>) page.get(list)).stream().map(m -> m.get("requestId")).toList();
    }
}
