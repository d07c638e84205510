package io.octaneroutes.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import io.octaneroutes.events.Events;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.StepRecord;

/**
 * Steps that wait for a person (design.md "Continuations"): the port-in OTP is texted to the
 * number's owner, and only the customer can tell the reseller the code. The flow parks with
 * an {@code awaiting-input} event and resumes when a continuation for the same requestId
 * brings the input ({@code {"requestId": …, "continue": {"otpCode": "…"}}}); a request that
 * waits longer than {@code flows.await-input.expiry} fails (FlowRunner). The input itself is
 * journaled but never written to events or logs.
 */
public class AwaitInput {
    private final Journal journal;
    private final Events events;
    private final Duration expiry;
    private final int maxAttempts;

    public AwaitInput(Journal journal, Events events, Duration expiry, int maxAttempts) {
        this.journal = journal;
        this.events = events;
        this.expiry = expiry;
        this.maxAttempts = maxAttempts;
    }

    /** Continues when the input is there; otherwise parks the request and ends this run. */
    public void require(Exchange exchange, String name) {
        FlowState state = StepJournal.state(exchange);
        if (state.input(name) != null) {
            return;
        }
        park(exchange, state, name, null);
    }

    /**
     * Octane refused the input (a wrong OTP code): ask for it again, until Octane's attempt
     * limit (G-OTP: 3) is used up; then the request fails with Octane's own message.
     */
    public void refused(Exchange exchange, String name, String verifyStep) {
        FlowState state = StepJournal.state(exchange);
        OctaneBusinessException refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, OctaneBusinessException.class);
        int attempts = journal.step(state.getRequestId(), verifyStep).map(StepRecord::attempts).orElse(1);
        if (refusal == null || attempts >= maxAttempts) {
            throw refusal != null ? refusal : new IllegalStateException("refused without an Octane answer");
        }
        journal.clearInput(state.getRequestId());
        state.getResults().remove(Journal.INPUT_STEP);
        park(exchange, state, name, "Octane refused the " + name + " (attempt " + attempts + " of " + maxAttempts + "): "
                + refusal.getErrorMessage());
    }

    private void park(Exchange exchange, FlowState state, String name, String refusal) {
        long expiresAt = System.currentTimeMillis() + expiry.toMillis();
        String reason = "waiting for " + name + ": send {\"requestId\":\"" + state.getRequestId() + "\",\"continue\":{\"" + name + "\":…}}";
        journal.awaitInput(state.getRequestId(), reason, expiresAt);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("needs", name);
        extra.put("expiresAt", Instant.ofEpochMilli(expiresAt).toString());
        extra.put("reason", refusal == null ? reason : refusal + "; " + reason);
        events.emit("awaiting-input", state, StepJournal.stepName(exchange), extra);
        exchange.setRouteStop(true);
    }
}
