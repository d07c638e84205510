package io.octaneroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.BeanInject;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.gateway.RestOperation;
import io.octaneroutes.gateway.SoapOperation;
import io.octaneroutes.intake.Flows;
import io.octaneroutes.journal.Journal;

/**
 * The configuration and wiring as camel-main assembles them from application.properties, the
 * YAML routes and OctaneConfiguration (camel-test-main-junit5): every flow of the intake contract
 * and every Octane operation has its route, the intakes and the poller are there, and operator
 * keys reach the beans they configure. Embedded defaults (H2, the embedded broker, the
 * simulator), nothing sent.
 */
@CamelMainTest(properties = {
        "octane.simulator.enabled=true", "octane.simulator.port=0",
        "server.host=127.0.0.1", "server.port=0",
        "intake.dir=target/wiring-test/inbox", "events.dir=target/wiring-test/outbox",
        "broker.data-dir=target/wiring-test/broker", "db.data-dir=target/wiring-test/db",
        // Quartz keeps schedulers JVM-wide by name: this test's own
        "camel.main.name=octane-routes-wiring-test",
        "intake.http.api-key=wiring-test-key",
        "octane.rate-limit.orderCreate=4/40", "octane.poll.tick=7s"})
// one application for the four tests: nothing here changes it
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationWiringTest {

    @BeanInject
    CamelContext context;

    private Set<String> consumedUris() {
        return context.getRoutes().stream().map(r -> r.getEndpoint().getEndpointUri()).collect(Collectors.toSet());
    }

    @Test
    void everyFlowOfTheIntakeContractHasAStartedRouteTheDispatchCanReach() {
        assertThat(Flows.AVAILABLE).containsExactlyInAnyOrderElementsOf(Flows.CONTRACT);
        for (String flow : Flows.CONTRACT) {
            Route route = context.getRoutes().stream().filter(r -> r.getEndpoint().getEndpointUri().equals("direct://" + flow))
                    .findFirst().orElse(null);
            assertThat(route).as("route for flow %s", flow).isNotNull();
            assertThat(context.getRouteController().getRouteStatus(route.getRouteId())).as(flow).isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void everyOctaneOperationHasItsGatewayRoute() {
        Set<String> uris = consumedUris();
        for (SoapOperation op : SoapOperation.values()) {
            assertThat(uris).as("SOAP %s", op).contains("direct://octane-" + op.name());
        }
        for (RestOperation op : RestOperation.values()) {
            assertThat(uris).as("REST %s", op).contains("direct://octane-" + op.name());
        }
    }

    @Test
    void theThreeIntakesTheWorkQueueAndThePollerAreStarted() {
        List<String> schemes = context.getRoutes().stream().map(r -> r.getEndpoint().getEndpointUri().replaceAll(":.*", ""))
                .distinct().toList();
        assertThat(schemes).contains("jms", "file", "platform-http", "quartz", "direct");
        assertThat(consumedUris()).anyMatch(u -> u.startsWith("jms://queue:") && u.contains("octane.requests"));
        assertThat(context.getRoutes()).allSatisfy(r ->
                assertThat(context.getRouteController().getRouteStatus(r.getRouteId())).as(r.getRouteId()).isEqualTo(ServiceStatus.Started));
    }

    @Test
    void camelsPerEndpointExchangeTimersAreOffByDefault() {
        assertThat(context.getManagementStrategy().getEventNotifiers())
                .noneMatch(n -> n instanceof org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifier);
        assertThat(context.getRoutePolicyFactories())
                .anyMatch(f -> f instanceof org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory);
    }

    @Test
    void operatorKeysReachTheBeansTheyConfigure() {
        RateBudgets budgets = context.getRegistry().lookupByNameAndType("rateBudgets", RateBudgets.class);
        assertThat(budgets).isNotNull();
        assertThat(budgets.isShared()).as("H2: this instance's own budgets").isFalse();
        assertThat(budgets.of("orderCreate")).hasValueSatisfying(b -> {
            assertThat(b.perMinute()).isEqualTo(4);
            assertThat(b.perHour()).isEqualTo(40);
        });
        QuartzEndpoint tick = context.getEndpoints().stream().filter(QuartzEndpoint.class::isInstance).map(QuartzEndpoint.class::cast)
                .filter(e -> e.getEndpointUri().contains("order-poller")).findFirst().orElseThrow();
        assertThat(tick.getEndpointUri()).contains("repeatInterval=7000");
        assertThat(context.getRegistry().lookupByNameAndType("journal", Journal.class)).isNotNull();
    }
}
