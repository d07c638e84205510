package io.octaneroutes.gateway;

/**
 * The Octane REST operations the gateway calls. Paths are relative to {@code octane.rest.url}
 * ({@code .../tiab/api}); {@code {groupNo}} is the configured group.
 */
public enum RestOperation {
    // Add Customer: verb from the doc's navigation, path inferred (rest-api.md section 3, G-CUST)
    addCustomer("POST", "/v1/group/{groupNo}/customer", true),
    // Get eSIM Details (rest-api.md section 6, response shape G-ESIM)
    getEsimDetails("POST", "/v1/mobile/resource/getEsimDetails", false);

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
