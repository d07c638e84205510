package io.octaneroutes.flow;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

import io.octaneroutes.gateway.AnswerPaths;
import io.octaneroutes.gateway.OctaneGateway;
import io.octaneroutes.gateway.OctaneUncertainException;
import io.octaneroutes.gateway.SoapOperation;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.Journal;

/**
 * G-IDEMP: Octane has no idempotency key, so a create whose answer was lost is never re-sent
 * blindly. For a mobile order the selected MSN tells what happened: Octane consumes it with
 * the order (G-RES). Still SELECTED: the order was not created, and it is safe to send it
 * again. Anything else: the order exists but its orderId never reached us; the request is
 * parked with exactly that said.
 */
public class Reconciler {
    private static final String CREATE = SoapOperation.orderCreate.name();
    private final Journal journal;
    private final Duration settle;
    private ProducerTemplate template;

    public Reconciler(Journal journal, Duration settle) {
        this.journal = journal;
        this.settle = settle;
    }

    public void setTemplate(ProducerTemplate template) {
        this.template = template;
    }

    /** Returns normally when the orderCreate of this step certainly did not happen (its marker is cleared); throws otherwise. */
    @SuppressWarnings("unchecked")
    public void orderCreateNotApplied(Exchange exchange) throws InterruptedException {
        FlowState state = StepJournal.state(exchange);
        String step = StepJournal.stepName(exchange);
        Object msn = state.getIds().get("msn");
        OctaneUncertainException cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, OctaneUncertainException.class);
        String why = cause == null ? "its answer was lost" : cause.getMessage().replaceFirst("^" + CREATE + " outcome unknown: ", "");
        if (msn == null) {
            throw new OctaneUncertainException(CREATE, why + "; no MSN to check it against", cause);
        }
        // let a request that is still being processed on Octane's side land before looking
        Thread.sleep(settle.toMillis());
        Exchange query = new DefaultExchange(exchange.getContext());
        query.setVariable(OctaneGateway.REQUEST, Map.of("queryValue", String.valueOf(msn)));
        template.send(SoapOperation.queryResources.callUri(), query);
        if (query.getException() != null) {
            throw new OctaneUncertainException(CREATE, why + "; checking MSN " + msn + " failed too ("
                    + query.getException().getMessage() + ")", cause);
        }
        Map<String, Object> answer = query.getIn().getBody(Map.class);
        String status = AnswerPaths.text(answer, "pooledResources.internalStatus"); // G-SIM
        if (status == null) {
            status = "unknown";
        }
        if (!"SELECTED".equals(status)) {
            throw new OctaneUncertainException(CREATE, why + "; MSN " + msn + " is now " + status
                    + ", so Octane most likely created the order, but its orderId never reached us: find the order for MSN "
                    + msn + " in Octane", cause);
        }
        journal.clearStartedStep(state.getRequestId(), step);
    }
}
