package io.octaneroutes.gateway;

import static io.octaneroutes.gateway.AnswerFacts.facts;

/**
 * The Octane REST operations the gateway calls. Paths are relative to {@code octane.rest.url}
 * ({@code .../tiab/api}); {@code {groupNo}} is the configured group. A GET sends its request
 * map as query parameters, the others as a JSON body. {@code create} marks the calls that
 * make something on Octane's side: they are never re-sent after an uncertain outcome (G-IDEMP).
 * Answer paths are relative to the payload (see {@link OctaneAnswers#canonicalRest}).
 */
public enum RestOperation implements OctaneOperation {
    // Add Customer: verb from the doc's navigation, path inferred (rest-api.md section 3);
    // answer {success, errorCode, custNo} (G-CUST)
    addCustomer("POST", "/v1/group/{groupNo}/customer", true, facts().id("custNo", "custNo").gaps("G-CUST")),
    // Get eSIM Details (rest-api.md section 6): {success, errorCode, response{msn, iccid, eid, profileState,
    // activationCode, qrCode}} (G-ESIM)
    getEsimDetails("POST", "/v1/mobile/resource/getEsimDetails", false,
            facts().id("activationCode", "activationCode").id("profileState", "profileState").readOnly().gaps("G-ESIM")),
    // Manage eSIM: verb from the doc, path inferred (rest-api.md section 6, G-ESIM); {success, profileState}.
    // A reset to RELEASED twice leaves the profile RELEASED: safe to repeat. A refusal is the doc's
    // branch to the SIM-swap path, not a failure.
    manageEsim("POST", "/v1/mobile/resource/manageEsim", false,
            facts().id("profileState", "profileState").branching().gaps("G-ESIM")),
    // Data pool (rest-api.md section 5; paths from client code; G-POOL-LIST)
    getDataPool("GET", "/v1/datapool", false, facts().id("providerId", "provider.memberId").readOnly().gaps("G-POOL-LIST")),
    modifyConsumerDataLimit("POST", "/v1/datapool/modify-consumer-data-limit", true,
            facts().ids("orderIds", "orderDetails.orderId").orders("orderDetails").gaps("G-POOL-RULES")),
    transferDataPool("POST", "/v1/datapool/transfer", true,
            facts().ids("orderIds", "orderDetails.orderId").orders("orderDetails").gaps("G-POOL-RULES")),
    disconnectDataPool("POST", "/v1/datapool/disconnect", true, facts().ids("orderIds", "orderId").gaps("G-POOL-RULES")),
    // NBN (rest-api.md sections 7-8). Paths not in the docs follow the gaps named; every path
    // can be replaced with octane.rest.path.<operation> (G-V2) once the real one is known.
    searchAddress("GET", "/v1/address/search", false, facts().readOnly().gaps("G-ADDR")),
    // doc api-5037724: the payload is under response (location, product, infrastructures)
    serviceQualification("POST", "/v1/qualification/check", false,
            facts().id("technologyType", "location.technologyType").id("serviceClass", "location.serviceClass").readOnly()),
    listPlans("GET", "/v1/group/{groupNo}/plan", false, facts().readOnly().gaps("G-PLANS")),
    createNbnActivation("POST", "/v1/service/orders/new", true,
            facts().id("orderId", "orderId").tracks(TrackedKind.NBN).gaps("G-NBN-ACT")),
    // doc api-6875354 (seed): {orderId, success}
    createNbnModification("POST", "/v1/service/orders/change", true, facts().id("orderId", "orderId").tracks(TrackedKind.NBN)),
    createNbnDisconnection("POST", "/v1/service/orders/terminate", true,
            facts().id("orderId", "orderId").tracks(TrackedKind.NBN).gaps("G-NBN-ORD")),
    cancelNbnOrder("POST", "/v1/service/orders/cancel", true, facts().gaps("G-NBN-ORD")),
    getNbnOrder("GET", "/v1/service/orders/{orderId}", false, facts().readOnly().gaps("G-NBN-ORD")),
    getTimeslots("GET", "/v1/appointment/timeslots", false, facts().readOnly().gaps("G-APPT")),
    // booking the same slot again leaves the same appointment: safe to repeat
    bookAppointment("POST", "/v1/appointment", false, facts().id("appointmentId", "appointmentId").gaps("G-APPT")),
    getDiagnosticTests("GET", "/v1/nbn/diagnostics", false, facts().readOnly().gaps("G-DIAG")),
    createEnquiry("POST", "/v1/enquiry", true, facts().id("enquiryId", "enquiryId").tracks(TrackedKind.ENQUIRY).gaps("G-DIAG")),
    getEnquiry("GET", "/v1/enquiry/{enquiryId}", false, facts().readOnly().gaps("G-DIAG"));

    private final String method;
    private final String path;
    private final boolean create;
    private final AnswerFacts answer;

    RestOperation(String method, String path, boolean create, AnswerFacts.Builder answer) {
        this.method = method;
        this.path = path;
        this.create = create;
        this.answer = answer.build();
    }

    public String method() {
        return method;
    }

    /** The path template: {groupNo} is the configured group, other {names} come from the request map. */
    public String path() {
        return path;
    }

    @Override
    public boolean create() {
        return create;
    }

    @Override
    public AnswerFacts answer() {
        return answer;
    }
}
