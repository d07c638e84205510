package io.octaneroutes.app;

import java.io.PrintStream;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import io.octaneroutes.gateway.GatewayConfig;
import io.octaneroutes.probe.Probe;
import io.octaneroutes.probe.ProbeReport;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * {@code java -jar octane-routes.jar --probe [--key=value ...]}: the read-only probe (README,
 * "Pointing it at the real Octane") with the operator contract's keys, resolved as the service
 * resolves them (application.properties, environment variables such as OCTANE_SOAP_URL,
 * {@code --key=value}, which win). With no Octane URL set it probes the embedded simulator, which
 * then shows how a report reads ({@code --octane.simulator.shape.*} reshapes its answers).
 * Prints the report and returns its exit code; {@link ProbeReport#CANNOT_RUN} when the
 * configuration does not let it start.
 */
public final class ProbeCommand {
    private ProbeCommand() {
    }

    /**
     * @param quiet the report goes to stdout, where the log appender writes too: Camel's start and stop
     *              lines would interleave with it, so from the command line only warnings are logged
     *              (a test keeps its JVM's levels)
     */
    public static int run(Map<String, String> overrides, PrintStream out, PrintStream err, boolean quiet) {
        if (quiet) {
            Configurator.setLevel("org.apache.camel", Level.WARN);
            Configurator.setLevel("io.octaneroutes", Level.WARN);
            // CXF logs a failed call with its stack trace; the report says what failed, in one line
            Configurator.setLevel("org.apache.cxf.phase.PhaseInterceptorChain", Level.ERROR);
        }
        DefaultCamelContext properties = new DefaultCamelContext();
        OctaneSimulator simulator = null;
        try {
            properties.getPropertiesComponent().setLocation("classpath:application.properties;optional=true");
            overrides.forEach(properties.getPropertiesComponent()::addOverrideProperty);
            properties.build();
            Settings settings = new Settings(properties);
            boolean urlsSet = settings.optional("octane.soap.url").isPresent() || settings.optional("octane.rest.url").isPresent();
            if (settings.optional("octane.simulator.enabled").map(Boolean::parseBoolean).orElse(!urlsSet)) {
                simulator = new OctaneSimulator(SimulatorConfig.fromProperties(key -> settings.optional(key).orElse(null)));
                simulator.start();
                properties.getPropertiesComponent().addOverrideProperty("octane.soap.url", simulator.soapBaseUrl());
                properties.getPropertiesComponent().addOverrideProperty("octane.rest.url", simulator.restBaseUrl());
                out.println("No Octane URL is set: probing the embedded simulator.");
            }
            GatewayConfig gateway = OctaneConfiguration.gatewayConfig(settings, settings.required("octane.soap.url"),
                    settings.required("octane.rest.url"));
            Probe.Settings probe = new Probe.Settings(settings.get("octane.esim.query-value", "WME_ESIM"),
                    settings.get("octane.probe.connectyou-zone", "NSW"), // G-CY: the simulator's zones are NSW and VIC
                    settings.get("octane.probe.address", "995 UTRILLO Place"), // the docs' example address (rest-api.md section 7)
                    settings.get("octane.probe.location-id", "LOC380100000995"), // the docs' example location (doc api-5037724)
                    settings.duration("octane.probe.max-wait", "90s"));
            ProbeReport report = new Probe(gateway, OctaneConfiguration.rateLimits(settings), probe).run();
            out.print(report.render());
            out.flush();
            return report.exitCode();
        } catch (IllegalStateException e) {
            // a missing or malformed key (Settings, RateBudgets.Limits): the messages name the key, never its value
            err.println("the probe cannot run: " + e.getMessage());
            return ProbeReport.CANNOT_RUN;
        } catch (Exception e) {
            // the class only: another library's message may quote a configured URL, and a URL may carry credentials
            err.println("the probe cannot run: " + e.getClass().getName());
            return ProbeReport.CANNOT_RUN;
        } finally {
            if (simulator != null) {
                simulator.stop();
            }
            properties.stop();
        }
    }
}
