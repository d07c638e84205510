package io.octaneroutes.flow;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Exchange;

import io.octaneroutes.events.Events;
import io.octaneroutes.gateway.OctaneGateway;
import io.octaneroutes.gateway.OctaneOperation;
import io.octaneroutes.gateway.OctaneUncertainException;
import io.octaneroutes.gateway.StepListener;
import io.octaneroutes.gateway.TrackedKind;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.Journal;

/**
 * Journals every Octane call a flow makes (the gateway's {@link StepListener}), so a flow can be
 * replayed after a crash or after waiting for an order: a step whose outcome is journaled is
 * not called again, its journaled answer is used instead. The step's name is the id of the YAML
 * {@code step} that wraps the call (Camel sets it as the {@code CamelStepId} property), or the
 * operation's name.
 */
public class StepJournal implements StepListener {
    public static final String STATE = "state";

    private final Journal journal;
    private final Events events;
    private final Duration pollInterval;
    private final Duration nbnPollInterval;

    public StepJournal(Journal journal, Events events, Duration pollInterval, Duration nbnPollInterval) {
        this.nbnPollInterval = nbnPollInterval;
        this.journal = journal;
        this.events = events;
        this.pollInterval = pollInterval;
    }

    public static FlowState state(Exchange exchange) {
        FlowState state = exchange.getVariable(STATE, FlowState.class);
        if (state == null) {
            throw new IllegalStateException("no flow state on the exchange: Octane steps run inside a dispatched flow");
        }
        return state;
    }

    public static String stepName(Exchange exchange) {
        String step = exchange.getProperty(Exchange.STEP_ID, String.class);
        return step != null ? step : exchange.getVariable(OctaneGateway.OPERATION, String.class);
    }

    @Override
    public Map<String, Object> recorded(Exchange exchange, OctaneOperation op) {
        return state(exchange).getResults().get(stepName(exchange));
    }

    /**
     * If an earlier attempt of a create was already sent and never recorded (the process died,
     * or its answer was lost), nothing is sent: Octane has no idempotency key, so the outcome
     * must be looked up first (G-IDEMP).
     */
    @Override
    public void begin(Exchange exchange, OctaneOperation op) {
        if (!op.create()) {
            return;
        }
        FlowState state = state(exchange);
        String step = stepName(exchange);
        journal.step(state.getRequestId(), step).filter(s -> Journal.STEP_STARTED.equals(s.status())).ifPresent(s -> {
            throw new OctaneUncertainException(op.name(), "an earlier attempt of step '" + step
                    + "' was sent to Octane and its answer was never recorded", null);
        });
    }

    /**
     * A create: writes the STARTED marker just before the request goes on the wire (after the
     * rate budget granted a slot). A request still waiting for budget when the process dies has
     * sent nothing, and is not mistaken for an uncertain create after the restart.
     * <p>
     * A read writes nothing before it is sent: sending it again after a crash changes nothing in
     * Octane, so a marker would be a transaction per call for no guarantee (issue 15). When it was
     * first sent and how many attempts it took are kept on the exchange and journaled with its
     * answer, for the request's timeline.
     */
    @Override
    public void sending(Exchange exchange, OctaneOperation op) {
        String step = stepName(exchange);
        if (op.create()) {
            journal.startStep(state(exchange).getRequestId(), step, op.name());
            return;
        }
        ReadSent sent = exchange.getVariable(READ_SENT, ReadSent.class);
        if (sent == null || !sent.step().equals(step)) {
            exchange.setVariable(READ_SENT, new ReadSent(step, System.currentTimeMillis(), 1));
        } else {
            exchange.setVariable(READ_SENT, new ReadSent(step, sent.startedAt(), sent.attempts() + 1));
        }
    }

    /** Exchange variable: the read step being sent, when it was first sent and its attempts so far. */
    static final String READ_SENT = "octaneReadSent";

    record ReadSent(String step, long startedAt, int attempts) {
    }

    /** Journals the answer with the ids it carries (and the order it starts, if any), then reports the step. */
    @Override
    public void completed(Exchange exchange, OctaneOperation op, Map<String, Object> answer, Map<String, Object> ids) {
        FlowState state = state(exchange);
        String step = stepName(exchange);
        state.getIds().putAll(ids);
        TrackedKind kind = op.answer().tracks();
        Object trackedId = kind == null ? null : ids.get(kind.idName());
        String orderKey = trackedId == null ? null : kind.key(trackedId);
        Duration interval = kind == TrackedKind.MOBILE ? pollInterval : nbnPollInterval;
        long firstPoll = System.currentTimeMillis() + interval.toMillis(); // R1: first query one interval after the create
        ReadSent sent = exchange.removeVariable(READ_SENT) instanceof ReadSent r && r.step().equals(step) ? r : null;
        // the step's outcome and the records of the events it causes: one transaction; published once committed
        java.util.List<Events.Prepared> caused = new java.util.ArrayList<>(2);
        caused.add(events.prepare("step-done", state, step, Map.of("operation", op.name())));
        if (orderKey != null) {
            caused.add(events.prepare("order-submitted", state, step, Map.of("operation", op.name())));
        }
        journal.completeStep(state.getRequestId(), step, op.name(), answer, state.getIds(), orderKey, firstPoll,
                sent == null ? 0 : sent.startedAt(), sent == null ? 1 : sent.attempts(), c -> {
                    for (Events.Prepared event : caused) {
                        events.record(c, event);
                    }
                });
        state.getResults().put(step, answer);
        caused.forEach(events::publish);
    }
}
