package io.octaneroutes.gateway;

/**
 * A fault that says nothing about the request itself and that time may cure: SOAP fault 233
 * (rate limit), HTTP 429/503, a connection refused, a timeout on a read-only call. Retried with
 * bounded, capped backoff; {@link #getWaitMillis()} is the wait Octane announced, if any.
 */
public class OctaneTransientException extends OctaneException {
    private final long waitMillis;
    private final boolean rateLimited;

    public OctaneTransientException(String operation, String message, long waitMillis, Throwable cause) {
        this(operation, message, waitMillis, false, cause);
    }

    OctaneTransientException(String operation, String message, long waitMillis, boolean rateLimited, Throwable cause) {
        super(operation, operation + ": " + message, cause);
        this.waitMillis = waitMillis;
        this.rateLimited = rateLimited;
    }

    public long getWaitMillis() {
        return waitMillis;
    }

    /** Octane said the method's rate limit is exceeded (fault 233): its wait blocks the whole budget. */
    public boolean isRateLimited() {
        return rateLimited;
    }
}
