package io.octaneroutes.flow;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.Variable;

import io.octaneroutes.gateway.AnswerPaths;
import io.octaneroutes.gateway.OctaneAnswers;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.RestOperation;
import io.octaneroutes.journal.FlowState;

/**
 * The decisions the NBN flow pages leave to the client, taken on Octane's own answers: which
 * address, whether the location is serviceable, New or Transfer (the SQ port's status),
 * whether an order may be withdrawn, which appointment slot. Each failure names what Octane
 * said, so the failed event is one a person can act on.
 */
public class NbnRules {
    /** G-NBN-ORD: the statuses an activation order may be withdrawn in (seed doc-505599: "in-flight"). */
    static final Set<String> WITHDRAWABLE = Set.of("Pending", "Acknowledged", "In Progress", "Scheduled");
    static final String SQ_STEP = "nbn-activate.service-qualification";

    /** A port of an NTD the SQ found: Used means a service is there (a Transfer), Free a new one. */
    public record Port(String infrastructureId, String portId, boolean used) {
    }

    /** Search for an Address: exactly one match becomes the location; none or several fail, saying so. */
    @SuppressWarnings("unchecked")
    public void requireOneAddress(@Body Map<String, Object> answer, @Variable("state") FlowState state) {
        List<?> matches = AnswerPaths.list(OctaneAnswers.payload(answer));
        if (matches.isEmpty()) {
            throw new OctaneBusinessException(RestOperation.searchAddress.name(), "NO_ADDRESS", "Octane found no address matching the request's address; send a locationId or a fuller address");
        }
        if (matches.size() > 1) {
            List<String> ids = new ArrayList<>();
            for (Object m : matches) {
                ids.add(String.valueOf(((Map<String, Object>) m).get("locationId")));
            }
            throw new OctaneBusinessException(RestOperation.searchAddress.name(), "AMBIGUOUS_ADDRESS", "the address matches " + matches.size()
                    + " locations (" + String.join(", ", ids.subList(0, Math.min(10, ids.size()))) + "); send the locationId");
        }
        state.getIds().put("locationId", ((Map<String, Object>) matches.get(0)).get("locationId"));
    }

    /** Service Qualification: the product result must be Pass, else the location cannot be served. */
    public void requireServiceable(@Variable("state") FlowState state) {
        Map<String, Object> sq = sqResponse(state);
        Object product = sq.get("product");
        String result = product instanceof Map<?, ?> p ? String.valueOf(p.get("productResult")) : "unknown";
        if (!"Pass".equalsIgnoreCase(result)) {
            String reason = product instanceof Map<?, ?> p && p.get("productResultReason") != null ? String.valueOf(p.get("productResultReason")) : "no reason given";
            throw new OctaneBusinessException(RestOperation.serviceQualification.name(), "NOT_SERVICEABLE", "location " + state.value("locationId")
                    + " is not serviceable: service qualification " + result + " (" + reason + ")");
        }
    }

    /** List Plans: the requested plan must be one Octane offers for this service. */
    public void requirePlanOffered(@Body Map<String, Object> answer, @Variable("state") FlowState state) {
        String planNo = String.valueOf(state.required("planNo"));
        List<String> offered = new ArrayList<>();
        for (Object p : AnswerPaths.list(OctaneAnswers.payload(answer))) {
            if (p instanceof Map<?, ?> m) {
                offered.add(String.valueOf(m.get("planNo")));
            }
        }
        if (!offered.contains(planNo)) {
            throw new OctaneBusinessException(RestOperation.listPlans.name(), "PLAN_NOT_OFFERED", "plan " + planNo + " is not among the NBN plans Octane lists for this service ("
                    + String.join(", ", offered) + ")");
        }
    }

    /**
     * The port to order on: a Used port (the location already has a service: Transfer) before
     * a Free one (New); none when the SQ found no NTD (a new NTD is installed: New).
     */
    @SuppressWarnings("unchecked")
    static Port choosePort(Map<String, Object> sq) {
        Port free = null;
        for (Object i : AnswerPaths.list(sq.get("infrastructures"))) {
            Map<String, Object> infra = (Map<String, Object>) i;
            for (Object p : AnswerPaths.list(infra.get("ntdPort"))) {
                Map<String, Object> port = (Map<String, Object>) p;
                boolean used = "Used".equalsIgnoreCase(String.valueOf(port.get("status")));
                Port candidate = new Port(String.valueOf(infra.get("id")), String.valueOf(port.get("portId")), used);
                if (used) {
                    return candidate;
                }
                if (free == null) {
                    free = candidate;
                }
            }
        }
        return free;
    }

    /** True when the SQ found a Used port: the activation is a Transfer (content-based routing in nbn.activate). */
    public boolean isTransfer(@Variable("state") FlowState state) {
        Port port = choosePort(sqResponse(state));
        return port != null && port.used();
    }

    /** Withdraw: only an activation order, only in flight (seed doc-505599, G-NBN-ORD). */
    public void requireWithdrawable(@Body Map<String, Object> answer) {
        Map<String, Object> order = response(answer);
        String type = String.valueOf(order.get("orderType"));
        String status = String.valueOf(order.get("status"));
        if (!"New".equals(type)) {
            throw new OctaneBusinessException(RestOperation.getNbnOrder.name(), "NOT_WITHDRAWABLE", "order " + order.get("orderId") + " is a " + type
                    + " order; only activation orders can be withdrawn");
        }
        if (!WITHDRAWABLE.contains(status)) {
            throw new OctaneBusinessException(RestOperation.getNbnOrder.name(), "NOT_WITHDRAWABLE", "order " + order.get("orderId") + " is " + status
                    + "; only an activation order still in flight (" + String.join(", ", WITHDRAWABLE) + ") can be withdrawn");
        }
    }

    /** Reschedule: the slot to book, the first one on the preferred date, else the earliest offered. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> chooseSlot(FlowState state) {
        List<?> slots = AnswerPaths.list(OctaneAnswers.payload(state.getResults().get("nbn-reschedule.timeslots")));
        if (slots.isEmpty()) {
            throw new OctaneBusinessException(RestOperation.getTimeslots.name(), "NO_SLOT", "Octane offers no appointment slot for order " + state.value("orderId"));
        }
        Object date = state.getParams().get("date");
        if (date != null) {
            LocalDate wanted = LocalDate.parse(String.valueOf(date));
            for (Object s : slots) {
                Map<String, Object> slot = (Map<String, Object>) s;
                if (String.valueOf(slot.get("date")).startsWith(wanted.toString())) {
                    return slot;
                }
            }
            throw new OctaneBusinessException(RestOperation.getTimeslots.name(), "NO_SLOT", "Octane offers no appointment slot on " + wanted
                    + " for order " + state.value("orderId") + "; send another date or none for the earliest");
        }
        return (Map<String, Object>) slots.get(0);
    }

    /** Diagnostic test: the test asked for must be one Octane offers for this service. */
    public void requireTestAvailable(@Body Map<String, Object> answer, @Variable("state") FlowState state) {
        String wanted = String.valueOf(state.required("testName"));
        List<String> offered = new ArrayList<>();
        for (Object t : AnswerPaths.list(OctaneAnswers.payload(answer))) {
            if (t instanceof Map<?, ?> m) {
                offered.add(String.valueOf(m.get("testName")));
            }
        }
        if (!offered.contains(wanted)) {
            throw new OctaneBusinessException(RestOperation.getDiagnosticTests.name(), "TEST_NOT_AVAILABLE", "test '" + wanted
                    + "' is not available for this service; Octane offers: " + String.join(", ", offered));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sqResponse(FlowState state) {
        Map<String, Object> sq = state.getResults().get(SQ_STEP);
        if (sq == null) {
            throw new IllegalStateException("no service qualification answer at this step");
        }
        return OctaneAnswers.payloadObject(sq);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> response(Map<String, Object> answer) {
        return OctaneAnswers.payloadObject(answer);
    }

}
