package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * The Data Pool flows (flows.md M6, the seed page doc-483076) and the in-life changes (M7)
 * end to end against the simulator. The pool tests follow one pool's life in order: create
 * with consumers, transfer one to a second pool, limit the other, remove it, disconnect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPoolAndChangeFlowsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    static TestApp app;
    static String consumer1;
    static String consumer2;
    static Map<String, Object> poolA;
    static Map<String, Object> poolB;
    static final java.util.Set<Long> ownCalls = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        // Octane commits and completes an order within 25 of its minutes (TestApp's 900x clock: 1.7 s), so the first
        // orderQuery, one octane.poll.min-interval (2 s = R1's 30 minutes) after the create, finds it done
        app = TestApp.start(Map.of("octane.simulator.esim-stock", "20", "octane.simulator.order.commit-after", "15m"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void clearCallLog() {
        app.simulator().callLog().clear();
    }

    // ------------------------------------------------------------ M6

    @Test
    @Order(1)
    void createsAPoolResolvesItsProviderIdAndAddsTheConsumers() throws Exception {
        consumer1 = service(23047);
        consumer2 = service(23047);
        submit("pool-a", "mobile.datapool.create", "{\"custNo\":554433,\"planNo\":23045,\"poolName\":\"Team pool\",\"serviceNumbers\":[\""
                + consumer1 + "\",\"" + consumer2 + "\"]}");
        assertThat(app.awaitFinal("pool-a", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("orderCreate", "orderQuery", "getServiceDetail", "getDataPool", "orderCreateBulk");

        poolA = lastEvent("pool-a");
        assertThat(poolA).containsEntry("type", "completed").containsKeys("msn", "lineSeqNo", "providerId", "orderIds");
        CallLog.Entry create = call("orderCreate");
        assertThat(create.key("orderAction")).isEqualTo("ADD_WME_NEW");
        assertThat(create.key("planNo")).isEqualTo("23045");
        // the chain: Query Order's msn → getServiceDetail's lineSeqno → Get Data Pool's memberId → the opt-in orders
        assertThat(call("getServiceDetail").key("serviceNumber")).isEqualTo(poolA.get("msn"));
        assertThat(call("getDataPool").key("lineseqno")).isEqualTo(String.valueOf(poolA.get("lineSeqNo")));
        String memberId = String.valueOf(getDataPool(poolA).get("provider") instanceof Map<?, ?> p ? p.get("memberId") : null);
        assertThat(poolA.get("providerId")).isEqualTo(memberId);
        CallLog.Entry bulk = call("orderCreateBulk");
        assertThat(bulk.key("orderAction")).isEqualTo("WME_OPT_IN_CONSUMER");
        assertThat(bulk.key("providerId")).isEqualTo(memberId);
        assertThat((List<?>) poolA.get("orderIds")).hasSize(2);
        awaitConsumerStatus(poolA, consumer1, "OPTED-IN");
        awaitConsumerStatus(poolA, consumer2, "OPTED-IN");
    }

    @Test
    @Order(2)
    void aConsumerNotOnAConsumerPlanIsRefusedWithOctanesReason() throws Exception {
        String wrongPlan = service(23371);
        submit("pool-b", "mobile.datapool.create", "{\"custNo\":554433,\"planNo\":23046,\"poolName\":\"Second pool\",\"serviceNumbers\":[\""
                + wrongPlan + "\"]}");
        assertThat(app.awaitFinal("pool-b", TIMEOUT)).isEqualTo(Journal.FAILED);
        poolB = lastEvent("pool-b");
        assertThat(poolB).containsEntry("type", "failed").containsEntry("errorCode", "PARTIAL").containsEntry("operation", "orderCreateBulk");
        assertThat((String) poolB.get("errorMessage")).contains("1 of 1 orders refused");
        // the pool itself was created: its ids are in the event
        assertThat(poolB).containsKeys("lineSeqNo", "providerId");
    }

    @Test
    @Order(3)
    void transfersAServiceToAnotherExistingPool() throws Exception {
        submit("transfer-1", "mobile.datapool.transfer", "{\"custNo\":554433,\"lineSeqNo\":" + poolA.get("lineSeqNo")
                + ",\"newProviderId\":\"" + poolB.get("providerId") + "\",\"newProviderLineSeqNo\":" + poolB.get("lineSeqNo")
                + ",\"serviceNumbers\":[\"" + consumer1 + "\"]}");
        assertThat(app.awaitFinal("transfer-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("transferDataPool");
        assertThat(call("transferDataPool").key("newProviderId")).isEqualTo(poolB.get("providerId"));
        assertThat(lastEvent("transfer-1")).containsEntry("type", "completed").containsKey("orderIds");
        awaitConsumerStatus(poolB, consumer1, "OPTED-IN");
    }

    @Test
    @Order(4)
    void aTransferToAPoolThatDoesNotExistFails() throws Exception {
        submit("transfer-2", "mobile.datapool.transfer", "{\"custNo\":554433,\"lineSeqNo\":" + poolA.get("lineSeqNo")
                + ",\"newProviderId\":\"999999999\",\"newProviderLineSeqNo\":99,\"serviceNumbers\":[\"" + consumer2 + "\"]}");
        assertThat(app.awaitFinal("transfer-2", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("transfer-2")).containsEntry("type", "failed").containsEntry("operation", "transferDataPool");
        assertThat(steps()).containsExactly("transferDataPool");
    }

    @Test
    @Order(5)
    void setsAConsumersDataLimitButCannotRemoveIt() throws Exception {
        String consumer2Line = String.valueOf(consumer(poolA, consumer2).get("lineSeqNo"));
        submit("limit-1", "mobile.datapool.set-limit", "{\"custNo\":554433,\"consumers\":[{\"lineSeqNo\":" + consumer2Line
                + ",\"dataLimit\":10737418240}]}");
        assertThat(app.awaitFinal("limit-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("modifyConsumerDataLimit");

        submit("limit-2", "mobile.datapool.set-limit", "{\"custNo\":554433,\"consumers\":[{\"lineSeqNo\":" + consumer2Line + ",\"dataLimit\":0}]}");
        assertThat(app.awaitFinal("limit-2", TIMEOUT)).isEqualTo(Journal.FAILED);
        Map<String, Object> failed = lastEvent("limit-2");
        assertThat(failed).containsEntry("type", "failed").containsEntry("errorCode", "51");
        assertThat((String) failed.get("errorMessage")).containsIgnoringCase("cannot be removed");
    }

    @Test
    @Order(6)
    void aPoolWithConsumersCannotBeDisconnectedUntilTheyAreRemoved() throws Exception {
        String pool = "{\"custNo\":554433,\"lineSeqNo\":" + poolA.get("lineSeqNo") + "}";
        submit("disc-1", "mobile.datapool.disconnect", pool);
        assertThat(app.awaitFinal("disc-1", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("disc-1")).containsEntry("type", "failed").containsEntry("errorCode", "50");

        app.simulator().callLog().clear();
        submit("remove-1", "mobile.datapool.remove-consumers", "{\"custNo\":554433,\"serviceNumbers\":[\"" + consumer2 + "\"]}");
        assertThat(app.awaitFinal("remove-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("orderCreateBulk");
        assertThat(call("orderCreateBulk").key("orderAction")).isEqualTo("WME_OPT_OUT_CONSUMER");
        assertThat(call("orderCreateBulk").key("serviceNumber")).isEqualTo(consumer2);

        app.simulator().callLog().clear();
        submit("disc-2", "mobile.datapool.disconnect", pool);
        assertThat(app.awaitFinal("disc-2", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("disconnectDataPool");
        assertThat(lastEvent("disc-2")).containsEntry("type", "completed").containsKey("orderIds");
    }

    // ------------------------------------------------------------ M7

    @Test
    @Order(10)
    void changesTheRatePlanWithOctanesDateFormat() throws Exception {
        Map<String, Object> svc = app.simAdmin("POST", "/sim/services", "{\"custNo\":554433,\"planNo\":23371,\"isEsim\":true}");
        app.simulator().callLog().clear();
        submit("plan-1", "mobile.change.plan", "{\"custNo\":554433,\"lineSeqNo\":" + svc.get("lineSeqNo") + ",\"planNo\":23372,\"custReqDate\":\"2026-12-01\"}");
        assertThat(app.awaitFinal("plan-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("orderCreate", "orderQuery");
        CallLog.Entry create = call("orderCreate");
        assertThat(create.key("orderAction")).isEqualTo("CHANGE_WME_PLAN");
        assertThat(create.key("planno")).isEqualTo("23372");
        assertThat(create.key("lineSeqNo")).isEqualTo(String.valueOf(svc.get("lineSeqNo")));
        assertThat(create.key("custReqDate")).isEqualTo("01-12-2026");

        submit("plan-2", "mobile.change.plan", "{\"custNo\":554433,\"lineSeqNo\":" + svc.get("lineSeqNo") + ",\"planNo\":99999}");
        assertThat(app.awaitFinal("plan-2", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("plan-2")).containsEntry("errorCode", "40");
    }

    @Test
    @Order(11)
    void modifiesFeaturesChangesTheExcessSpendLimitAndAddsABoltOn() throws Exception {
        Map<String, Object> svc = app.simAdmin("POST", "/sim/services", "{\"custNo\":554433,\"planNo\":23371,\"isEsim\":true}");
        Object line = svc.get("lineSeqNo");
        app.simulator().callLog().clear();
        submit("feat-1", "mobile.change.features", "{\"custNo\":554433,\"lineSeqNo\":" + line
                + ",\"products\":[{\"productCode\":\"CBAID\",\"classCode\":\"E0001\",\"accessLevel\":0}]}");
        assertThat(app.awaitFinal("feat-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("orderCreate", "orderQuery");
        assertThat(call("orderCreate").key("orderAction")).isEqualTo("CHANGE_WME_PRODUCT");
        assertThat(call("orderCreate").key("productCode")).isEqualTo("CBAID");

        app.simulator().callLog().clear();
        submit("excess-1", "mobile.change.excess-spend", "{\"custNo\":554433,\"lineSeqNo\":" + line + ",\"spendCode\":\"80620\"}");
        assertThat(app.awaitFinal("excess-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("orderCreate", "orderQuery");
        assertThat(call("orderCreate").key("orderAction")).isEqualTo("CHANGE_WME_EXCESS");
        assertThat(call("orderCreate").key("spendCode")).isEqualTo("80620");

        app.simulator().callLog().clear();
        submit("bolt-1", "mobile.add.once-off-bolt-on", "{\"custNo\":554433,\"lineSeqNo\":" + line + ",\"onceOffBoltonCode\":\"CF01\"}");
        assertThat(app.awaitFinal("bolt-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("orderCreate", "orderQuery");
        assertThat(call("orderCreate").key("orderAction")).isEqualTo("ADD_ONCEOFF");
        assertThat(call("orderCreate").key("onceOffBoltonCode")).isEqualTo("CF01");

        submit("bolt-2", "mobile.add.once-off-bolt-on", "{\"custNo\":554433,\"lineSeqNo\":" + line + ",\"onceOffBoltonCode\":\"ZZ99\"}");
        assertThat(app.awaitFinal("bolt-2", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("bolt-2")).containsEntry("type", "failed").containsEntry("errorCode", "10");
    }

    // ------------------------------------------------------------ helpers

    static void submit(String id, String flow, String params) throws Exception {
        app.submit(id, flow, params);
    }

    /** An active service of customer 554433 on the given plan (simulator test hook), its number. */
    static String service(int planNo) throws Exception {
        Map<String, Object> s = app.simAdmin("POST", "/sim/services", "{\"custNo\":554433,\"planNo\":" + planNo + ",\"isEsim\":true}");
        app.simulator().callLog().clear();
        return String.valueOf(s.get("serviceNumber"));
    }

    /** Get Data Pool straight from the simulator (as an operator would look), outside the call log under test. */
    static Map<String, Object> getDataPool(Map<String, Object> pool) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(app.simulator().restBaseUrl() + "/v1/datapool?custno=554433&lineseqno="
                        + pool.get("lineSeqNo")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo:demo-password".getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> r = app.send(get);
        // the test's own look is not one of the flow's calls
        app.simulator().callLog().entries().stream().filter(e -> e.operation().equals("getDataPool"))
                .reduce((a, b) -> b).ifPresent(e -> ownCalls.add(e.seq()));
        return TestApp.JSON.readValue(r.body(), MAP);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> consumer(Map<String, Object> pool, String serviceNumber) throws Exception {
        Object consumers = getDataPool(pool).get("consumers");
        for (Object c : consumers instanceof List<?> l ? l : List.of()) {
            if (c instanceof Map<?, ?> m && serviceNumber.equals(String.valueOf(m.get("serviceNumber")))) {
                return (Map<String, Object>) m;
            }
        }
        return Map.of();
    }

    static void awaitConsumerStatus(Map<String, Object> pool, String serviceNumber, String status) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(String.valueOf(consumer(pool, serviceNumber).get("dataPoolStatus"))));
    }

    static List<String> steps() {
        List<String> out = new ArrayList<>();
        for (CallLog.Entry e : app.simulator().callLog().entries()) {
            if (ownCalls.contains(e.seq())) {
                continue;
            }
            if (!(e.operation().equals("orderQuery") && !out.isEmpty() && out.get(out.size() - 1).equals("orderQuery"))) {
                out.add(e.operation());
            }
        }
        return out;
    }

    static CallLog.Entry call(String operation) {
        return app.simulator().callLog().entries().stream().filter(e -> e.operation().equals(operation) && !ownCalls.contains(e.seq()))
                .findFirst().orElseThrow();
    }

    static Map<String, Object> lastEvent(String requestId) throws Exception {
        return app.lastEvent(requestId);
    }
}
