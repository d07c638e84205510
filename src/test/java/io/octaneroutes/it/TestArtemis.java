package io.octaneroutes.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone Apache Artemis broker in its own JVM, for tests with several application JVMs:
 * the {@code apache-artemis} distribution that Maven unpacked into {@code target/artemis}
 * (system property {@code octane.artemis.home}, set by the pom), a throw-away instance
 * ({@code artemis create}) in a temporary folder, one acceptor on 127.0.0.1 and a free port,
 * login required, no web console. {@link #close()} stops it and deletes the instance.
 */
public final class TestArtemis implements AutoCloseable {
    public static final String USER = "octane";

    private final Path dir;
    private Process process;
    private final int port;
    private final String password;
    private final long startMillis;

    private TestArtemis(Path dir, Process process, int port, String password, long startMillis) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.password = password;
        this.startMillis = startMillis;
    }

    public static TestArtemis start() throws Exception {
        long t0 = System.currentTimeMillis();
        Path home = Path.of(System.getProperty("octane.artemis.home", "target/artemis/apache-artemis-2.40.0"));
        if (!Files.isRegularFile(home.resolve("bin/artemis"))) {
            throw new IllegalStateException("no Artemis distribution at " + home + ": run the tests through Maven"
                    + " (maven-dependency-plugin unpacks it in process-test-resources)");
        }
        Path dir = Files.createTempDirectory("octane-test-artemis");
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path instance = dir.resolve("instance");
        // the `artemis` acceptor (all protocols, CORE among them) on 127.0.0.1 only; the
        // protocol-specific acceptors and the web console are left out (as bench/startup.sh)
        run(dir, List.of("bash", home.resolve("bin/artemis").toString(), "create", "--silent", "--force", "--name", "test",
                "--host", "127.0.0.1", "--default-port", String.valueOf(port), "--user", USER, "--password", password,
                "--require-login", "--no-web", "--no-autotune", "--no-amqp-acceptor", "--no-mqtt-acceptor",
                "--no-stomp-acceptor", "--no-hornetq-acceptor", "--java-memory", "512M", instance.toString()));
        TestArtemis artemis = new TestArtemis(dir, null, port, password, 0);
        artemis.run();
        return new TestArtemis(dir, artemis.process, port, password, System.currentTimeMillis() - t0);
    }

    /** Runs the instance until it is live. */
    private void run() throws Exception {
        Path log = dir.resolve("broker.log");
        process = new ProcessBuilder("bash", dir.resolve("instance/bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(60).toMillis();
        // AMQ221007: Server is now live (the acceptors are open)
        while (!Files.readString(log).contains("AMQ221007")) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                String out = Files.readString(log);
                close();
                throw new IllegalStateException("the test broker did not start: " + out);
            }
            Thread.sleep(50); // polling a log file that another process writes: nothing to await on
        }
    }

    /** Stops the broker and keeps its instance (messages, port, users), for {@link #restart()}. */
    public void stop() throws Exception {
        terminate();
    }

    /** Starts the stopped broker again on the same port, with the same instance. */
    public void restart() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the test broker is running");
        }
        run();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public String password() {
        return password;
    }

    /** create + run until live, in milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    /** The keys that point the application at this broker. */
    public Map<String, String> appProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("broker.url", url());
        p.put("broker.username", USER);
        p.put("broker.password", password);
        return p;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("broker.log"));
    }

    private void terminate() throws Exception {
        if (process == null) {
            return;
        }
        // SIGTERM: Artemis stops cleanly on it; the JVM under the script is a child of it
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroy();
        all.forEach(ProcessHandle::destroy);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            h.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        terminate();
        if (Files.exists(dir)) { // closing twice is fine
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Path log = dir.resolve("create.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("artemis create did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("artemis create failed: " + Files.readString(log));
        }
    }
}
