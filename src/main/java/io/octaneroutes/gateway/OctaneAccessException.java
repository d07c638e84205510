package io.octaneroutes.gateway;

/** Octane refused our credentials or access (SOAP InvalidLoginException, REST 401/403). Not retried: configuration must change. */
public class OctaneAccessException extends RuntimeException {
    private final String operation;

    public OctaneAccessException(String operation, String message) {
        super(operation + ": " + message);
        this.operation = operation;
    }

    public String getOperation() {
        return operation;
    }
}
