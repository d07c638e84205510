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
}
