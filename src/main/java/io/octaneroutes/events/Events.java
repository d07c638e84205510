package io.octaneroutes.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.OperationsStore;

/**
 * Builds the events of a request (accepted, step-done, order-submitted, order-status,
 * completed, failed, parked) and records each in the journal ({@code octane_event}), where the
 * instance's {@link EventRelay} picks it up and publishes it on the JMS topic and as one file
 * in the events folder. A step's events are recorded in the step's own transaction
 * ({@link #record}); the relay is woken once it committed ({@link #publish}). Events carry ids
 * and Octane's own error fields, never params: no personal data and no credentials leave
 * through them.
 */
public class Events {
    /** the events' log line, under the logger name the events route had (the demo quiets it) */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("events");
    private final OperationsStore store;
    private final EventRelay relay;

    /**
     * @param store keeps each event for the request's timeline and as the relay's outbox; null keeps none
     * @param relay publishes what the store keeps; null publishes nothing (a subclass may, in tests)
     */
    public Events(OperationsStore store, EventRelay relay) {
        this.store = store;
        this.relay = relay;
    }

    /** Records one event in a transaction of its own and publishes it. */
    public Map<String, Object> emit(String type, FlowState state, String step, Map<String, ?> extra) {
        return emit(type, state.getRequestId(), state.getFlow(), step, state.getIds(), extra);
    }

    public Map<String, Object> emit(String type, String requestId, String flow, String step, Map<String, ?> ids, Map<String, ?> extra) {
        return emit(prepare(type, requestId, flow, step, ids, extra));
    }

    /** Records a prepared event in a transaction of its own and publishes it. */
    public Map<String, Object> emit(Prepared event) {
        String requestId = event.requestId();
        String type = event.type();
        if (store != null) {
            store.recordEvent(requestId, type, event.at(), event.body(), relayOwner());
        }
        publish(event);
        return event.body();
    }

    /** An event built, not yet recorded or published. */
    public record Prepared(String requestId, String type, long at, Map<String, Object> body) {
    }

    public Prepared prepare(String type, FlowState state, String step, Map<String, ?> extra) {
        return prepare(type, state.getRequestId(), state.getFlow(), step, state.getIds(), extra);
    }

    public Prepared prepare(String type, String requestId, String flow, String step, Map<String, ?> ids, Map<String, ?> extra) {
        Instant now = Instant.now();
        return new Prepared(requestId, type, now.toEpochMilli(), body(type, requestId, flow, step, now, ids, extra));
    }

    /**
     * Records {@code event} in the caller's transaction: a journal write and the event it causes
     * commit together, one commit instead of two (issue 15), and the event is in the outbox
     * exactly when the write it reports is journaled. {@link #publish} it once that transaction
     * committed.
     */
    public void record(java.sql.Connection c, Prepared event) throws java.sql.SQLException {
        if (store != null) {
            store.recordEvent(c, event.requestId(), event.type(), event.at(), event.body(), relayOwner());
        }
    }

    /**
     * {@code event} is recorded and committed: logged (the event's line, logger {@code events})
     * and published by the relay (with whatever else is pending) now.
     */
    public void publish(Prepared event) {
        if (LOG.isInfoEnabled()) {
            Object step = event.body().get("step");
            LOG.info("event {} request={} flow={} step={}", event.type(), event.requestId(), event.body().get("flow"), step == null ? "" : step);
        }
        if (relay != null) {
            relay.wake();
        }
    }

    private String relayOwner() {
        return relay == null ? null : relay.owner();
    }

    /** An event as it is published: type, requestId, flow, step, time, then the ids and the extra fields, nulls left out. */
    public static Map<String, Object> body(String type, String requestId, String flow, String step, Instant at, Map<String, ?> ids,
            Map<String, ?> extra) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("requestId", requestId);
        event.put("flow", flow);
        if (step != null) {
            event.put("step", step);
        }
        event.put("at", at.toString());
        for (Map<String, ?> fields : java.util.Arrays.asList(ids, extra)) {
            if (fields != null) {
                fields.forEach((k, v) -> {
                    if (v != null) {
                        event.put(k, v);
                    }
                });
            }
        }
        return event;
    }
}
