package io.octaneroutes.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.octaneroutes.it.AppProcess;
import io.octaneroutes.it.TestApp;
import io.octaneroutes.it.TestArtemis;
import io.octaneroutes.it.TestPostgres;
import io.octaneroutes.sim.OctaneSimulator;

/**
 * Benchmark (not a test), BENCHMARKS.md section 5: section 1's batch of eSIM activations at
 * Octane's published limits ({@link RateBudgetBench}: same simulator, same compressed clock,
 * same theoretical minimum and report), on {@code instances} (default 3) JVMs of the packaged
 * application in cluster mode ({@code cluster.enabled=true}) on one PostgreSQL
 * ({@link TestPostgres}, a fresh schema) and one standalone Artemis ({@link TestArtemis}), so
 * every call goes through the cluster's one rate budget per method ({@code SharedRateBudget}).
 * The batch is submitted over HTTP, request i to instance i mod N, from 4 threads.
 *
 * <p>Reports section 1's figures, then each instance's share of the work: the requests whose
 * final event it wrote (the instance that ran the flow writes it to its own outbox), and how
 * many of those it had accepted itself.
 *
 * <p>System properties: {@code n} (default 500), {@code k} (default 20), {@code instances}
 * (default 3), {@code broker.url.options} (Artemis client options appended to every instance's
 * {@code broker.url}, for experiments; none by default), {@code octane.jar},
 * {@code octane.artemis.home} (bench/run.sh sets both).
 */
public final class ClusterRateBudgetBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("n", 500);
        int k = Integer.getInteger("k", 20);
        int instances = Integer.getInteger("instances", 3);

        OctaneSimulator sim = new OctaneSimulator(RateBudgetBench.simulatorConfig(n, k));
        sim.start();
        TestArtemis broker = null;
        List<AppProcess> apps = new ArrayList<>();
        List<Outcomes> outcomes = new ArrayList<>();
        try {
            broker = TestArtemis.start();
            TestPostgres.Database db = TestPostgres.get().freshDatabase("cluster_bench");
            Map<String, String> p = new LinkedHashMap<>(RateBudgetBench.appProperties(sim, k));
            p.putAll(db.appProperties());
            p.putAll(broker.appProperties());
            // an experiment's Artemis client options on the broker URL (e.g. cacheDestinations=true); none by default
            String brokerOptions = System.getProperty("broker.url.options", "");
            if (!brokerOptions.isBlank()) {
                p.put("broker.url", broker.url() + "?" + brokerOptions);
            }
            p.put("cluster.enabled", "true");
            p.put("camel.main.name", "octane-routes-bench"); // the clustered Quartz scheduler's key: the same on every member
            p.put("octane.simulator.enabled", "false");
            for (int i = 0; i < instances; i++) {
                AppProcess app = new AppProcess(Files.createTempDirectory("cluster-bench-" + i), p, List.of("-Xmx512m"));
                apps.add(app);
                outcomes.add(new Outcomes(app.outbox()));
            }
            // one after the other: the first migrates the schema, the others find it done
            for (AppProcess app : apps) {
                app.start();
            }
            long cpuAtReady = 0;
            for (AppProcess app : apps) {
                cpuAtReady += app.cpuMillis();
            }
            System.out.printf("CLUSTER-BENCH %d instances on PostgreSQL and Artemis (started in %d ms), broker URL options: %s; load average %s%n",
                    instances, broker.startMillis(), brokerOptions.isBlank() ? "none" : brokerOptions,
                    Files.readString(Path.of("/proc/loadavg")).trim());

            long t0 = System.currentTimeMillis();
            long[] post = submitSpread(apps, "crate-", n);
            long submitted = System.currentTimeMillis();
            long cpuAfterIntake = 0;
            for (AppProcess app : apps) {
                cpuAfterIntake += app.cpuMillis();
            }
            await().atMost(RateBudgetBench.timeout(n, k)).pollInterval(Duration.ofMillis(20)).pollInSameThread()
                    .alias(n + " requests with a final event on some instance")
                    .until(() -> outcomes.stream().mapToInt(Outcomes::count).sum() >= n);
            Map<String, Outcomes.Outcome> all = new TreeMap<>();
            outcomes.forEach(o -> all.putAll(o.all()));
            long end = all.values().stream().mapToLong(Outcomes.Outcome::at).max().orElseThrow();
            Map<String, Long> byStatus = new TreeMap<>();
            all.values().forEach(o -> byStatus.merge(o.type(), 1L, Long::sum));
            RateBudgetBench.report(n, k, sim.callLog(), byStatus, t0, submitted, end);
            System.out.printf("CLUSTER-BENCH intake: %d requests in %d ms (%.1f per s), POST to 202 median %d ms p95 %d ms max %d ms%n", n,
                    submitted - t0, n * 1000.0 / (submitted - t0), post[n / 2], post[n * 95 / 100], post[n - 1]);
            System.out.printf("CLUSTER-BENCH final events: %d for %d distinct requests (more: a request ended on two instances)%n",
                    outcomes.stream().mapToInt(Outcomes::count).sum(), all.size());
            for (int i = 0; i < instances; i++) {
                Map<String, Outcomes.Outcome> mine = outcomes.get(i).all();
                int fi = i;
                long acceptedHere = mine.keySet().stream().filter(id -> submittedTo(id, instances) == fi).count();
                System.out.printf("CLUSTER-BENCH instance %d: ran %d requests (%.1f %%), %d of them accepted by itself; CPU %d ms%n", i,
                        mine.size(), 100.0 * mine.size() / n, acceptedHere, apps.get(i).cpuMillis());
            }
            long cpuEnd = 0;
            for (AppProcess app : apps) {
                cpuEnd += app.cpuMillis();
            }
            System.out.printf("CLUSTER-BENCH the instances' CPU: %d ms to start, %d ms during the intake, %d ms after it (%.1f ms per request"
                    + " from submit to the end); load average now %s%n", cpuAtReady, cpuAfterIntake - cpuAtReady, cpuEnd - cpuAfterIntake,
                    (double) (cpuEnd - cpuAtReady) / n, Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            for (Outcomes o : outcomes) {
                o.close();
            }
            for (AppProcess app : apps) {
                app.close();
            }
            if (broker != null) {
                broker.close();
            }
            sim.stop();
        }
    }

    /**
     * Submits {@code <prefix>00001} … over HTTP, request i to instance (i - 1) mod N, from 4
     * threads; returns when all were accepted, with each POST's time to its 202 (ms, sorted).
     */
    static long[] submitSpread(List<AppProcess> apps, String prefix, int n) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String id = String.format("%s%05d", prefix, i);
                AppProcess to = apps.get(submittedTo(id, apps.size()));
                sent.add(submitters.submit(() -> {
                    long t0 = System.nanoTime();
                    to.submit(TestApp.esimRequest(id, 554433, 23371, false));
                    return (System.nanoTime() - t0) / 1_000_000;
                }));
            }
            long[] took = new long[n];
            for (int i = 0; i < n; i++) {
                took[i] = sent.get(i).get();
            }
            Arrays.sort(took);
            return took;
        } finally {
            submitters.shutdown();
        }
    }

    private static int submittedTo(String requestId, int instances) {
        return (Integer.parseInt(requestId.substring(requestId.length() - 5)) - 1) % instances;
    }
}
