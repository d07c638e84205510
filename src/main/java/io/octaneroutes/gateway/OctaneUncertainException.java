package io.octaneroutes.gateway;

/**
 * A create (orderCreate, Add Customer, ...) whose request may have reached Octane but whose
 * answer was lost: a read timeout, a dropped connection, a server error after sending. Octane
 * has no idempotency key (G-IDEMP), so re-sending could create the order twice: it is never
 * retried. The request is parked for a look, with an event saying exactly what is unknown.
 */
public class OctaneUncertainException extends RuntimeException {
    private final String operation;

    public OctaneUncertainException(String operation, String message, Throwable cause) {
        super(operation + " outcome unknown: " + message, cause);
        this.operation = operation;
    }

    public String getOperation() {
        return operation;
    }
}
