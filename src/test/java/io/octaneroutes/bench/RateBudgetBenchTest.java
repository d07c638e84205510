package io.octaneroutes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The arithmetic BENCHMARKS.md section 1 rests on: the fastest schedule a budget allows, and window peaks. */
class RateBudgetBenchTest {
    @Test
    void theFastestScheduleOfABudgetIsBoundByItsMinuteOrItsHour() {
        // 50/min, 500/h: 500 calls go in 10 bursts, the last one 9 minutes after the first
        assertThat(RateBudgetBench.idealSpan(500, 50, 500, 60_000, 3_600_000)).isEqualTo(9 * 60_000);
        // the 501st has to wait for the first to leave the hour, then the minute budget paces again
        assertThat(RateBudgetBench.idealSpan(1000, 50, 500, 60_000, 3_600_000)).isEqualTo(3_600_000 + 9 * 60_000);
        assertThat(RateBudgetBench.idealSpan(50, 50, 500, 60_000, 3_600_000)).isZero();
        assertThat(RateBudgetBench.idealSpan(0, 50, 500, 60_000, 3_600_000)).isZero();
    }

    @Test
    void countsTheMostCallsInAnySlidingWindowAndInAnyFixedOne() {
        // sliding 1000 ms: 900..1800 holds three; fixed windows [0,1000) and [1000,2000) hold two and two
        int[] most = RateBudgetBench.mostInWindow(List.of(100L, 900L, 1500L, 1800L, 3500L), 1000);
        assertThat(most[0]).isEqualTo(3);
        assertThat(most[1]).isEqualTo(2);
    }
}
