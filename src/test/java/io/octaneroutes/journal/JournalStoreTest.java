package io.octaneroutes.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

import io.octaneroutes.it.TestDatabase;

/**
 * The journal and order store on H2 and PostgreSQL, as several instances use them: two
 * journals on two connection pools of one database race for the same rows, and exactly one
 * wins each race (a requestId journaled once, a due order claimed once, a continuation taken
 * once); a step and the order it created are journaled together or not at all.
 */
@ParameterizedClass(name = "on {0}")
@FieldSource("io.octaneroutes.it.TestDatabase#VENDORS")
class JournalStoreTest {
    private static final String FLOW = "mobile.activate.new-msn.esim";
    private final TestDatabase db;
    private final Journal one;
    private final Journal two;

    JournalStoreTest(String vendor) throws Exception {
        db = TestDatabase.fresh(vendor, "journal");
        ObjectMapper json = new ObjectMapper();
        one = new Journal(db.pool("instance-1"), json);
        two = new Journal(db.pool("instance-2"), json);
        one.createSchema();
        two.createSchema(); // the second instance's start-up: nothing left to migrate
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Runs the task on 16 threads, half of them on each journal, released at once; returns their results. */
    private static <T> List<T> race(java.util.function.Function<Journal, Callable<T>> task, Journal... journals) throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<T> c = task.apply(journals[i % journals.length]);
            futures.add(pool.submit(() -> {
                go.await();
                return c.call();
            }));
        }
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return out;
    }

    @Test
    void aRequestIdIsJournaledOnceWhicheverInstanceGetsItFirst() throws Exception {
        List<Optional<Journal.RequestRecord>> results = race(j -> () -> j.accept("r-1", FLOW, Map.of("custNo", 554433), "jms"), one, two);
        assertThat(results.stream().filter(Optional::isEmpty).count()).as("accepted as new").isEqualTo(1);
        assertThat(results.stream().filter(Optional::isPresent)).as("reported as known").hasSize(15)
                .allMatch(r -> r.get().requestId().equals("r-1") && Journal.ACCEPTED.equals(r.get().status()));
        assertThat(two.find("r-1").orElseThrow().params()).containsEntry("custNo", 554433);
    }

    @Test
    void aDueOrderIsClaimedForOnePollByExactlyOneInstance() throws Exception {
        long now = System.currentTimeMillis();
        one.accept("r-2", FLOW, Map.of(), "http");
        one.startStep("r-2", "create", "orderCreate");
        one.completeStep("r-2", "create", "orderCreate", Map.of("orderId", "o-2"), Map.of("orderId", "o-2"), "o-2", now - 1);
        Journal.OrderRecord due = two.dueOrders(now, 10).get(0);
        assertThat(due.orderId()).isEqualTo("o-2");

        List<Boolean> claims = race(j -> () -> j.claimPoll("o-2", due.nextPollAt(), now, now + 60_000), one, two);

        assertThat(claims.stream().filter(c -> c).count()).as("claims won").isEqualTo(1);
        assertThat(one.order("o-2").orElseThrow().pollCount()).isEqualTo(1);
        assertThat(two.dueOrders(now + 59_000, 10)).as("not due again before its next poll").isEmpty();
        assertThat(two.dueOrders(now + 60_000, 10)).extracting(Journal.OrderRecord::orderId).containsExactly("o-2");
    }

    @Test
    void dueOrdersAreReadOldestDueFirstAndOnlyWhenDue() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            String id = "r-d" + i;
            one.accept(id, FLOW, Map.of(), "file");
            one.completeStep(id, "create", "orderCreate", Map.of(), Map.of(), "o-d" + i, now + (i == 4 ? 60_000 : -1000 * i));
        }
        assertThat(two.dueOrders(now, 3)).extracting(Journal.OrderRecord::orderId).containsExactly("o-d3", "o-d2", "o-d1");
        assertThat(two.dueOrders(now, 10)).hasSize(4);
    }

    @Test
    void aContinuationIsTakenOnceWhicheverInstanceGetsIt() throws Exception {
        one.accept("r-3", FLOW, Map.of(), "http");
        one.awaitInput("r-3", "needs otpCode", System.currentTimeMillis() + 60_000);
        List<Boolean> taken = race(j -> () -> j.continueWith("r-3", Map.of("otpCode", "123456")), one, two);
        assertThat(taken.stream().filter(t -> t).count()).isEqualTo(1);
        assertThat(two.find("r-3").orElseThrow().status()).isEqualTo(Journal.ACCEPTED);
        assertThat(two.step("r-3", Journal.INPUT_STEP).orElseThrow().result()).containsEntry("otpCode", "123456");
    }

    @Test
    void aStepAndItsOrderAreJournaledTogetherOrNotAtAll() {
        long now = System.currentTimeMillis();
        one.accept("r-4", FLOW, Map.of(), "http");
        one.completeStep("r-4", "create", "orderCreate", Map.of("orderId", "o-4"), Map.of("orderId", "o-4"), "o-4", now);
        two.accept("r-5", FLOW, Map.of(), "http");
        two.startStep("r-5", "create", "orderCreate");
        // the same orderId again: the order row cannot be written, so neither may the step be
        assertThatThrownBy(() -> two.completeStep("r-5", "create", "orderCreate", Map.of("orderId", "o-4"),
                Map.of("orderId", "o-4"), "o-4", now)).isInstanceOf(IllegalStateException.class);
        assertThat(one.step("r-5", "create").orElseThrow().status()).isEqualTo(Journal.STEP_STARTED);
        assertThat(one.find("r-5").orElseThrow().state()).containsEntry("ids", Map.of());
        assertThat(one.order("o-4").orElseThrow().requestId()).isEqualTo("r-4");
    }

    @Test
    void parkedRequestsComeBackWhenTheirRetryTimeHasCome() {
        long now = System.currentTimeMillis();
        one.accept("r-6", FLOW, Map.of(), "http");
        one.park("r-6", "RETRIES_EXHAUSTED", "Octane answered 503 five times", now - 1);
        one.accept("r-7", FLOW, Map.of(), "http");
        one.park("r-7", "UNCERTAIN", "needs an operator", null);
        assertThat(two.requeue(now, 60_000)).containsExactly("r-6");
        // queued once: not again until requeue-after has passed (its run may wait behind a backlog)
        assertThat(two.requeue(now + 1_000, 60_000)).isEmpty();
        assertThat(one.requeue(now + 61_000, 60_000)).containsExactly("r-6");
    }

    @Test
    void oneInstanceHoldsARequestsLeaseUntilItExpiresAndTheSweepHandsItOn() {
        long now = System.currentTimeMillis();
        one.accept("r-8", FLOW, Map.of(), "http");
        assertThat(one.acquireLease("r-8", "instance-a", now + 30_000, now)).isTrue();
        assertThat(two.acquireLease("r-8", "instance-b", now + 30_000, now)).as("held by a live instance").isFalse();
        assertThat(one.heartbeat("instance-a", now + 60_000)).isEqualTo(1);
        assertThat(two.acquireLease("r-8", "instance-b", now + 90_000, now + 45_000)).as("kept alive by the heartbeat").isFalse();
        assertThat(two.requeue(now + 45_000, 600_000)).as("a live lease is not swept").isEmpty();
        // instance-a dies: its lease runs out, the sweep queues the request again, instance-b takes it
        assertThat(two.requeue(now + 61_000, 600_000)).containsExactly("r-8");
        assertThat(two.acquireLease("r-8", "instance-b", now + 91_000, now + 61_000)).isTrue();
        two.releaseLease("r-8", "instance-a");
        assertThat(one.acquireLease("r-8", "instance-a", now + 92_000, now + 62_000)).as("only the holder gives it back").isFalse();
        two.releaseLease("r-8", "instance-b");
        assertThat(one.acquireLease("r-8", "instance-a", now + 92_000, now + 62_000)).isTrue();
    }

    @Test
    void anExpiredLeaseIsTakenByExactlyOneOfTheInstancesSweepingIt() throws Exception {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 20; i++) {
            one.accept("x-" + i, FLOW, Map.of(), "http");
            assertThat(one.acquireLease("x-" + i, "instance-dead", now + 5_000, now)).isTrue();
        }
        one.accept("x-live", FLOW, Map.of(), "http");
        assertThat(one.acquireLease("x-live", "instance-a", now + 60_000, now)).isTrue();
        assertThat(two.takeExpiredLeases(now + 1_000)).as("not expired yet").isEmpty();
        // both instances sweep at once, one tick after the dead instance's leases ran out
        java.util.concurrent.ExecutorService sweepers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = sweepers.submit(() -> one.takeExpiredLeases(now + 6_000));
            var b = sweepers.submit(() -> two.takeExpiredLeases(now + 6_000));
            java.util.List<String> all = new java.util.ArrayList<>(a.get());
            all.addAll(b.get());
            assertThat(all).as("each request taken once").hasSize(20).doesNotHaveDuplicates().doesNotContain("x-live");
        } finally {
            sweepers.shutdown();
        }
        assertThat(two.find("x-3").orElseThrow().leaseOwner()).as("out of the dead holder's hands").isNull();
        assertThat(two.acquireLease("x-3", "instance-b", now + 11_000, now + 6_000)).isTrue();
        assertThat(one.takeExpiredLeases(now + 6_000)).as("swept once").isEmpty();
    }

    @Test
    void aRequestAcceptedButNeverQueuedIsSweptAfterRequeueAfter() {
        long now = System.currentTimeMillis();
        one.accept("r-9", FLOW, Map.of(), "http");
        assertThat(two.requeue(now + 1_000, 60_000)).as("its hand-off may still be on its way").isEmpty();
        assertThat(two.requeue(now + 61_000, 60_000)).containsExactly("r-9");
        one.complete("r-9", Map.of());
        assertThat(two.requeue(now + 200_000, 60_000)).as("a finished request is never swept").isEmpty();
    }
}
