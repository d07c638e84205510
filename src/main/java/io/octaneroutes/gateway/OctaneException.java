package io.octaneroutes.gateway;

/**
 * What the gateway throws when a call to Octane did not give a usable answer. One base class,
 * so a flow or the dispatcher can catch "anything Octane" in one place; the subclasses say what
 * may be done about it: {@link OctaneTransientException} (time may cure it: retried),
 * {@link OctaneUncertainException} (a create that may have happened: never re-sent, G-IDEMP),
 * {@link OctaneBusinessException} (Octane answered no: never retried) and
 * {@link OctaneAccessException} (credentials or access: configuration must change).
 */
public abstract class OctaneException extends RuntimeException {
    private final String operation;

    protected OctaneException(String operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    /** The Octane operation (web method or REST operation) the call was for. */
    public String getOperation() {
        return operation;
    }
}
