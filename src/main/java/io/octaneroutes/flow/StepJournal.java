package io.octaneroutes.flow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.octaneroutes.events.Events;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.OctaneUncertainException;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.Journal;

/**
 * Journals every Octane call a flow makes, so a flow can be replayed after a crash or after
 * waiting for an order: a step whose outcome is journaled is not called again, its journaled
 * result is used instead. The step's name is the id of the YAML {@code step} that wraps the
 * call (Camel sets it as the {@code CamelStepId} property), or the operation's name.
 */
public class StepJournal {
    public static final String STATE = "state";
    public static final String REQUEST = "octaneRequest";
    public static final String OPERATION = "octaneOperation";

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
        return step != null ? step : exchange.getVariable(OPERATION, String.class);
    }

    public boolean isDone(Exchange exchange) {
        FlowState state = state(exchange);
        return state.getResults().containsKey(stepName(exchange));
    }

    /** A journaled step: its recorded Octane response becomes the body, as if the call had just answered. */
    public void restore(Exchange exchange) {
        exchange.getIn().setBody(state(exchange).getResults().get(stepName(exchange)));
    }

    /**
     * Prepares the call (the STARTED marker is written by {@link #sending} when it goes out). If
     * an earlier attempt of a create was already started and never recorded (the process died, or its answer was lost), nothing is sent:
     * Octane has no idempotency key, so the outcome must be looked up first (G-IDEMP).
     */
    public void begin(Exchange exchange, boolean create) {
        FlowState state = state(exchange);
        String step = stepName(exchange);
        String operation = exchange.getVariable(OPERATION, String.class);
        if (create) {
            journal.step(state.getRequestId(), step).filter(s -> Journal.STEP_STARTED.equals(s.status())).ifPresent(s -> {
                throw new OctaneUncertainException(operation, "an earlier attempt of step '" + step
                        + "' was sent to Octane and its answer was never recorded", null);
            });
        }
        exchange.setVariable(REQUEST, exchange.getIn().getBody());
        exchange.setVariable(SENDING, true);
    }

    /** Variable set while a journaled step's call is on its way; the gateway marks the step when it really sends. */
    public static final String SENDING = "octaneStepSending";

    /**
     * Writes the STARTED marker just before the request goes on the wire (after the rate
     * budget granted a slot). A request still waiting for budget when the process dies has
     * sent nothing, and is not mistaken for an uncertain create after the restart.
     */
    public void sending(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getVariable(SENDING))) {
            FlowState state = state(exchange);
            journal.startStep(state.getRequestId(), stepName(exchange), exchange.getVariable(OPERATION, String.class));
        }
    }

    /**
     * Operations whose "no" is a branch of the flow, not a failure: the answer is journaled as
     * it is and the route decides (Reset eSIM: a refused reset leads to the SIM-swap path).
     */
    static final java.util.Set<String> BRANCHING = java.util.Set.of("manageEsim");

    /** Checks Octane's answer (errorCode/success), then journals it with the ids it carries, then reports the step. */
    @SuppressWarnings("unchecked")
    public void complete(Exchange exchange) {
        FlowState state = state(exchange);
        String step = stepName(exchange);
        String operation = exchange.getVariable(OPERATION, String.class);
        Map<String, Object> response = exchange.getIn().getBody(Map.class);
        exchange.removeVariable(SENDING);
        if (!BRANCHING.contains(operation) || response == null) {
            checkBusiness(operation, response);
        }

        Map<String, Object> newIds = idsOf(operation, response);
        state.getIds().putAll(newIds);
        String orderId = trackedKey(operation, newIds);
        Duration interval = "orderCreate".equals(operation) ? pollInterval : nbnPollInterval;
        long firstPoll = System.currentTimeMillis() + interval.toMillis(); // R1: first query one interval after the create
        journal.completeStep(state.getRequestId(), step, operation, response, state.getIds(), orderId, firstPoll);
        state.getResults().put(step, response);

        events.emit("step-done", state, step, Map.of("operation", operation));
        if (orderId != null) {
            events.emit("order-submitted", state, step, Map.of("operation", operation));
        }
        // one call, several orders (orderCreateBulk, data pool REST): the accepted ones are
        // journaled above and never re-sent; the refused ones fail the request with Octane's words
        String refused = refusedOrders(response);
        if (refused != null) {
            throw new OctaneBusinessException(operation, "PARTIAL", refused);
        }
    }

    /** NBN order keys in the order store (the poller reads them by Get Order Detail). */
    public static final String NBN_ORDER = "nbn:";
    /** NBN enquiry keys in the order store (read by Get Enquiry Detail). */
    public static final String ENQUIRY = "enquiry:";

    /** The order-store key of what this call created and the flow follows to completion, or null. */
    static String trackedKey(String operation, Map<String, Object> ids) {
        return switch (operation) {
            case "orderCreate" -> (String) ids.get("orderId");
            case "createNbnActivation", "createNbnModification", "createNbnDisconnection" ->
                    ids.get("orderId") == null ? null : NBN_ORDER + ids.get("orderId");
            case "createEnquiry" -> ids.get("enquiryId") == null ? null : ENQUIRY + ids.get("enquiryId");
            default -> null;
        };
    }

    /** The per-order refusals inside a multi-order answer, or null when every order was accepted. */
    static String refusedOrders(Map<String, Object> response) {
        List<String> refused = new java.util.ArrayList<>();
        int n = 0;
        for (Object o : orderEntries(response)) {
            n++;
            if (o instanceof Map<?, ?> m) {
                Object code = m.get("errorCode");
                Object success = m.get("success");
                boolean bad = (code != null && !"0".equals(String.valueOf(code).trim()))
                        || (success != null && "false".equalsIgnoreCase(String.valueOf(success).trim()));
                if (bad) {
                    refused.add("order " + n + ": " + (m.get("errorMessage") != null ? m.get("errorMessage") : "refused (errorCode " + code + ")"));
                }
            }
        }
        return refused.isEmpty() ? null : refused.size() + " of " + n + " orders refused by Octane: " + String.join("; ", refused);
    }

    /** ordersCreateResponse.orderResponse[] (orderCreateBulk) or orderDetails[] (data pool REST). */
    private static List<?> orderEntries(Map<String, Object> response) {
        if (response.get("ordersCreateResponse") instanceof Map<?, ?> bulk && bulk.get("orderResponse") instanceof List<?> l) {
            return l;
        }
        if (response.get("orderDetails") instanceof List<?> l) {
            return l;
        }
        return List.of();
    }

    /** errorCode != 0 or success == false (boolean or the string "false", both occur) is Octane saying no. */
    static void checkBusiness(String operation, Map<String, Object> response) {
        if (response == null) {
            throw new OctaneBusinessException(operation, "EMPTY", "Octane returned no result");
        }
        Object code = response.get("errorCode");
        Object success = response.get("success");
        boolean codeBad = code != null && !"0".equals(String.valueOf(code).trim()) && !String.valueOf(code).isBlank();
        boolean successBad = success != null && "false".equalsIgnoreCase(String.valueOf(success).trim());
        Object error = response.get("error");
        if (codeBad || successBad || error instanceof Map) {
            String message = response.get("errorMessage") != null ? String.valueOf(response.get("errorMessage"))
                    : error instanceof Map<?, ?> e && e.get("message") != null ? String.valueOf(e.get("message")) : "Octane reported a failure";
            throw new OctaneBusinessException(operation, code == null ? "UNKNOWN" : String.valueOf(code), message);
        }
    }

    /** The Octane ids an answer carries, by operation. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> idsOf(String operation, Map<String, Object> response) {
        Map<String, Object> ids = new LinkedHashMap<>();
        switch (operation) {
            case "reserveResources" -> {
                Object list = response.get("reservedPooledResources");
                if (list instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> first) {
                    ids.put("msn", first.get("resourceValue"));
                }
            }
            case "orderCreate" -> ids.put("orderId", response.get("orderId"));
            case "addCustomer" -> ids.put("custNo", response.get("custNo"));
            case "getEsimDetails" -> {
                Object r = response.get("response");
                if (r instanceof Map<?, ?> m) {
                    ids.put("activationCode", m.get("activationCode"));
                    ids.put("profileState", m.get("profileState"));
                }
            }
            case "manageEsim" -> ids.put("profileState", response.get("profileState"));
            case "manageOtp" -> ids.put("transactionId", response.get("transactionId"));
            case "getServiceDetail" -> {
                // return.Instances.Instance[0].serviceNumberDetail.lineSeqno (G-SVC; JAXB field names)
                if (response.get("instances") instanceof Map<?, ?> in && in.get("instance") instanceof List<?> l
                        && !l.isEmpty() && l.get(0) instanceof Map<?, ?> first && first.get("serviceNumberDetail") instanceof Map<?, ?> d) {
                    ids.put("lineSeqNo", d.get("lineSeqno"));
                }
            }
            // Get Data Pool: provider.memberId is the providerId every consumer order needs (M6 step 3)
            case "getDataPool" -> {
                if (response.get("provider") instanceof Map<?, ?> p) {
                    ids.put("providerId", p.get("memberId"));
                }
            }
            case "orderCreateBulk", "modifyConsumerDataLimit", "transferDataPool" -> {
                List<Object> orderIds = new java.util.ArrayList<>();
                for (Object o : orderEntries(response)) {
                    if (o instanceof Map<?, ?> m && m.get("orderId") != null) {
                        orderIds.add(m.get("orderId"));
                    }
                }
                ids.put("orderIds", orderIds.isEmpty() ? null : orderIds);
            }
            case "disconnectDataPool" -> ids.put("orderIds", response.get("orderId") == null ? null : List.of(response.get("orderId")));
            case "createNbnActivation", "createNbnModification", "createNbnDisconnection" -> ids.put("orderId", response.get("orderId"));
            case "createEnquiry" -> ids.put("enquiryId", response.get("enquiryId"));
            case "bookAppointment" -> ids.put("appointmentId", response.get("appointmentId"));
            case "createNumberReservation" -> ids.put("reservationId", response.get("reservationId"));
            // SQ: the location's technology and class steer the flow (plans, New or Transfer)
            case "serviceQualification" -> {
                if (response.get("response") instanceof Map<?, ?> r && r.get("location") instanceof Map<?, ?> loc) {
                    ids.put("technologyType", loc.get("technologyType"));
                    ids.put("serviceClass", loc.get("serviceClass"));
                }
            }
            default -> {
            }
        }
        ids.values().removeIf(v -> v == null);
        return ids;
    }
}
