package io.octaneroutes.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Who is calling the HTTP API: named credentials, each an API key in header {@code X-API-Key} or
 * HTTP Basic (user = the credential's name), of a <b>client</b> (a sending system: it submits
 * requests and reads only its own) or an <b>operator</b> (reads every request, lists them and
 * acts on them: the operations API and the console). Configured per name
 * ({@code intake.http.clients} / {@code intake.http.client.<name>.api-key|password},
 * {@code ops.operators} / {@code ops.operator.<name>.api-key|password}); the single credential
 * of earlier versions ({@code intake.http.api-key}, {@code intake.http.username}/{@code password})
 * is a client too. Our own check rather than the embedded server's Basic auth: that one reads
 * users from a file and has no API keys. With nothing configured, every request is refused: the
 * API never runs open by accident.
 *
 * <p>Only the real request headers count (issue 12, item 1): Camel's HTTP consumer copies
 * query-string and form parameters into message headers, so {@code ?X-API-Key=...} would
 * otherwise pass, and credentials in URLs end up in proxy and access logs. {@link HttpGuard}
 * applies {@link #accepts} before the body is read; {@link #check} identifies the caller again
 * inside the route, from the Vert.x request itself.
 */
public class HttpAuth {
    public static final String API_KEY_HEADER = "X-API-Key";
    /** Exchange variable holding the {@link Caller} of an HTTP request, set by {@link #check}. */
    public static final String CALLER = "caller";

    /** One configured credential: an API key and/or a Basic password for {@code name}. */
    public record Credential(String name, boolean operator, String apiKey, String password) {
        /** Never the secrets: a credential may end up in a log line. */
        @Override
        public String toString() {
            return (operator ? "operator " : "client ") + name;
        }
    }

    /** Who called: a credential's name and whether it is an operator's. */
    public record Caller(String name, boolean operator) {
        /** A client sees only its own requests; an operator sees all. */
        public boolean mayRead(String owner) {
            return operator || name.equals(owner);
        }
    }

    private record Secret(Caller caller, byte[] apiKey, byte[] basic) {
    }

    private final List<Secret> secrets = new ArrayList<>();

    public HttpAuth(List<Credential> credentials) {
        for (Credential c : credentials) {
            byte[] key = blank(c.apiKey()) ? null : c.apiKey().getBytes(StandardCharsets.UTF_8);
            byte[] basic = blank(c.password()) ? null
                    : ("Basic " + Base64.getEncoder().encodeToString((c.name() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)))
                            .getBytes(StandardCharsets.UTF_8);
            if (key != null || basic != null) {
                secrets.add(new Secret(new Caller(c.name(), c.operator()), key, basic));
            }
        }
    }

    /** The single client credential of earlier versions (the name of a Basic user, else "default"). */
    public HttpAuth(String apiKey, String username, String password) {
        this(List.of(new Credential(blank(username) ? "default" : username, false, apiKey, password)));
    }

    /** The caller these header values (null when absent) identify; constant-time comparisons, every credential compared. */
    public Optional<Caller> identify(String apiKeyHeader, String authorizationHeader) {
        byte[] key = apiKeyHeader == null ? null : apiKeyHeader.getBytes(StandardCharsets.UTF_8);
        byte[] basic = authorizationHeader == null ? null : authorizationHeader.trim().getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Secret s : secrets) {
            boolean match = (s.apiKey() != null && key != null && MessageDigest.isEqual(s.apiKey(), key))
                    | (s.basic() != null && basic != null && MessageDigest.isEqual(s.basic(), basic));
            if (match && found == null) {
                found = s.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether these header values carry a configured credential. */
    public boolean accepts(String apiKeyHeader, String authorizationHeader) {
        return identify(apiKeyHeader, authorizationHeader).isPresent();
    }

    /** The sentence a refused caller gets. */
    public String refusal() {
        return secrets.isEmpty()
                ? "HTTP intake is closed: configure intake.http.api-key or intake.http.username/intake.http.password"
                        + " (or named clients, intake.http.clients)"
                : "missing or wrong credentials: send header X-API-Key or HTTP Basic";
    }

    /**
     * Identifies the caller from the HTTP request itself (variable {@link #CALLER}), or throws
     * {@link UnauthorizedException}; then drops the credential headers (and their query-string
     * look-alikes) from the message. A message that is not a Vert.x HTTP request has no real
     * headers: refused.
     */
    public void check(Exchange exchange) {
        String key = null;
        String authorization = null;
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            key = http.getRequest().getHeader(API_KEY_HEADER);
            authorization = http.getRequest().getHeader("Authorization");
        }
        exchange.getIn().removeHeader(API_KEY_HEADER);
        exchange.getIn().removeHeader("Authorization");
        Caller caller = identify(key, authorization).orElseThrow(() -> new UnauthorizedException(refusal()));
        exchange.setVariable(CALLER, caller);
    }

    /** {@link #check}, and the caller must be an operator ({@link ForbiddenException} otherwise). */
    public void requireOperator(Exchange exchange) {
        check(exchange);
        if (!exchange.getVariable(CALLER, Caller.class).operator()) {
            throw new ForbiddenException("this needs an operator's credential (ops.operators)");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A request without valid credentials. */
    public static class UnauthorizedException extends RuntimeException {
        public UnauthorizedException(String message) {
            super(message);
        }
    }

    /** Valid credentials, but not allowed to do this. */
    public static class ForbiddenException extends RuntimeException {
        public ForbiddenException(String message) {
            super(message);
        }
    }
}
