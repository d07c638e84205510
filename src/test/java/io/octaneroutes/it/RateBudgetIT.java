package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * With the simulator's orderCreate limit set to 5 per (compressed) minute and our budget set
 * the same, a batch of 20 activations completes without drawing a single fault 233: calls
 * wait for budget instead.
 */
// one instance per class, so that RateBudgetOnPostgresIT overrides start() (see EsimActivationTest)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateBudgetIT {
    static TestApp app;

    @BeforeAll
    void start() throws Exception {
        app = TestApp.start(Map.of(
                "octane.simulator.esim-stock", "25",
                "octane.simulator.rate-limit.minute", "2s",
                "octane.simulator.rate-limit.hour", "1h",
                "octane.simulator.rate-limit.orderCreate", "5/100",
                "octane.rate-limit.minute", "2s",
                "octane.rate-limit.hour", "1h",
                "octane.rate-limit.orderCreate", "5/100",
                "flows.concurrency", "20"));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void twentyActivationsOnABudgetOfFivePerWindowDrawNoFault233() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> "batch-" + i).toList();
        for (String id : ids) {
            app.sendJms(TestApp.esimRequest(id, 554433, 23371, true));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                ids.stream().allMatch(id -> app.journal().find(id).map(r -> Journal.COMPLETED.equals(r.status())).orElse(false)));

        CallLog log = app.simulator().callLog();
        assertThat(log.count("orderCreate")).isEqualTo(20);
        assertThat(log.faults233()).as("fault 233 drawn").isZero();
        // the budget really was the bottleneck: no 2 s window held more than 5 creates, and they were spread out
        List<Long> creates = log.entries().stream().filter(e -> e.operation().equals("orderCreate")).map(CallLog.Entry::realMillis).toList();
        for (long start : creates) {
            assertThat(creates.stream().filter(t -> t >= start && t < start + 2000).count()).isLessThanOrEqualTo(5);
        }
        assertThat(creates.get(creates.size() - 1) - creates.get(0)).isGreaterThanOrEqualTo(6000);
    }
}
