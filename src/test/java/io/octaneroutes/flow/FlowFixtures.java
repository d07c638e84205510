package io.octaneroutes.flow;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.Journal;

/** What the flow beans' unit tests share: an exchange carrying a flow's state, as the dispatch route leaves it. */
final class FlowFixtures {
    /** never started: an exchange only needs its context to exist. */
    static final CamelContext CONTEXT = new DefaultCamelContext();

    private FlowFixtures() {
    }

    /** A request journaled as accepted, and its state as a run loads it. */
    static FlowState accepted(Journal journal, String requestId, String flow, Map<String, Object> params) {
        journal.accept(requestId, flow, params, "http");
        return journal.loadState(requestId);
    }

    /** An exchange inside the YAML step {@code step} (null: none) of a run of {@code state}. */
    static Exchange exchange(FlowState state, String step) {
        Exchange exchange = new DefaultExchange(CONTEXT);
        exchange.setVariable(StepJournal.STATE, state);
        if (step != null) {
            exchange.setProperty(Exchange.STEP_ID, step);
        }
        return exchange;
    }
}
