package io.octaneroutes.gateway;

import java.util.Map;

import org.apache.camel.Exchange;

/**
 * What the layer above the gateway (the flows' journal) is told about each journaled call, so
 * the gateway needs nothing from above: {@code direct:octane-<operation>} asks it whether the
 * step already has an answer, tells it when the request really goes on the wire, and hands it
 * the answer once Octane accepted it. The flow side implements it (StepJournal); the probe,
 * which journals nothing, uses {@link #NONE}.
 */
public interface StepListener {
    /** The answer this step got before (it is journaled): used instead of calling again; null when the call must be made. */
    Map<String, Object> recorded(Exchange exchange, OctaneOperation op);

    /** Before the call: may refuse it (e.g. a create whose earlier attempt's outcome is unknown, G-IDEMP). */
    void begin(Exchange exchange, OctaneOperation op);

    /** The request goes on the wire now (the rate budget granted its slot). */
    void sending(Exchange exchange, OctaneOperation op);

    /** Octane accepted the call; {@code ids} are the ids its answer carries (by the operation's facts). */
    void completed(Exchange exchange, OctaneOperation op, Map<String, Object> answer, Map<String, Object> ids);

    /** Journals nothing: every step is called. */
    StepListener NONE = new StepListener() {
        @Override
        public Map<String, Object> recorded(Exchange exchange, OctaneOperation op) {
            return null;
        }

        @Override
        public void begin(Exchange exchange, OctaneOperation op) {
        }

        @Override
        public void sending(Exchange exchange, OctaneOperation op) {
        }

        @Override
        public void completed(Exchange exchange, OctaneOperation op, Map<String, Object> answer, Map<String, Object> ids) {
        }
    };
}
