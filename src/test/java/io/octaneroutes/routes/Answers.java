package io.octaneroutes.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Octane's answers as the route tests script them: the documented shapes (soap-api.md,
 * rest-api.md, gaps.md), SOAP as the map of its {@code return}, REST in the canonical envelope
 * the gateway makes of it ({@code response} holds the payload).
 */
final class Answers {
    private Answers() {
    }

    static Map<String, Object> ok(Map<String, Object> fields) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(fields);
        m.putIfAbsent("errorCode", 0);
        return m;
    }

    static Map<String, Object> refused(int code, String message) {
        return Map.of("errorCode", code, "errorMessage", message);
    }

    static Map<String, Object> rest(Object payload) {
        return Map.of("success", true, "response", payload);
    }

    static Map<String, Object> restRefused(String message) {
        return Map.of("success", false, "errorMessage", message, "response", Map.of());
    }

    /** G-SIM: one resource with its statuses. */
    static Map<String, Object> resource(String value, String internal, String provider) {
        return ok(Map.of("pooledResources", List.of(Map.of("resourceType", "WME_SIM", "resourceValue", value,
                "internalStatus", internal, "providerStatus", provider))));
    }

    static Map<String, Object> reserved(String msn) {
        return ok(Map.of("reservedPooledResources", List.of(Map.of("reservationId", "1", "resourceValue", msn))));
    }

    static Map<String, Object> order(String orderId) {
        return ok(Map.of("orderId", orderId));
    }

    /** Query Order's answer once done, echoing the order's item with its msn (and lineSeqNo when it has one). */
    static Map<String, Object> orderDone(String item, Map<String, Object> echo) {
        return ok(Map.of("orderQueryResponse", Map.of("internalStatus", "COMPLETE", "orderItems", Map.of(item, echo))));
    }

    /** orderCreateBulk: one accepted order per order in the request, or refused ones where {@code refusals} says. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> bulk(Map<String, Object> request, String... refusals) {
        List<Object> responses = new ArrayList<>();
        List<Object> orders = (List<Object>) request.get("orderCreate");
        for (int i = 0; i < orders.size(); i++) {
            String refusal = i < refusals.length ? refusals[i] : null;
            responses.add(refusal == null ? Map.of("errorCode", 0, "orderId", "b" + (i + 1))
                    : Map.of("errorCode", 41, "errorMessage", refusal));
        }
        return ok(Map.of("ordersCreateResponse", Map.of("orderResponse", responses)));
    }

    static Map<String, Object> serviceDetail(int lineSeqNo) {
        return ok(Map.of("instances", Map.of("instance", List.of(Map.of("serviceNumberDetail", Map.of("lineSeqno", lineSeqNo))))));
    }
}
