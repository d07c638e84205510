package io.octaneroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/** The README's main command, in-process: the demo feeds every request of examples/ and each one completes. */
class DemoTest {

    @Test
    void theDemoRunsEveryExampleToCompletion() throws Exception {
        assertThat(Demo.examples()).hasSizeGreaterThanOrEqualTo(3);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Main main = new Main();
        Demo demo = Demo.prepare(main);
        main.addOverrideProperty("server.host", "127.0.0.1");
        main.addOverrideProperty("server.port", String.valueOf(port));
        main.run(); // returns once the demo has seen every example finish
        assertThat(demo.exitCode()).as("every example request COMPLETED").isZero();
    }
}
