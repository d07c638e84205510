package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;

/**
 * {@code /observe/metrics} after flows: our {@code octane_*} metrics beside Camel's, read from
 * the journal and the rate budgets; and Camel's exchange metrics complete. An exchange a
 * ProducerTemplate sends straight to an endpoint (no route: here the JMS intake queue, as a
 * client of the embedded broker would) has no routeId, and Camel 4.18's exchange event notifier
 * then registers {@code camel.exchange.event.notifier} without that tag key: Prometheus refuses
 * the meter and Micrometer logs a WARN. MetricLabels gives such meters {@code routeId=""}.
 */
class MetricsIT {
    static LogCapture warnings;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        warnings = LogCapture.warnings("metrics-it");
        // Camel's per-endpoint timers are off by default (application.properties); on here, to show that an
        // operator who turns them on gets every meter registered
        app = TestApp.start(Map.of("camel.metrics.enableExchangeEventNotifier", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (warnings != null) {
            warnings.close();
        }
    }

    @Test
    void flowsShowInTheOctaneMetricsAndEveryCamelMeterIsRegistered() throws Exception {
        app.submit("metrics-http", "mobile.activate.new-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":false}");
        app.sendJms(TestApp.esimRequest("metrics-jms", 554433, 23371, false));
        assertThat(app.awaitFinal("metrics-http", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
        assertThat(app.awaitFinal("metrics-jms", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);

        // the gauges read a journal snapshot at most 5 s old
        await().atMost(Duration.ofSeconds(15)).until(() -> value(scrape(), "octane_requests\\{status=\"COMPLETED\"}") == 2);
        String m = scrape();
        assertThat(value(m, "octane_requests\\{status=\"FAILED\"}")).isZero();
        assertThat(value(m, "octane_requests\\{status=\"RUNNING\"}")).isZero();
        assertThat(value(m, "octane_requests_parked")).isZero();
        // two orderCreates, the orderQuery polls, all within this hour's window; the published limits
        assertThat(value(m, "octane_budget_slots\\{method=\"orderCreate\",window=\"hour\"}")).isEqualTo(2);
        assertThat(value(m, "octane_budget_slots\\{method=\"orderQuery\",window=\"hour\"}")).isEqualTo(app.calls("orderQuery").size());
        assertThat(value(m, "octane_budget_limit\\{method=\"orderCreate\",window=\"minute\"}")).isEqualTo(100);
        assertThat(value(m, "octane_budget_limit\\{method=\"reserveResources\",window=\"hour\"}")).isEqualTo(500);
        assertThat(value(m, "octane_budget_waits_total\\{method=\"orderCreate\"}")).isZero();
        assertThat(value(m, "octane_budget_blocked_seconds\\{method=\"orderCreate\"}")).isZero();
        // the order is done: nothing followed, nothing due, no lag
        assertThat(value(m, "octane_poll_followed")).isZero();
        assertThat(value(m, "octane_poll_due")).isZero();
        assertThat(value(m, "octane_poll_lag_seconds")).isZero();
        // every event of the two requests published by the relay
        await().atMost(Duration.ofSeconds(15)).until(() -> value(scrape(), "octane_events_unpublished") == 0);
        assertThat(value(m, "octane_answers_unreadable_total\\{operation=\"orderQuery\"}")).isZero();

        // Camel's meters: the template's JMS send is counted (routeId ""), beside the routes' own (routeId: the route the exchange came from)
        assertThat(m).containsPattern("camel_exchange_event_notifier_seconds_count\\{[^}]*endpointName=\"jms://queue:octane.requests\"[^}]*routeId=\"\"[^}]*} 1");
        assertThat(m).containsPattern("camel_exchange_event_notifier_seconds_count\\{[^}]*endpointName=\"cxf://bean:utbOrder\"[^}]*routeId=\"dispatch\"");
        assertThat(warnings.text()).doesNotContain("registration has failed").doesNotContain("same set of tag keys");
        // each Octane operation timed by its call route
        assertThat(m).containsPattern("camel_route_policy_seconds_count\\{[^}]*routeId=\"call-orderCreate\"[^}]*} 2");
    }

    static String scrape() throws Exception {
        return app.get("/observe/metrics").body();
    }

    /** The value of the one series matching the pattern (name and labels, regex); NaN when there is none. */
    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
