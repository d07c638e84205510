package io.octaneroutes.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.ProducerTemplate;

import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.OperationsStore;

/**
 * Builds the events of a request (accepted, step-done, order-submitted, order-status,
 * completed, failed, parked) and hands them to the {@code events} route, which publishes each
 * on the JMS topic and as one file in the outbox. Events carry ids and Octane's own error
 * fields, never params: no personal data and no credentials leave through them.
 */
public class Events {
    public static final String ROUTE = "direct:octane-event";
    public static final String FILE_NAME_HEADER = "CamelFileName";

    private final ProducerTemplate template;
    private final OperationsStore store;
    /** orders files of one millisecond; starts from the clock so names keep sorting across restarts. */
    private final AtomicLong sequence = new AtomicLong();

    /** @param store keeps each event for the request's timeline (operations API and console); null keeps none */
    public Events(ProducerTemplate template, OperationsStore store) {
        this.template = template;
        this.store = store;
    }

    public Map<String, Object> emit(String type, FlowState state, String step, Map<String, ?> extra) {
        return emit(type, state.getRequestId(), state.getFlow(), step, state.getIds(), extra);
    }

    public Map<String, Object> emit(String type, String requestId, String flow, String step, Map<String, ?> ids, Map<String, ?> extra) {
        Prepared event = prepare(type, requestId, flow, step, ids, extra);
        if (store != null) {
            store.recordEvent(requestId, type, event.at(), event.body());
        }
        publish(event);
        return event.body();
    }

    /** An event built and named, not yet recorded or published. */
    public record Prepared(String requestId, String type, long at, String fileName, Map<String, Object> body) {
    }

    public Prepared prepare(String type, FlowState state, String step, Map<String, ?> extra) {
        return prepare(type, state.getRequestId(), state.getFlow(), step, state.getIds(), extra);
    }

    private Prepared prepare(String type, String requestId, String flow, String step, Map<String, ?> ids, Map<String, ?> extra) {
        Instant now = Instant.now();
        String fileName = String.format("%013d-%06d-%s-%s.json", now.toEpochMilli(), sequence.incrementAndGet() % 1_000_000,
                requestId, type);
        return new Prepared(requestId, type, now.toEpochMilli(), fileName, body(type, requestId, flow, step, now, ids, extra));
    }

    /**
     * Records {@code event} for the request's timeline in the caller's transaction: a journal
     * write and the record of the event it causes commit together, one commit instead of two
     * (issue 15). {@link #publish} it once that transaction committed.
     */
    public void record(java.sql.Connection c, Prepared event) throws java.sql.SQLException {
        if (store != null) {
            store.recordEvent(c, event.requestId(), event.type(), event.at(), event.body());
        }
    }

    /** Puts {@code event} on the topic and in the outbox (the events route). */
    public void publish(Prepared event) {
        template.sendBodyAndHeader(ROUTE, event.body(), FILE_NAME_HEADER, event.fileName());
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
