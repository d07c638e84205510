package io.octaneroutes.flow;

import java.util.Map;

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

    @SuppressWarnings("unchecked")
    public void check(Exchange exchange) {
        FlowState state = StepJournal.state(exchange);
        String orderId = (String) state.getIds().get("orderId");
        if (orderId == null) {
            throw new IllegalStateException("no orderId: the order step did not run before the track step");
        }
        OrderRecord order = journal.order(orderId).orElseThrow(() -> new IllegalStateException("order " + orderId + " is not in the order store"));
        switch (order.status()) {
            case Journal.ORDER_DONE -> {
                Map<String, Object> result = order.result() == null ? Map.of() : order.result();
                state.getResults().put(StepJournal.stepName(exchange), result);
                // eSIM flows: "msn = serviceNumber returned in Query Order" (doc-481327 step 7)
                Object detail = result.get("orderQueryResponse");
                if (detail instanceof Map<?, ?> d && d.get("orderItems") instanceof Map<?, ?> items) {
                    for (Object item : items.values()) {
                        if (item instanceof Map<?, ?> i && i.get("msn") != null) {
                            state.getIds().put("msn", i.get("msn"));
                        }
                        // ConnectYou services: the new service's lineSeqNo in the echo (G-CY)
                        if (item instanceof Map<?, ?> i && i.get("lineSeqNo") != null && !state.getIds().containsKey("lineSeqNo")
                                && !state.getParams().containsKey("lineSeqNo")) {
                            state.getIds().put("lineSeqNo", i.get("lineSeqNo"));
                        }
                    }
                }
                exchange.getIn().setBody(result);
            }
            case Journal.ORDER_REJECTED -> throw new OctaneBusinessException("orderQuery", order.octaneStatus(),
                    order.errorMessage() == null ? "order " + orderId + " was " + order.octaneStatus() : order.errorMessage());
            default -> {
                journal.setStatus(state.getRequestId(), Journal.WAITING);
                exchange.setRouteStop(true);
            }
        }
    }

    /** Get Order Detail (NBN) step: the NBN order the flow created, as the poller last read it (G-NBN-ORD). */
    public void checkNbnOrder(Exchange exchange) {
        awaitRest(exchange, "orderId", StepJournal.NBN_ORDER, "getNbnOrder");
    }

    /** Get Enquiry Detail step: the enquiry the flow created (G-DIAG). */
    public void checkEnquiry(Exchange exchange) {
        awaitRest(exchange, "enquiryId", StepJournal.ENQUIRY, "getEnquiry");
    }

    @SuppressWarnings("unchecked")
    private void awaitRest(Exchange exchange, String idName, String prefix, String operation) {
        FlowState state = StepJournal.state(exchange);
        Object id = state.getIds().get(idName);
        if (id == null) {
            throw new IllegalStateException("no " + idName + ": the create step did not run before the track step");
        }
        OrderRecord order = journal.order(prefix + id).orElseThrow(() -> new IllegalStateException(idName + " " + id + " is not in the order store"));
        switch (order.status()) {
            case Journal.ORDER_DONE -> {
                Map<String, Object> result = order.result() == null ? Map.of() : order.result();
                state.getResults().put(StepJournal.stepName(exchange), result);
                Map<String, Object> detail = result.get("response") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
                // what the completed event reports: the service an order made, an enquiry's result
                for (String k : new String[] {"csn", "lineSeqNo", "status"}) {
                    if (detail.get(k) != null) {
                        state.getIds().put("status".equals(k) ? operation.equals("getEnquiry") ? "enquiryStatus" : "orderStatus" : k, detail.get(k));
                    }
                }
                if (detail.get("appointment") instanceof Map<?, ?> a && a.get("date") != null) {
                    state.getIds().put("appointmentDate", a.get("date"));
                }
                if (detail.get("result") instanceof Map<?, ?> r && r.get("summary") != null) {
                    state.getIds().put("result", r.get("summary"));
                }
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
}
