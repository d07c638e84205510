package io.octaneroutes.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal.OrderRecord;
import io.octaneroutes.journal.Journal.RequestRecord;
import io.octaneroutes.journal.Journal.StepRecord;

/**
 * The journal's state transitions on one instance (H2 in memory, the application's migrations):
 * what each call writes, what it refuses to change (a request that is no longer in the status the
 * transition starts from, an order that is no longer pending), the bounds (texts cut at 2,000
 * characters, automatic parks counted) and the sweep's four reasons to queue a request again.
 * The races between instances are JournalStoreTest's.
 */
class JournalTest {
    private static final String FLOW = "mobile.activate.new-msn.esim";
    private Journal journal;
    private long now;

    @BeforeEach
    void journal() {
        journal = H2Journal.fresh();
        now = System.currentTimeMillis();
    }

    @AfterEach
    void drop() {
        H2Journal.drop(journal);
    }

    private RequestRecord request(String id) {
        return journal.find(id).orElseThrow();
    }

    /** Spins into the next millisecond of the clock the journal stamps rows with (no sleep: at most 1 ms). */
    private static void nextMillisecond() {
        long t = System.currentTimeMillis();
        while (System.currentTimeMillis() == t) {
            Thread.onSpinWait();
        }
    }

    /** A request with an order created by its step "create", due at {@code dueAt}. */
    private void withOrder(String requestId, String orderId, long dueAt) {
        journal.accept(requestId, FLOW, Map.of(), "http");
        journal.startStep(requestId, "create", "orderCreate");
        journal.completeStep(requestId, "create", "orderCreate", Map.of("orderId", orderId), Map.of("orderId", orderId), orderId, dueAt);
    }

    // ---------------------------------------------------------------- requests

    @Test
    void aNewRequestIsJournaledAcceptedAndAKnownOneIsReportedUnchanged() {
        assertThat(journal.accept("r-1", FLOW, Map.of("custNo", 554433), "file", "client-a")).isEmpty();
        RequestRecord r = request("r-1");
        assertThat(r.flow()).isEqualTo(FLOW);
        assertThat(r.status()).isEqualTo(Journal.ACCEPTED);
        assertThat(r.intake()).isEqualTo("file");
        assertThat(r.client()).isEqualTo("client-a");
        assertThat(r.params()).containsExactly(Map.entry("custNo", 554433));
        assertThat(r.state()).containsExactly(Map.entry("ids", Map.of()));
        assertThat(r.errorCode()).isNull();
        assertThat(r.retryAt()).isNull();
        assertThat(r.leaseOwner()).isNull();
        assertThat(r.createdAt()).isBetween(now, System.currentTimeMillis());
        assertThat(r.updatedAt()).isEqualTo(r.createdAt());

        var again = journal.accept("r-1", "nbn.activate", Map.of("custNo", 1), "jms");
        assertThat(again).as("the requestId is known").isPresent();
        assertThat(again.get().flow()).isEqualTo(FLOW);
        assertThat(request("r-1").params()).as("nothing written the second time").containsEntry("custNo", 554433);
        assertThat(request("r-1").intake()).isEqualTo("file");
    }

    @Test
    void anIntakeThatLosesTheInsertRaceReportsTheWinnersRequest() {
        journal.accept("race-1", FLOW, Map.of("custNo", 1), "http");
        // the other intake looked before the winner's insert (its find saw nothing), then inserts
        Journal late = new Journal(journal.dataSource(), new com.fasterxml.jackson.databind.ObjectMapper()) {
            private boolean looked;

            @Override
            public java.util.Optional<RequestRecord> find(String requestId) {
                if (!looked) {
                    looked = true;
                    return java.util.Optional.empty();
                }
                return super.find(requestId);
            }
        };
        var known = late.accept("race-1", FLOW, Map.of("custNo", 2), "jms");
        assertThat(known).isPresent();
        assertThat(known.get().params()).containsEntry("custNo", 1);
        assertThat(known.get().intake()).isEqualTo("http");
    }

    @Test
    void anInsertThatFailsForAnotherReasonIsAnError() {
        assertThatThrownBy(() -> journal.accept("no-flow", null, Map.of(), "http")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("journal insert failed: ");
        assertThat(journal.find("no-flow")).isEmpty();
    }

    @Test
    void aRequestWithoutAClientIsAnOperatorsAndAnUnknownOneIsNotFound() {
        journal.accept("r-2", FLOW, Map.of(), "http");
        assertThat(request("r-2").client()).isNull();
        assertThat(journal.find("nobody")).isEmpty();
        assertThatThrownBy(() -> journal.loadState("nobody")).isInstanceOf(IllegalStateException.class).hasMessageContaining("nobody");
    }

    @Test
    void theStateOfARequestIsItsParamsItsIdsAndTheAnswersOfItsFinishedSteps() {
        journal.accept("r-3", FLOW, Map.of("planNo", "P1"), "http");
        journal.startStep("r-3", "reserve", "reserveResources");
        journal.completeStep("r-3", "reserve", "reserveResources", Map.of("msn", "0411"), Map.of("msn", "0411"), null, 0);
        journal.startStep("r-3", "create", "orderCreate"); // sent, never answered
        FlowState state = journal.loadState("r-3");
        assertThat(state.getRequestId()).isEqualTo("r-3");
        assertThat(state.getFlow()).isEqualTo(FLOW);
        assertThat(state.getParams()).containsExactly(Map.entry("planNo", "P1"));
        assertThat(state.getIds()).containsExactly(Map.entry("msn", "0411"));
        assertThat(state.getResults()).as("only finished steps").containsOnlyKeys("reserve");
        assertThat(state.getResults().get("reserve")).containsEntry("msn", "0411");
        // the state is the caller's to change: the journal is not
        state.getIds().put("orderId", "x");
        state.getParams().put("planNo", "P2");
        assertThat(journal.loadState("r-3").getIds()).doesNotContainKey("orderId");
        assertThat(journal.loadState("r-3").getParams()).containsEntry("planNo", "P1");
    }

    @Test
    void aCompletedRequestKeepsItsIdsAndItsPendingOrdersAreNoLongerFollowed() {
        withOrder("r-4", "o-4", now);
        withOrder("r-4b", "o-4b", now);
        journal.updateOrder("o-4b", Journal.ORDER_DONE, "COMPLETE", null, Map.of(), now);
        journal.park("r-4", "TRANSIENT", "Octane answered 503", now + 1000);
        journal.complete("r-4", Map.of("orderId", "o-4", "msn", "0411"));
        RequestRecord r = request("r-4");
        assertThat(r.status()).isEqualTo(Journal.COMPLETED);
        assertThat(r.state()).containsEntry("ids", Map.of("orderId", "o-4", "msn", "0411"));
        assertThat(r.errorCode()).isNull();
        assertThat(r.errorMessage()).isNull();
        assertThat(r.retryAt()).isNull();
        assertThat(journal.order("o-4").orElseThrow().status()).isEqualTo(Journal.ORDER_UNFOLLOWED);
        assertThat(journal.dueOrders(now + 1, 10)).as("no longer read").isEmpty();
        journal.complete("r-4b", Map.of());
        assertThat(journal.order("o-4b").orElseThrow().status()).as("a done order stays done").isEqualTo(Journal.ORDER_DONE);
    }

    @Test
    void aFailedRequestCarriesOctanesErrorAndItsPendingOrdersAreNoLongerFollowed() {
        withOrder("r-5", "o-5", now);
        journal.fail("r-5", "60", "order not found");
        RequestRecord r = request("r-5");
        assertThat(r.status()).isEqualTo(Journal.FAILED);
        assertThat(r.errorCode()).isEqualTo("60");
        assertThat(r.errorMessage()).isEqualTo("order not found");
        assertThat(r.updatedAt()).isGreaterThanOrEqualTo(now);
        assertThat(journal.order("o-5").orElseThrow().status()).isEqualTo(Journal.ORDER_UNFOLLOWED);
    }

    @Test
    void aStatusChangeClearsTheErrorOfTheLastOne() {
        journal.accept("r-6", FLOW, Map.of(), "http");
        journal.park("r-6", "TRANSIENT", "503", now + 1000);
        journal.setStatus("r-6", Journal.WAITING);
        RequestRecord r = request("r-6");
        assertThat(r.status()).isEqualTo(Journal.WAITING);
        assertThat(r.errorCode()).isNull();
        assertThat(r.errorMessage()).isNull();
        assertThat(r.retryAt()).isNull();
    }

    @Test
    void messagesAreCutAtTwoThousandCharacters() {
        journal.accept("r-7", FLOW, Map.of(), "http");
        journal.fail("r-7", "X", "m".repeat(2000));
        assertThat(request("r-7").errorMessage()).hasSize(2000);
        journal.fail("r-7", "X", "m".repeat(2001) + "end");
        assertThat(request("r-7").errorMessage()).hasSize(2000).doesNotContain("end");
        journal.park("r-7", "X", "p".repeat(5000), null);
        assertThat(request("r-7").errorMessage()).hasSize(2000);
        journal.fail("r-7", "X", null);
        assertThat(request("r-7").errorMessage()).isNull();
    }

    // ---------------------------------------------------------------- waiting for a person

    @Test
    void aRequestWaitsForInputUntilAContinuationTakesItOnce() {
        journal.accept("r-8", FLOW, Map.of(), "http");
        assertThat(journal.continueWith("r-8", Map.of("otpCode", "1"))).as("not waiting").isFalse();
        assertThat(journal.step("r-8", Journal.INPUT_STEP)).as("nothing journaled when refused").isEmpty();

        journal.awaitInput("r-8", "waiting for otpCode", now + 60_000);
        RequestRecord waiting = request("r-8");
        assertThat(waiting.status()).isEqualTo(Journal.AWAITING_INPUT);
        assertThat(waiting.errorCode()).isEqualTo("AWAITING_INPUT");
        assertThat(waiting.errorMessage()).isEqualTo("waiting for otpCode");
        assertThat(waiting.retryAt()).isEqualTo(now + 60_000);

        assertThat(journal.continueWith("r-8", Map.of("otpCode", "123456"))).isTrue();
        RequestRecord taken = request("r-8");
        assertThat(taken.status()).isEqualTo(Journal.ACCEPTED);
        assertThat(taken.errorCode()).isNull();
        assertThat(taken.errorMessage()).isNull();
        assertThat(taken.retryAt()).isNull();
        StepRecord input = journal.step("r-8", Journal.INPUT_STEP).orElseThrow();
        assertThat(input.status()).isEqualTo(Journal.STEP_DONE);
        assertThat(input.operation()).isEqualTo("continue");
        assertThat(input.result()).containsExactly(Map.entry("otpCode", "123456"));
        assertThat(journal.loadState("r-8").input("otpCode")).isEqualTo("123456");
        assertThat(journal.continueWith("r-8", Map.of("otpCode", "654321"))).as("taken once").isFalse();
        assertThat(journal.step("r-8", Journal.INPUT_STEP).orElseThrow().result()).containsEntry("otpCode", "123456");
    }

    @Test
    void aSecondContinuationReplacesTheRefusedInput() {
        journal.accept("r-9", FLOW, Map.of(), "http");
        journal.awaitInput("r-9", "waiting", now + 60_000);
        journal.continueWith("r-9", Map.of("otpCode", "111111"));
        journal.clearInput("r-9");
        assertThat(journal.step("r-9", Journal.INPUT_STEP)).isEmpty();
        journal.awaitInput("r-9", "waiting again", now + 60_000);
        assertThat(journal.continueWith("r-9", Map.of("otpCode", "222222"))).isTrue();
        assertThat(journal.steps("r-9")).hasSize(1);
        assertThat(journal.loadState("r-9").input("otpCode")).isEqualTo("222222");
    }

    @Test
    void onlyWaitsThatRanOutExpireAndAContinuationThatCameFirstWins() {
        journal.accept("w-late", FLOW, Map.of(), "http");
        journal.awaitInput("w-late", "waiting", now - 10);
        journal.accept("w-early", FLOW, Map.of(), "http");
        journal.awaitInput("w-early", "waiting", now - 20);
        journal.accept("w-now", FLOW, Map.of(), "http");
        journal.awaitInput("w-now", "waiting", now);
        journal.accept("w-future", FLOW, Map.of(), "http");
        journal.awaitInput("w-future", "waiting", now + 1);
        journal.accept("parked", FLOW, Map.of(), "http");
        journal.park("parked", "TRANSIENT", "503", now - 100);
        assertThat(journal.expiredWaits(now)).as("oldest expiry first").containsExactly("w-early", "w-late", "w-now");

        assertThat(journal.expireInput("w-late", "no answer in time")).isTrue();
        RequestRecord expired = request("w-late");
        assertThat(expired.status()).isEqualTo(Journal.FAILED);
        assertThat(expired.errorCode()).isEqualTo("INPUT_EXPIRED");
        assertThat(expired.errorMessage()).isEqualTo("no answer in time");
        assertThat(expired.retryAt()).isNull();

        journal.continueWith("w-early", Map.of("otpCode", "1"));
        assertThat(journal.expireInput("w-early", "no answer in time")).as("the continuation came first").isFalse();
        assertThat(request("w-early").status()).isEqualTo(Journal.ACCEPTED);
        assertThat(journal.expireInput("nobody", "x")).isFalse();
        assertThat(journal.expiredWaits(now)).containsExactly("w-now");
    }

    @Test
    void anExpiredWaitWhoseRequestFailedOtherwiseIsNotReportedAsExpired() {
        journal.accept("r-10", FLOW, Map.of(), "http");
        journal.fail("r-10", "60", "refused");
        assertThat(journal.expireInput("r-10", "x")).isFalse();
        assertThat(request("r-10").errorCode()).isEqualTo("60");
    }

    // ---------------------------------------------------------------- parking

    @Test
    void onlyParksThatResumeByThemselvesAreCounted() {
        journal.accept("r-11", FLOW, Map.of(), "http");
        assertThat(journal.parkCount("r-11")).isZero();
        journal.park("r-11", "TRANSIENT", "503", now + 1000);
        RequestRecord parked = request("r-11");
        assertThat(parked.status()).isEqualTo(Journal.PARKED);
        assertThat(parked.errorCode()).isEqualTo("TRANSIENT");
        assertThat(parked.errorMessage()).isEqualTo("503");
        assertThat(parked.retryAt()).isEqualTo(now + 1000);
        assertThat(journal.parkCount("r-11")).isEqualTo(1);
        journal.park("r-11", "TRANSIENT", "503", now + 2000);
        assertThat(journal.parkCount("r-11")).isEqualTo(2);
        journal.park("r-11", "UNCERTAIN", "needs a person", null);
        assertThat(journal.parkCount("r-11")).as("waiting for an operator is no automatic resume").isEqualTo(2);
        assertThat(request("r-11").retryAt()).isNull();
        assertThat(journal.parkCount("nobody")).isZero();
    }

    // ---------------------------------------------------------------- leases

    @Test
    void aLeaseIsTakenWhenFreeExpiredOrAlreadyOwnAndNeverOnAFinishedRequest() {
        journal.accept("r-12", FLOW, Map.of(), "http");
        assertThat(journal.acquireLease("r-12", "a", now + 1000, now)).isTrue();
        assertThat(request("r-12").leaseOwner()).isEqualTo("a");
        assertThat(journal.acquireLease("r-12", "a", now + 2000, now)).as("its own lease, extended").isTrue();
        assertThat(journal.acquireLease("r-12", "b", now + 3000, now + 2000)).as("expires at, not before").isFalse();
        assertThat(journal.acquireLease("r-12", "b", now + 3000, now + 2001)).as("expired").isTrue();
        assertThat(request("r-12").leaseOwner()).isEqualTo("b");
        journal.releaseLease("r-12", "a");
        assertThat(request("r-12").leaseOwner()).as("only the holder gives it back").isEqualTo("b");
        journal.releaseLease("r-12", "b");
        assertThat(request("r-12").leaseOwner()).isNull();
        journal.complete("r-12", Map.of());
        assertThat(journal.acquireLease("r-12", "a", now + 1000, now)).as("completed").isFalse();
        journal.accept("r-13", FLOW, Map.of(), "http");
        journal.fail("r-13", "X", "y");
        assertThat(journal.acquireLease("r-13", "a", now + 1000, now)).as("failed").isFalse();
        assertThat(journal.acquireLease("nobody", "a", now + 1000, now)).isFalse();
    }

    @Test
    void aLeaseTakenToRunMakesTheRequestRunningInTheSameStatementAndClearsAnEarlierPark() {
        journal.accept("r-14", FLOW, Map.of(), "http");
        journal.park("r-14", "OUTAGE", "Octane unreachable", now + 5_000);
        assertThat(journal.acquireLeaseToRun("r-14", "a", now + 1000, now)).isTrue();
        Journal.RequestRecord r = request("r-14");
        assertThat(r.status()).isEqualTo(Journal.RUNNING);
        assertThat(r.leaseOwner()).isEqualTo("a");
        assertThat(r.errorCode()).isNull();
        assertThat(r.errorMessage()).isNull();
        assertThat(r.retryAt()).isNull();
        assertThat(r.updatedAt()).isEqualTo(now);

        journal.setStatus("r-14", Journal.WAITING);
        assertThat(journal.acquireLeaseToRun("r-14", "b", now + 3000, now + 500)).as("held by a live instance").isFalse();
        assertThat(request("r-14").status()).as("left as it was").isEqualTo(Journal.WAITING);
        journal.complete("r-14", Map.of());
        assertThat(journal.acquireLeaseToRun("r-14", "a", now + 3000, now + 2000)).as("completed").isFalse();
        assertThat(request("r-14").status()).isEqualTo(Journal.COMPLETED);
    }

    @Test
    void aHeartbeatKeepsEveryLeaseOfItsOwnerAliveAndOnlyThose() {
        for (String id : List.of("h-1", "h-2", "h-3")) {
            journal.accept(id, FLOW, Map.of(), "http");
        }
        journal.acquireLease("h-1", "a", now + 1000, now);
        journal.acquireLease("h-2", "a", now + 1000, now);
        journal.acquireLease("h-3", "b", now + 1000, now);
        assertThat(journal.heartbeat("a", now + 60_000)).isEqualTo(2);
        assertThat(journal.acquireLease("h-1", "b", now + 90_000, now + 30_000)).isFalse();
        assertThat(journal.acquireLease("h-3", "a", now + 90_000, now + 30_000)).as("b's lease was not kept").isTrue();
        assertThat(journal.heartbeat("nobody", now)).isZero();
    }

    // ---------------------------------------------------------------- the sweep

    @Test
    void theSweepQueuesADeadInstancesRequestsAndTakesTheExpiredLeaseAway() {
        journal.accept("s-1", FLOW, Map.of(), "http");
        journal.acquireLease("s-1", "dead", now + 1000, now);
        assertThat(journal.requeue(now + 1000, 600_000)).as("the lease is still valid").isEmpty();
        assertThat(journal.requeue(now + 1001, 600_000)).containsExactly("s-1");
        assertThat(request("s-1").leaseOwner()).as("free for whoever runs it").isNull();
        assertThat(journal.requeue(now + 1002, 600_000)).as("out of the sweep for requeue-after").isEmpty();
        assertThat(journal.acquireLease("s-1", "alive", now + 5000, now + 1002)).isTrue();
    }

    @Test
    void theSweepLeavesAValidLeaseWithItsOwnerWhenItQueuesARequestForAnotherReason() {
        journal.accept("s-2", FLOW, Map.of(), "http");
        journal.park("s-2", "TRANSIENT", "503", now - 1);
        journal.acquireLease("s-2", "alive", now + 60_000, now);
        assertThat(journal.requeue(now, 600_000)).containsExactly("s-2");
        assertThat(request("s-2").leaseOwner()).isEqualTo("alive");
        assertThat(request("s-2").retryAt()).as("out of the sweep until requeue-after").isEqualTo(now + 600_000);
    }

    @Test
    void aParkedRequestIsQueuedWhenItsRetryTimeHasComeAndOneForAnOperatorNever() {
        journal.accept("p-due", FLOW, Map.of(), "http");
        journal.park("p-due", "TRANSIENT", "503", now);
        journal.accept("p-later", FLOW, Map.of(), "http");
        journal.park("p-later", "TRANSIENT", "503", now + 1);
        journal.accept("p-operator", FLOW, Map.of(), "http");
        journal.park("p-operator", "UNCERTAIN", "look", null);
        List<String> queued = journal.requeue(now, 60_000);
        assertThat(queued).containsExactly("p-due");
        assertThat(request("p-due").status()).as("still parked: the run resumes it").isEqualTo(Journal.PARKED);
        assertThat(request("p-due").retryAt()).isEqualTo(now + 60_000);
        assertThat(request("p-later").retryAt()).as("untouched").isEqualTo(now + 1);
        assertThat(journal.requeue(now + 1, 60_000)).containsExactly("p-later");
        assertThat(journal.requeue(now + 60_000, 60_000)).containsExactly("p-due");
    }

    @Test
    void aRequestWhoseHandOffWasLostIsQueuedOnceUntouchedForRequeueAfter() {
        journal.accept("l-1", FLOW, Map.of(), "http");
        long updated = request("l-1").updatedAt();
        assertThat(journal.requeue(updated + 60_000, 60_000)).as("untouched for exactly requeue-after").isEmpty();
        assertThat(journal.requeue(updated + 60_001, 60_000)).containsExactly("l-1");
        journal.accept("l-2", FLOW, Map.of(), "http");
        journal.startStep("l-2", "reserve", "reserveResources"); // RUNNING
        assertThat(journal.requeue(request("l-2").updatedAt() + 60_001, 60_000)).containsExactly("l-2");
        journal.accept("l-3", FLOW, Map.of(), "http");
        journal.setStatus("l-3", Journal.WAITING);
        assertThat(journal.requeue(System.currentTimeMillis() + 600_000, 60_000)).as("waiting for an order not yet done: not swept")
                .containsExactlyInAnyOrder("l-1", "l-2");
    }

    @Test
    void aWaitingRequestWhoseOrderIsDoneIsQueuedWhenItsDispatchWasLost() {
        withOrder("o-r", "o-1", now);
        journal.setStatus("o-r", Journal.WAITING);
        assertThat(journal.claimPoll("o-1", now, now, now + 60_000)).isTrue();
        journal.updateOrder("o-1", Journal.ORDER_DONE, "COMPLETE", null, Map.of(), now + 60_000);
        assertThat(journal.requeue(now + 60_000, 60_000)).as("the poller's own dispatch may be on its way").isEmpty();
        assertThat(journal.requeue(now + 60_001, 60_000)).containsExactly("o-r");
    }

    // ---------------------------------------------------------------- steps

    @Test
    void aStepIsStartedOnceAndEachRetryCountsAnAttempt() {
        journal.accept("st-1", FLOW, Map.of(), "http");
        journal.startStep("st-1", "reserve", "reserveResources");
        StepRecord started = journal.step("st-1", "reserve").orElseThrow();
        assertThat(started.status()).isEqualTo(Journal.STEP_STARTED);
        assertThat(started.operation()).isEqualTo("reserveResources");
        assertThat(started.attempts()).isEqualTo(1);
        assertThat(started.finishedAt()).isNull();
        assertThat(started.result()).isNull();
        assertThat(request("st-1").status()).isEqualTo(Journal.RUNNING);
        journal.startStep("st-1", "reserve", "reserveResources");
        assertThat(journal.step("st-1", "reserve").orElseThrow().attempts()).isEqualTo(2);
        assertThat(journal.steps("st-1")).hasSize(1);

        journal.completeStep("st-1", "reserve", "reserveResources", Map.of("msn", "1"), Map.of("msn", "1"), null, 0);
        StepRecord done = journal.step("st-1", "reserve").orElseThrow();
        assertThat(done.status()).isEqualTo(Journal.STEP_DONE);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.result()).containsEntry("msn", "1");
        assertThat(done.finishedAt()).isNotNull().isGreaterThanOrEqualTo(done.startedAt());
        assertThat(journal.orders("st-1")).as("no order without an orderId").isEmpty();
        journal.startStep("st-1", "reserve", "reserveResources");
        assertThat(journal.step("st-1", "reserve").orElseThrow().status()).as("started again").isEqualTo(Journal.STEP_STARTED);
    }

    @Test
    void aStepCompletedWithoutAStartedMarkerIsJournaledAllTheSame() {
        journal.accept("st-2", FLOW, Map.of(), "http");
        journal.completeStep("st-2", "create", "orderCreate", Map.of("orderId", "o-9"), Map.of("orderId", "o-9"), "o-9", now + 5000);
        StepRecord done = journal.step("st-2", "create").orElseThrow();
        assertThat(done.status()).isEqualTo(Journal.STEP_DONE);
        assertThat(done.operation()).isEqualTo("orderCreate");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.finishedAt()).isEqualTo(done.startedAt());
        OrderRecord o = journal.order("o-9").orElseThrow();
        assertThat(o.requestId()).isEqualTo("st-2");
        assertThat(o.status()).isEqualTo(Journal.ORDER_PENDING);
        assertThat(o.nextPollAt()).isEqualTo(now + 5000);
        assertThat(o.pollCount()).isZero();
        assertThat(o.lastPolledAt()).isNull();
        assertThat(o.submittedAt()).isGreaterThanOrEqualTo(now);
        assertThat(request("st-2").state()).containsEntry("ids", Map.of("orderId", "o-9"));
    }

    @Test
    void onlyAStartedMarkerIsForgottenNeverAFinishedStep() {
        journal.accept("st-3", FLOW, Map.of(), "http");
        journal.startStep("st-3", "create", "orderCreate");
        journal.completeStep("st-3", "reserve", "reserveResources", Map.of(), Map.of(), null, 0);
        journal.clearStartedStep("st-3", "reserve");
        assertThat(journal.step("st-3", "reserve")).isPresent();
        journal.clearStartedStep("st-3", "create");
        assertThat(journal.step("st-3", "create")).isEmpty();
    }

    @Test
    void stepsAreListedInTheOrderTheyStarted() {
        journal.accept("st-4", FLOW, Map.of(), "http");
        journal.startStep("st-4", "z-first", "queryResources");
        nextMillisecond();
        journal.startStep("st-4", "a-second", "reserveResources");
        assertThat(journal.steps("st-4")).extracting(StepRecord::step).containsExactly("z-first", "a-second");
        assertThat(journal.steps("nobody")).isEmpty();
        assertThat(journal.step("st-4", "none")).isEmpty();
    }

    // ---------------------------------------------------------------- orders

    @Test
    void aDueOrderIsClaimedOnlyAtTheDueTimeItWasReadWithAndOnlyWhilePending() {
        withOrder("c-1", "o-c", now - 5);
        OrderRecord due = journal.dueOrders(now, 10).get(0);
        assertThat(journal.claimPoll("o-c", due.nextPollAt() + 1, now, now + 60_000)).as("read before another claim").isFalse();
        assertThat(journal.claimPoll("o-c", due.nextPollAt(), now, now + 60_000)).isTrue();
        OrderRecord claimed = journal.order("o-c").orElseThrow();
        assertThat(claimed.nextPollAt()).isEqualTo(now + 60_000);
        assertThat(claimed.lastPolledAt()).isEqualTo(now);
        assertThat(claimed.pollCount()).isEqualTo(1);
        assertThat(journal.claimPoll("o-c", due.nextPollAt(), now, now + 60_000)).as("claimed once").isFalse();
        journal.updateOrder("o-c", Journal.ORDER_DONE, "COMPLETE", null, null, now + 60_000);
        assertThat(journal.claimPoll("o-c", now + 60_000, now + 60_000, now + 120_000)).as("done").isFalse();
        assertThat(journal.claimPoll("nobody", 0, now, now)).isFalse();
    }

    @Test
    void dueOrdersAreOnlyPendingOnesDueByNowAndAtMostTheLimit() {
        withOrder("d-1", "o-d1", now - 30);
        withOrder("d-2", "o-d2", now - 20);
        withOrder("d-3", "o-d3", now);
        withOrder("d-4", "o-d4", now + 1);
        withOrder("d-5", "o-d5", now - 40);
        journal.markStuck("o-d5", "unreadable");
        assertThat(journal.dueOrders(now, 10)).extracting(OrderRecord::orderId).containsExactly("o-d1", "o-d2", "o-d3");
        assertThat(journal.dueOrders(now, 2)).extracting(OrderRecord::orderId).containsExactly("o-d1", "o-d2");
        assertThat(journal.dueOrders(now, 1)).hasSize(1);
    }

    @Test
    void aRequestsOrdersAreListedInTheOrderItMadeThem() {
        journal.accept("m-1", FLOW, Map.of(), "http");
        journal.completeStep("m-1", "a", "orderCreate", Map.of(), Map.of(), "o-b", now);
        nextMillisecond();
        journal.completeStep("m-1", "b", "orderCreate", Map.of(), Map.of(), "o-a", now);
        withOrder("m-2", "o-other", now);
        assertThat(journal.orders("m-1")).extracting(OrderRecord::orderId).as("by submission, not by orderId").containsExactly("o-b", "o-a");
        assertThat(journal.orders("m-1")).allMatch(o -> o.requestId().equals("m-1"));
        assertThat(journal.orders("nobody")).isEmpty();
        assertThat(journal.order("nobody")).isEmpty();
    }

    @Test
    void whatAReadLearntIsStoredAndEndsARunOfUnreadableAnswers() {
        withOrder("u-1", "o-u", now);
        assertThat(journal.recordUnreadable("o-u", now + 1000)).isEqualTo(1);
        assertThat(journal.recordUnreadable("o-u", now + 2000)).isEqualTo(2);
        assertThat(journal.order("o-u").orElseThrow().nextPollAt()).isEqualTo(now + 2000);
        journal.updateOrder("o-u", Journal.ORDER_PENDING, "IN_PROG", "x".repeat(2500), Map.of("internalStatus", "IN_PROG"), now + 3000);
        OrderRecord o = journal.order("o-u").orElseThrow();
        assertThat(o.unreadableCount()).isZero();
        assertThat(o.octaneStatus()).isEqualTo("IN_PROG");
        assertThat(o.errorMessage()).hasSize(2000);
        assertThat(o.result()).containsEntry("internalStatus", "IN_PROG");
        assertThat(o.nextPollAt()).isEqualTo(now + 3000);
        journal.updateOrder("o-u", Journal.ORDER_REJECTED, "REJECTED", "not portable", null, now + 4000);
        assertThat(journal.order("o-u").orElseThrow().result()).isNull();
        assertThat(journal.recordUnreadable("o-u", now + 9000)).as("no longer pending: not counted").isZero();
        assertThat(journal.order("o-u").orElseThrow().nextPollAt()).isEqualTo(now + 4000);
        assertThat(journal.recordUnreadable("nobody", now)).isZero();
    }

    @Test
    void aStuckOrderIsNoLongerDueAndOnlyAPendingOneCanGetStuck() {
        withOrder("k-1", "o-k", now - 1);
        journal.markStuck("o-k", "r".repeat(3000));
        OrderRecord stuck = journal.order("o-k").orElseThrow();
        assertThat(stuck.status()).isEqualTo(Journal.ORDER_STUCK);
        assertThat(stuck.errorMessage()).hasSize(2000);
        assertThat(journal.dueOrders(now, 10)).isEmpty();
        withOrder("k-2", "o-k2", now - 1);
        journal.updateOrder("o-k2", Journal.ORDER_DONE, "COMPLETE", null, Map.of(), now);
        journal.markStuck("o-k2", "late");
        assertThat(journal.order("o-k2").orElseThrow().status()).isEqualTo(Journal.ORDER_DONE);
    }

    @Test
    void aRescheduleMovesOnlyAPendingOrder() {
        withOrder("n-1", "o-n", now);
        journal.reschedule("o-n", now + 7000);
        assertThat(journal.order("o-n").orElseThrow().nextPollAt()).isEqualTo(now + 7000);
        journal.markStuck("o-n", "x");
        journal.reschedule("o-n", now + 9000);
        assertThat(journal.order("o-n").orElseThrow().nextPollAt()).isEqualTo(now + 7000);
    }
}
