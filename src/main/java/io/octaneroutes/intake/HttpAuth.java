package io.octaneroutes.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.apache.camel.Exchange;

/**
 * Authentication of the HTTP intake and status API: an API key in header {@code X-API-Key}
 * ({@code intake.http.api-key}) or HTTP Basic ({@code intake.http.username} /
 * {@code intake.http.password}). Our own check rather than the embedded server's Basic auth:
 * that one reads users from a file and has no API keys. With nothing configured, every
 * request is refused: the intake never runs open by accident.
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

    /** Throws {@link UnauthorizedException} unless the request carries a configured credential; then drops the credential headers. */
    public void check(Exchange exchange) {
        String key = exchange.getIn().getHeader(API_KEY_HEADER, String.class);
        String authorization = exchange.getIn().getHeader("Authorization", String.class);
        exchange.getIn().removeHeader(API_KEY_HEADER);
        exchange.getIn().removeHeader("Authorization");
        boolean ok = (apiKey != null && key != null && MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8)))
                || (basic != null && authorization != null && MessageDigest.isEqual(basic, authorization.trim().getBytes(StandardCharsets.UTF_8)));
        if (!ok) {
            throw new UnauthorizedException(apiKey == null && basic == null
                    ? "HTTP intake is closed: configure intake.http.api-key or intake.http.username/intake.http.password"
                    : "missing or wrong credentials: send header X-API-Key or HTTP Basic");
        }
    }

    /** A request without valid credentials. */
    public static class UnauthorizedException extends RuntimeException {
        public UnauthorizedException(String message) {
            super(message);
        }
    }
}
