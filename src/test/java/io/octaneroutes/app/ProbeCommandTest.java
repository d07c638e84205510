package io.octaneroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.octaneroutes.probe.ProbeReport;

/**
 * {@code --probe} as the command line runs it: the operator contract's keys from
 * application.properties and {@code --key=value}, the embedded simulator when no Octane URL is
 * set, the report on stdout, and the exit codes the README gives.
 */
class ProbeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int probe(Map<String, String> args) {
        return ProbeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    @Test
    void withoutAnOctaneUrlItProbesTheEmbeddedSimulatorAndFindsNoDifference() {
        assertThat(probe(Map.of())).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(ProbeReport.SAME);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("probing the embedded simulator").contains("No difference found.")
                .contains("exit code 0").doesNotContain("demo-password");
    }

    @Test
    void theSimulatorsShapeKeysMakeItNameDifferences() {
        assertThat(probe(Map.of("octane.simulator.shape.rest.extra-fields", "true"))).isEqualTo(ProbeReport.DIFFERENCES);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("[unknown]").contains("octaneExtra").contains("exit code 1");
    }

    @Test
    void aConfigurationItCannotRunWithIsExitCode3NamingTheKey() {
        assertThat(probe(Map.of("octane.soap.url", "http://127.0.0.1:1/tiab"))).isEqualTo(ProbeReport.CANNOT_RUN);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("octane.rest.url");
        err.reset();
        assertThat(probe(Map.of("octane.probe.max-wait", "soon"))).isEqualTo(ProbeReport.CANNOT_RUN);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("octane.probe.max-wait");
    }
}
