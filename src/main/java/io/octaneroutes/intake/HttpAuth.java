package io.octaneroutes.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Authentication of the HTTP intake and status API: an API key in header {@code X-API-Key}
 * ({@code intake.http.api-key}) or HTTP Basic ({@code intake.http.username} /
 * {@code intake.http.password}). Our own check rather than the embedded server's Basic auth:
 * that one reads users from a file and has no API keys. With nothing configured, every
 * request is refused: the intake never runs open by accident.
 *
 * <p>Only the real request headers count (issue 12, item 1): Camel's HTTP consumer copies
 * query-string and form parameters into message headers, so {@code ?X-API-Key=...} would
 * otherwise pass, and credentials in URLs end up in proxy and access logs. {@link HttpGuard}
 * applies {@link #accepts} before the body is read; {@link #check} applies it again inside the
 * route, from the Vert.x request itself.
 */
public class HttpAuth {
    public static final String API_KEY_HEADER = "X-API-Key";

    private final byte[] apiKey;
    private final byte[] basic;

    public HttpAuth(String apiKey, String username, String password) {
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.basic = username == null || username.isBlank() || password == null || password.isBlank() ? null
                : ("Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8);
    }

    /** Whether these header values (null when absent) carry a configured credential; constant-time comparisons. */
    public boolean accepts(String apiKeyHeader, String authorizationHeader) {
        return (apiKey != null && apiKeyHeader != null && MessageDigest.isEqual(apiKey, apiKeyHeader.getBytes(StandardCharsets.UTF_8)))
                || (basic != null && authorizationHeader != null
                        && MessageDigest.isEqual(basic, authorizationHeader.trim().getBytes(StandardCharsets.UTF_8)));
    }

    /** The sentence a refused caller gets. */
    public String refusal() {
        return apiKey == null && basic == null
                ? "HTTP intake is closed: configure intake.http.api-key or intake.http.username/intake.http.password"
                : "missing or wrong credentials: send header X-API-Key or HTTP Basic";
    }

    /**
     * Throws {@link UnauthorizedException} unless the HTTP request itself carries a configured
     * credential; then drops the credential headers (and their query-string look-alikes) from
     * the message. A message that is not a Vert.x HTTP request has no real headers: refused.
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
        if (!accepts(key, authorization)) {
            throw new UnauthorizedException(refusal());
        }
    }

    /** A request without valid credentials. */
    public static class UnauthorizedException extends RuntimeException {
        public UnauthorizedException(String message) {
            super(message);
        }
    }
}
