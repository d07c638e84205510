package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-memory budget's arithmetic on a clock the test moves (RateBudgetTest runs it on the real
 * clock under concurrency): a slot counts from acquire until one window after release and not a
 * millisecond longer; in-flight calls count; the minute and the hour bind each on their own; an
 * announced wait holds every caller until it ends and not after; a waiting caller goes as soon as
 * a release, a new wait or the clock lets it, and is counted as having waited.
 */
class LocalRateBudgetTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private Thread caller;

    @AfterEach
    void stopCaller() throws InterruptedException {
        if (caller != null && caller.isAlive()) {
            caller.interrupt();
            caller.join(5_000);
        }
    }

    private LocalRateBudget budget(int perMinute, int perHour) {
        return new LocalRateBudget("orderCreate", perMinute, perHour, MINUTE, HOUR, clock::get);
    }

    /** Starts a caller that acquires a slot; {@code got} turns true once it has it. */
    private AtomicBoolean acquireInBackground(RateBudget budget) {
        AtomicBoolean got = new AtomicBoolean();
        caller = new Thread(() -> {
            try {
                budget.acquire();
                got.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.WAITING || caller.getState() == Thread.State.TIMED_WAITING
                || got.get());
        return got;
    }

    private static void acquireAndRelease(RateBudget budget, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            budget.acquire();
            budget.release();
        }
    }

    @Test
    void aBudgetSaysWhatItIsAndMustAllowOneCallPerWindow() {
        LocalRateBudget b = budget(1, 1);
        assertThat(b.method()).isEqualTo("orderCreate");
        assertThat(b.perMinute()).isEqualTo(1);
        assertThat(b.perHour()).isEqualTo(1);
        assertThat(budget(100, 2000).perHour()).isEqualTo(2000);
        assertThatThrownBy(() -> budget(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget of orderCreate must allow at least one call per window");
        assertThatThrownBy(() -> budget(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSlotCountsFromAcquireUntilOneWindowAfterRelease() throws Exception {
        LocalRateBudget b = budget(5, 50);
        b.acquire();
        assertThat(b.usage()).as("in flight").isEqualTo(new RateBudget.Usage(1, 1, 0));
        clock.addAndGet(10_000);
        b.release();
        clock.addAndGet(MINUTE - 1);
        assertThat(b.usage().minute()).isEqualTo(1);
        clock.addAndGet(1);
        assertThat(b.usage().minute()).as("one minute after its release").isZero();
        assertThat(b.usedThisHour()).isEqualTo(1);
        clock.addAndGet(HOUR - MINUTE - 1);
        assertThat(b.usedThisHour()).isEqualTo(1);
        clock.addAndGet(1);
        assertThat(b.usedThisHour()).isZero();
        assertThat(b.usage()).isEqualTo(new RateBudget.Usage(0, 0, 0));
    }

    @Test
    void callsInFlightAndAnsweredOnesCountTogetherInBothWindows() throws Exception {
        LocalRateBudget b = budget(5, 50);
        b.acquire();
        b.release();
        b.acquire();
        assertThat(b.usage()).isEqualTo(new RateBudget.Usage(2, 2, 0));
        assertThat(b.usedThisHour()).isEqualTo(2);
    }

    @Test
    void aReleaseWithoutACallInFlightNeverCountsBelowNothing() {
        LocalRateBudget b = budget(5, 50);
        b.release();
        assertThat(b.usage().minute()).isEqualTo(1);
    }

    @Test
    void aCallerWaitsForTheOldestSlotOfTheMinuteAndGoesWhenItEnds() throws Exception {
        LocalRateBudget b = budget(2, 100);
        acquireAndRelease(b, 2);
        assertThat(b.waits()).isZero();
        AtomicBoolean got = acquireInBackground(b);
        assertThat(got).isFalse();
        clock.addAndGet(MINUTE - 1);
        b.blockFor(0); // wakes the waiter: one millisecond early, it waits on
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilFalse(got);
        clock.addAndGet(1);
        b.blockFor(0);
        await().atMost(Duration.ofSeconds(5)).untilTrue(got);
        assertThat(b.waits()).isEqualTo(1);
        assertThat(b.usage().minute()).as("the waiter in flight").isEqualTo(1);
    }

    @Test
    void theHourBindsOnItsOwn() throws Exception {
        LocalRateBudget b = budget(100, 3);
        acquireAndRelease(b, 3);
        clock.addAndGet(MINUTE);
        AtomicBoolean got = acquireInBackground(b);
        clock.addAndGet(HOUR - MINUTE - 1);
        b.blockFor(0);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilFalse(got);
        clock.addAndGet(1);
        b.blockFor(0);
        await().atMost(Duration.ofSeconds(5)).untilTrue(got);
        assertThat(b.waits()).isEqualTo(1);
    }

    @Test
    void callsInFlightHoldTheBudgetUntilTheyAreReleased() throws Exception {
        LocalRateBudget b = budget(1, 100);
        b.acquire();
        AtomicBoolean got = acquireInBackground(b);
        clock.addAndGet(10 * HOUR);
        b.blockFor(0);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilFalse(got);
        b.release(); // the release itself wakes the waiter; the slot then counts a minute more
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilFalse(got);
        clock.addAndGet(MINUTE);
        b.blockFor(0);
        await().atMost(Duration.ofSeconds(5)).untilTrue(got);
    }

    @Test
    void aReleaseWakesACallerWaitingOnlyForCallsInFlight() throws Exception {
        LocalRateBudget b = new LocalRateBudget("orderCreate", 1, 100, 0, HOUR, clock::get);
        b.acquire();
        AtomicBoolean got = acquireInBackground(b);
        assertThat(got).isFalse();
        b.release(); // with a minute of 0 the slot stops counting at once: only the release's notify can wake the waiter
        await().atMost(Duration.ofSeconds(5)).untilTrue(got);
    }

    @Test
    void anAnnouncedWaitHoldsEveryCallerUntilItEndsAndNotLonger() throws Exception {
        LocalRateBudget b = budget(100, 1000);
        b.blockFor(30_000);
        assertThat(b.usage().blockedUntil()).isEqualTo(clock.get() + 30_000);
        b.blockFor(10_000);
        assertThat(b.usage().blockedUntil()).as("a shorter wait does not shorten it").isEqualTo(clock.get() + 30_000);
        AtomicBoolean got = acquireInBackground(b);
        clock.addAndGet(29_999);
        b.blockFor(0);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilFalse(got);
        clock.addAndGet(1);
        b.blockFor(0);
        await().atMost(Duration.ofSeconds(5)).untilTrue(got);
        assertThat(b.waits()).isEqualTo(1);
    }

    @Test
    void aCallerAtTheEndOfAnAnnouncedWaitGoesAtOnce() throws Exception {
        LocalRateBudget b = budget(100, 1000);
        b.blockFor(5_000);
        clock.addAndGet(5_000);
        AtomicBoolean got = acquireInBackground(b);
        await().atMost(Duration.ofSeconds(5)).untilTrue(got);
        assertThat(b.waits()).isZero();
    }

    @Test
    void aWaitingCallerWakesByItselfWhenTheRealTimeOfItsWaitHasPassed() throws Exception {
        // on the real clock, with a 1 s minute (the caller starts well within it): nobody notifies, the timed wait alone lets it go
        LocalRateBudget b = new LocalRateBudget("orderCreate", 1, 100, 1000, HOUR, System::currentTimeMillis);
        b.acquire();
        b.release();
        AtomicBoolean got = acquireInBackground(b);
        await().atMost(Duration.ofSeconds(5)).untilTrue(got);
        assertThat(b.waits()).isEqualTo(1);
    }
}
