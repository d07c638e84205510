package io.octaneroutes.gateway;

/**
 * A fault that says nothing about the request itself and that time may cure: SOAP fault 233
 * (rate limit), HTTP 429/503, a connection refused, a timeout on a read-only call. Retried with
 * bounded, capped backoff; {@link #getWaitMillis()} is the wait Octane announced, if any.
 */
public class OctaneTransientException extends RuntimeException {
    private final String operation;
    private final long waitMillis;

    public OctaneTransientException(String operation, String message, long waitMillis, Throwable cause) {
        super(operation + ": " + message, cause);
        this.operation = operation;
        this.waitMillis = waitMillis;
    }

    public String getOperation() {
        return operation;
    }

    public long getWaitMillis() {
        return waitMillis;
    }
}
