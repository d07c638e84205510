package io.octaneroutes.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.RateBudget;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.OperationsStore;

/** The octane_* gauges read one cached snapshot: the journal is asked at most once per max age, however often they are read. */
class OctaneMetricsTest {
    private final AtomicInteger queries = new AtomicInteger();
    private long now = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private Map<String, Long> counts = Map.of(Journal.PARKED, 2L, Journal.COMPLETED, 5L);
    private OperationsStore.Backlog backlog = new OperationsStore.Backlog(3, now - 90_000, 7);
    private long unpublished = 4;

    private final OperationsStore store = new OperationsStore(new Journal(null, new ObjectMapper())) {
        @Override
        public Map<String, Long> countByStatus() {
            queries.incrementAndGet();
            if (counts == null) {
                throw new IllegalStateException("journal read failed: the database is away");
            }
            return counts;
        }

        @Override
        public Backlog backlog(long at) {
            return backlog;
        }

        @Override
        public long unpublishedEvents() {
            return unpublished;
        }
    };

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @Test
    void gaugesReadOneSnapshotPerMaxAge() throws Exception {
        RateBudgets budgets = new RateBudgets(new RateBudgets.Limits("demo", "http://127.0.0.1/tiab", Map.of("orderCreate", new int[] {5, 50}),
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(2)));
        RateBudget orderCreate = budgets.of("orderCreate").orElseThrow();
        orderCreate.acquire();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new OctaneMetrics(store, budgets, Duration.ofSeconds(5), clock).bindTo(registry);

        assertThat(registry.get("octane.requests").tag("status", "PARKED").gauge().value()).isEqualTo(2);
        assertThat(registry.get("octane.requests").tag("status", "COMPLETED").gauge().value()).isEqualTo(5);
        assertThat(registry.get("octane.requests").tag("status", "RUNNING").gauge().value()).isZero();
        assertThat(registry.get("octane.requests.parked").gauge().value()).isEqualTo(2);
        assertThat(registry.get("octane.poll.due").gauge().value()).isEqualTo(3);
        assertThat(registry.get("octane.poll.followed").gauge().value()).isEqualTo(7);
        assertThat(registry.get("octane.poll.lag").gauge().value()).isEqualTo(90);
        assertThat(registry.get("octane.events.unpublished").gauge().value()).isEqualTo(4);
        assertThat(registry.get("octane.budget.slots").tags("method", "orderCreate", "window", "minute").gauge().value()).isEqualTo(1);
        assertThat(registry.get("octane.budget.limit").tags("method", "orderCreate", "window", "hour").gauge().value()).isEqualTo(50);
        assertThat(queries.get()).isEqualTo(1);

        // a scrape storm within the max age: the same snapshot, no query
        counts = Map.of(Journal.PARKED, 9L);
        now += 4_000;
        for (int i = 0; i < 100; i++) {
            registry.get("octane.requests.parked").gauge().value();
        }
        assertThat(registry.get("octane.requests.parked").gauge().value()).isEqualTo(2);
        assertThat(queries.get()).isEqualTo(1);

        // older than the max age: one new snapshot
        now += 1_000;
        assertThat(registry.get("octane.requests.parked").gauge().value()).isEqualTo(9);
        assertThat(registry.get("octane.requests").tag("status", "COMPLETED").gauge().value()).isZero();
        assertThat(queries.get()).isEqualTo(2);
        orderCreate.release();
    }

    @Test
    void aFailingJournalKeepsTheLastSnapshot() {
        RateBudgets budgets = new RateBudgets(new RateBudgets.Limits("demo", "http://127.0.0.1/tiab", Map.of(),
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(2)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new OctaneMetrics(store, budgets, Duration.ofSeconds(5), clock).bindTo(registry);
        assertThat(registry.get("octane.requests.parked").gauge().value()).isEqualTo(2);
        counts = null; // the journal cannot be read now
        now += 10_000;
        assertThat(registry.get("octane.requests.parked").gauge().value()).isEqualTo(2);
        assertThat(registry.get("octane.answers.unreadable").tag("operation", "orderQuery").counter().count()).isZero();
    }
}
