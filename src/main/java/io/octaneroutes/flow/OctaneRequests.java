package io.octaneroutes.flow;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Variable;

import io.octaneroutes.journal.FlowState;

/**
 * Builds the body of each Octane call from a flow's state. One method per step of the Octane
 * flow pages, named after the step; the map keys are Octane's wire names (for SOAP, the field
 * names of the classes generated from our WSDLs, see JaxbJson).
 */
public class OctaneRequests {
    private final String esimQueryValue;

    public OctaneRequests(String esimQueryValue) {
        this.esimQueryValue = esimQueryValue;
    }

    /** Add a New Customer (REST, R8): the request's {@code customer} object is the Add Customer body (G-CUST). */
    public Object addCustomer(@Variable("state") FlowState state) {
        return state.getParams().get("customer");
    }

    /**
     * Query Resource for an eSIM flow (doc keeps "Validate the SIM" for eSIM, R2). An eSIM
     * order carries no SIM number (R5), so there is no serial to query: we query the eSIM
     * stock ({@code octane.esim.query-value}, default {@code WME_ESIM}) and check the eSIM
     * Octane would allocate. Our decision on top of G-SIM / G-ESIM-STOCK; the value is
     * configurable so it can be corrected once Octane's real answer is known.
     */
    public Map<String, Object> queryEsimResource(@Variable("state") FlowState state) {
        return Map.of("queryValue", esimQueryValue);
    }

    /** Reserve a Mobile Number: one MSN, the normal practice (R3). */
    public Map<String, Object> reserveOneMsn(@Variable("state") FlowState state) {
        return Map.of("resourceType", "WME_MSN", "numResources", 1);
    }

    /** Select a Resource: the MSN just reserved. */
    public Map<String, Object> selectReservedMsn(@Variable("state") FlowState state) {
        return Map.of("resource", required(state, "msn"), "resourceType", "WME_MSN");
    }

    /** Create a Mobile Service (New Number) on an eSIM: no simNo, isEsim=true, isQRcode as asked (R4, R5, R6). */
    public Map<String, Object> createMobileServiceNewNumberEsim(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineType", "R");
        item.put("planNo", required(state, "planNo"));
        item.put("msn", required(state, "msn"));
        item.put("isEsim", true);
        item.put("isQRcode", Boolean.TRUE.equals(state.getParams().get("isQRcode")));
        copyIfPresent(state, item, "lineName", "department", "agentId", "orderNotes", "serviceNotes", "cycleNo", "spendCode", "notificationEmail");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("custNo", required(state, "custNo"));
        request.put("orderType", "SRVC_ORD");
        request.put("orderAction", "ADD_WME_NEW");
        request.put("orderItems", Map.of("wmeNewReqItem", item));
        return request;
    }

    /** Get eSIM Details, QR Code (R6): msn = the service number Query Order returned. */
    public Map<String, Object> esimQrCode(@Variable("state") FlowState state) {
        return Map.of("requestType", "QR Code", "msn", required(state, "msn"));
    }

    private static Object required(FlowState state, String name) {
        Object value = state.value(name);
        if (value == null) {
            throw new IllegalStateException("flow " + state.getFlow() + " has no '" + name + "' at this step");
        }
        return value;
    }

    private static void copyIfPresent(FlowState state, Map<String, Object> target, String... names) {
        for (String n : names) {
            Object v = state.getParams().get(n);
            if (v != null) {
                target.put(n, v);
            }
        }
    }
}
