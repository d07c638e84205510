package io.octaneroutes.gateway;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.transport.http.HTTPException;
import org.w3c.dom.Element;

/**
 * Turns what went wrong on the wire into one of our three outcomes: transient (retry), uncertain
 * (a create that may have happened: never retried, G-IDEMP) or access denied (configuration).
 */
public final class FaultClassifier {
    /** "please try again in: 00:00:42" or "... in: 42 seconds": the wait Octane announces with fault 233. */
    private static final Pattern WAIT_HMS = Pattern.compile("try again in:\\s*(?:(\\d+):)?(\\d+):(\\d+)");
    private static final Pattern WAIT_SECONDS = Pattern.compile("try again in:\\s*(\\d+)\\s*s");
    /** used when fault 233 announces no wait we can read: the next minute boundary is the documented reset. */
    static final long DEFAULT_RATE_LIMIT_WAIT = 60_000;

    private FaultClassifier() {
    }

    public static RuntimeException classifySoap(String operation, boolean create, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SoapFault fault) {
                String code = fault.getFaultCode() == null ? "" : fault.getFaultCode().getLocalPart();
                if ("233".equals(code)) {
                    return new OctaneTransientException(operation, "rate limit exceeded (fault 233)",
                            announcedWait(fault.getMessage()), true, null);
                }
                if (isInvalidLogin(fault)) {
                    return new OctaneAccessException(operation, "Octane rejected the login (InvalidLoginException): check octane.username/octane.password");
                }
                // a server fault: the call reached Octane and may have been applied
                return create
                        ? new OctaneUncertainException(operation, "SOAP fault " + code + " from Octane after the request was sent", null)
                        : new OctaneTransientException(operation, "SOAP fault " + code + ": " + fault.getMessage(), 0, null);
            }
            if (t instanceof Fault fault && unreadable(fault)) {
                // the answer arrived but is not the SOAP our WSDL describes: for a create, Octane
                // may have made it and we cannot read its id (G-IDEMP)
                String what = "the SOAP answer could not be read (" + unreadableWhat(fault) + ")";
                return create ? new OctaneUncertainException(operation, what, null) : new OctaneUnreadableException(operation, what, null);
            }
            if (t instanceof HTTPException http) {
                return classifyHttpStatus(operation, create, http.getResponseCode(), 0);
            }
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return new OctaneTransientException(operation, "cannot connect to Octane (" + t.getClass().getSimpleName() + ")", 0, null);
            }
            if (t instanceof SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return create
                        ? new OctaneUncertainException(operation, "no answer within the read timeout", null)
                        : new OctaneTransientException(operation, "read timeout", 0, null);
            }
            if (t instanceof IOException) {
                return create
                        ? new OctaneUncertainException(operation, "connection lost after the request was sent (" + t.getClass().getSimpleName() + ")", null)
                        : new OctaneTransientException(operation, "connection lost (" + t.getClass().getSimpleName() + ")", 0, null);
            }
        }
        return create
                ? new OctaneUncertainException(operation, "unexpected failure " + failure.getClass().getSimpleName(), null)
                : new OctaneTransientException(operation, "unexpected failure " + failure.getClass().getSimpleName(), 0, null);
    }

    /**
     * Why a failed call did not reach Octane, or null when Octane answered (a SOAP fault, an
     * answer we cannot read, an HTTP status below 500) or the failure says nothing about the
     * connection. The same cause chain {@link #classifySoap} walks, read for the readiness check
     * ({@link OctaneReachability}); the reason names the kind of failure only, never its message
     * (which may carry the URL).
     */
    static String unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SoapFault) {
                return null;
            }
            if (t instanceof Fault fault && unreadable(fault)) {
                return null;
            }
            if (t instanceof HTTPException http) {
                return http.getResponseCode() >= 500 ? "Octane answered HTTP " + http.getResponseCode() : null;
            }
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return "cannot connect to Octane (" + t.getClass().getSimpleName() + ")";
            }
            if (t instanceof SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return "no answer from Octane within octane.read-timeout";
            }
            if (t instanceof IOException) {
                return "connection to Octane lost (" + t.getClass().getSimpleName() + ")";
            }
        }
        return null;
    }

    /** HTTP status without a usable body (REST, or SOAP behind a proxy). */
    public static RuntimeException classifyHttpStatus(String operation, boolean create, int status, long retryAfterMillis) {
        if (status == 401 || status == 403) {
            return new OctaneAccessException(operation, "Octane answered HTTP " + status + " (Invalid access): check octane.username/octane.password and the group");
        }
        if (status == 429 || status == 503) {
            // refused before processing: safe to repeat, also for creates
            return new OctaneTransientException(operation, "HTTP " + status, retryAfterMillis, null);
        }
        if (status >= 500) {
            return create
                    ? new OctaneUncertainException(operation, "HTTP " + status + " after the request was sent", null)
                    : new OctaneTransientException(operation, "HTTP " + status, 0, null);
        }
        return new OctaneBusinessException(operation, "HTTP" + status, "Octane answered HTTP " + status);
    }

    public static long announcedWait(String faultString) {
        if (faultString != null) {
            Matcher m = WAIT_HMS.matcher(faultString);
            if (m.find()) {
                long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
                long a = Long.parseLong(m.group(2));
                long b = Long.parseLong(m.group(3));
                // "mm:ss" (G-RL) or "hh:mm:ss"
                long seconds = m.group(1) == null ? a * 60 + b : h * 3600 + a * 60 + b;
                return Math.max(1000, seconds * 1000);
            }
            Matcher s = WAIT_SECONDS.matcher(faultString);
            if (s.find()) {
                return Math.max(1000, Long.parseLong(s.group(1)) * 1000);
            }
        }
        return DEFAULT_RATE_LIMIT_WAIT;
    }

    /**
     * CXF's own fault for an answer it could not unmarshal or parse (not a fault Octane sent). A
     * fault with an I/O failure underneath is not one: with the HttpURLConnection conduit a
     * refused or dropped connection arrives wrapped in an XML writer's exception, and is
     * classified by that I/O failure further down the cause chain.
     */
    private static boolean unreadable(Fault fault) {
        if (fault instanceof SoapFault) {
            return false;
        }
        for (Throwable c = fault; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return false;
            }
        }
        for (Throwable c = fault; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage();
            if (c instanceof jakarta.xml.bind.JAXBException || c instanceof javax.xml.stream.XMLStreamException
                    || m.startsWith("Unmarshalling Error") || m.startsWith("Unexpected wrapper element")) {
                return true;
            }
        }
        return false;
    }

    /** The element JAXB stumbled on (names only: a value or the body never goes into a message). */
    private static String unreadableWhat(Fault fault) {
        Matcher m = ELEMENT.matcher(String.valueOf(fault.getMessage()));
        return m.find() ? "element " + m.group(1) : "not well-formed or unexpected XML";
    }

    private static final Pattern ELEMENT = Pattern.compile("local:\\\"([A-Za-z0-9_.-]{1,80})\\\"");

    private static boolean isInvalidLogin(SoapFault fault) {
        Element detail = fault.getDetail();
        if (detail != null && detail.getElementsByTagNameNS("*", "InvalidLoginException").getLength() > 0) {
            return true;
        }
        String msg = fault.getMessage();
        return msg != null && msg.toLowerCase().contains("invalid login");
    }
}
