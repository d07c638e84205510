package io.octaneroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, in-process: the demo feeds every request of examples/ and each one
 * completes; it prints a line as each one finishes, then its summary table, and no line per route
 * or per event.
 */
class DemoTest {

    @Test
    void theDemoRunsEveryExampleToCompletion() throws Exception {
        int examples = Demo.examples().size();
        assertThat(examples).isGreaterThanOrEqualTo(3);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Main main = Application.createMain();
        Demo demo = Demo.prepare(main);
        main.addOverrideProperty("server.host", "127.0.0.1");
        main.addOverrideProperty("server.port", String.valueOf(port));
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        PrintStream out = System.out;
        // what the demo prints, still on the real stdout too
        System.setOut(new PrintStream(new Tee(out, seen), true, StandardCharsets.UTF_8));
        // and what it logs at INFO and above (log4j's console appender holds the original stdout)
        java.io.StringWriter logged = new java.io.StringWriter();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%p %c{1} %m%n").build(), null,
                logged, "demo-test", false, true);
        appender.start();
        logs.getConfiguration().addAppender(appender);
        logs.getConfiguration().getLoggers().values().forEach(l -> l.addAppender(appender, Level.INFO, null));
        logs.getConfiguration().getRootLogger().addAppender(appender, Level.INFO, null);
        logs.updateLoggers();
        try {
            main.run(); // returns once the demo has seen every example finish
        } finally {
            System.setOut(out);
            logs.getConfiguration().getRootLogger().removeAppender("demo-test");
            logs.getConfiguration().getLoggers().values().forEach(l -> l.removeAppender("demo-test"));
            logs.updateLoggers();
        }
        assertThat(demo.exitCode()).as("every example request COMPLETED").isZero();
        String console = seen.toString(StandardCharsets.UTF_8);
        assertThat(console.lines().filter(l -> l.matches("\\[demo] +\\d+/" + examples + " +COMPLETED .*"))).hasSize(examples);
        assertThat(console).contains("[demo] results");
        assertThat(console.indexOf("[demo] results")).isGreaterThan(console.lastIndexOf(examples + "/" + examples));
        // one line for the routes at start-up and one at shutdown, none per route; no line per event
        String log = logged.toString();
        assertThat(log.lines().filter(l -> l.contains("Routes startup (total:"))).hasSize(1);
        assertThat(log.lines().filter(l -> l.contains("Routes stopped (total:"))).hasSize(1);
        assertThat(log.lines().filter(l -> l.matches(".*\\b(Started|Stopped) [\\w.-]+ \\(.*"))).isEmpty();
        assertThat(log.lines().filter(l -> l.contains("event step-done"))).isEmpty();
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
