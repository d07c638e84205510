package io.octaneroutes.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.octaneroutes.gateway.RateBudget;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.gateway.TrackedKind;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.OperationsStore;

/**
 * Our metrics beside Camel's, on the Micrometer registry Camel serves at {@code /observe/metrics}
 * (Prometheus names {@code octane_*}):
 * <ul>
 * <li>{@code octane_requests{status}}: requests in the journal by status (every status always
 * present, 0 included); {@code octane_requests_parked}: the parked ones, the number to alert on;</li>
 * <li>{@code octane_budget_slots{method,window}} / {@code octane_budget_limit{method,window}}:
 * per SOAP web method, the calls that count in the current minute and hour windows (in flight
 * included) against the budget; {@code octane_budget_blocked_seconds{method}}: what is left of a
 * wait Octane announced (fault 233); {@code octane_budget_waits_total{method}}: acquires of this
 * instance that had to wait for a slot;</li>
 * <li>{@code octane_poll_followed}, {@code octane_poll_due}: orders followed and due for a read
 * now; {@code octane_poll_lag_seconds}: how long the oldest due order has waited;</li>
 * <li>{@code octane_answers_unreadable_total{operation}}: answers to order reads that could not be
 * read (counted by the poller; registered here at 0 so that a rate() works from the start).</li>
 * </ul>
 * The gauges read one snapshot, taken from the journal (and, with shared budgets, PostgreSQL) at
 * most once per {@link #maxAge}: a scrape reads every gauge, and several Prometheus servers
 * (or a scrape storm) must not turn into a query per gauge each. Taking a snapshot is
 * single-flight: while one is being taken, other scrapes get the previous one (a database
 * that hangs holds up one scrape, not all). Micrometer has no snapshot-per-scrape hook, hence
 * this small cache.
 */
public final class OctaneMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(OctaneMetrics.class);
    /** Every status the journal knows, so that each series exists from the start. */
    static final List<String> STATUSES = List.of(Journal.ACCEPTED, Journal.RUNNING, Journal.WAITING, Journal.AWAITING_INPUT,
            Journal.PARKED, Journal.COMPLETED, Journal.FAILED);

    private final OperationsStore store;
    private final RateBudgets budgets;
    private final Duration maxAge;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Snapshot snapshot = new Snapshot(-1, Map.of(), Map.of(), new OperationsStore.Backlog(0, null, 0), 0);
    private final Map<String, Boolean> statusGauges = new ConcurrentHashMap<>();

    record Snapshot(long at, Map<String, Long> byStatus, Map<String, RateBudget.Usage> usage, OperationsStore.Backlog backlog,
                    long unpublishedEvents) {
    }

    public OctaneMetrics(OperationsStore store, RateBudgets budgets, Duration maxAge, Clock clock) {
        this.store = store;
        this.budgets = budgets;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Registers every meter on the registry. */
    public OctaneMetrics bindTo(MeterRegistry registry) {
        for (String status : STATUSES) {
            statusGauge(registry, status);
        }
        Gauge.builder("octane.requests.parked", this, m -> m.snapshot().byStatus().getOrDefault(Journal.PARKED, 0L))
                .description("Requests parked for a person (or an automatic resume)").strongReference(true).register(registry);
        for (RateBudget b : budgets.all().values()) {
            String method = b.method();
            Gauge.builder("octane.budget.slots", this, m -> usage(m, method).minute()).tags("method", method, "window", "minute")
                    .description("Calls of the web method counting in the current budget window, in flight included").strongReference(true).register(registry);
            Gauge.builder("octane.budget.slots", this, m -> usage(m, method).hour()).tags("method", method, "window", "hour")
                    .description("Calls of the web method counting in the current budget window, in flight included").strongReference(true).register(registry);
            if (b.perMinute() != Integer.MAX_VALUE) {
                Gauge.builder("octane.budget.limit", b, RateBudget::perMinute).tags("method", method, "window", "minute")
                        .description("The web method's budget per window (octane.rate-limit.<method>)").strongReference(true).register(registry);
            }
            if (b.perHour() != Integer.MAX_VALUE) {
                Gauge.builder("octane.budget.limit", b, RateBudget::perHour).tags("method", method, "window", "hour")
                        .description("The web method's budget per window (octane.rate-limit.<method>)").strongReference(true).register(registry);
            }
            Gauge.builder("octane.budget.blocked", this, m -> Math.max(0, usage(m, method).blockedUntil() - m.clock.millis()) / 1000.0)
                    .tags("method", method).baseUnit("seconds")
                    .description("What is left of a wait Octane announced for the web method (fault 233)").strongReference(true).register(registry);
            FunctionCounter.builder("octane.budget.waits", b, RateBudget::waits).tags("method", method)
                    .description("Calls of this instance that waited for a slot of the web method's budget").register(registry);
        }
        Gauge.builder("octane.poll.followed", this, m -> m.snapshot().backlog().followed())
                .description("Orders the poller follows (pending in Octane)").strongReference(true).register(registry);
        Gauge.builder("octane.poll.due", this, m -> m.snapshot().backlog().due())
                .description("Orders due for a read now (the poller's backlog)").strongReference(true).register(registry);
        Gauge.builder("octane.poll.lag", this, m -> {
            Snapshot s = m.snapshot();
            Long since = s.backlog().oldestDueSince();
            return since == null ? 0 : Math.max(0, s.at() - since) / 1000.0;
        }).baseUnit("seconds").description("How long the oldest due order has waited for its read").strongReference(true).register(registry);
        Gauge.builder("octane.events.unpublished", this, m -> m.snapshot().unpublishedEvents())
                .description("Events journaled but not yet on the topic and in the outbox folder (the relays' backlog, all instances)")
                .strongReference(true).register(registry);
        for (TrackedKind kind : TrackedKind.values()) {
            unreadable(registry, kind.pollOperation().name());
        }
        return this;
    }

    /** The counter of answers to an order read that could not be read (the poller increments it). */
    public static Counter unreadable(MeterRegistry registry, String operation) {
        return Counter.builder("octane.answers.unreadable").description("Octane answers to order reads that could not be read")
                .tag("operation", operation).register(registry);
    }

    private void statusGauge(MeterRegistry registry, String status) {
        statusGauges.computeIfAbsent(status, s -> {
            Gauge.builder("octane.requests", this, m -> m.snapshot().byStatus().getOrDefault(s, 0L)).tag("status", s)
                    .description("Requests in the journal by status").strongReference(true).register(registry);
            return true;
        });
    }

    private static RateBudget.Usage usage(OctaneMetrics m, String method) {
        return m.snapshot().usage().getOrDefault(method, new RateBudget.Usage(0, 0, 0));
    }

    /** The current snapshot, taken again when older than maxAge (by one caller; the others keep the previous one meanwhile). */
    Snapshot snapshot() {
        Snapshot s = snapshot;
        long now = clock.millis();
        if (s.at() >= 0 && now - s.at() < maxAge.toMillis()) {
            return s;
        }
        if (!refreshing.tryLock()) {
            return s;
        }
        try {
            if (snapshot != s) {
                return snapshot;
            }
            Map<String, RateBudget.Usage> usage = new ConcurrentHashMap<>();
            budgets.all().values().forEach(b -> usage.put(b.method(), b.usage()));
            snapshot = new Snapshot(now, store.countByStatus(), usage, store.backlog(now), store.unpublishedEvents());
        } catch (RuntimeException e) {
            // the last snapshot stays; the readiness check (octane-database) says why
            LOG.debug("metrics snapshot not taken: {}", e.toString());
            snapshot = new Snapshot(now, s.byStatus(), s.usage(), s.backlog(), s.unpublishedEvents());
        } finally {
            refreshing.unlock();
        }
        return snapshot;
    }
}
