package io.octaneroutes.flow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Variable;

import io.octaneroutes.journal.FlowState;

/**
 * Builds the body of each NBN REST call (rest-api.md sections 7-8, flows.md N1-N7) from a
 * flow's state: one method per step of the NBN flow pages. Keys are Octane's JSON names.
 * A GET's map becomes its query string; keys in braces in the path ({orderId}) are filled
 * from the map.
 */
public class NbnRequests {
    /** G-TZ: a date without a time is the start of that day in Sydney. */
    private static final ZoneId OCTANE_ZONE = ZoneId.of("Australia/Sydney");

    /** Search for an Address (G-ADDR): the free text the request gave. */
    public Map<String, Object> searchAddress(@Variable("state") FlowState state) {
        return Map.of("query", state.required("address"));
    }

    /** Perform Service Qualification Check: productSelection nbn, the location (doc api-5037724). */
    public Map<String, Object> serviceQualification(@Variable("state") FlowState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("productSelection", "nbn");
        body.put("locationId", state.required("locationId"));
        return body;
    }

    /** List Plans (G-PLANS): the NBN plans for the location's technology. */
    public Map<String, Object> listPlans(@Variable("state") FlowState state) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("productSelection", "nbn");
        Object technology = state.getIds().get("technologyType");
        if (technology != null) {
            query.put("technologyType", technology);
        }
        return query;
    }

    /**
     * Create Order (NBN Activation): the documented fields from the SQ answer (serviceClass and
     * the three SQ ids), New or Transfer by the chosen port's status, plus the G-NBN-ACT
     * assumptions (locationId, infrastructureOption, service, custReqDate, contact).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> createActivation(@Variable("state") FlowState state) {
        Map<String, Object> sq = NbnRules.sqResponse(state);
        Map<String, Object> location = (Map<String, Object>) sq.get("location");
        NbnRules.Port port = NbnRules.choosePort(sq);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderType", "New");
        body.put("subOrderType", port != null && port.used() ? "Transfer" : "New");
        body.put("serviceClass", String.valueOf(location.get("serviceClass")));
        body.put("remoteQualificationSearchId", sq.get("remoteQualificationSearchId"));
        body.put("qualificationSearchId", sq.get("qualificationSearchId"));
        body.put("remoteOrderId", sq.get("remoteOrderId"));
        body.put("locationId", state.required("locationId"));
        if (port != null) {
            // in the seed page's order, the same on every run (Map.of's order changes from JVM to JVM)
            Map<String, Object> option = new java.util.LinkedHashMap<>();
            option.put("infrastructureId", port.infrastructureId());
            option.put("portId", port.portId());
            body.put("infrastructureOption", option);
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("custNo", state.required("custNo"));
        service.put("planNo", state.required("planNo"));
        body.put("service", service);
        body.put("custReqDate", custReqDate(state));
        Object contact = state.getParams().get("contact");
        if (contact != null) {
            body.put("contact", contact);
        }
        return body;
    }

    /** Create Order (NBN Modification), field for field as the seed page (doc api-6875354). */
    public Map<String, Object> createModification(@Variable("state") FlowState state) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("custNo", state.required("custNo"));
        service.put("csn", state.required("csn"));
        if ("PlanChange".equals(state.getParams().get("subOrderType"))) {
            service.put("planNo", state.required("planNo")); // "only for PlanChange orders"
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderType", "Change");
        body.put("subOrderType", state.required("subOrderType"));
        body.put("service", service);
        body.put("custReqDate", custReqDate(state));
        return body;
    }

    /** Create Order (NBN Disconnection) (G-NBN-ORD: Terminate / Disconnect). */
    public Map<String, Object> createDisconnection(@Variable("state") FlowState state) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("custNo", state.required("custNo"));
        service.put("csn", state.required("csn"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderType", "Terminate");
        body.put("subOrderType", "Disconnect");
        body.put("service", service);
        body.put("custReqDate", custReqDate(state));
        return body;
    }

    /** Get Order Detail (NBN) of the order the request names (G-NBN-ORD path). */
    public Map<String, Object> orderDetail(@Variable("state") FlowState state) {
        return Map.of("orderId", state.required("orderId"));
    }

    /** Cancel (NBN Activation) Order: the withdrawal (seed doc-505599). */
    public Map<String, Object> cancelOrder(@Variable("state") FlowState state) {
        return Map.of("orderId", state.required("orderId"));
    }

    /** Query Appointment Timeslots (G-APPT). */
    public Map<String, Object> timeslots(@Variable("state") FlowState state) {
        return Map.of("orderId", state.required("orderId"));
    }

    /** Book Appointment (G-APPT): the slot NbnRules chose (the preferred day's first, else the earliest). */
    public Map<String, Object> bookAppointment(@Variable("state") FlowState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", state.required("orderId"));
        body.put("slotId", NbnRules.chooseSlot(state).get("slotId"));
        return body;
    }

    /** Get Available Diagnostic Tests (G-DIAG). */
    public Map<String, Object> diagnosticTests(@Variable("state") FlowState state) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("custNo", state.required("custNo"));
        query.put("lineSeqNo", state.required("lineSeqNo"));
        return query;
    }

    /** Create Enquiry (NBN Diagnostic Test). */
    public Map<String, Object> diagnosticEnquiry(@Variable("state") FlowState state) {
        Map<String, Object> body = enquiry(state, "DiagnosticTest");
        body.put("testName", state.required("testName"));
        return body;
    }

    /** Create Enquiry (Service Health Check). */
    public Map<String, Object> healthCheckEnquiry(@Variable("state") FlowState state) {
        return enquiry(state, "ServiceHealthCheck");
    }

    private static Map<String, Object> enquiry(FlowState state, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("custNo", state.required("custNo"));
        body.put("lineSeqNo", state.required("lineSeqNo"));
        body.put("enquiryType", type);
        return body;
    }

    /**
     * custReqDate as the date-time the doc asks for: the request's own (a date-time, or a
     * yyyy-MM-dd date taken as that day in Sydney), else now. Appointment orders ignore it
     * (Octane books the earliest slot).
     */
    static String custReqDate(FlowState state) {
        Object given = state.getParams().get("custReqDate");
        if (given == null) {
            return Instant.ofEpochSecond(Instant.now().getEpochSecond()).toString();
        }
        String text = String.valueOf(given);
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(OCTANE_ZONE).toInstant().toString();
        }
        return java.time.OffsetDateTime.parse(text).toInstant().toString();
    }

}
