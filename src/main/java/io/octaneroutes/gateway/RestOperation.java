package io.octaneroutes.gateway;

/**
 * The Octane REST operations the gateway calls. Paths are relative to {@code octane.rest.url}
 * ({@code .../tiab/api}); {@code {groupNo}} is the configured group. A GET sends its request
 * map as query parameters, the others as a JSON body. {@code create} marks the calls that
 * make something on Octane's side: they are never re-sent after an uncertain outcome (G-IDEMP).
 */
public enum RestOperation {
    // Add Customer: verb from the doc's navigation, path inferred (rest-api.md section 3, G-CUST)
    addCustomer("POST", "/v1/group/{groupNo}/customer", true),
    // Get eSIM Details (rest-api.md section 6, response shape G-ESIM)
    getEsimDetails("POST", "/v1/mobile/resource/getEsimDetails", false),
    // Manage eSIM: verb from the doc, path inferred (rest-api.md section 6, G-ESIM). A reset
    // to RELEASED twice leaves the profile RELEASED: safe to repeat.
    manageEsim("POST", "/v1/mobile/resource/manageEsim", false),
    // Data pool (rest-api.md section 5; paths from client code)
    getDataPool("GET", "/v1/datapool", false),
    modifyConsumerDataLimit("POST", "/v1/datapool/modify-consumer-data-limit", true),
    transferDataPool("POST", "/v1/datapool/transfer", true),
    disconnectDataPool("POST", "/v1/datapool/disconnect", true),
    // NBN (rest-api.md sections 7-8). Paths not in the docs follow the gaps named; every path
    // can be replaced with octane.rest.path.<operation> (G-V2) once the real one is known.
    searchAddress("GET", "/v1/address/search", false),                      // G-ADDR
    serviceQualification("POST", "/v1/qualification/check", false),        // doc api-5037724
    listPlans("GET", "/v1/group/{groupNo}/plan", false),                    // G-PLANS
    createNbnActivation("POST", "/v1/service/orders/new", true),            // G-NBN-ACT
    createNbnModification("POST", "/v1/service/orders/change", true),      // doc api-6875354 (seed)
    createNbnDisconnection("POST", "/v1/service/orders/terminate", true),  // G-NBN-ORD
    cancelNbnOrder("POST", "/v1/service/orders/cancel", true),              // G-NBN-ORD
    getNbnOrder("GET", "/v1/service/orders/{orderId}", false),              // G-NBN-ORD
    getTimeslots("GET", "/v1/appointment/timeslots", false),                // G-APPT
    // booking the same slot again leaves the same appointment: safe to repeat
    bookAppointment("POST", "/v1/appointment", false),                      // G-APPT
    getDiagnosticTests("GET", "/v1/nbn/diagnostics", false),                // G-DIAG
    createEnquiry("POST", "/v1/enquiry", true),                             // G-DIAG
    getEnquiry("GET", "/v1/enquiry/{enquiryId}", false);                    // G-DIAG

    private final String method;
    private final String path;
    private final boolean create;

    RestOperation(String method, String path, boolean create) {
        this.method = method;
        this.path = path;
        this.create = create;
    }

    public String method() {
        return method;
    }

    /** The path template: {groupNo} is the configured group, other {names} come from the request map. */
    public String path() {
        return path;
    }

    public boolean create() {
        return create;
    }
}
