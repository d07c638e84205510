package io.octaneroutes.gateway;

import java.time.Duration;
import java.util.Map;

/**
 * How the gateway reaches Octane: base URLs, the API user (both APIs, G-AUTH), the group, the
 * bounded retry of transient faults, client timeouts, and REST paths replaced by configuration
 * ({@code octane.rest.path.<operation>}, G-V2).
 */
public record GatewayConfig(String soapUrl, String restUrl, String username, String password, String groupNo,
                            int maxAttempts, Duration initialDelay, Duration maxDelay,
                            Duration connectTimeout, Duration readTimeout, Map<String, String> restPaths) {
    public GatewayConfig {
        soapUrl = stripSlash(soapUrl);
        restUrl = stripSlash(restUrl);
        restPaths = Map.copyOf(restPaths);
    }

    /** The path of a REST operation: the configured one, else the built-in one. */
    public String restPath(RestOperation op) {
        return restPaths.getOrDefault(op.name(), op.path());
    }

    /** Never the password: this record may end up in a log line or an error message. */
    @Override
    public String toString() {
        return "GatewayConfig[soapUrl=" + soapUrl + ", restUrl=" + restUrl + ", username=" + username + ", groupNo=" + groupNo + "]";
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
