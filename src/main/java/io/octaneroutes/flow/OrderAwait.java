package io.octaneroutes.flow;

import java.util.Map;

import org.apache.camel.Exchange;

import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.TrackedKind;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.OrderRecord;

/**
 * The "Query Order" step of a flow. The flow does not poll: the order was put in the order
 * store when it was created, and the Quartz poller queries it when it is due (rule R1). Here
 * the flow only looks at what the poller last learnt: complete, rejected, stuck (the poller gave
 * up reading it), or still pending, in which case the run ends and the poller dispatches the
 * request again once the order is done.
 */
public class OrderAwait {
    private final Journal journal;

    public OrderAwait(Journal journal) {
        this.journal = journal;
    }

    /** Query Order step of a mobile (or ConnectYou) order. */
    public void check(Exchange exchange) {
        await(exchange, TrackedKind.MOBILE);
    }

    /** Get Order Detail (NBN) step: the NBN order the flow created, as the poller last read it (G-NBN-ORD). */
    public void checkNbnOrder(Exchange exchange) {
        await(exchange, TrackedKind.NBN);
    }

    /** Get Enquiry Detail step: the enquiry the flow created (G-DIAG). */
    public void checkEnquiry(Exchange exchange) {
        await(exchange, TrackedKind.ENQUIRY);
    }

    private void await(Exchange exchange, TrackedKind kind) {
        FlowState state = StepJournal.state(exchange);
        Object id = state.getIds().get(kind.idName());
        if (id == null) {
            throw new IllegalStateException("no " + kind.idName() + ": the create step did not run before the track step");
        }
        OrderRecord order = journal.order(kind.key(id))
                .orElseThrow(() -> new IllegalStateException(kind.idName() + " " + id + " is not in the order store"));
        String operation = kind.pollOperation().name();
        switch (order.status()) {
            case Journal.ORDER_DONE -> {
                Map<String, Object> result = order.result() == null ? Map.of() : order.result();
                state.getResults().put(StepJournal.stepName(exchange), result);
                // what the completed order tells: the service number it made (Query Order's msn), the appointment ...
                kind.learnt(result).forEach((k, v) -> {
                    if ("lineSeqNo".equals(k) && (state.getIds().containsKey(k) || state.getParams().containsKey(k))) {
                        return; // the service the request named stays the one it names
                    }
                    state.getIds().put(k, v);
                });
                exchange.getIn().setBody(result);
            }
            case Journal.ORDER_REJECTED -> throw new OctaneBusinessException(operation, order.octaneStatus(),
                    order.errorMessage() == null ? kind.idName() + " " + id + " was " + order.octaneStatus() : order.errorMessage());
            case Journal.ORDER_STUCK -> throw new OrderStuckException(operation, order.errorMessage());
            default -> {
                journal.setStatus(state.getRequestId(), Journal.WAITING);
                exchange.setRouteStop(true);
            }
        }
    }
}
