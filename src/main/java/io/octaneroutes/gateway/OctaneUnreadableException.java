package io.octaneroutes.gateway;

/**
 * Octane answered a read, but the answer could not be read: not JSON, not the SOAP our WSDL
 * describes, or without the field we need (e.g. an order's status). Retried like a transient
 * fault, since Octane may answer better next time; the order poller counts these per order and
 * parks the request after a bound ({@code octane.poll.max-unreadable}). {@link #getWhat()} names
 * the element or field, never a value or the raw body.
 */
public class OctaneUnreadableException extends OctaneTransientException {
    private final String what;

    public OctaneUnreadableException(String operation, String what, Throwable cause) {
        super(operation, "Octane's answer could not be read: " + what, 0, false, cause);
        this.what = what;
    }

    public String getWhat() {
        return what;
    }
}
