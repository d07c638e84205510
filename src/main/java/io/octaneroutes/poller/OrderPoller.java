package io.octaneroutes.poller;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.octaneroutes.events.Events;
import io.octaneroutes.flow.FlowRunner;
import io.octaneroutes.flow.StepJournal;
import io.octaneroutes.gateway.RateBudget;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.OrderRecord;
import io.octaneroutes.journal.Journal.RequestRecord;

/**
 * One tick of the Quartz-driven order poller. It reads only the orders that are due
 * (oldest due first, so a budget shortfall is shared fairly), and for each one: waits for an
 * orderQuery slot of the rate budget, claims the order by moving its next poll one
 * {@code octane.poll.min-interval} ahead (rule R1: never two queries of one order closer than
 * that, even across a crash or several instances), queries it, stores the answer, reports
 * it, and when the order is done dispatches its request again so the flow continues.
 *
 * <p>The same store holds NBN orders and NBN enquiries (REST, no published limits), keyed
 * {@code nbn:<orderId>} and {@code enquiry:<enquiryId>} and read by Get Order Detail / Get
 * Enquiry Detail at most once per {@code octane.nbn.poll-interval} (G-NBN-ORD).
 */
public class OrderPoller {
    private static final Logger LOG = LoggerFactory.getLogger(OrderPoller.class);

    private final Journal journal;
    private final Events events;
    private final FlowRunner runner;
    private final RateBudgets budgets;
    private final Duration minInterval;
    private final Duration nbnInterval;
    private final Duration readTimeout;
    private final int batch;
    private ProducerTemplate template;

    public OrderPoller(Journal journal, Events events, FlowRunner runner, RateBudgets budgets, Duration minInterval,
                       Duration nbnInterval, Duration readTimeout, int batch) {
        this.nbnInterval = nbnInterval;
        this.readTimeout = readTimeout;
        this.journal = journal;
        this.events = events;
        this.runner = runner;
        this.budgets = budgets;
        this.minInterval = minInterval;
        this.batch = batch;
    }

    public void setTemplate(ProducerTemplate template) {
        this.template = template;
    }

    public int tick() {
        runner.resume(false); // parked requests whose retry time has come
        int polled = 0;
        for (OrderRecord order : journal.dueOrders(System.currentTimeMillis(), batch)) {
            if (template.getCamelContext().isStopping() || Thread.currentThread().isInterrupted()) {
                break; // shutting down: the rest stay due for the next start
            }
            if (poll(order)) {
                polled++;
            }
        }
        return polled;
    }

    /** What a key of the order store is: a mobile order (orderQuery), an NBN order or an NBN enquiry. */
    enum Kind {
        MOBILE("", "orderQuery", "orderId"), NBN(StepJournal.NBN_ORDER, "getNbnOrder", "orderId"),
        ENQUIRY(StepJournal.ENQUIRY, "getEnquiry", "enquiryId");

        final String prefix;
        final String operation;
        final String idName;

        Kind(String prefix, String operation, String idName) {
            this.prefix = prefix;
            this.operation = operation;
            this.idName = idName;
        }

        static Kind of(String key) {
            return key.startsWith(NBN.prefix) ? NBN : key.startsWith(ENQUIRY.prefix) ? ENQUIRY : MOBILE;
        }

        String octaneId(String key) {
            return key.substring(prefix.length());
        }
    }

    private boolean poll(OrderRecord order) {
        Kind kind = Kind.of(order.orderId());
        Duration interval = kind == Kind.MOBILE ? minInterval : nbnInterval;
        Optional<RateBudget> budget = kind == Kind.MOBILE ? budgets.of("orderQuery") : Optional.empty();
        try {
            if (budget.isPresent()) {
                budget.get().acquire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Exchange exchange = new DefaultExchange(template.getCamelContext());
        boolean held = budget.isPresent();
        try {
            long now = System.currentTimeMillis();
            if (!journal.claimPoll(order.orderId(), order.nextPollAt(), now, now + interval.toMillis() + readTimeout.toMillis())) {
                return false; // polled meanwhile by another instance
            }
            exchange.setVariable(StepJournal.REQUEST, Map.of(kind.idName, kind.octaneId(order.orderId())));
            exchange.setProperty("octaneBudgetHeld", held);
            held = false; // the call route releases it
            template.send("direct:call-" + kind.operation, exchange);
            long answered = System.currentTimeMillis();
            if (exchange.getException() != null) {
                // the query may have reached Octane: it counts, the next one waits a full interval
                journal.reschedule(order.orderId(), answered + interval.toMillis());
                LOG.warn("{} of {} failed ({}); next query after {}", kind.operation, order.orderId(),
                        exchange.getException().getMessage(), interval);
                return true;
            }
            record(order, kind, exchange.getIn().getBody(Map.class), answered + interval.toMillis());
            return true;
        } finally {
            if (held) {
                budget.get().release();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void record(OrderRecord order, Kind kind, Map<String, Object> response, long nextPollAt) {
        RequestRecord request = journal.find(order.requestId()).orElse(null);
        Object code = response.get("errorCode");
        Object success = response.get("success");
        String status;
        String octaneStatus;
        String error = null;
        if ((code != null && !"0".equals(String.valueOf(code))) || "false".equalsIgnoreCase(String.valueOf(success))) {
            // Octane no longer knows the order (e.g. errorCode 60): nothing will ever complete it
            status = Journal.ORDER_REJECTED;
            octaneStatus = "ERROR " + code;
            error = String.valueOf(response.get("errorMessage"));
        } else if (kind == Kind.MOBILE) {
            Map<String, Object> detail = response.get("orderQueryResponse") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
            octaneStatus = detail.get("internalStatus") != null ? String.valueOf(detail.get("internalStatus")) : null;
            if ("COMMITTED".equals(octaneStatus) || "COMPLETE".equals(octaneStatus)) {
                status = Journal.ORDER_DONE; // G-STATE: COMMITTED and COMPLETE are success
            } else if ("REJECTED".equals(octaneStatus) || "CANCELLED".equals(octaneStatus)) {
                status = Journal.ORDER_REJECTED;
                Object m = detail.get("errorMessage") != null ? detail.get("errorMessage") : response.get("errorMessage");
                error = m != null ? String.valueOf(m) : "order " + order.orderId() + " was " + octaneStatus;
            } else {
                status = Journal.ORDER_PENDING;
            }
        } else {
            // G-NBN-ORD: Completed is done; Cancelled and Rejected are final failures.
            // G-DIAG: an enquiry is Completed (a result) or Failed.
            Map<String, Object> detail = response.get("response") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
            octaneStatus = detail.get("status") != null ? String.valueOf(detail.get("status")) : null;
            if ("Completed".equalsIgnoreCase(String.valueOf(octaneStatus))) {
                status = Journal.ORDER_DONE;
            } else if (List.of("cancelled", "rejected", "failed").contains(String.valueOf(octaneStatus).toLowerCase())) {
                status = Journal.ORDER_REJECTED;
                Object result = detail.get("result") instanceof Map<?, ?> r ? r.get("summary") : null;
                Object m = detail.get("errorMessage") != null ? detail.get("errorMessage") : result;
                error = (kind == Kind.NBN ? "order " : "enquiry ") + kind.octaneId(order.orderId()) + " was " + octaneStatus
                        + (m != null ? ": " + m : "");
            } else {
                status = Journal.ORDER_PENDING;
            }
        }
        journal.updateOrder(order.orderId(), status, octaneStatus, error, response, nextPollAt);
        if (request != null) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put(kind.idName, kind.octaneId(order.orderId()));
            extra.put("octaneStatus", octaneStatus);
            extra.put("polls", order.pollCount() + 1);
            events.emit("order-status", request.requestId(), request.flow(), null, Map.of(), extra);
            if (!Journal.ORDER_PENDING.equals(status)) {
                runner.dispatch(request.requestId());
            }
        }
    }
}
