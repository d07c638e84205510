package io.octaneroutes.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;

import io.octaneroutes.app.Application;

/**
 * The application as a separate JVM: {@code target/octane-routes.jar} when the system property
 * {@code octane.jar} names it (failsafe sets it in {@code mvn verify}; benchmarks pass it), else
 * the same main class on this JVM's classpath (run from an IDE). Its journal, broker, inbox and
 * outbox live in one folder, so a restart after {@link #kill()} resumes on the same data.
 * HTTP on a free 127.0.0.1 port. Used by the crash test and the benchmarks.
 */
public final class AppProcess implements AutoCloseable {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dir;
    private final int port;
    private final Map<String, String> properties;
    private final List<String> jvmOptions;
    private Process process;
    private int starts;

    /** {@code properties}: the application's own keys ({@code octane.soap.url}, …); folders, port and API key are added here. */
    public AppProcess(Path dir, Map<String, String> properties, List<String> jvmOptions) throws IOException {
        this.dir = dir;
        this.properties = new LinkedHashMap<>(properties);
        this.jvmOptions = List.copyOf(jvmOptions);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    public Path dir() {
        return dir;
    }

    /** The intake folder: {@code intake.dir} when the properties name one (a folder several instances share), else its own. */
    public Path inbox() {
        String shared = properties.get("intake.dir");
        return shared != null ? Path.of(shared) : dir.resolve("inbox");
    }

    public Path outbox() {
        return dir.resolve("outbox");
    }

    /** Starts the JVM and waits until its health check answers UP. */
    public void start() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        String jar = System.getProperty("octane.jar");
        if (jar != null && Files.isRegularFile(Path.of(jar))) {
            cmd.addAll(List.of("-jar", Path.of(jar).toAbsolutePath().toString())); // the packaged application
        } else {
            // the same main class on this JVM's classpath, without empty entries (an empty entry is the working folder)
            String classpath = String.join(File.pathSeparator, Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(e -> !e.isBlank()).toList());
            cmd.addAll(List.of("-cp", classpath, Application.class.getName()));
        }
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put("intake.dir", inbox().toString());
        p.put("events.dir", outbox().toString());
        p.put("broker.data-dir", dir.resolve("broker").toString());
        p.put("db.data-dir", dir.resolve("db").toString());
        p.put("server.host", "127.0.0.1");
        p.put("server.port", String.valueOf(port));
        p.put("intake.http.api-key", TestApp.API_KEY);
        p.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        starts++;
        Files.createDirectories(dir);
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("app-" + starts + ".log").toFile()).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited, see " + dir.resolve("app-" + starts + ".log"));
            }
            return get("/observe/health").body().contains("UP");
        });
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time (user + system) the process has used so far, from /proc (Linux). */
    public long cpuMillis() throws IOException {
        return cpuMillis(process.pid());
    }

    /** CPU time of any process, from /proc/&lt;pid&gt;/stat: utime and stime, in clock ticks of 1/100 s. */
    public static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state is field 3, utime field 14, stime field 15
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    public HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("X-API-Key", TestApp.API_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("X-API-Key", TestApp.API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The status API's answer for a request, or status LOST(&lt;http status&gt;) when it does not know it. */
    public Map<String, Object> status(String requestId) throws Exception {
        HttpResponse<String> r = get("/api/requests/" + requestId);
        return r.statusCode() == 200 ? TestApp.JSON.readValue(r.body(), MAP) : Map.of("status", "LOST(" + r.statusCode() + ")");
    }

    /**
     * Submits eSIM activations {@code <prefix>00001} … over HTTP from 4 threads, as a reseller's
     * system sends a batch; returns when all were accepted.
     */
    public void submitEsimBatch(String prefix, int n) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String id = String.format("%s%05d", prefix, i);
                sent.add(submitters.submit(() -> {
                    submit(TestApp.esimRequest(id, 554433, 23371, false));
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            submitters.shutdown();
        }
    }

    /** Submits a request over HTTP; it must be accepted (202). */
    public void submit(String body) throws Exception {
        HttpResponse<String> r = post("/api/requests", body);
        if (r.statusCode() != 202) {
            throw new IllegalStateException("not accepted (" + r.statusCode() + "): " + r.body());
        }
    }
}
