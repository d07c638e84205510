package io.octaneroutes.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the gateway's calls last told about Octane's reachability, for the readiness check
 * ({@code octane-api}): every real call on the wire records its outcome here, so the check
 * needs no call of its own while traffic flows. An answer of any kind (a success, a business
 * refusal, a SOAP fault, fault 233, an answer we cannot read) means Octane was reached; a
 * refused or timed-out connection, a dropped connection or HTTP 5xx means it was not; a
 * refused login (HTTP 401/403, InvalidLoginException) is reached but not usable.
 *
 * <p>Only the latest outcome is kept (last writer wins: concurrent calls end in any order, and
 * the latest is what the check asks for). The reasons are ours, never an exception's message,
 * so no URL or credential ends up in a health answer.
 */
public final class OctaneReachability {
    public enum State { REACHED, UNREACHABLE, LOGIN_REFUSED }

    /** One call's outcome: when, which operation (or "wsdl" for the check's own fetch), and why it failed if it did. */
    public record Outcome(Instant at, State state, String operation, String reason) {
        public boolean usable() {
            return state == State.REACHED;
        }
    }

    private final Clock clock;
    private volatile Outcome last;
    private volatile Instant lastReached;

    public OctaneReachability() {
        this(Clock.systemUTC());
    }

    public OctaneReachability(Clock clock) {
        this.clock = clock;
    }

    /** Octane answered (whatever it said). */
    public void reached(String operation) {
        Instant now = clock.instant();
        lastReached = now;
        last = new Outcome(now, State.REACHED, operation, null);
    }

    /** The call did not reach Octane, or Octane did not serve it (HTTP 5xx); {@code reason} is ours (no URL, no message of the failure). */
    public void unreachable(String operation, String reason) {
        last = new Outcome(clock.instant(), State.UNREACHABLE, operation, reason);
    }

    /** Octane refused the login: reached, but no call of ours can succeed until the credentials change. */
    public void loginRefused(String operation) {
        Instant now = clock.instant();
        lastReached = now;
        last = new Outcome(now, State.LOGIN_REFUSED, operation, "Octane refused the API user's login: check octane.username/octane.password");
    }

    public Optional<Outcome> last() {
        return Optional.ofNullable(last);
    }

    /** When Octane last answered anything; empty when it never did in this process. */
    public Optional<Instant> lastReached() {
        return Optional.ofNullable(lastReached);
    }

    /**
     * The readiness check's own look at Octane when no call told it recently: an HTTP GET of
     * {@code <octane.soap.url>/UtbOrder?wsdl}. No login, no web method, so no rate budget is
     * spent (Octane's limits count web method calls, G-RL) and nothing is changed; real clients
     * fetch the WSDLs at run time, so Octane serves them (G-WSDL). Any HTTP answer below 500 is
     * "reached" (even a 404: the host serves HTTP). The outcome is recorded like a call's, so
     * the next checks within their max age use it.
     */
    public Outcome checkWsdl(String soapUrl, Duration timeout) {
        String operation = SoapOperation.Service.UtbOrder.name() + "?wsdl";
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(URI.create(soapUrl + "/" + SoapOperation.Service.UtbOrder.name() + "?wsdl"))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding());
            answeredStatus(operation, answer.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unreachable(operation, "interrupted while fetching the WSDL");
        } catch (Exception e) {
            String why = FaultClassifier.unreachable(e);
            unreachable(operation, why != null ? why : "the WSDL could not be fetched (" + e.getClass().getSimpleName() + ")");
        }
        return last;
    }

    /**
     * Records a failed call from the exception the gateway mapped it to and the failure itself:
     * an access refusal, a failure on the connection ({@link FaultClassifier#unreachable}), or
     * otherwise an answer that reached us.
     */
    void failed(String operation, RuntimeException mapped, Throwable failure) {
        if (mapped instanceof OctaneAccessException) {
            loginRefused(operation);
            return;
        }
        String why = FaultClassifier.unreachable(failure);
        if (why != null) {
            unreachable(operation, why);
        } else {
            reached(operation);
        }
    }

    /** An HTTP status Octane answered with: 5xx is "not serving", 401/403 a refused login, anything else an answer. */
    void answeredStatus(String operation, int status) {
        if (status == 401 || status == 403) {
            loginRefused(operation);
        } else if (status >= 500) {
            unreachable(operation, "Octane answered HTTP " + status);
        } else {
            reached(operation);
        }
    }
}
