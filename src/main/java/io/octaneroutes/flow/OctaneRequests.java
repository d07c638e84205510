package io.octaneroutes.flow;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        return Map.of("resource", state.required("msn"), "resourceType", "WME_MSN");
    }

    /** Create a Mobile Service (New Number) on an eSIM: no simNo, isEsim=true, isQRcode as asked (R4, R5, R6). */
    public Map<String, Object> createMobileServiceNewNumberEsim(@Variable("state") FlowState state) {
        Map<String, Object> item = serviceItem(state);
        item.put("msn", state.required("msn"));
        item.put("isEsim", true);
        item.put("isQRcode", Boolean.TRUE.equals(state.getParams().get("isQRcode")));
        return order(state, "ADD_WME_NEW", "wmeNewReqItem", item);
    }

    /** Get eSIM Details, QR Code (R6): msn = the service number Query Order returned. */
    public Map<String, Object> esimQrCode(@Variable("state") FlowState state) {
        return Map.of("requestType", "QR Code", "msn", state.required("msn"));
    }

    /** Query Resource (R2) for a physical SIM: the serial the request names. */
    public Map<String, Object> querySim(@Variable("state") FlowState state) {
        return Map.of("queryValue", state.required("simNo"));
    }

    /** Create a Mobile Service (New Number) on a physical SIM: the selected MSN and the validated SIM (R4). */
    public Map<String, Object> createMobileServiceNewNumberSim(@Variable("state") FlowState state) {
        Map<String, Object> item = serviceItem(state);
        item.put("msn", state.required("msn"));
        item.put("simNo", state.required("simNo"));
        return order(state, "ADD_WME_NEW", "wmeNewReqItem", item);
    }

    /**
     * Create a Mobile Service (Port In Number): the number being ported (leading 0), exactly one
     * of dob (prepaid losing service) or arn (postpaid losing account), and either the validated
     * physical SIM or, for an eSIM, no SIM number with isEsim/isQRcode (R4, R5, R6, G-PORT).
     */
    public Map<String, Object> createMobileServicePortIn(@Variable("state") FlowState state) {
        Map<String, Object> item = serviceItem(state);
        item.put("msn", state.required("msn"));
        if (state.getParams().get("simNo") != null) {
            item.put("simNo", state.getParams().get("simNo"));
        } else {
            item.put("isEsim", true);
            item.put("isQRcode", Boolean.TRUE.equals(state.getParams().get("isQRcode")));
        }
        copyIfPresent(state, item, "dob", "arn");
        return order(state, "ADD_WME_PORT", "wmePortInReqItem", item);
    }

    /**
     * Manage OTP, getOtp: Octane texts a code to the number (R7). The destination fields are the
     * doc sample's values (soap-api.md section 5); their full value sets are not documented (G-OTP).
     */
    public Map<String, Object> getOtp(@Variable("state") FlowState state) {
        Map<String, Object> getOtp = new LinkedHashMap<>();
        getOtp.put("custNo", state.required("custNo"));
        getOtp.put("destination", state.required("msn"));
        getOtp.put("destinationCategory", "Phone (Bh)");
        getOtp.put("destinationType", "Primary Account Holder");
        getOtp.put("method", "SMS");
        getOtp.put("operationType", state.getFlow().startsWith("mobile.activate.port") ? "Port" : "SIM Swap");
        getOtp.put("reason", "R8");
        return Map.of("requestType", "getOtp", "getOtp", getOtp);
    }

    /** Manage OTP, verifyOtp: the code the customer gave (a continuation) and the getOtp transaction. */
    public Map<String, Object> verifyOtp(@Variable("state") FlowState state) {
        Object code = state.input("otpCode");
        if (code == null) {
            throw new IllegalStateException("no otpCode input at the verify step");
        }
        return Map.of("requestType", "verifyOtp", "verifyOtp", Map.of("code", code, "transactionId", state.required("transactionId")));
    }

    /** Get eSIM Details, SIM Details (Reset eSIM step 1): reads the profileState. */
    public Map<String, Object> esimSimDetails(@Variable("state") FlowState state) {
        return Map.of("requestType", "SIM Details", "msn", state.required("msn"));
    }

    /** Manage eSIM, Reset Esim to RELEASED (Reset eSIM step 2; path and msn key G-ESIM). */
    public Map<String, Object> resetEsim(@Variable("state") FlowState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderType", "Reset Esim");
        body.put("targetState", "RELEASED");
        body.put("msn", state.required("msn"));
        return body;
    }

    /** getServiceDetail (UtbServiceV3): a service number's lineSeqNo (flows.md M6 step 2b). */
    public Map<String, Object> serviceDetail(@Variable("state") FlowState state) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("custno", state.required("custNo"));
        details.put("serviceNumber", state.required("msn"));
        return Map.of("serviceDetails", details);
    }

    /**
     * Replace a SIM Card onto a new eSIM (Reset eSIM step 5). G-ACT placeholder: the action
     * and item were not captured; CHANGE_WME_SIM / wmeSimSwapReqItem{lineSeqNo, esim, qrcode}
     * follow the observed naming and the flow page's esim/qrcode fields.
     */
    public Map<String, Object> replaceSimWithEsim(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineSeqNo", state.required("lineSeqNo"));
        item.put("esim", true);
        item.put("qrcode", Boolean.TRUE.equals(state.getParams().get("isQRcode")));
        return order(state, "CHANGE_WME_SIM", "wmeSimSwapReqItem", item);
    }

    /** Create a Data Pool (M6 step 1): planNo is the pool provider plan (not discoverable by API). */
    public Map<String, Object> createDataPool(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        copyIfPresent(state, item, "department");
        item.put("planNo", state.required("planNo"));
        copyIfPresent(state, item, "serviceNotes", "notificationEmail");
        item.put("poolName", state.required("poolName"));
        // the WmeNewDataPoolReqItem element (capital W on the wire), see JaxbJson
        return order(state, "ADD_WME_NEW", "wmeNewDataPoolReqItem", item);
    }

    /** Get Data Pool (M6 step 3): the pool's own lineSeqNo, found by getServiceDetail. */
    public Map<String, Object> getDataPool(@Variable("state") FlowState state) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("custno", state.required("custNo"));
        query.put("lineseqno", state.required("lineSeqNo"));
        return query;
    }

    /** Add Consumers to Data Pool (M6 step 4): one WME_OPT_IN_CONSUMER order per service, in one bulk call. */
    public Map<String, Object> addConsumers(@Variable("state") FlowState state) {
        Object providerId = state.required("providerId");
        return bulk(state, "WME_OPT_IN_CONSUMER", n -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("providerId", providerId);
            item.put("serviceNumber", n);
            return Map.of("wmeOptInConsumerReqItem", item);
        });
    }

    /** Remove Consumers from Data Pool (M6 step 8): one WME_OPT_OUT_CONSUMER order per service. */
    public Map<String, Object> removeConsumers(@Variable("state") FlowState state) {
        return bulk(state, "WME_OPT_OUT_CONSUMER", n -> Map.of("wmeOptOutConsumerReqItem", Map.of("serviceNumber", n)));
    }

    /** Transfer Services to Another Pool (M6 step 5); the target pool must already exist. */
    public Map<String, Object> transferServices(@Variable("state") FlowState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("custno", state.required("custNo"));
        body.put("lineseqno", state.required("lineSeqNo"));
        body.put("newProviderId", state.required("newProviderId"));
        body.put("newProviderLineseqno", state.required("newProviderLineSeqNo"));
        body.put("serviceNumbers", state.required("serviceNumbers"));
        return body;
    }

    /** Update Data Limit (M6 step 7): dataLimit in bytes, one entry per consumer service. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> setDataLimits(@Variable("state") FlowState state) {
        Object custNo = state.required("custNo");
        List<Map<String, Object>> services = new ArrayList<>();
        for (Object c : (List<Object>) state.required("consumers")) {
            Map<String, Object> consumer = (Map<String, Object>) c;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("custNo", custNo);
            entry.put("lineSeqNo", consumer.get("lineSeqNo"));
            entry.put("dataLimit", consumer.get("dataLimit"));
            services.add(entry);
        }
        return Map.of("consumerServices", services);
    }

    /** Disconnect a Data Pool (M6 step 9): the pool must be empty. */
    public Map<String, Object> disconnectPool(@Variable("state") FlowState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("custno", state.required("custNo"));
        body.put("lineseqno", state.required("lineSeqNo"));
        return body;
    }

    /** Change Mobile Rate Plan: CHANGE_WME_PLAN, planno with a lower-case n, custReqDate as dd-MM-yyyy (M7). */
    public Map<String, Object> changePlan(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineSeqNo", state.required("lineSeqNo"));
        item.put("planno", state.required("planNo"));
        Object date = state.getParams().get("custReqDate");
        if (date != null) {
            item.put("custReqDate", LocalDate.parse(String.valueOf(date)).format(DD_MM_YYYY));
        }
        return order(state, "CHANGE_WME_PLAN", "wmeModifyPlanReqItem", item);
    }

    /** Modify Mobile Feature(s): CHANGE_WME_PRODUCT with the product codes (M7, api-5740505). */
    public Map<String, Object> changeFeatures(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineSeqNo", state.required("lineSeqNo"));
        item.put("productCodes", Map.of("products", state.required("products")));
        return order(state, "CHANGE_WME_PRODUCT", "wmeChangeProductReqItem", item);
    }

    /** Change Excess Spend Limit: CHANGE_WME_EXCESS (M7, api-5740625; the item's tail was not captured). */
    public Map<String, Object> changeExcessSpend(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineSeqNo", state.required("lineSeqNo"));
        item.put("spendCode", state.required("spendCode"));
        copyIfPresent(state, item, "seqNo");
        return order(state, "CHANGE_WME_EXCESS", "wmeExcessSpendReqItem", item);
    }

    /** Add a Once-off Bolt On: ADD_ONCEOFF (M7). */
    public Map<String, Object> addOnceOffBoltOn(@Variable("state") FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineSeqNo", state.required("lineSeqNo"));
        item.put("onceOffBoltonCode", state.required("onceOffBoltonCode"));
        return order(state, "ADD_ONCEOFF", "wmeOnceOffBoltonReqItem", item);
    }


    private static final DateTimeFormatter DD_MM_YYYY = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    /** G-TZ: Octane's dates are Australian (Sydney) dates. */
    private static final ZoneId OCTANE_ZONE = ZoneId.of("Australia/Sydney");

    /** The common fields of a new mobile service item (wmeNewReqItem / wmePortInReqItem). */
    private static Map<String, Object> serviceItem(FlowState state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("lineType", "R");
        item.put("planNo", state.required("planNo"));
        copyIfPresent(state, item, "lineName", "department", "agentId", "orderNotes", "serviceNotes", "cycleNo", "spendCode", "notificationEmail");
        return item;
    }

    /** An orderCreate createRequest: SRVC_ORD (the only orderType seen) with one item. */
    static Map<String, Object> order(FlowState state, String action, String itemName, Map<String, Object> item) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("custNo", state.required("custNo"));
        request.put("orderType", "SRVC_ORD");
        request.put("orderAction", action);
        request.put("orderItems", Map.of(itemName, item));
        return request;
    }

    /** An orderCreateBulk: one orderCreate per service number, custReqDate today as yyyy-MM-dd (client code). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> bulk(FlowState state, String action, java.util.function.Function<Object, Map<String, Object>> items) {
        Object custNo = state.required("custNo");
        String today = LocalDate.now(OCTANE_ZONE).toString();
        List<Map<String, Object>> orders = new ArrayList<>();
        for (Object number : (List<Object>) state.required("serviceNumbers")) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("custNo", custNo);
            order.put("orderType", "SRVC_ORD");
            order.put("orderAction", action);
            order.put("custReqDate", today);
            order.put("orderItems", items.apply(number));
            orders.add(order);
        }
        return Map.of("orderCreate", orders);
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
