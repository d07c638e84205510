package io.octaneroutes.intake;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifierNamingStrategy;

/**
 * Keeps the Octane URL and local paths out of the labels of {@code /observe/metrics} (issue 12,
 * item 8): Camel's exchange event notifier labels each series with its endpoint URI, e.g.
 * {@code http://octane-host:443/tiab/api} or {@code file:///srv/octane/inbox}. Those become
 * {@code http} and {@code file:inbox} (the folder's own name, so inbox and outbox stay two
 * series); every other endpoint this application uses (direct, seda, jms, quartz, cxf bean,
 * platform-http) keeps its name, which is ours. A Micrometer filter on Camel's registry ({@code metricsRegistry}, which
 * camel-micrometer-prometheus uses when one is bound), so it applies to every meter.
 */
public final class MetricLabels {
    public static final String REGISTRY_BEAN = "metricsRegistry";

    private MetricLabels() {
    }

    /** Adds the filter to the registry Camel will use, creating that registry if it does not exist yet. */
    public static void install(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(REGISTRY_BEAN, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(REGISTRY_BEAN, registry);
        }
        registry.config().meterFilter(MeterFilter.replaceTagValues("endpointName", MetricLabels::endpointLabel));
        registry.config().meterFilter(ONE_SET_OF_TAG_KEYS);
    }

    /**
     * Every meter of Camel's exchange event notifier with the same tag keys. Camel 4.18's notifier
     * (its naming strategy's {@code getTags}) adds {@code routeId} only when the exchange has a
     * from-route: an exchange a ProducerTemplate sends straight to an endpoint (a client putting a
     * request on the JMS intake queue from this JVM, a test) has none. Prometheus requires one
     * set of label names per metric name, so the registry refused that meter and Micrometer
     * logged "registration has failed ... same set of tag keys" (a WARN, then DEBUG): those
     * exchanges were not counted at all. No {@code camel.metrics.*} option changes the tag set
     * (namingStrategy, baseEndpointURIExchangeEventNotifier, enableExchangeEventNotifier: the
     * last one only drops the whole metric, and with it the time spent on Octane's wire per
     * endpoint); Camel fixed it after 4.18.0 (CAMEL-23719). Until then the missing key is added
     * with an empty value, which PromQL reads as "no routeId", and the meter is registered.
     */
    static final MeterFilter ONE_SET_OF_TAG_KEYS = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            if (MicrometerExchangeEventNotifierNamingStrategy.EVENT_NOTIFIERS.test(id) && id.getTag("routeId") == null) {
                return id.withTag(Tag.of("routeId", ""));
            }
            return id;
        }
    };

    /** The label of an endpoint URI: no host, no path of this machine. */
    static String endpointLabel(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return uri;
        }
        String scheme = uri.substring(0, colon);
        switch (scheme) {
            case "http", "https" -> {
                return scheme;
            }
            case "file" -> {
                String path = uri.substring(colon + 1);
                int query = path.indexOf('?');
                path = query < 0 ? path : path.substring(0, query);
                while (path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                return "file:" + path.substring(path.lastIndexOf('/') + 1);
            }
            default -> {
                return uri;
            }
        }
    }
}
