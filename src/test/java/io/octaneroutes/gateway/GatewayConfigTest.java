package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The gateway's configuration: base URLs without a trailing slash, configured REST paths (G-V2) before the built-in ones, no password in its text. */
class GatewayConfigTest {
    private static GatewayConfig config(String soap, String rest, Map<String, String> paths) {
        return new GatewayConfig(soap, rest, "api-user", "s3cret-pass", "G1", 3, Duration.ofMillis(1), Duration.ofMillis(2),
                Duration.ofSeconds(1), Duration.ofSeconds(2), paths);
    }

    @Test
    void baseUrlsLoseOneTrailingSlash() {
        GatewayConfig c = config("http://h/soap/", "http://h/tiab/api/", Map.of());
        assertThat(c.soapUrl()).isEqualTo("http://h/soap");
        assertThat(c.restUrl()).isEqualTo("http://h/tiab/api");
        GatewayConfig plain = config("http://h/soap", "http://h/api", Map.of());
        assertThat(plain.soapUrl()).isEqualTo("http://h/soap");
        assertThat(config(null, "/", Map.of()).soapUrl()).isNull();
        assertThat(config(null, "/", Map.of()).restUrl()).isEmpty();
    }

    @Test
    void aConfiguredPathReplacesTheBuiltInOne() {
        Map<String, String> paths = new HashMap<>(Map.of("getNbnOrder", "/v2/orders/{orderId}"));
        GatewayConfig c = config("http://h", "http://h", paths);
        paths.put("listPlans", "/changed");
        assertThat(c.restPath(RestOperation.getNbnOrder)).isEqualTo("/v2/orders/{orderId}");
        assertThat(c.restPath(RestOperation.listPlans)).as("a copy of the configuration").isEqualTo(RestOperation.listPlans.path());
        assertThat(c.restPaths()).containsOnlyKeys("getNbnOrder");
    }

    @Test
    void itsTextNeverCarriesThePassword() {
        GatewayConfig c = config("http://h/soap", "http://h/api", Map.of());
        assertThat(c.toString()).isEqualTo("GatewayConfig[soapUrl=http://h/soap, restUrl=http://h/api, username=api-user, groupNo=G1]")
                .doesNotContain("s3cret");
    }
}
