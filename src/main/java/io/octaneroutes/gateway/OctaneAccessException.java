package io.octaneroutes.gateway;

/** Octane refused our credentials or access (SOAP InvalidLoginException, REST 401/403). Not retried: configuration must change. */
public class OctaneAccessException extends OctaneException {
    public OctaneAccessException(String operation, String message) {
        super(operation, operation + ": " + message, null);
    }
}
