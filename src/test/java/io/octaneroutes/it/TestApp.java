package io.octaneroutes.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

import io.octaneroutes.app.Application;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.OctaneSimulator;

/**
 * The whole application in this JVM, as {@code java -jar} starts it (camel-main, our
 * configuration class, the YAML routes), with everything embedded: Artemis, an H2 file
 * database and the Octane simulator, in a temporary folder, HTTP on a free 127.0.0.1 port.
 *
 * <p>The database is the embedded H2 unless the overrides set {@code db.url} (and
 * {@code db.username}/{@code db.password}), or {@link #startOnPostgres} gives it a fresh schema
 * of the test PostgreSQL ({@link TestPostgres}). {@code -Doctane.test.db=postgres} runs every
 * test that uses {@link #start} on PostgreSQL instead of H2.
 */
public final class TestApp implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String API_KEY = "test-api-key-0123456789";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Path dir;
    private final Main main;
    private final int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private ProducerTemplate template;
    private TestPostgres.Database database;

    private TestApp(Path dir, Main main, int httpPort) {
        this.dir = dir;
        this.main = main;
        this.httpPort = httpPort;
        this.openedBy = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(c -> c.startsWith("io.octaneroutes.") && !c.startsWith(TestApp.class.getName())).findFirst().orElse("?"));
    }

    /** Which test started it: named at the JVM's exit when it was never closed. */
    private final String openedBy;

    /**
     * Apps started and not yet closed. Camel 4.18's hangup hook is installed even after
     * disableHangupSupport() (DefaultMainShutdownStrategy compares-and-sets its flag the wrong
     * way round), and at the JVM's exit it waits up to a minute for the context of a Main that
     * is still running: Surefire then kills its fork after 30 s. So an app a test left open is
     * closed here at exit, and named, instead.
     */
    private static final java.util.Set<TestApp> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (TestApp app : OPEN) {
                System.err.println("TestApp left open by " + app.openedBy + " (" + app.dir + "): closed at the JVM's exit");
                try {
                    app.close();
                } catch (Exception e) {
                    System.err.println("  and it did not close: " + e);
                }
            }
        }, "test-app-close"));
    }

    /** Defaults for tests: a fast clock (simulator 900x: 2 s of ours = 30 min of Octane's), short polls, quick retries. */
    public static Map<String, String> fastDefaults() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("octane.simulator.enabled", "true");
        p.put("octane.simulator.port", "0");
        p.put("octane.simulator.speed", "900");
        p.put("octane.simulator.poll.min-interval", "30m");
        p.put("octane.simulator.order.commit-after", "45m");
        p.put("octane.simulator.order.complete-after", "10m");
        p.put("octane.poll.min-interval", "2s");
        p.put("octane.poll.tick", "200ms");
        p.put("octane.retry.initial-delay", "100ms");
        p.put("octane.retry.max-delay", "1s");
        p.put("octane.retry.park-delay", "2s");
        p.put("octane.read-timeout", "3s");
        p.put("octane.reconcile.settle", "500ms");
        p.put("intake.http.api-key", API_KEY);
        // a dead instance's (or an earlier life's) requests are taken over after the lease, unclaimed ones swept after requeue-after
        p.put("flows.lease", "6s");
        p.put("flows.requeue-after", "20s");
        return p;
    }

    /** The app on a fresh schema of the test PostgreSQL. */
    public static TestApp startOnPostgres(Map<String, String> overrides) throws Exception {
        TestPostgres.Database db = TestPostgres.get().freshDatabase("app");
        Map<String, String> p = new LinkedHashMap<>(db.appProperties());
        p.putAll(overrides);
        TestApp app = startWith(p);
        app.database = db;
        return app;
    }

    public static TestApp start(Map<String, String> overrides) throws Exception {
        if (!overrides.containsKey("db.url") && "postgres".equals(System.getProperty("octane.test.db"))) {
            return startOnPostgres(overrides);
        }
        return startWith(overrides);
    }

    private static TestApp startWith(Map<String, String> overrides) throws Exception {
        Path dir = Files.createTempDirectory("octane-routes-test");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Main main = io.octaneroutes.app.Application.createMain();
        // close() stops this Main itself (the hangup hook is installed all the same: see OPEN)
        if (main.getShutdownStrategy() instanceof org.apache.camel.main.DefaultMainShutdownStrategy hangup) {
            hangup.disableHangupSupport();
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("intake.dir", dir.resolve("inbox").toString());
        p.put("events.dir", dir.resolve("outbox").toString());
        p.put("broker.data-dir", dir.resolve("broker").toString());
        p.put("db.data-dir", dir.resolve("db").toString());
        p.put("server.host", "127.0.0.1");
        p.put("server.port", String.valueOf(port));
        // Quartz keeps its schedulers JVM-wide by name: two apps in one test JVM need two names
        // (instances of one deployment share the name on purpose: the clustered JobStore)
        p.put("camel.main.name", "octane-routes-" + dir.getFileName());
        p.putAll(fastDefaults());
        p.putAll(overrides);
        p.forEach(main::addOverrideProperty);
        TestApp app = new TestApp(dir, main, port);
        OPEN.add(app);
        try {
            main.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> main.getCamelContext() != null && main.getCamelContext().isStarted());
        } catch (Exception | Error e) {
            // a start refused (ClusterModeTest) leaves no Main running behind it
            try {
                app.close();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
        app.template = main.getCamelContext().createProducerTemplate();
        return app;
    }

    /** The PostgreSQL schema the app runs on, or null on H2. */
    public TestPostgres.Database database() {
        return database;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Path dir() {
        return dir;
    }

    public Path inbox() {
        return dir.resolve("inbox");
    }

    public OctaneSimulator simulator() {
        return context().getRegistry().lookupByNameAndType("octaneSimulator", OctaneSimulator.class);
    }

    public Journal journal() {
        return context().getRegistry().lookupByNameAndType("journal", Journal.class);
    }

    public ProducerTemplate template() {
        return template;
    }

    public static String esimRequest(String requestId, long custNo, long planNo, boolean qr) {
        return "{\"requestId\":\"" + requestId + "\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":" + custNo
                + ",\"planNo\":" + planNo + ",\"isQRcode\":" + qr + "}}";
    }

    /** Drops a request file as a well-behaved writer does: temporary name, then rename. */
    public void dropFile(String name, String content) throws IOException {
        dropFile(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public void dropFile(String name, byte[] content) throws IOException {
        Files.createDirectories(inbox());
        Path tmp = inbox().resolve(name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, inbox().resolve(name));
    }

    public void sendJms(String body) {
        template.sendBody("jms:queue:" + context().resolvePropertyPlaceholders("{{intake.queue}}"), body);
    }

    public HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", API_KEY).GET().build());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the request is COMPLETED, FAILED or PARKED and its events journaled so far are published (the relay's). */
    public String awaitFinal(String requestId, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> journal().find(requestId)
                .map(r -> Journal.COMPLETED.equals(r.status()) || Journal.FAILED.equals(r.status()) || Journal.PARKED.equals(r.status()))
                .orElse(false));
        awaitPublished(requestId);
        return journal().find(requestId).orElseThrow().status();
    }

    /** Waits until every event journaled for the request is on the topic and in the outbox (EventRelay). */
    public void awaitPublished(String requestId) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try (java.sql.Connection c = journal().dataSource().getConnection();
                 java.sql.PreparedStatement ps = c.prepareStatement(
                         "SELECT COUNT(*) FROM octane_event WHERE request_id = ? AND relay_owner IS NOT NULL")) {
                ps.setString(1, requestId);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            }
        });
    }

    /** A request document. */
    public static String request(String id, String flow, String params) {
        return "{\"requestId\":\"" + id + "\",\"flow\":\"" + flow + "\",\"params\":" + params + "}";
    }

    /** Submits a request over HTTP; it must be accepted (202). */
    public void submit(String id, String flow, String params) throws Exception {
        HttpResponse<String> r = post("/api/requests", request(id, flow, params));
        org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** The last event of a request (waits for its first). */
    public Map<String, Object> lastEvent(String requestId) throws IOException {
        await().atMost(Duration.ofSeconds(5)).until(() -> !events(requestId).isEmpty());
        List<Map<String, Object>> all = events(requestId);
        return all.get(all.size() - 1);
    }

    /** The operations the simulator saw, with repeated reads of one order (the polls) counted once. */
    public List<String> steps() {
        List<String> out = new ArrayList<>();
        for (io.octaneroutes.sim.CallLog.Entry e : simulator().callLog().entries()) {
            boolean poll = List.of("orderQuery", "getNbnOrder", "getEnquiry").contains(e.operation());
            if (!(poll && !out.isEmpty() && out.get(out.size() - 1).equals(e.operation()))) {
                out.add(e.operation());
            }
        }
        return out;
    }

    /** The calls of one operation, in order. */
    public List<io.octaneroutes.sim.CallLog.Entry> calls(String operation) {
        return simulator().callLog().entries().stream().filter(e -> e.operation().equals(operation)).toList();
    }

    /** Waits until the request has the given status (e.g. AWAITING_INPUT). */
    public void awaitStatus(String requestId, String status, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> journal().find(requestId).map(r -> status.equals(r.status())).orElse(false));
        awaitPublished(requestId);
    }

    /** A call to the simulator's admin API (test hooks: seeded services, OTP codes, eSIM states, ...). */
    public Map<String, Object> simAdmin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator().port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("simulator admin " + method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readValue(r.body(), MAP);
    }

    /** Every event file in the outbox, in directory-listing order. */
    public List<Map<String, Object>> events() throws IOException {
        Path outbox = dir.resolve("outbox");
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(outbox)) {
            return out;
        }
        try (Stream<Path> s = Files.list(outbox)) {
            // an event being written is a hidden ".writing-" file until it is complete
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                out.add(JSON.readValue(p.toFile(), MAP));
            }
        }
        return out;
    }

    public List<Map<String, Object>> events(String requestId) throws IOException {
        return events().stream().filter(e -> requestId.equals(e.get("requestId"))).toList();
    }

    @Override
    public void close() throws Exception {
        OPEN.remove(this);
        main.stop();
        main.shutdown();
    }
}
