package io.octaneroutes.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.GatewayConfig;
import io.octaneroutes.gateway.OctaneOperation;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.gateway.RestOperation;
import io.octaneroutes.gateway.SoapOperation;
import io.octaneroutes.sim.AnswerShape;
import io.octaneroutes.sim.CallLog;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * The probe against our own simulator: no difference when it answers as the facts say; every
 * difference named when its answer-shape mode reshapes the answers; only read-only operations
 * ever reach it, and the probe refuses any other.
 */
class ProbeTest {
    static final String PASSWORD = "demo-password";
    private OctaneSimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = new OctaneSimulator(SimulatorConfig.fromProperties(k -> switch (k) {
            case "octane.simulator.port" -> "0";
            case "octane.simulator.username" -> "demo";
            case "octane.simulator.password" -> PASSWORD;
            default -> null;
        }));
        sim.start();
    }

    @AfterEach
    void stop() {
        sim.stop();
    }

    static Probe probe(String soapUrl, String restUrl, Duration maxWait) {
        return probe(soapUrl, restUrl, maxWait, PASSWORD);
    }

    static Probe probe(String soapUrl, String restUrl, Duration maxWait, String password) {
        GatewayConfig config = new GatewayConfig(soapUrl, restUrl, "demo", password, "123", 1, Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of());
        RateBudgets.Limits limits = new RateBudgets.Limits("demo", soapUrl, Map.of("getGroupPlans", new int[] {50, 500}),
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(2));
        return new Probe(config, limits, new Probe.Settings("WME_ESIM", "NSW", "995 UTRILLO Place", "LOC380100000995", maxWait));
    }

    private ProbeReport run() throws Exception {
        return probe(sim.soapBaseUrl(), sim.restBaseUrl(), Duration.ofSeconds(5)).run();
    }

    static boolean has(ProbeReport report, Finding.Kind kind, String subject, String path) {
        return report.findings().stream().anyMatch(f -> f.kind() == kind && f.subject().equals(subject) && f.path().equals(path));
    }

    @Test
    void reportsNoDifferenceAgainstOurSimulator() throws Exception {
        ProbeReport report = run();
        assertThat(report.findings()).as(report.render()).isEmpty();
        assertThat(report.exitCode()).isEqualTo(ProbeReport.SAME);
        String text = report.render();
        assertThat(text).contains("No difference found.").contains("exit code 0");
        for (ProbeCall call : ProbeCall.values()) {
            assertThat(text).containsPattern(call.op.name() + " .* answered in \\d+ ms.*: no difference");
        }
        for (SoapOperation.Service service : SoapOperation.Service.values()) {
            assertThat(text).containsPattern(service.name() + " +\\d+ operation\\(s\\) we call compared: no difference");
        }
        // the calls were really made and counted: getGroupPlans lists the seeded plans
        assertThat(text).containsPattern("getGroupPlans .* answered in \\d+ ms, a list of \\d+");
    }

    @Test
    void noWriteOperationReachesTheSimulator() throws Exception {
        Map<String, Object> before = sim.state().counts();
        run();
        List<CallLog.Entry> calls = sim.callLog().entries();
        assertThat(calls).extracting(CallLog.Entry::operation)
                .containsExactlyInAnyOrder("queryResources", "getGroupPlans", "getAvailableNumbers", "listPlans", "searchAddress", "serviceQualification");
        for (CallLog.Entry call : calls) {
            assertThat(operation(call.operation()).answer().readOnly()).as(call.operation()).isTrue();
            assertThat(call.outcome()).as(call.operation()).isEqualTo("ok");
        }
        assertThat(sim.state().counts()).as("nothing created, reserved or changed").isEqualTo(before);
    }

    @Test
    void refusesEveryOperationThatIsNotReadOnly() throws Exception {
        Probe probe = probe(sim.soapBaseUrl(), sim.restBaseUrl(), Duration.ofSeconds(5));
        probe.start();
        try {
            List<OctaneOperation> writes = new ArrayList<>();
            for (OctaneOperation op : all()) {
                if (!op.answer().readOnly()) {
                    writes.add(op);
                    assertThatThrownBy(() -> probe.call(op, Map.of())).as(op.name()).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("read-only");
                    // and the gateway's route for it was never started in the probe's context: nothing to send to
                    assertThat(probe.context().getRouteController().getRouteStatus("call-" + op.name())).as(op.name())
                            .isNotEqualTo(ServiceStatus.Started);
                    assertThatThrownBy(() -> probe.template().sendBody(op.callUri() + "?block=false", Map.of())).as(op.name())
                            .isInstanceOf(CamelExecutionException.class).hasRootCauseInstanceOf(DirectConsumerNotAvailableException.class);
                }
            }
            for (ProbeCall call : ProbeCall.values()) {
                assertThat(probe.context().getRouteController().getRouteStatus("call-" + call.op.name())).isEqualTo(ServiceStatus.Started);
            }
            assertThat(writes).contains(SoapOperation.orderCreate, SoapOperation.reserveResources, SoapOperation.selectResource,
                    RestOperation.addCustomer, RestOperation.createNbnActivation, RestOperation.manageEsim);
            assertThat(sim.callLog().entries()).as("nothing reached the simulator").isEmpty();
        } finally {
            probe.stop();
        }
    }

    @Test
    void namesEveryDifferenceOfAnswersInAnotherShape() throws Exception {
        sim.setShape(new AnswerShape(true, true, true, true, AnswerShape.Envelope.WRAPPED, true, true));
        ProbeReport report = run();
        String pr = "UtbPooledResource queryResources answer";
        // SOAP: unknown elements at every level, reversed children, qualified children
        assertThat(has(report, Finding.Kind.UNKNOWN, pr, "return/octaneExtra")).as(report.render()).isTrue();
        assertThat(has(report, Finding.Kind.UNKNOWN, pr, "return/octaneExtraGroup")).isTrue();
        assertThat(has(report, Finding.Kind.UNKNOWN, pr, "return/pooledResources/octaneExtra")).isTrue();
        assertThat(has(report, Finding.Kind.UNKNOWN, "UtbPlan getGroupPlans answer", "return/groupPlan/octaneExtraGroup")).isTrue();
        assertThat(has(report, Finding.Kind.ORDER, pr, "return")).isTrue();
        assertThat(has(report, Finding.Kind.QUALIFIED, pr, "return")).isTrue();
        // REST: the other envelope, unknown fields at every level, a single object for a list of one
        assertThat(has(report, Finding.Kind.ENVELOPE, "listPlans answer", "")).isTrue();
        assertThat(has(report, Finding.Kind.UNKNOWN, "listPlans answer", "[].octaneExtra")).isTrue();
        assertThat(has(report, Finding.Kind.UNKNOWN, "listPlans answer", "octaneExtra")).as("beside the list").isTrue();
        assertThat(has(report, Finding.Kind.ENVELOPE, "searchAddress answer", "")).isFalse(); // documented wrapped: stays so
        assertThat(has(report, Finding.Kind.SINGLE, "searchAddress answer", "response")).as("one address matches").isTrue();
        assertThat(has(report, Finding.Kind.UNKNOWN, "serviceQualification answer", "response.location.octaneExtra")).isTrue();
        assertThat(has(report, Finding.Kind.SINGLE, "serviceQualification answer", "response.infrastructures")).isTrue();
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.kind().unanswered()).as(f.toString()).isFalse());
        assertThat(report.exitCode()).isEqualTo(ProbeReport.DIFFERENCES);
        // every finding of a SOAP answer relates to G-WSDL and the operation's gaps
        assertThat(report.findings()).filteredOn(f -> f.subject().equals(pr)).allSatisfy(f -> assertThat(f.gaps()).containsExactly("G-WSDL", "G-SIM"));
        assertThat(report.findings()).filteredOn(f -> f.subject().equals("listPlans answer")).allSatisfy(f -> assertThat(f.gaps()).containsExactly("G-PLANS"));
    }

    @Test
    void namesTheFlatEnvelopeAndWhatItCannotCarry() throws Exception {
        sim.setShape(new AnswerShape(false, false, false, false, AnswerShape.Envelope.FLAT, false, false));
        ProbeReport report = run();
        // the address search's wrapped list, answered as the bare array: its envelope fields are gone
        assertThat(has(report, Finding.Kind.ENVELOPE, "searchAddress answer", "")).as(report.render()).isTrue();
        assertThat(has(report, Finding.Kind.MISSING, "searchAddress answer", "success")).isTrue();
        assertThat(has(report, Finding.Kind.ENVELOPE, "serviceQualification answer", "")).isTrue();
        assertThat(report.about("serviceQualification answer")).as("the SQ's fields are all there, at the top level").hasSize(1);
        assertThat(report.about("listPlans answer")).as("documented bare: unchanged").isEmpty();
    }

    @Test
    void neverShowsCredentialsOrValues() throws Exception {
        sim.setShape(new AnswerShape(true, true, true, true, AnswerShape.Envelope.WRAPPED, true, true));
        String text = run().render();
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("MOBILE POSTPAID").doesNotContain("UTRILLO").doesNotContain("BOX HILL")
                .doesNotContain("LOC380100000995").doesNotContain("ignore me").doesNotContain("0290001000");
    }

    @Test
    void aRateLimitLongerThanTheAllowedWaitIsNotCheckedAndNotHammered() throws Exception {
        sim.setRateLimit("getGroupPlans", 0, 0);
        ProbeReport report = probe(sim.soapBaseUrl(), sim.restBaseUrl(), Duration.ofMillis(1)).run();
        assertThat(has(report, Finding.Kind.NOT_CHECKED, "UtbPlan getGroupPlans answer", "")).as(report.render()).isTrue();
        assertThat(sim.callLog().count("getGroupPlans")).as("asked once, not again within the window").isEqualTo(1);
        assertThat(report.exitCode()).isEqualTo(ProbeReport.UNANSWERED);
    }

    @Test
    void aWrongLoginIsNamedWithoutThePassword() throws Exception {
        ProbeReport report = probe(sim.soapBaseUrl(), sim.restBaseUrl(), Duration.ofSeconds(1), "not-the-password").run();
        assertThat(report.findings()).as(report.render()).hasSize(ProbeCall.values().length).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.NO_ANSWER);
            assertThat(f.detail()).contains("refused the login");
        });
        assertThat(report.render()).doesNotContain("not-the-password").doesNotContain(PASSWORD)
                .containsPattern("UtbPlan +1 operation\\(s\\) we call compared: no difference"); // ?wsdl needs no login
        assertThat(report.exitCode()).isEqualTo(ProbeReport.UNANSWERED);
    }

    @Test
    void aRefusedConnectionIsReportedAsRefused() throws Exception {
        // the application's HTTP settings (CXF's HttpURLConnection conduit): a refused connection then
        // surfaces inside CXF's XML writer, which the gateway reads as an unreadable answer
        io.octaneroutes.app.OctaneConfiguration.httpClientSafety();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeReport report = probe("http://127.0.0.1:" + closed + "/tiab", "http://127.0.0.1:" + closed + "/tiab/api", Duration.ofSeconds(1)).run();
        assertThat(report.findings()).as(report.render()).hasSize(SoapOperation.Service.values().length + ProbeCall.values().length)
                .allSatisfy(f -> {
                    assertThat(f.kind()).isEqualTo(Finding.Kind.NO_ANSWER);
                    assertThat(f.detail()).containsAnyOf("connection refused", "cannot connect");
                });
        assertThat(report.findings()).filteredOn(f -> f.subject().equals("UtbPlan getGroupPlans answer")).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo("connection refused (ConnectException)"));
        assertThat(report.exitCode()).isEqualTo(ProbeReport.UNANSWERED);
    }

    private static List<OctaneOperation> all() {
        List<OctaneOperation> all = new ArrayList<>(List.of(SoapOperation.values()));
        all.addAll(List.of(RestOperation.values()));
        return all;
    }

    private static OctaneOperation operation(String name) {
        return all().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("not an operation: " + name));
    }
}
