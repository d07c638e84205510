package io.octaneroutes.flow;

import static io.octaneroutes.flow.FlowFixtures.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneAccessException;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.OctaneTransientException;
import io.octaneroutes.gateway.OctaneUncertainException;
import io.octaneroutes.gateway.OctaneUnreadableException;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.H2Journal;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.RequestRecord;

/**
 * A run's start, end and failure (H2 journal): a run starts only for a request that may run now
 * and only with its lease (one instance, and one thread of it, at a time), gives the lease back
 * when its exchange is done, and loads the request's state for the route; the heartbeat keeps
 * this instance's leases, the sweep fails waits for input that ran out. A completed run carries
 * its flow's ids (a named one from the params); a failed one fails on Octane's refusal or an
 * internal error, parks for a person on an uncertain create or a stuck order, and parks to resume
 * by itself on a transient or access fault until octane.retry.max-parks automatic resumes are used.
 */
class FlowRunnerTest {
    private static final String FLOW = "mobile.activate.new-msn.esim";
    private static final Duration PARK_DELAY = Duration.ofMinutes(5);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private Journal journal;
    private RecordedEvents events;
    private FlowRunner runner;

    @BeforeEach
    void runner() {
        journal = H2Journal.fresh();
        events = new RecordedEvents();
        runner = new FlowRunner(journal, events, PARK_DELAY, 2, new FlowRunner.Leases("me", LEASE, Duration.ofMinutes(2)));
    }

    @AfterEach
    void drop() {
        H2Journal.drop(journal);
    }

    private RequestRecord request(String id) {
        return journal.find(id).orElseThrow();
    }

    /** The dispatch route's message for a request: its id as the body. */
    private static Exchange message(String requestId) {
        Exchange e = new DefaultExchange(FlowFixtures.CONTEXT);
        e.getIn().setBody(requestId);
        return e;
    }

    private boolean begin(Exchange e) {
        runner.begin(e);
        return e.getVariable("runnable", Boolean.class);
    }

    /** What the end of the dispatch route's unit of work does: its on-completions run. */
    private static void done(Exchange e) {
        for (Synchronization s : e.getExchangeExtension().handoverCompletions()) {
            s.onComplete(e);
        }
    }

    private Exchange failedWith(String requestId, Exception failure) {
        FlowState state = journal.loadState(requestId);
        Exchange e = exchange(state, "esim.create");
        e.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return e;
    }

    // ---------------------------------------------------------------- starting a run

    @Test
    void aRunnableRequestStartsWithItsStateAndItsLease() {
        journal.accept("r-1", FLOW, Map.of("planNo", "P1"), "http");
        long before = System.currentTimeMillis();
        Exchange e = message("r-1");
        assertThat(begin(e)).isTrue();
        FlowState state = e.getVariable(StepJournal.STATE, FlowState.class);
        assertThat(state.getRequestId()).isEqualTo("r-1");
        assertThat(e.getVariable("flowId")).isEqualTo(FLOW);
        assertThat(e.getVariable("params")).isEqualTo(Map.of("planNo", "P1"));
        RequestRecord r = request("r-1");
        assertThat(r.status()).isEqualTo(Journal.RUNNING);
        assertThat(r.leaseOwner()).isEqualTo("me");
        assertThat(journal.acquireLease("r-1", "other", 0, before + LEASE.toMillis() - 1)).as("held for a lease").isFalse();
        done(e);
        assertThat(request("r-1").leaseOwner()).as("given back when the run is done").isNull();
        assertThat(begin(message("r-1"))).as("and runnable again here").isTrue();
    }

    @Test
    void aSecondMessageForARequestRunningHereDoesNotRunItTwice() {
        journal.accept("r-2", FLOW, Map.of(), "http");
        Exchange first = message("r-2");
        assertThat(begin(first)).isTrue();
        Exchange second = message("r-2");
        assertThat(begin(second)).isFalse();
        assertThat(second.getVariable(StepJournal.STATE)).isNull();
        done(first);
        assertThat(begin(message("r-2"))).isTrue();
    }

    @Test
    void aRequestAnotherInstanceRunsIsNotRunHereAndCanBeOnceItsLeaseIsBack() {
        journal.accept("r-3", FLOW, Map.of(), "http");
        long now = System.currentTimeMillis();
        journal.acquireLease("r-3", "other", now + 60_000, now);
        assertThat(begin(message("r-3"))).isFalse();
        assertThat(request("r-3").status()).as("untouched").isEqualTo(Journal.ACCEPTED);
        journal.releaseLease("r-3", "other");
        assertThat(begin(message("r-3"))).as("not left marked as running here").isTrue();
    }

    @Test
    void finishedAndWaitingRequestsDoNotRun() {
        journal.accept("done", FLOW, Map.of(), "http");
        journal.complete("done", Map.of());
        journal.accept("failed", FLOW, Map.of(), "http");
        journal.fail("failed", "60", "no");
        journal.accept("operator", FLOW, Map.of(), "http");
        journal.park("operator", "UNCERTAIN", "look", null);
        journal.accept("person", FLOW, Map.of(), "http");
        journal.awaitInput("person", "waiting for otpCode", System.currentTimeMillis() + 60_000);
        for (String id : new String[] {"done", "failed", "operator", "person", "unknown"}) {
            Exchange e = message(id);
            assertThat(begin(e)).as(id).isFalse();
            assertThat(e.getVariable(StepJournal.STATE)).isNull();
        }
        assertThat(request("operator").status()).isEqualTo(Journal.PARKED);
        assertThat(request("operator").leaseOwner()).isNull();
    }

    @Test
    void aRequestParkedToResumeByItselfRunsWhenDispatched() {
        journal.accept("r-4", FLOW, Map.of(), "http");
        journal.park("r-4", "TRANSIENT", "503", System.currentTimeMillis());
        assertThat(begin(message("r-4"))).isTrue();
        assertThat(request("r-4").status()).isEqualTo(Journal.RUNNING);
    }

    @Test
    void aRunningRequestTakenOverKeepsItsStatus() {
        journal.accept("r-5", FLOW, Map.of(), "http");
        journal.startStep("r-5", "reserve", "reserveResources");
        long updated = request("r-5").updatedAt();
        assertThat(begin(message("r-5"))).isTrue();
        assertThat(request("r-5").status()).isEqualTo(Journal.RUNNING);
        assertThat(request("r-5").updatedAt()).as("no status write").isEqualTo(updated);
    }

    // ---------------------------------------------------------------- heartbeat and sweep

    @Test
    void theHeartbeatKeepsThisInstancesLeasesForAnotherLease() {
        journal.accept("h-1", FLOW, Map.of(), "http");
        journal.accept("h-2", FLOW, Map.of(), "http");
        begin(message("h-1"));
        begin(message("h-2"));
        long before = System.currentTimeMillis();
        assertThat(runner.heartbeat()).isEqualTo(2);
        assertThat(journal.acquireLease("h-1", "other", 0, before + LEASE.toMillis() - 1)).isFalse();
        assertThat(journal.acquireLease("h-1", "other", 0, System.currentTimeMillis() + LEASE.toMillis() + 1)).isTrue();
    }

    @Test
    void theSweepFailsWaitsThatRanOutAndQueuesWhatTheJournalSays() {
        journal.accept("w-1", FLOW, Map.of(), "http");
        journal.completeStep("w-1", "reserve", "reserveResources", Map.of(), Map.of("msn", "0411"), null, 0);
        journal.awaitInput("w-1", "waiting for otpCode", System.currentTimeMillis() - 1);
        journal.accept("w-2", FLOW, Map.of(), "http");
        journal.awaitInput("w-2", "waiting for otpCode", System.currentTimeMillis() + 60_000);
        journal.accept("p-1", FLOW, Map.of(), "http");
        journal.park("p-1", "TRANSIENT", "503", System.currentTimeMillis() - 1);

        assertThat(runner.toRequeue()).containsExactly("p-1");
        RequestRecord expired = request("w-1");
        assertThat(expired.status()).isEqualTo(Journal.FAILED);
        assertThat(expired.errorCode()).isEqualTo("INPUT_EXPIRED");
        assertThat(expired.errorMessage()).isEqualTo("no answer in time (waiting for otpCode); submit a new request");
        assertThat(request("w-2").status()).isEqualTo(Journal.AWAITING_INPUT);
        assertThat(events.emitted).containsExactly(Map.of("type", "failed", "requestId", "w-1", "flow", FLOW, "msn", "0411",
                "errorCode", "INPUT_EXPIRED", "errorMessage", "no answer in time (waiting for otpCode); submit a new request"));
        assertThat(runner.toRequeue()).as("failed once").isEmpty();
        assertThat(events.emitted).hasSize(1);
    }

    // ---------------------------------------------------------------- the end of a run

    @Test
    void aCompletedRunCarriesItsFlowsIdsTakingANamedOneFromTheParams() {
        journal.accept("c-1", "mobile.change.plan", Map.of("orderId", "o-named", "planNo", "P2"), "http");
        FlowState state = journal.loadState("c-1");
        state.getIds().put("lineSeqNo", 7);
        runner.completed(exchange(state, null));
        RequestRecord r = request("c-1");
        assertThat(r.status()).isEqualTo(Journal.COMPLETED);
        assertThat(r.state()).containsEntry("ids", Map.of("orderId", "o-named", "lineSeqNo", 7));
        assertThat(events.emitted).containsExactly(Map.of("type", "completed", "requestId", "c-1", "flow", "mobile.change.plan",
                "orderId", "o-named", "lineSeqNo", 7));
    }

    @Test
    void aCompletedRunWithoutAnIdItsFlowDeclaresSaysSoInTheLog() {
        journal.accept("c-3", FLOW, Map.of("custNo", 5), "http");
        FlowState state = journal.loadState("c-3");
        state.getIds().put("msn", "0411");
        try (io.octaneroutes.it.LogCapture log = io.octaneroutes.it.LogCapture.warnings("flow-runner-test")) {
            runner.completed(exchange(state, null));
            journal.accept("c-4", FLOW, Map.of("custNo", 5), "http");
            FlowState full = journal.loadState("c-4");
            full.getIds().putAll(Map.of("msn", "0411", "orderId", "o-4"));
            runner.completed(exchange(full, null));
            assertThat(log.lines("request c-3 of flow " + FLOW + " completed without [orderId]")).isEqualTo(1);
            assertThat(log.lines("request c-4")).isZero();
        }
    }

    @Test
    void anIdOctaneGaveStandsBeforeTheParamAndAMissingOneIsLeftOut() {
        journal.accept("c-2", FLOW, Map.of("msn", "0499", "custNo", 5), "http");
        FlowState state = journal.loadState("c-2");
        state.getIds().put("msn", "0411");
        runner.completed(exchange(state, null));
        assertThat(request("c-2").state()).containsEntry("ids", Map.of("msn", "0411", "custNo", 5));
        assertThat(events.last()).doesNotContainKey("orderId");
    }

    @Test
    void octanesRefusalFailsTheRequestWithItsOwnWords() {
        journal.accept("f-1", FLOW, Map.of(), "http");
        runner.failed(failedWith("f-1", new OctaneBusinessException("orderCreate", "71", "SIM not available")));
        RequestRecord r = request("f-1");
        assertThat(r.status()).isEqualTo(Journal.FAILED);
        assertThat(r.errorCode()).isEqualTo("71");
        assertThat(r.errorMessage()).isEqualTo("SIM not available");
        assertThat(events.emitted).containsExactly(Map.of("type", "failed", "requestId", "f-1", "flow", FLOW, "step", "esim.create",
                "operation", "orderCreate", "errorCode", "71", "errorMessage", "SIM not available"));
    }

    @Test
    void anUncertainCreateParksForAPersonAndIsNeverResent() {
        journal.accept("f-2", FLOW, Map.of(), "http");
        OctaneUncertainException u = new OctaneUncertainException("orderCreate", "read timed out", null);
        runner.failed(failedWith("f-2", u));
        RequestRecord r = request("f-2");
        assertThat(r.status()).isEqualTo(Journal.PARKED);
        assertThat(r.errorCode()).isEqualTo("UNCERTAIN");
        assertThat(r.errorMessage()).isEqualTo(u.getMessage());
        assertThat(r.retryAt()).as("for a person").isNull();
        assertThat(journal.parkCount("f-2")).isZero();
        assertThat(events.last()).containsEntry("type", "parked").containsEntry("operation", "orderCreate").containsEntry("reason",
                u.getMessage() + "; not re-sent (Octane has no idempotency key): check Octane for this request before resubmitting");
    }

    @Test
    void aStuckOrderParksForAPerson() {
        journal.accept("f-3", FLOW, Map.of(), "http");
        runner.failed(failedWith("f-3", new OrderStuckException("orderQuery", "followed for longer than 7 days")));
        RequestRecord r = request("f-3");
        assertThat(r.status()).isEqualTo(Journal.PARKED);
        assertThat(r.errorCode()).isEqualTo("STUCK");
        assertThat(r.errorMessage()).isEqualTo("followed for longer than 7 days");
        assertThat(r.retryAt()).isNull();
        assertThat(events.last()).containsEntry("type", "parked").containsEntry("operation", "orderQuery").containsEntry("reason",
                "followed for longer than 7 days; nothing automatic will move it on: check the order in Octane");
    }

    @Test
    void aTransientFaultParksToResumeByItselfUntilTheBoundThenForAPerson() {
        journal.accept("f-4", FLOW, Map.of(), "http");
        OctaneTransientException t = new OctaneTransientException("orderQuery", "HTTP 503", 0, null);

        long before = System.currentTimeMillis();
        runner.failed(failedWith("f-4", t));
        RequestRecord first = request("f-4");
        assertThat(first.status()).isEqualTo(Journal.PARKED);
        assertThat(first.errorCode()).isEqualTo("TRANSIENT");
        assertThat(first.errorMessage()).isEqualTo("orderQuery: HTTP 503");
        assertThat(first.retryAt()).isBetween(before + PARK_DELAY.toMillis(), System.currentTimeMillis() + PARK_DELAY.toMillis());
        assertThat(events.last()).containsEntry("type", "parked").containsEntry("operation", "orderQuery").containsEntry("reason",
                "orderQuery: HTTP 503; retries exhausted, the request resumes at " + Instant.ofEpochMilli(first.retryAt()) + " (automatic resume 1 of 2)");

        runner.failed(failedWith("f-4", t));
        assertThat((String) events.last().get("reason")).endsWith("(automatic resume 2 of 2)");
        assertThat(journal.parkCount("f-4")).isEqualTo(2);

        runner.failed(failedWith("f-4", t));
        RequestRecord bounded = request("f-4");
        assertThat(bounded.status()).isEqualTo(Journal.PARKED);
        assertThat(bounded.retryAt()).as("a person decides now").isNull();
        assertThat(journal.parkCount("f-4")).isEqualTo(2);
        assertThat(events.last()).containsEntry("reason",
                "orderQuery: HTTP 503; retries exhausted 2 times (octane.retry.max-parks): the request waits for an operator");
        assertThat(events.types()).containsExactly("parked", "parked", "parked");
    }

    @Test
    void anUnreadableAnswerIsTransientAndAnAccessFaultParksAsAccess() {
        journal.accept("f-5", FLOW, Map.of(), "http");
        runner.failed(failedWith("f-5", new OctaneUnreadableException("getNbnOrder", "status missing", null)));
        assertThat(request("f-5").errorCode()).isEqualTo("TRANSIENT");
        journal.accept("f-6", FLOW, Map.of(), "http");
        runner.failed(failedWith("f-6", new OctaneAccessException("orderCreate", "InvalidLoginException")));
        RequestRecord r = request("f-6");
        assertThat(r.status()).isEqualTo(Journal.PARKED);
        assertThat(r.errorCode()).isEqualTo("ACCESS");
        assertThat(r.retryAt()).isNotNull();
        assertThat(events.last()).containsEntry("operation", "orderCreate");
    }

    @Test
    void anythingElseFailsAsAnInternalErrorNamingOnlyItsKind() {
        journal.accept("f-7", FLOW, Map.of(), "http");
        runner.failed(failedWith("f-7", new IllegalStateException("secret detail 0411")));
        RequestRecord r = request("f-7");
        assertThat(r.status()).isEqualTo(Journal.FAILED);
        assertThat(r.errorCode()).isEqualTo("INTERNAL");
        assertThat(r.errorMessage()).isEqualTo("internal error (IllegalStateException); see the application log");
        Map<String, Object> expected = new LinkedHashMap<>(Map.of("type", "failed", "requestId", "f-7", "flow", FLOW, "step", "esim.create",
                "errorCode", "INTERNAL", "errorMessage", "internal error (IllegalStateException); see the application log"));
        assertThat(events.emitted).containsExactly(expected);
    }

    @Test
    void theFailureIsTheCaughtExceptionElseTheExchangesOwnElseUnknown() {
        journal.accept("f-8", FLOW, Map.of(), "http");
        Exchange e = exchange(journal.loadState("f-8"), null);
        e.setException(new OctaneBusinessException("orderCreate", "71", "no"));
        runner.failed(e);
        assertThat(request("f-8").errorCode()).isEqualTo("71");

        journal.accept("f-9", FLOW, Map.of(), "http");
        runner.failed(exchange(journal.loadState("f-9"), null));
        assertThat(request("f-9").errorMessage()).isEqualTo("internal error (unknown); see the application log");
    }
}
