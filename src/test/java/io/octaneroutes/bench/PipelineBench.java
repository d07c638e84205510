package io.octaneroutes.bench;

import java.lang.management.ManagementFactory;
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
import java.util.Queue;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;

import io.octaneroutes.it.AppProcess;
import io.octaneroutes.it.TestApp;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * Benchmark (not a test), BENCHMARKS.md section 2: the pipeline's overhead. The eSIM activation
 * through the packaged application (HTTP intake, journal, flow route, CXF, Quartz poller,
 * events) against {@link DirectClient} (the same calls, hand-written), both against one
 * simulator in its own JVM, with rate limits off, orders done at once and the same poll
 * interval for both. Warm-up of each, then rounds of direct / octane-routes in turn.
 * Throughput = requests / (first submit to last completion); CPU per request from
 * /proc of the application's JVM and of this JVM (the direct client).
 *
 * <p>System properties: {@code n} (requests per round, default 2000), {@code warmup} (500),
 * {@code rounds} (2), {@code octane.jar} (required: the packaged application), {@code app.jvm}
 * (more options for the application's JVM), {@code app.set.<key>} (any application key), {@code db}
 * ({@code h2}, the default, or {@code postgresql}: a throw-away cluster of {@code TestPostgres}).
 */
public final class PipelineBench {
    private static final int THREADS = 8; // flows.concurrency, the application's default
    private static final Duration POLL = Duration.ofMillis(250);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("n", 2000);
        int warmup = Integer.getInteger("warmup", 500);
        int rounds = Integer.getInteger("rounds", 2);
        String jar = System.getProperty("octane.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalArgumentException("-Doctane.jar=target/octane-routes.jar (mvn -B -DskipTests package)");
        }
        int total = 2 * warmup + 2 * rounds * n + 100;
        int simPort;
        try (ServerSocket s = new ServerSocket(0)) {
            simPort = s.getLocalPort();
        }
        List<String> simCmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", jar, "io.octaneroutes.sim.SimulatorMain", "--port=" + simPort, "--esim-stock=" + total, "--msn-pool=" + total,
                "--order.commit-after=0s", "--order.complete-after=0s"));
        Map<String, String> p = new LinkedHashMap<>();
        for (String method : SimulatorConfig.PUBLISHED_LIMITS.keySet()) {
            simCmd.add("--rate-limit." + method + "=100000000/100000000"); // limits off
            p.put("octane.rate-limit." + method, "100000000/100000000");
        }
        Path dir = Files.createTempDirectory("pipeline-bench");
        Process sim = new ProcessBuilder(simCmd).redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
        String soap = "http://127.0.0.1:" + simPort + "/tiab";
        p.put("octane.soap.url", soap);
        p.put("octane.rest.url", soap + "/api");
        p.put("octane.poll.min-interval", POLL.toMillis() + "ms");
        p.put("octane.poll.tick", "100ms");
        p.put("flows.concurrency", String.valueOf(THREADS));
        // -Ddb=postgresql: the journal, order store and Quartz on PostgreSQL (TestPostgres: a throw-away cluster, a fresh schema)
        String db = System.getProperty("db", "h2");
        if ("postgresql".equals(db)) {
            p.putAll(io.octaneroutes.it.TestPostgres.get().freshDatabase("pipeline_bench").appProperties());
        } else if (!"h2".equals(db)) {
            throw new IllegalArgumentException("-Ddb=" + db + ": h2 or postgresql");
        }
        // -Dapp.set.<key>=<value>: any other application key, e.g. to compare a configuration
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("app.set."))
                .forEach(k -> p.put(k.substring("app.set.".length()), System.getProperty(k)));
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        String extra = System.getProperty("app.jvm"); // e.g. a JFR recording to see where the time goes
        if (extra != null && !extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        AppProcess app = new AppProcess(dir.resolve("app"), p, jvm);
        try (Outcomes outcomes = new Outcomes(app.outbox())) {
            awaitSimulator(soap);
            app.start();
            DirectClient direct = new DirectClient(soap, soap + "/api", "demo", "demo-password", THREADS, POLL);
            System.out.printf("PIPELINE-BENCH n=%d per round, %d rounds, warm-up %d, %d worker threads each, poll interval %d ms, limits off,"
                    + " database %s%n", n, rounds, warmup, THREADS, POLL.toMillis(), db);
            runOurs(app, outcomes, "warm", warmup, sim, soap);
            runDirect(direct, warmup, sim, soap, false);
            List<Double> ratios = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                double d = runDirect(direct, n, sim, soap, true);
                double o = runOurs(app, outcomes, "r" + r, n, sim, soap);
                ratios.add(o / d);
                System.out.printf("PIPELINE-BENCH round %d: octane-routes / direct = %.3f%n", r, o / d);
            }
            System.out.printf("PIPELINE-BENCH ratio (mean of %d rounds) = %.3f%n", rounds,
                    ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        } finally {
            app.close();
            sim.destroy();
            sim.waitFor();
        }
    }

    private static double runDirect(DirectClient direct, int n, Process sim, String soap, boolean print) throws Exception {
        Map<String, Long> before = simCalls(soap);
        long cpu0 = ownCpuMillis();
        long simCpu0 = AppProcess.cpuMillis(sim.pid());
        long t0 = System.nanoTime();
        Queue<String> failures = direct.run(n, 554433, 23371);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long cpu = ownCpuMillis() - cpu0;
        long simCpu = AppProcess.cpuMillis(sim.pid()) - simCpu0;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " direct activations failed, e.g. " + failures.peek());
        }
        double rps = n * 1000.0 / ms;
        if (print) {
            System.out.printf("PIPELINE-BENCH direct        %5d requests in %6d ms = %7.1f req/s, client CPU %.2f ms/request, simulator CPU %.2f ms/request, calls %s%n",
                    n, ms, rps, (double) cpu / n, (double) simCpu / n, diff(before, simCalls(soap)));
        }
        return rps;
    }

    private static double runOurs(AppProcess app, Outcomes outcomes, String tag, int n, Process sim, String soap) throws Exception {
        Map<String, Long> before = simCalls(soap);
        int already = outcomes.count();
        long cpu0 = app.cpuMillis();
        long simCpu0 = AppProcess.cpuMillis(sim.pid());
        long t0 = System.currentTimeMillis();
        app.submitEsimBatch("pipe-" + tag + "-", n);
        outcomes.awaitCount(already + n, Duration.ofMinutes(20));
        long end = outcomes.all().values().stream().mapToLong(Outcomes.Outcome::at).max().orElseThrow();
        long cpu = app.cpuMillis() - cpu0;
        long simCpu = AppProcess.cpuMillis(sim.pid()) - simCpu0;
        long failed = outcomes.all().entrySet().stream().filter(e -> e.getKey().startsWith("pipe-" + tag + "-"))
                .filter(e -> !"completed".equals(e.getValue().type())).count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " octane-routes activations did not complete, see " + app.dir());
        }
        long ms = end - t0;
        double rps = n * 1000.0 / ms;
        if (!tag.equals("warm")) {
            System.out.printf("PIPELINE-BENCH octane-routes %5d requests in %6d ms = %7.1f req/s, app CPU %.2f ms/request, simulator CPU %.2f ms/request, calls %s%n",
                    n, ms, rps, (double) cpu / n, (double) simCpu / n, diff(before, simCalls(soap)));
        }
        return rps;
    }

    private static long ownCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    private static void awaitSimulator(String soap) throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                HTTP.send(HttpRequest.newBuilder(URI.create(soap + "/UtbOrder?wsdl")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200);
    }

    /** Calls per operation in the simulator's call log so far (its admin API). */
    private static Map<String, Long> simCalls(String soap) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(soap.replace("/tiab", "/sim/calls"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<Map<String, Object>> calls = TestApp.JSON.readValue(body, new TypeReference<>() {
        });
        Map<String, Long> count = new TreeMap<>();
        calls.forEach(c -> count.merge(String.valueOf(c.get("operation")), 1L, Long::sum));
        return count;
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long x = v - before.getOrDefault(k, 0L);
            if (x > 0) {
                d.put(k, x);
            }
        });
        return d;
    }
}
