package io.octaneroutes.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the order store follows to completion, and how each kind is read: a mobile (or
 * ConnectYou) order by Query Order, an NBN order by Get Order Detail, an NBN enquiry by Get
 * Enquiry Detail. The order store keys them {@code <prefix><Octane id>}.
 */
public enum TrackedKind {
    /** G-STATE: COMMITTED and COMPLETE are success, REJECTED and CANCELLED final failures, IN_PROG pending. */
    MOBILE("", "orderId", "orderQueryResponse.internalStatus",
            Set.of("COMMITTED", "COMPLETE"), Set.of("REJECTED", "CANCELLED"), Set.of("IN_PROG")),
    /** G-NBN-ORD: Pending → Acknowledged → In Progress → (Scheduled) → Completed; Cancelled, Rejected final. */
    NBN("nbn:", "orderId", "status",
            Set.of("Completed"), Set.of("Cancelled", "Rejected"), Set.of("Pending", "Acknowledged", "In Progress", "Scheduled")),
    /** G-DIAG: an enquiry is Pending or In Progress until it is Completed (a result) or Failed. */
    ENQUIRY("enquiry:", "enquiryId", "status",
            Set.of("Completed"), Set.of("Failed"), Set.of("Pending", "In Progress"));

    private final String prefix;
    private final String idName;
    private final String statusPath;
    private final Set<String> done;
    private final Set<String> failed;
    private final Set<String> pending;

    TrackedKind(String prefix, String idName, String statusPath, Set<String> done, Set<String> failed, Set<String> pending) {
        this.prefix = prefix;
        this.idName = idName;
        this.statusPath = statusPath;
        this.done = done;
        this.failed = failed;
        this.pending = pending;
    }

    /** The operation that reads one of these (the poller's call). */
    public OctaneOperation pollOperation() {
        return switch (this) {
            case MOBILE -> SoapOperation.orderQuery;
            case NBN -> RestOperation.getNbnOrder;
            case ENQUIRY -> RestOperation.getEnquiry;
        };
    }

    /** The name of the Octane id (orderId, enquiryId) in events, the flow state and the poll request. */
    public String idName() {
        return idName;
    }

    public String key(Object octaneId) {
        return prefix + octaneId;
    }

    public String octaneId(String key) {
        return key.substring(prefix.length());
    }

    public static TrackedKind ofKey(String key) {
        return key.startsWith(NBN.prefix) ? NBN : key.startsWith(ENQUIRY.prefix) ? ENQUIRY : MOBILE;
    }

    /** The poll request of one of these: the id under its name. */
    public Map<String, Object> pollRequest(String key) {
        return Map.of(idName, octaneId(key));
    }

    /** What one read of it says (the answer as the gateway returns it: a SOAP return map or a canonical REST map). */
    public OrderStatus status(Map<String, Object> answer) {
        if (answer == null) {
            return OrderStatus.unreadable(null, "no answer");
        }
        OctaneBusinessException refusal = OctaneAnswers.refusal(pollOperation(), answer);
        if (refusal != null) {
            // Octane no longer knows it (e.g. errorCode 60, order not found): nothing will complete it
            return OrderStatus.failed("ERROR " + refusal.getErrorCode(), refusal.getErrorMessage());
        }
        Object payload = OctaneAnswers.payload(answer);
        String status = AnswerPaths.text(payload, statusPath);
        if (status == null || status.isBlank()) {
            return OrderStatus.unreadable(null, statusPath + " missing");
        }
        String s = status.trim();
        if (matches(done, s)) {
            return OrderStatus.done(s);
        }
        if (matches(failed, s)) {
            String message = AnswerPaths.text(payload, this == MOBILE ? "orderQueryResponse.errorMessage" : "errorMessage");
            if (message == null) {
                message = AnswerPaths.text(answer, "errorMessage");
            }
            if (message == null && this == ENQUIRY) {
                message = AnswerPaths.text(payload, "result.summary");
            }
            return OrderStatus.failed(s, message);
        }
        if (matches(pending, s)) {
            return OrderStatus.pending(s);
        }
        // G-STATE says "anything else as pending"; it also counts towards the bound on unreadable answers
        return OrderStatus.unreadable(s, statusPath + " '" + s + "' is not a status we know");
    }

    /** The ids a completed one tells the flow: the service it made, the appointment, the enquiry's result. */
    public Map<String, Object> learnt(Map<String, Object> answer) {
        Map<String, Object> ids = new LinkedHashMap<>();
        Object payload = OctaneAnswers.payload(answer);
        switch (this) {
            case MOBILE -> {
                // "msn = serviceNumber returned in Query Order" (doc-481327 step 7), from the echoed item, whichever it is
                ids.put("msn", AnswerPaths.first(payload, "orderQueryResponse.orderItems.*.msn"));
                ids.put("lineSeqNo", AnswerPaths.first(payload, "orderQueryResponse.orderItems.*.lineSeqNo"));
            }
            case NBN -> {
                ids.put("orderStatus", AnswerPaths.text(payload, "status"));
                ids.put("csn", AnswerPaths.first(payload, "csn"));
                ids.put("lineSeqNo", AnswerPaths.first(payload, "lineSeqNo"));
                ids.put("appointmentDate", AnswerPaths.first(payload, "appointment.date"));
            }
            case ENQUIRY -> {
                ids.put("enquiryStatus", AnswerPaths.text(payload, "status"));
                ids.put("result", AnswerPaths.first(payload, "result.summary"));
            }
        }
        ids.values().removeIf(v -> v == null || v instanceof Map || v instanceof java.util.List);
        return ids;
    }

    /** Octane's own spelling of a status varies in case between pages ("In Progress", "IN_PROG"): compare without case. */
    private static boolean matches(Set<String> set, String status) {
        for (String s : set) {
            if (s.equalsIgnoreCase(status)) {
                return true;
            }
        }
        return false;
    }
}
