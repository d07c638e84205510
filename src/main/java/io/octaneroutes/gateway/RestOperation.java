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
    disconnectDataPool("POST", "/v1/datapool/disconnect", true);

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

    public String path(String groupNo) {
        return path.replace("{groupNo}", groupNo);
    }

    public boolean create() {
        return create;
    }
}
