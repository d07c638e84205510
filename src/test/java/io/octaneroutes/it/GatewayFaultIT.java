package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;
import io.octaneroutes.sim.Faults;
import io.octaneroutes.sim.Faults.Kind;

/** Transient faults end in success after bounded retries; a create whose answer was lost is never re-sent (G-IDEMP). */
class GatewayFaultIT {
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(Map.of("octane.simulator.esim-stock", "40", "flows.concurrency", "4"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void reset() {
        app.simulator().faults().clear();
        app.simulator().callLog().clear();
    }

    private static void inject(String operation, Kind kind, int times, String when, long latencyMs) {
        Faults.Rule rule = new Faults.Rule(operation, kind, times, when);
        rule.latencyMs = latencyMs;
        app.simulator().faults().add(rule);
    }

    private static List<CallLog.Entry> calls(String operation) {
        return app.simulator().callLog().entries().stream().filter(e -> e.operation().equals(operation)).toList();
    }

    private static String run(String requestId) throws Exception {
        app.post("/api/requests", TestApp.esimRequest(requestId, 554433, 23371, false));
        return app.awaitFinal(requestId, Duration.ofSeconds(60));
    }

    @Test
    void flowsConcurrencyBoundsTheCallsInFlight() throws Exception {
        // every queryResources of 12 requests takes 400 ms (then 503, retried): had a flow thread
        // gone on to the next request while its SOAP call was out (asynchronous CXF), all 12
        // would be at Octane at once
        inject("queryResources", Kind.LATENCY, 12, "before", 400);
        app.simulator().resetMostCallsInFlight();
        List<String> ids = IntStream.rangeClosed(1, 12).mapToObj(i -> "f-conc-" + i).toList();
        for (String id : ids) {
            app.post("/api/requests", TestApp.esimRequest(id, 554433, 23371, false));
        }
        for (String id : ids) {
            assertThat(app.awaitFinal(id, Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
        }
        assertThat(calls("queryResources")).filteredOn(c -> c.outcome().startsWith("injected")).hasSize(12);
        // flows.concurrency=4 flow threads, plus the poller's one Query Order at a time
        assertThat(app.simulator().mostCallsInFlight()).isBetween(2, 4 + 1);
    }

    @Test
    void http503OnReserveIsRetriedUntilItSucceeds() throws Exception {
        inject("reserveResources", Kind.HTTP_503, 2, "before", 0);
        assertThat(run("f-503")).isEqualTo(Journal.COMPLETED);
        assertThat(calls("reserveResources")).extracting(CallLog.Entry::outcome)
                .containsExactly("injected:HTTP_503", "injected:HTTP_503", "ok");
    }

    @Test
    void fault233OnOrderCreateWaitsTheAnnouncedTimeAndCreatesOnce() throws Exception {
        inject("orderCreate", Kind.RATE_LIMIT_233, 1, "before", 0);
        assertThat(run("f-233")).isEqualTo(Journal.COMPLETED);
        List<CallLog.Entry> creates = calls("orderCreate");
        assertThat(creates).extracting(CallLog.Entry::outcome).containsExactly("injected:RATE_LIMIT_233", "ok");
        assertThat(creates.get(1).realMillis() - creates.get(0).realMillis()).as("waited 'try again in: 00:01'").isGreaterThanOrEqualTo(950);
    }

    @Test
    void aStormOfFault233IsWaitedOutWithoutHammering() throws Exception {
        inject("reserveResources", Kind.RATE_LIMIT_233, 3, "before", 0);
        assertThat(run("f-233-storm")).isEqualTo(Journal.COMPLETED);
        List<CallLog.Entry> reserves = calls("reserveResources");
        assertThat(reserves).hasSize(4);
        for (int i = 1; i < reserves.size(); i++) {
            assertThat(reserves.get(i).realMillis() - reserves.get(i - 1).realMillis()).as("each retry waits the announced 00:01")
                    .isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    void restHttp429WithRetryAfterIsWaitedOut() throws Exception {
        Faults.Rule rule = new Faults.Rule("getEsimDetails", Kind.HTTP_429, 2, "before");
        rule.retryAfterSeconds = 1;
        app.simulator().faults().add(rule);
        assertThat(run("f-429")).isEqualTo(Journal.COMPLETED);
        List<CallLog.Entry> qr = calls("getEsimDetails");
        assertThat(qr).extracting(CallLog.Entry::outcome).containsExactly("injected:HTTP_429", "injected:HTTP_429", "ok");
        assertThat(qr.get(1).realMillis() - qr.get(0).realMillis()).as("Retry-After: 1").isGreaterThanOrEqualTo(950);
        assertThat(qr.get(2).realMillis() - qr.get(1).realMillis()).isGreaterThanOrEqualTo(950);
    }

    @Test
    void anHttp500OnAReadIsRetried() throws Exception {
        inject("selectResource", Kind.HTTP_500, 1, "before", 0);
        assertThat(run("f-500")).isEqualTo(Journal.COMPLETED);
        assertThat(calls("selectResource")).hasSize(2);
    }

    @Test
    void anOctaneAnswerWithADoctypeIsRefusedNotExpanded() throws Exception {
        inject("queryResources", Kind.XXE_RESPONSE, 1, "before", 0);
        assertThat(run("f-xxe")).isEqualTo(Journal.COMPLETED);
        assertThat(calls("queryResources")).hasSize(2);
        String journaled = app.journal().steps("f-xxe").toString();
        assertThat(journaled).doesNotContain("root:").doesNotContain("aaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    void aSoapFaultOnAReadIsRetried() throws Exception {
        inject("queryResources", Kind.SOAP_FAULT, 1, "before", 0);
        assertThat(run("f-soapfault")).isEqualTo(Journal.COMPLETED);
        assertThat(calls("queryResources")).hasSize(2);
    }

    @Test
    void aDroppedConnectionOnARestReadIsRetried() throws Exception {
        inject("getEsimDetails", Kind.DROP_CONNECTION, 1, "before", 0);
        assertThat(run("f-drop-read")).isEqualTo(Journal.COMPLETED);
        assertThat(calls("getEsimDetails")).extracting(CallLog.Entry::outcome).containsExactly("injected:DROP_CONNECTION", "ok");
    }

    @Test
    void aSlowOrderQueryBeyondTheReadTimeoutIsQueriedAgainOnlyAfterTheInterval() throws Exception {
        inject("orderQuery", Kind.LATENCY, 1, "before", 4000);
        assertThat(run("f-slow-query")).isEqualTo(Journal.COMPLETED);
        List<CallLog.Entry> queries = calls("orderQuery");
        assertThat(queries.size()).isGreaterThanOrEqualTo(2);
        assertThat(queries).noneMatch(CallLog.Entry::r1Violation);
    }

    @Test
    void anOrderCreateThatHappenedButWhoseAnswerWasLostIsParkedNotResent() throws Exception {
        inject("orderCreate", Kind.DROP_CONNECTION, 1, "after", 0);
        assertThat(run("f-uncertain")).isEqualTo(Journal.PARKED);
        assertThat(calls("orderCreate")).hasSize(1);
        assertThat(calls("orderCreate").get(0).outcome()).startsWith("injected:DROP_CONNECTION(after,ok");
        // G-IDEMP: the flow asked Octane about the MSN before deciding
        assertThat(calls("queryResources").get(calls("queryResources").size() - 1).key("queryValue"))
                .isEqualTo(calls("orderCreate").get(0).key("msn"));
        Map<String, Object> parked = app.events("f-uncertain").get(app.events("f-uncertain").size() - 1);
        assertThat(parked).containsEntry("type", "parked").containsEntry("operation", "orderCreate");
        assertThat((String) parked.get("reason")).contains("outcome unknown").contains("is now ASSIGNED").contains("not re-sent");
        assertThat(app.journal().find("f-uncertain").orElseThrow().retryAt()).as("waits for an operator").isNull();
    }

    @Test
    void aReservationWhoseAnswerWasLostIsSentAgainAndTheActivationGoesOn() throws Exception {
        // G-IDEMP decision (SoapOperation): a spare reservation is released by Octane after 24 h
        inject("reserveResources", Kind.DROP_CONNECTION, 1, "after", 0);
        assertThat(run("f-reserve-lost")).isEqualTo(Journal.COMPLETED);
        List<CallLog.Entry> reserves = calls("reserveResources");
        assertThat(reserves).hasSize(2);
        assertThat(reserves.get(0).outcome()).startsWith("injected:DROP_CONNECTION(after,ok");
        // the order uses the MSN of the answer that arrived
        assertThat(calls("orderCreate").get(0).key("msn")).isEqualTo(reserves.get(1).key("msn"));
    }

    @Test
    void anOrderCreateThatDidNotHappenIsSentAgainOnceOctaneShowsIt() throws Exception {
        inject("orderCreate", Kind.DROP_CONNECTION, 1, "before", 0);
        assertThat(run("f-not-applied")).isEqualTo(Journal.COMPLETED);
        assertThat(calls("orderCreate")).extracting(CallLog.Entry::outcome).containsExactly("injected:DROP_CONNECTION", "ok");
        assertThat(app.simulator().state().counts().toString()).doesNotContain("REJECTED");
    }

    @Test
    void anOutageLongerThanTheRetryBudgetParksTheRequestAndItResumesLater() throws Exception {
        inject("selectResource", Kind.HTTP_503, 6, "before", 0); // 5 attempts per run (octane.retry.max-attempts)
        app.post("/api/requests", TestApp.esimRequest("f-outage", 554433, 23371, false));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> app.journal().find("f-outage").map(r -> Journal.COMPLETED.equals(r.status())).orElse(false));
        // the completed event follows the journal's COMPLETED row (FlowRunner.completed): wait for it too
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> app.events("f-outage").stream().anyMatch(e -> "completed".equals(e.get("type"))));
        List<Object> types = app.events("f-outage").stream().map(e -> e.get("type")).toList();
        assertThat(types).contains("parked");
        assertThat(types.indexOf("parked")).isLessThan(types.indexOf("completed"));
        assertThat(calls("selectResource")).extracting(CallLog.Entry::outcome)
                .containsExactly("injected:HTTP_503", "injected:HTTP_503", "injected:HTTP_503", "injected:HTTP_503", "injected:HTTP_503",
                        "injected:HTTP_503", "ok");
        assertThat(calls("reserveResources")).as("journaled steps are not repeated on resume").hasSize(1);
        assertThat(calls("orderCreate")).hasSize(1);
    }
}
