package io.octaneroutes.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.octaneroutes.events.Events;
import io.octaneroutes.gateway.OctaneAccessException;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.OctaneException;
import io.octaneroutes.gateway.OctaneTransientException;
import io.octaneroutes.gateway.OctaneUncertainException;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.RequestRecord;

/**
 * Starts, finishes and fails flow runs for the {@code dispatch} route, which takes them from the
 * work queue every instance consumes. A run is always rebuilt from the journal, whether it is
 * new, taken over from a dead instance, or continued after its order completed, so the route
 * files need no special resume logic.
 *
 * <p>One instance runs a request at a time: a run starts only with the request's lease
 * (journal: owner, expiry), kept alive by {@link #heartbeat()} and given back when the run ends.
 * A dead instance's leases expire; the broker redelivers its uncommitted messages and every
 * instance's lease sweep ({@link #expiredLeases()}, each tick) queues its requests again, so
 * another instance takes them over (the clustered sweep, {@link #toRequeue()}, does too). G-IDEMP stays the safety net for a create that was in flight at the crash.
 */
public class FlowRunner {
    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);

    private final Journal journal;
    private final Events events;
    private final Duration parkDelay;
    private final int maxParks;
    private final Leases leases;
    /** requests running in this instance: a second message for one of them waits its turn, it is never run twice at once. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** This instance's leases: who it is, how long a lease lasts, when the sweep queues an unclaimed request again. */
    public record Leases(String owner, Duration lease, Duration requeueAfter) {
    }

    public FlowRunner(Journal journal, Events events, Duration parkDelay, int maxParks, Leases leases) {
        this.journal = journal;
        this.events = events;
        this.parkDelay = parkDelay;
        this.maxParks = maxParks;
        this.leases = leases;
    }

    /** Keeps this instance's leases alive (a timer route, every third of a lease). */
    public int heartbeat() {
        return journal.heartbeat(leases.owner(), System.currentTimeMillis() + leases.lease().toMillis());
    }

    /**
     * Runs whose instance died (their lease expired), taken over by this instance: a timer of
     * every instance ({@code lease-sweep} in routes/dispatch.camel.yaml), one tick apart.
     */
    public List<String> expiredLeases() {
        return journal.takeExpiredLeases(System.currentTimeMillis());
    }

    /**
     * The sweep, run by the poller's clustered tick: requests whose holder died, whose hand-off
     * was lost, or whose retry time came; they go to the work queue. Waits for a person's input
     * that ran out are failed here, without a run.
     */
    public List<String> toRequeue() {
        long now = System.currentTimeMillis();
        for (String id : journal.expiredWaits(now)) {
            expireWait(id);
        }
        return journal.requeue(now, leases.requeueAfter().toMillis());
    }

    private void expireWait(String requestId) {
        RequestRecord record = journal.find(requestId).orElse(null);
        if (record == null) {
            return;
        }
        String message = "no answer in time (" + record.errorMessage() + "); submit a new request";
        if (journal.expireInput(requestId, message)) {
            events.emit("failed", requestId, record.flow(), null, journal.loadState(requestId).getIds(),
                    Map.of("errorCode", "INPUT_EXPIRED", "errorMessage", message));
        }
    }

    /**
     * Loads a request's state into the exchange ({@code state}, {@code flowId}, {@code params}
     * variables) and says whether it should run now (variable {@code runnable}).
     */
    public void begin(Exchange exchange) {
        exchange.setVariable("runnable", start(exchange));
    }

    private boolean start(Exchange exchange) {
        String requestId = exchange.getIn().getBody(String.class);
        RequestRecord record = journal.find(requestId).orElse(null);
        if (record == null || Journal.COMPLETED.equals(record.status()) || Journal.FAILED.equals(record.status())
                || (Journal.PARKED.equals(record.status()) && record.retryAt() == null)
                || Journal.AWAITING_INPUT.equals(record.status())) {
            return false; // finished, waiting for an operator, or for a person's input (a continuation wakes it)
        }
        if (!running.add(requestId)) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (!journal.acquireLeaseToRun(requestId, leases.owner(), now + leases.lease().toMillis(), now)) {
            running.remove(requestId);
            LOG.debug("request {} is being run by another instance", requestId);
            return false;
        }
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                journal.releaseLease(requestId, leases.owner());
                running.remove(requestId);
            }
        });
        FlowState state = journal.loadState(requestId);
        exchange.setVariable(StepJournal.STATE, state);
        exchange.setVariable("flowId", state.getFlow());
        exchange.setVariable("params", state.getParams());
        return true;
    }

    /**
     * The flow ran to its end: the request is completed, its event carrying the flow's Octane ids
     * ({@link CompletedIds}; an id the request itself named is taken from its params).
     */
    public void completed(Exchange exchange) {
        FlowState state = StepJournal.state(exchange);
        List<String> missing = new ArrayList<>();
        for (String id : CompletedIds.of(state.getFlow())) {
            if (state.getIds().get(id) == null && state.getParams().get(id) != null) {
                state.getIds().put(id, state.getParams().get(id));
            }
            if (state.getIds().get(id) == null) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("request {} of flow {} completed without {}: Octane's answers did not carry them", state.getRequestId(),
                    state.getFlow(), missing);
        }
        // completed, its orders unfollowed and the completed event's record: one transaction; published once committed
        Events.Prepared done = events.prepare("completed", state, null, Map.of());
        journal.complete(state.getRequestId(), state.getIds(), c -> events.record(c, done));
        events.publish(done);
    }

    /** Ends a run that threw: business failures fail the request, the rest park it with a reason a human can act on. */
    public void failed(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        FlowState state = StepJournal.state(exchange);
        String requestId = state.getRequestId();
        Map<String, Object> extra = new LinkedHashMap<>();
        if (failure instanceof OctaneBusinessException b) {
            journal.fail(requestId, b.getErrorCode(), b.getErrorMessage());
            extra.put("operation", b.getOperation());
            extra.put("errorCode", b.getErrorCode());
            extra.put("errorMessage", b.getErrorMessage());
            events.emit("failed", state, StepJournal.stepName(exchange), extra);
        } else if (failure instanceof OctaneUncertainException u) {
            // G-IDEMP: never re-sent; an operator (or issue #3's reconciliation) must look first
            journal.park(requestId, "UNCERTAIN", u.getMessage(), null);
            extra.put("operation", u.getOperation());
            extra.put("reason", u.getMessage() + "; not re-sent (Octane has no idempotency key): check Octane for this request before resubmitting");
            events.emit("parked", state, StepJournal.stepName(exchange), extra);
        } else if (failure instanceof OrderStuckException stuck) {
            journal.park(requestId, "STUCK", stuck.getMessage(), null);
            extra.put("operation", stuck.getOperation());
            extra.put("reason", stuck.getMessage() + "; nothing automatic will move it on: check the order in Octane");
            events.emit("parked", state, StepJournal.stepName(exchange), extra);
        } else if (failure instanceof OctaneTransientException || failure instanceof OctaneAccessException) {
            String code = failure instanceof OctaneTransientException ? "TRANSIENT" : "ACCESS";
            extra.put("operation", ((OctaneException) failure).getOperation());
            int parks = journal.parkCount(requestId);
            if (parks >= maxParks) {
                // a resume loop has a bound too: after octane.retry.max-parks automatic resumes, a person decides
                journal.park(requestId, code, failure.getMessage(), null);
                extra.put("reason", failure.getMessage() + "; retries exhausted " + parks + " times (octane.retry.max-parks):"
                        + " the request waits for an operator");
            } else {
                long retryAt = System.currentTimeMillis() + parkDelay.toMillis();
                journal.park(requestId, code, failure.getMessage(), retryAt);
                extra.put("reason", failure.getMessage() + "; retries exhausted, the request resumes at " + java.time.Instant.ofEpochMilli(retryAt)
                        + " (automatic resume " + (parks + 1) + " of " + maxParks + ")");
            }
            events.emit("parked", state, StepJournal.stepName(exchange), extra);
        } else {
            LOG.error("request {} of flow {} failed unexpectedly", requestId, state.getFlow(), failure);
            String message = "internal error (" + (failure == null ? "unknown" : failure.getClass().getSimpleName()) + "); see the application log";
            journal.fail(requestId, "INTERNAL", message);
            extra.put("errorCode", "INTERNAL");
            extra.put("errorMessage", message);
            events.emit("failed", state, StepJournal.stepName(exchange), extra);
        }
    }
}
