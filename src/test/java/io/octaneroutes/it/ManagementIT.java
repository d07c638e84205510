package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * What Camel users attach to a running instance: JMX (camel-management registers the CamelContext
 * and its routes in the platform MBeanServer) and the developer console, off by default, served
 * at {@code /q/dev} (Camel's fixed path) with {@code camel.main.devConsoleEnabled=true}, to operators only.
 */
class ManagementIT {
    static final String OPERATOR_KEY = "operator-key-0123456789";
    static final String CLIENT_KEY = "client-key-0123456789";

    @Test
    void theCamelContextAndItsRoutesAreMBeansAndTheDevConsoleIsOffByDefault() throws Exception {
        try (TestApp app = TestApp.start(Map.of("ops.operators", "alice", "ops.operator.alice.api-key", OPERATOR_KEY))) {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            String name = app.context().getName();
            Set<ObjectName> contexts = jmx.queryNames(new ObjectName("org.apache.camel:type=context,*"), null);
            ObjectName context = contexts.stream().filter(o -> o.getKeyProperty("name").equals(ObjectName.quote(name))).findFirst().orElseThrow();
            assertThat(jmx.getAttribute(context, "State")).isEqualTo("Started");
            assertThat(jmx.queryNames(new ObjectName("org.apache.camel:context=" + context.getKeyProperty("context") + ",type=routes,name=\"dispatch\""), null))
                    .hasSize(1);

            assertThat(app.context().isDevConsole()).isFalse();
            assertThat(get(app, "/q/dev", OPERATOR_KEY).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theDevConsoleIsServedToOperatorsOnlyWhenTurnedOn() throws Exception {
        try (TestApp app = TestApp.start(Map.of("camel.main.devConsoleEnabled", "true", "ops.operators", "alice",
                "ops.operator.alice.api-key", OPERATOR_KEY, "intake.http.clients", "crm", "intake.http.client.crm.api-key", CLIENT_KEY))) {
            assertThat(app.context().isDevConsole()).isTrue();
            assertThat(get(app, "/q/dev", null).statusCode()).isEqualTo(401);
            assertThat(get(app, "/q/dev/route", CLIENT_KEY).statusCode()).isEqualTo(403);
            HttpResponse<String> index = get(app, "/q/dev", OPERATOR_KEY);
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("route").contains("health");
            HttpResponse<String> routes = get(app, "/q/dev/route", OPERATOR_KEY);
            assertThat(routes.statusCode()).isEqualTo(200);
            JsonNode json = TestApp.JSON.readTree(routes.body());
            assertThat(json.toString()).contains("\"dispatch\"").contains("order-poller");
            // health stays open for probes
            assertThat(get(app, "/observe/health/live", null).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(TestApp app, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).header("Accept", "application/json").GET();
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return app.send(b.build());
    }
}
