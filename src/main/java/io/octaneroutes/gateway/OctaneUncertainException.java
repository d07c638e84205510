package io.octaneroutes.gateway;

/**
 * A create (orderCreate, Add Customer, ...) whose request may have reached Octane but whose
 * answer was lost or could not be read: a read timeout, a dropped connection, a server error
 * after sending. Octane has no idempotency key (G-IDEMP), so re-sending could create the order
 * twice: it is never retried. The request is parked for a look, with an event saying exactly
 * what is unknown.
 */
public class OctaneUncertainException extends OctaneException {
    public OctaneUncertainException(String operation, String message, Throwable cause) {
        super(operation, operation + " outcome unknown: " + message, cause);
    }
}
