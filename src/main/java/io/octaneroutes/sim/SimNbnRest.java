package io.octaneroutes.sim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NBN REST paths (relative to {@code /tiab/api}; rest-api.md §7-8 and the proposals of
 * G-ADDR, G-PLANS, G-NBN-ACT, G-NBN-ORD, G-APPT, G-DIAG): their call-log names, their call-log
 * keys, and their dispatch to {@link SimNbn} under the {@link SimState} lock.
 */
final class SimNbnRest {
    private static final Pattern PLANS = Pattern.compile("^/v1/group/(\\d+)/plan$");
    private static final Pattern ORDER = Pattern.compile("^/v1/service/orders/([^/]+)$");
    private static final Pattern ENQUIRY = Pattern.compile("^/v1/enquiry/([^/]+)$");
    /** the POST-only order paths: a GET of them is not Get Order Detail */
    private static final Set<String> ORDER_VERBS = Set.of("new", "change", "terminate", "cancel");
    /** Body and query fields the call log keeps. Never personal data: no contact, notes, address text or search query. */
    private static final List<String> KEYS = List.of("locationId", "orderType", "subOrderType", "serviceClass", "qualificationSearchId",
            "orderId", "slotId", "enquiryType", "testName", "enquiryId", "custNo", "lineSeqNo", "csn", "planNo", "productSelection", "technologyType");

    private SimNbnRest() {
    }

    /** The call-log name of an NBN REST call; null when the method and path are not an NBN operation. */
    static String operation(String method, String path) {
        boolean get = "GET".equals(method);
        boolean post = "POST".equals(method);
        Matcher order = ORDER.matcher(path);
        Matcher enquiry = ENQUIRY.matcher(path);
        if (get && "/v1/address/search".equals(path)) {
            return "searchAddress";
        } else if (get && "/v2/address/search".equals(path)) {
            return "searchAddressV2";
        } else if (post && "/v1/qualification/check".equals(path)) {
            return "serviceQualification";
        } else if (get && PLANS.matcher(path).matches()) {
            return "listPlans";
        } else if (post && "/v1/service/orders/new".equals(path)) {
            return "createNbnActivation";
        } else if (post && "/v1/service/orders/change".equals(path)) {
            return "createNbnModification";
        } else if (post && "/v1/service/orders/terminate".equals(path)) {
            return "createNbnDisconnection";
        } else if (post && "/v1/service/orders/cancel".equals(path)) {
            return "cancelNbnOrder";
        } else if (get && "/v1/service/orders".equals(path)) {
            return "listNbnOrders";
        } else if (get && order.matches() && !ORDER_VERBS.contains(order.group(1))) {
            return "getNbnOrder";
        } else if (get && "/v1/appointment/timeslots".equals(path)) {
            return "getTimeslots";
        } else if (post && "/v1/appointment".equals(path)) {
            return "bookAppointment";
        } else if (get && "/v1/nbn/diagnostics".equals(path)) {
            return "getDiagnosticTests";
        } else if (post && "/v1/enquiry".equals(path)) {
            return "createEnquiry";
        } else if (get && "/v1/enquiry".equals(path)) {
            return "listEnquiries";
        } else if (get && enquiry.matches()) {
            return "getEnquiry";
        }
        return null;
    }

    /**
     * Runs an NBN operation (named by {@link #operation}) under the state lock; null when it is
     * not one. The answer is a map, or a list for the answers G-PLANS and G-APPT give as a bare array.
     */
    static Object handle(SimState state, String operation, String path, Map<String, Object> body, Map<String, String> query) {
        if (operation == null) {
            return null;
        }
        return switch (operation) {
            case "searchAddress", "searchAddressV2" -> state.nbn(n -> n.searchAddress(query.get("query")));
            case "serviceQualification" -> state.nbn(n -> n.qualify(body));
            case "listPlans" -> state.nbn(n -> n.listPlans(query.get("productSelection"), query.get("technologyType")));
            case "createNbnActivation" -> state.nbn(n -> n.createActivation(body));
            case "createNbnModification" -> state.nbn(n -> n.createChange(body));
            case "createNbnDisconnection" -> state.nbn(n -> n.createDisconnection(body));
            case "cancelNbnOrder" -> state.nbn(n -> n.cancel(body));
            case "getNbnOrder" -> state.nbn(n -> n.order(last(path)));
            case "listNbnOrders" -> state.nbn(n -> n.orders(query.get("custNo")));
            case "getTimeslots" -> state.nbn(n -> n.timeslots(query.get("orderId")));
            case "bookAppointment" -> state.nbn(n -> n.book(body));
            case "getDiagnosticTests" -> state.nbn(n -> n.enquiries.diagnostics(query.get("custNo"), query.get("lineSeqNo")));
            case "createEnquiry" -> state.nbn(n -> n.enquiries.create(body));
            case "getEnquiry" -> state.nbn(n -> n.enquiries.get(last(path)));
            case "listEnquiries" -> state.nbn(n -> n.enquiries.list(query.get("custNo"), query.get("lineSeqNo")));
            default -> null;
        };
    }

    /**
     * The call-log keys of an NBN call: the wanted fields of the body (top level, service{},
     * infrastructureOption{}) and query, the id in the path, and the ids the answer gives
     * (orderId, enquiryId, the SQ's qualificationSearchId).
     */
    static Map<String, String> keys(String operation, String path, Map<String, Object> body, Map<String, String> query, Object answer) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Map<String, Object> part : Arrays.asList(body, SimNbn.sub(body, "service"), SimNbn.sub(body, "infrastructureOption"))) {
            if (part != null) {
                for (String k : KEYS) {
                    String v = SimState.text(part.get(k));
                    if (v != null) {
                        keys.putIfAbsent(k, v);
                    }
                }
            }
        }
        Map<String, Object> option = SimNbn.sub(body, "infrastructureOption");
        for (String k : List.of("infrastructureId", "portId")) {
            if (option != null && SimState.text(option.get(k)) != null) {
                keys.put(k, SimState.text(option.get(k)));
            }
        }
        for (String k : KEYS) {
            if (query.get(k) != null && !query.get(k).isBlank()) {
                keys.putIfAbsent(k, query.get(k));
            }
        }
        if ("getNbnOrder".equals(operation)) {
            keys.put("orderId", last(path));
        } else if ("getEnquiry".equals(operation)) {
            keys.put("enquiryId", last(path));
        }
        if (answer instanceof List<?> list) {
            keys.put("results", String.valueOf(list.size()));
            return keys;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) answer;
        for (String id : List.of("orderId", "enquiryId", "appointmentId")) {
            if (result.get(id) != null) {
                keys.put(id, String.valueOf(result.get(id)));
            }
        }
        if ("serviceQualification".equals(operation) && SimNbn.sub(result, "response") != null) {
            keys.put("qualificationSearchId", String.valueOf(SimNbn.sub(result, "response").get("qualificationSearchId")));
        }
        if (result.get("response") instanceof List<?> list) {
            keys.put("results", String.valueOf(list.size()));
        }
        return keys;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('/') + 1); // HttpExchange paths are already decoded
    }
}
