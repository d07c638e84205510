package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RateBudgetTest {

    /** Every call is recorded as [sent, answered]; any window of one "minute" must see at most perMinute of them. */
    @Test
    void noWindowEverSeesMoreCallsThanTheBudgetUnderConcurrency() throws Exception {
        long minute = 300;
        RateBudget budget = new LocalRateBudget("orderCreate", 5, 1000, minute, 60_000, System::currentTimeMillis);
        List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 20; i++) {
            pool.submit(() -> {
                budget.acquire();
                long sent = System.currentTimeMillis();
                Thread.onSpinWait();
                long answered = System.currentTimeMillis();
                calls.add(new long[] {sent, answered});
                budget.release();
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).hasSize(20);
        // Octane may count a call at any instant between send and answer: take the worst case,
        // the send time, and check every window that starts at a call.
        for (long[] start : calls) {
            long inWindow = calls.stream().filter(c -> c[0] >= start[0] && c[0] < start[0] + minute).count();
            assertThat(inWindow).as("calls sent within one window after %d", start[0]).isLessThanOrEqualTo(5);
        }
        assertThat(budget.waits()).as("20 calls on a budget of 5 must have waited").isGreaterThan(0);
    }

    @Test
    void hourBudgetBindsWhenSmallerThanMinuteBudget() throws Exception {
        RateBudget budget = new LocalRateBudget("reserveResources", 50, 3, 100, 400, System::currentTimeMillis);
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < 4; i++) {
            budget.acquire();
            budget.release();
        }
        assertThat(System.currentTimeMillis() - t0).as("4th call waits for the hour window").isGreaterThanOrEqualTo(390);
    }

    @Test
    void announcedWaitBlocksEveryCaller() throws Exception {
        RateBudget budget = new LocalRateBudget("orderQuery", 100, 2000, 60_000, 3_600_000, System::currentTimeMillis);
        budget.blockFor(300);
        long t0 = System.currentTimeMillis();
        budget.acquire();
        budget.release();
        assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(290);
    }

    @Test
    void readsTheWaitAnnouncedByFault233() {
        assertThat(FaultClassifier.announcedWait("API rate limit has been exceeded for this operation - please try again in: 00:42"))
                .isEqualTo(42_000);
        assertThat(FaultClassifier.announcedWait("... please try again in: 1:02:03")).isEqualTo(3_723_000);
        assertThat(FaultClassifier.announcedWait("... please try again in: 15 seconds")).isEqualTo(15_000);
        assertThat(FaultClassifier.announcedWait("API rate limit has been exceeded")).isEqualTo(FaultClassifier.DEFAULT_RATE_LIMIT_WAIT);
    }
}
