package io.octaneroutes.poller;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.octaneroutes.events.Events;
import io.octaneroutes.flow.FlowRunner;
import io.octaneroutes.gateway.OctaneGateway;
import io.octaneroutes.gateway.OctaneUnreadableException;
import io.octaneroutes.gateway.OrderStatus;
import io.octaneroutes.gateway.RateBudget;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.gateway.TrackedKind;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.OrderRecord;
import io.octaneroutes.journal.Journal.RequestRecord;

/**
 * One tick of the Quartz-driven order poller. It reads only the orders that are due
 * (oldest due first, so a budget shortfall is shared fairly), and for each one: waits for a
 * rate-budget slot of its read, claims the order by moving its next poll one interval ahead
 * (rule R1: never two queries of one order closer than that, even across a crash or several
 * instances), reads it, stores what the answer says ({@link TrackedKind#status}), reports it,
 * and when the order is done dispatches its request again so the flow continues.
 *
 * <p>Bounded (a poll loop always ends in a reason an operator can act on): after
 * {@code octane.poll.max-unreadable} answers in a row that cannot be read (not the SOAP or
 * JSON we know, no status, a status we do not know) or once an order has been followed for
 * {@code octane.poll.max-age}, the order is marked STUCK and its request parked for a person,
 * with the field that could not be read, never a value. An unreadable answer waits a full
 * interval like any other, so reading errors never use the budget faster than R1 allows.
 *
 * <p>The same store holds NBN orders and NBN enquiries (REST, no published limits), read at
 * most once per {@code octane.nbn.poll-interval} (G-NBN-ORD).
 */
public class OrderPoller {
    private static final Logger LOG = LoggerFactory.getLogger(OrderPoller.class);

    private final Journal journal;
    private final Events events;
    private final FlowRunner runner;
    private final RateBudgets budgets;
    private final PollSettings settings;
    private ProducerTemplate template;
    private MeterRegistry meters;

    /** The poller's bounds and intervals. */
    public record PollSettings(Duration minInterval, Duration nbnInterval, Duration readTimeout, int batch,
                               int maxUnreadable, Duration maxAge) {
        Duration interval(TrackedKind kind) {
            return kind == TrackedKind.MOBILE ? minInterval : nbnInterval;
        }
    }

    public OrderPoller(Journal journal, Events events, FlowRunner runner, RateBudgets budgets, PollSettings settings) {
        this.journal = journal;
        this.events = events;
        this.runner = runner;
        this.budgets = budgets;
        this.settings = settings;
    }

    public void setTemplate(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * One tick: reads the due orders, and returns the requests to run now (their order is done,
     * failed or stuck; or the sweep found them: a dead instance's, a lost hand-off, a parked
     * one whose retry time came), which the poller route puts on the work queue.
     */
    public List<String> tick() {
        Set<String> run = new LinkedHashSet<>(runner.toRequeue());
        for (OrderRecord order : journal.dueOrders(System.currentTimeMillis(), settings.batch())) {
            if (template.getCamelContext().isStopping() || Thread.currentThread().isInterrupted()) {
                break; // shutting down: the rest stay due for the next start
            }
            String next = poll(order);
            if (next != null) {
                run.add(next);
            }
        }
        return List.copyOf(run);
    }

    /** Reads one order; returns its request when the flow can go on (the order is no longer pending), else null. */
    private String poll(OrderRecord order) {
        TrackedKind kind = TrackedKind.ofKey(order.orderId());
        Duration interval = settings.interval(kind);
        Optional<RateBudget> budget = budgets.of(kind.pollOperation().name());
        try {
            if (budget.isPresent()) {
                budget.get().acquire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        boolean held = budget.isPresent();
        try {
            long now = System.currentTimeMillis();
            if (!journal.claimPoll(order.orderId(), order.nextPollAt(), now, now + interval.toMillis() + settings.readTimeout().toMillis())) {
                return null; // polled meanwhile by another instance
            }
            if (now - order.submittedAt() > settings.maxAge().toMillis()) {
                stuck(order, kind, "order " + kind.octaneId(order.orderId()) + " is still " + (order.octaneStatus() == null
                        ? "without a final status" : order.octaneStatus()) + " after " + settings.maxAge()
                        + " (octane.poll.max-age): ask Octane about it");
                return order.requestId();
            }
            Exchange exchange = new DefaultExchange(template.getCamelContext());
            exchange.setVariable(OctaneGateway.REQUEST, kind.pollRequest(order.orderId()));
            exchange.setProperty(OctaneGateway.BUDGET_HELD, held);
            held = false; // the call route releases it
            template.send(kind.pollOperation().callUri(), exchange);
            long nextPoll = System.currentTimeMillis() + interval.toMillis();
            Exception failure = exchange.getException();
            if (failure instanceof OctaneUnreadableException unreadable) {
                return unreadable(order, kind, unreadable.getWhat(), nextPoll) ? order.requestId() : null;
            }
            if (failure != null) {
                // the query may have reached Octane: it counts, the next one waits a full interval
                journal.reschedule(order.orderId(), nextPoll);
                LOG.warn("{} of {} failed ({}); next read after {}", kind.pollOperation().name(), order.orderId(), failure.getMessage(), interval);
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = exchange.getIn().getBody(Map.class);
            return record(order, kind, answer, kind.status(answer), nextPoll) ? order.requestId() : null;
        } finally {
            if (held) {
                budget.get().release();
            }
        }
    }

    /** Stores what the answer says; true when the order is no longer pending (its flow goes on). */
    private boolean record(OrderRecord order, TrackedKind kind, Map<String, Object> answer, OrderStatus status, long nextPoll) {
        if (status.state() == OrderStatus.State.UNREADABLE) {
            return unreadable(order, kind, status.what(), nextPoll);
        }
        String storeStatus = switch (status.state()) {
            case DONE -> Journal.ORDER_DONE;
            case FAILED -> Journal.ORDER_REJECTED;
            default -> Journal.ORDER_PENDING;
        };
        String error = status.state() != OrderStatus.State.FAILED ? null : failure(order, kind, status);
        // what the query learnt and its order-status event commit together (issue 15)
        Events.Prepared event = statusEvent(order, kind, status.octaneStatus(), null);
        journal.updateOrder(order.orderId(), storeStatus, status.octaneStatus(), error, answer, nextPoll,
                event == null ? null : c -> events.record(c, event));
        if (event != null) {
            events.publish(event);
        }
        return !Journal.ORDER_PENDING.equals(storeStatus);
    }

    /** Octane's own words for a mobile order's rejection (they are the failed event's errorMessage); the status otherwise. */
    private static String failure(OrderRecord order, TrackedKind kind, OrderStatus status) {
        if (kind == TrackedKind.MOBILE && status.message() != null) {
            return status.message();
        }
        return (kind == TrackedKind.ENQUIRY ? "enquiry " : "order ") + kind.octaneId(order.orderId()) + " was " + status.octaneStatus()
                + (status.message() != null ? ": " + status.message() : "");
    }

    /**
     * An answer we could not read: counted; at the bound, the order is stuck and its request
     * parked with what could not be read (true: the request runs to park).
     */
    private boolean unreadable(OrderRecord order, TrackedKind kind, String what, long nextPoll) {
        countUnreadable(kind);
        int inARow = journal.recordUnreadable(order.orderId(), nextPoll);
        LOG.warn("{} of {}: answer {} of {} in a row could not be read: {}", kind.pollOperation().name(), order.orderId(), inARow,
                settings.maxUnreadable(), what);
        if (inARow >= settings.maxUnreadable()) {
            stuck(order, kind, inARow + " answers in a row to " + kind.pollOperation().name() + " of " + kind.idName() + " "
                    + kind.octaneId(order.orderId()) + " could not be read (" + what + "; octane.poll.max-unreadable)");
            return true;
        }
        report(order, kind, order.octaneStatus(), what);
        return false;
    }

    private void stuck(OrderRecord order, TrackedKind kind, String reason) {
        journal.markStuck(order.orderId(), reason);
        report(order, kind, order.octaneStatus(), reason);
    }

    private void report(OrderRecord order, TrackedKind kind, String octaneStatus, String unreadable) {
        Events.Prepared event = statusEvent(order, kind, octaneStatus, unreadable);
        if (event != null) {
            events.emit(event);
        }
    }

    /** The order-status event of a read of {@code order}; null when its request is gone. */
    private Events.Prepared statusEvent(OrderRecord order, TrackedKind kind, String octaneStatus, String unreadable) {
        String flow = journal.flowOf(order.requestId()).orElse(null);
        if (flow == null) {
            return null;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(kind.idName(), kind.octaneId(order.orderId()));
        extra.put("octaneStatus", octaneStatus);
        extra.put("polls", order.pollCount() + 1);
        extra.put("unreadable", unreadable);
        return events.prepare("order-status", order.requestId(), flow, null, Map.of(), extra);
    }

    private void countUnreadable(TrackedKind kind) {
        MeterRegistry registry = meters(template.getCamelContext());
        if (registry != null) {
            Counter.builder("octane.answers.unreadable").description("Octane answers to order reads that could not be read")
                    .tag("operation", kind.pollOperation().name()).register(registry).increment();
        }
    }

    /** The Micrometer registry camel-main made for /observe/metrics (looked up once it exists). */
    private MeterRegistry meters(CamelContext context) {
        if (meters == null) {
            meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        }
        return meters;
    }
}
