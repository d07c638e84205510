package io.octaneroutes.flow;

import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.camel.Exchange;

import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.OrderRecord;

/**
 * The "Query Order" step of a flow. The flow does not poll: the order was put in the order
 * store when it was created, and the Quartz poller queries it when it is due (rule R1). Here
 * the flow only looks at what the poller last learnt: complete, rejected, or still pending,
 * in which case the run ends and the poller dispatches the request again once the order is done.
 */
public class OrderAwait {
    private final Journal journal;

    public OrderAwait(Journal journal) {
        this.journal = journal;
    }

    /** Query Order step of a mobile (or ConnectYou) order. */
    public void check(Exchange exchange) {
        await(exchange, "orderId", "", "orderQuery", OrderAwait::learnFromOrderQuery);
    }

    /** Get Order Detail (NBN) step: the NBN order the flow created, as the poller last read it (G-NBN-ORD). */
    public void checkNbnOrder(Exchange exchange) {
        await(exchange, "orderId", StepJournal.NBN_ORDER, "getNbnOrder", (state, result) -> learnFromDetail(state, result, "orderStatus"));
    }

    /** Get Enquiry Detail step: the enquiry the flow created (G-DIAG). */
    public void checkEnquiry(Exchange exchange) {
        await(exchange, "enquiryId", StepJournal.ENQUIRY, "getEnquiry", (state, result) -> learnFromDetail(state, result, "enquiryStatus"));
    }

    /**
     * What the poller last learnt of the tracked order: done (the flow goes on, with what the
     * answer tells), failed, or still pending (the run ends; the poller dispatches it again).
     */
    private void await(Exchange exchange, String idName, String keyPrefix, String operation,
                       BiConsumer<FlowState, Map<String, Object>> learn) {
        FlowState state = StepJournal.state(exchange);
        Object id = state.getIds().get(idName);
        if (id == null) {
            throw new IllegalStateException("no " + idName + ": the create step did not run before the track step");
        }
        OrderRecord order = journal.order(keyPrefix + id).orElseThrow(() -> new IllegalStateException(idName + " " + id + " is not in the order store"));
        switch (order.status()) {
            case Journal.ORDER_DONE -> {
                Map<String, Object> result = order.result() == null ? Map.of() : order.result();
                state.getResults().put(StepJournal.stepName(exchange), result);
                learn.accept(state, result);
                exchange.getIn().setBody(result);
            }
            case Journal.ORDER_REJECTED -> throw new OctaneBusinessException(operation, order.octaneStatus(),
                    order.errorMessage() == null ? idName + " " + id + " was " + order.octaneStatus() : order.errorMessage());
            default -> {
                journal.setStatus(state.getRequestId(), Journal.WAITING);
                exchange.setRouteStop(true);
            }
        }
    }

    /** Query Order: "msn = serviceNumber returned in Query Order" (doc-481327 step 7); a new ConnectYou service's lineSeqNo (G-CY). */
    private static void learnFromOrderQuery(FlowState state, Map<String, Object> result) {
        if (result.get("orderQueryResponse") instanceof Map<?, ?> d && d.get("orderItems") instanceof Map<?, ?> items) {
            for (Object item : items.values()) {
                if (item instanceof Map<?, ?> i && i.get("msn") != null) {
                    state.getIds().put("msn", i.get("msn"));
                }
                if (item instanceof Map<?, ?> i && i.get("lineSeqNo") != null && !state.getIds().containsKey("lineSeqNo")
                        && !state.getParams().containsKey("lineSeqNo")) {
                    state.getIds().put("lineSeqNo", i.get("lineSeqNo"));
                }
            }
        }
    }

    /** NBN order or enquiry detail: the service an order made, its appointment, an enquiry's result. */
    private static void learnFromDetail(FlowState state, Map<String, Object> result, String statusName) {
        if (!(result.get("response") instanceof Map<?, ?> detail)) {
            return;
        }
        if (detail.get("status") != null) {
            state.getIds().put(statusName, detail.get("status"));
        }
        for (String k : new String[] {"csn", "lineSeqNo"}) {
            if (detail.get(k) != null) {
                state.getIds().put(k, detail.get(k));
            }
        }
        if (detail.get("appointment") instanceof Map<?, ?> a && a.get("date") != null) {
            state.getIds().put("appointmentDate", a.get("date"));
        }
        if (detail.get("result") instanceof Map<?, ?> r && r.get("summary") != null) {
            state.getIds().put("result", r.get("summary"));
        }
    }
}
