package io.octaneroutes.app;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import io.octaneroutes.journal.Journal;

/**
 * The demo run: everything embedded, the simulator's clock 600 times faster than ours so
 * that the 30-minute Query Order rule (R1) holds in simulated time while the demo takes
 * seconds, the examples/ requests dropped into the intake folder, one line as each request
 * finishes, and a summary at the end. The per-event log lines (about 80) and camel-main's
 * configuration listing are left out of the demo's console: the events are in the outbox.
 */
public final class Demo extends MainListenerSupport {
    public static final String DATA = "./data/demo";

    private final Main main;
    private final Map<String, String> requests = new LinkedHashMap<>();
    private volatile int exitCode = 1;

    private Demo(Main main) {
        this.main = main;
    }

    public static Demo prepare(Main main) throws IOException {
        deleteTree(Path.of(DATA));
        main.addOverrideProperty("intake.dir", DATA + "/inbox");
        main.addOverrideProperty("events.dir", DATA + "/outbox");
        main.addOverrideProperty("broker.data-dir", DATA + "/broker");
        main.addOverrideProperty("db.data-dir", DATA + "/db");
        main.addOverrideProperty("octane.simulator.enabled", "true");
        // 3 s of ours = 30 min of the simulator's: R1 is kept in simulated time
        main.addOverrideProperty("octane.simulator.speed", "600");
        main.addOverrideProperty("octane.simulator.poll.min-interval", "30m");
        main.addOverrideProperty("octane.poll.min-interval", "3s");
        main.addOverrideProperty("octane.poll.tick", "1s");
        // NBN: reads one interval apart as well; an activation completes in an hour of simulated time
        main.addOverrideProperty("octane.nbn.poll-interval", "3s");
        main.addOverrideProperty("octane.simulator.nbn.activation.complete-after", "1h");
        // the demo's HTTP intake key; a real deployment sets its own (intake.http.api-key)
        main.addOverrideProperty("intake.http.api-key", "demo-api-key");
        // a readable first run: no listing of every configuration key, no line per event (they are in the outbox)
        main.addOverrideProperty("camel.main.autoConfigurationLogSummary", "false");
        org.apache.logging.log4j.core.config.Configurator.setLevel("events", org.apache.logging.log4j.Level.WARN);
        Demo demo = new Demo(main);
        main.addMainListener(demo);
        return demo;
    }

    public int exitCode() {
        return exitCode;
    }

    @Override
    public void afterStart(BaseMainSupport support) {
        CamelContext context = support.getCamelContext();
        Thread t = new Thread(() -> run(context), "octane-demo");
        t.setDaemon(true);
        t.start();
    }

    private void run(CamelContext context) {
        try {
            ObjectMapper json = new ObjectMapper();
            String inbox = context.resolvePropertyPlaceholders("{{intake.dir}}");
            Files.createDirectories(Path.of(inbox));
            for (Map.Entry<String, byte[]> example : examples().entrySet()) {
                JsonNode doc = json.readTree(example.getValue());
                requests.put(doc.path("requestId").asText(), doc.path("flow").asText());
                // written under a temporary name and renamed: the intake never reads half a file
                Path tmp = Path.of(inbox, example.getKey() + ".tmp");
                Files.write(tmp, example.getValue());
                Files.move(tmp, Path.of(inbox, example.getKey()));
            }
            long started = System.currentTimeMillis();
            System.out.printf("%n[demo] dropped %d example request(s) into %s; each line below is one that finished%n%n", requests.size(), inbox);
            Journal journal = context.getRegistry().lookupByNameAndType("journal", Journal.class);
            long deadline = started + 180_000;
            java.util.Set<String> finished = new java.util.HashSet<>();
            while (System.currentTimeMillis() < deadline && finished.size() < requests.size()) {
                for (Map.Entry<String, String> r : requests.entrySet()) {
                    if (finished.contains(r.getKey())) {
                        continue;
                    }
                    var record = journal.find(r.getKey()).orElse(null);
                    if (record != null && isFinal(record.status())) {
                        finished.add(r.getKey());
                        System.out.printf("[demo] %2d/%d  %-10s %-38s %-38s %5.1f s%n", finished.size(), requests.size(), record.status(),
                                r.getKey(), r.getValue(), (System.currentTimeMillis() - started) / 1000.0);
                    }
                }
                Thread.sleep(250); // a console demo waiting for its requests; no test relies on this
            }
            boolean allCompleted = true;
            System.out.printf("%n[demo] results%n");
            for (String id : requests.keySet()) {
                var record = journal.find(id).orElse(null);
                String status = record == null ? "NOT RECEIVED" : record.status();
                allCompleted &= Journal.COMPLETED.equals(status);
                Object ids = record == null ? Map.of() : record.state().getOrDefault("ids", Map.of());
                System.out.printf("[demo]   %-28s %-30s %-10s %s%s%n", id, requests.get(id), status, ids,
                        record != null && record.errorMessage() != null ? " " + record.errorCode() + ": " + record.errorMessage() : "");
            }
            System.out.printf("[demo] events are in %s%n%n", context.resolvePropertyPlaceholders("{{events.dir}}"));
            exitCode = allCompleted ? 0 : 1;
        } catch (Exception e) {
            System.err.println("[demo] failed: " + e);
            exitCode = 1;
        } finally {
            main.completed();
        }
    }

    private static boolean isFinal(String status) {
        return Journal.COMPLETED.equals(status) || Journal.FAILED.equals(status) || Journal.PARKED.equals(status);
    }

    /** examples/*.json from the working directory when run from the project, else from the jar. */
    static Map<String, byte[]> examples() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Path local = Path.of("examples");
        if (Files.isDirectory(local)) {
            collect(local, out);
            return out;
        }
        try {
            URI jar = Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            if (Files.isDirectory(Path.of(jar))) {
                collect(Path.of(jar).resolve("examples"), out);
            } else {
                try (FileSystem fs = FileSystems.newFileSystem(Path.of(jar))) {
                    collect(fs.getPath("/examples"), out);
                }
            }
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        return out;
    }

    private static void collect(Path dir, Map<String, byte[]> out) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
        }
        for (Path p : files) {
            out.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
