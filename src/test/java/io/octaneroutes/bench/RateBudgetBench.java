package io.octaneroutes.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.octaneroutes.it.AppProcess;
import io.octaneroutes.sim.CallLog;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * Benchmark (not a test), BENCHMARKS.md section 1: a batch of eSIM activations through the
 * packaged application against the simulator with Octane's published per-method limits, on a
 * clock compressed {@code k} times (a limit "minute" lasts 60/k s, the R1 interval 30/k min, the
 * simulator's orders take their G-TIME durations on a clock k times faster). The simulator
 * enforces the limits with fixed windows and answers fault 233 when one is exceeded.
 *
 * <p>Reports, from the simulator's call log: every limited method's calls and the most it saw
 * in any window; fault 233 drawn; the binding budget and how close its calls came to the
 * fastest schedule that budget allows; and the batch's completion time against the theoretical
 * minimum (the binding budget's fastest schedule plus the R1 wait before the last order's
 * first Query Order).
 *
 * <p>Run: see BENCHMARKS.md. System properties: {@code n} (requests, default 500), {@code k}
 * (compression, default 20), {@code octane.jar} (the packaged application).
 */
public final class RateBudgetBench {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final Duration R1 = Duration.ofMinutes(30);

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("n", 500);
        int k = Integer.getInteger("k", 20);

        OctaneSimulator sim = new OctaneSimulator(simulatorConfig(n, k)); // published limits, G-TIME order durations (10 + 5 min)
        sim.start();
        Map<String, String> p = appProperties(sim, k);
        AppProcess app = new AppProcess(Files.createTempDirectory("rate-bench"), p, List.of("-Xmx512m"));
        try (Outcomes outcomes = new Outcomes(app.outbox())) {
            app.start();
            long t0 = System.currentTimeMillis();
            app.submitEsimBatch("rate-", n);
            long submitted = System.currentTimeMillis();
            outcomes.awaitCount(n, timeout(n, k));
            long end = outcomes.all().values().stream().mapToLong(Outcomes.Outcome::at).max().orElseThrow();
            report(n, k, sim.callLog(), outcomes, t0, submitted, end);
        } finally {
            app.close();
            sim.stop();
        }
    }

    /**
     * The simulator of every rate-budget benchmark: Octane's published per-method limits
     * ({@link SimulatorConfig#PUBLISHED_LIMITS}) on windows compressed {@code k} times, its clock
     * {@code k} times faster (G-TIME order durations), stock for {@code n} activations.
     */
    static SimulatorConfig simulatorConfig(int n, int k) {
        SimulatorConfig sc = new SimulatorConfig();
        sc.port = 0;
        sc.speed = k;
        sc.rateLimitMinuteMillis = MINUTE / k;
        sc.rateLimitHourMillis = HOUR / k;
        sc.esimStock = n + 10;
        sc.msnPool = n + 50;
        return sc;
    }

    /** The application's keys against {@code sim}: the published limits, R1 and the poll tick, compressed {@code k} times. */
    static Map<String, String> appProperties(OctaneSimulator sim, int k) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("octane.soap.url", sim.soapBaseUrl());
        p.put("octane.rest.url", sim.restBaseUrl());
        p.put("octane.rate-limit.minute", MINUTE / k + "ms");
        p.put("octane.rate-limit.hour", HOUR / k + "ms");
        p.put("octane.poll.min-interval", R1.toMillis() / k + "ms");
        p.put("octane.poll.tick", Math.max(100, 10_000 / k) + "ms");
        return p;
    }

    /** How long a batch of {@code n} may take: three times its theoretical minimum, plus two minutes. */
    static Duration timeout(int n, int k) {
        return Duration.ofMillis(3 * (idealSpan(n, 50, 500, MINUTE / k, HOUR / k) + R1.toMillis() / k) + 120_000);
    }

    /**
     * The fastest schedule a budget of {@code perMinute}/{@code perHour} allows for {@code calls}
     * calls with zero latency: call i goes at max(t[i-perMinute] + minute, t[i-perHour] + hour).
     * Returns the time of the last call after the first.
     */
    static long idealSpan(int calls, int perMinute, int perHour, long minute, long hour) {
        long[] t = new long[calls];
        for (int i = 0; i < calls; i++) {
            long at = 0;
            if (i >= perMinute) {
                at = Math.max(at, t[i - perMinute] + minute);
            }
            if (i >= perHour) {
                at = Math.max(at, t[i - perHour] + hour);
            }
            t[i] = at;
        }
        return calls == 0 ? 0 : t[calls - 1];
    }

    /** The most calls any window of {@code length} holds (sliding), and the most in one of the simulator's fixed windows. */
    public static int[] mostInWindow(List<Long> times, long length) {
        int sliding = 0;
        int j = 0;
        for (int i = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= length) {
                j++;
            }
            sliding = Math.max(sliding, i - j + 1);
        }
        Map<Long, Integer> fixed = new TreeMap<>();
        times.forEach(t -> fixed.merge(t / length, 1, Integer::sum));
        return new int[] {sliding, fixed.values().stream().mapToInt(Integer::intValue).max().orElse(0)};
    }

    private static void report(int n, int k, CallLog log, Outcomes outcomes, long t0, long submitted, long end) {
        Map<String, Long> byStatus = new TreeMap<>();
        outcomes.all().values().forEach(o -> byStatus.merge(o.type(), 1L, Long::sum));
        report(n, k, log, byStatus, t0, submitted, end);
    }

    /**
     * Prints section 1's figures from the simulator's call log: every limited method's calls and
     * its most in any window (sliding and fixed), the binding budget against its fastest schedule,
     * completion against the theoretical minimum, fault 233 and R1 violations. Returns the ratio
     * (theoretical minimum / completion).
     */
    static double report(int n, int k, CallLog log, Map<String, Long> byStatus, long t0, long submitted, long end) {
        long minute = MINUTE / k;
        long hour = HOUR / k;
        List<CallLog.Entry> calls = log.entries();
        long r1 = R1.toMillis() / k;
        System.out.printf("RATE-BENCH n=%d k=%d (limit minute=%dms hour=%dms, R1=%dms) submitted in %d ms, outcomes=%s%n",
                n, k, minute, hour, r1, submitted - t0, byStatus);
        String binding = null;
        long bindingIdeal = -1;
        long bindingActual = 0;
        List<Long> bindingTimes = List.of();
        for (Map.Entry<String, int[]> limit : new TreeMap<>(SimulatorConfig.PUBLISHED_LIMITS).entrySet()) {
            List<Long> times = calls.stream().filter(c -> c.operation().equals(limit.getKey()) && !"fault:233".equals(c.outcome()))
                    .map(CallLog.Entry::realMillis).sorted().toList();
            if (times.isEmpty()) {
                continue;
            }
            int perMinute = limit.getValue()[0];
            int perHour = limit.getValue()[1];
            int[] m = mostInWindow(times, minute);
            int[] h = mostInWindow(times, hour);
            long ideal = idealSpan(times.size(), perMinute, perHour, minute, hour);
            long actual = times.get(times.size() - 1) - times.get(0);
            System.out.printf("RATE-BENCH %-16s calls=%4d limit=%d/min %d/h  most in a minute: sliding=%d fixed=%d  in an hour: sliding=%d fixed=%d"
                            + "  span=%d ms, fastest the budget allows=%d ms%n",
                    limit.getKey(), times.size(), perMinute, perHour, m[0], m[1], h[0], h[1], actual, ideal);
            if (ideal > bindingIdeal) {
                bindingIdeal = ideal;
                bindingActual = actual;
                binding = limit.getKey();
                bindingTimes = times;
            }
        }
        System.out.printf("RATE-BENCH binding budget: %s; its %d calls spanned %d ms, the fastest schedule it allows %d ms%n",
                binding, bindingTimes.size(), bindingActual, bindingIdeal);
        long minimum = bindingIdeal + r1;
        long took = end - t0;
        System.out.printf("RATE-BENCH completion: %d ms against a theoretical minimum of %d ms (%d + R1 %d) = %.3f; fault 233 drawn: %d;"
                        + " R1 violations: %d%n",
                took, minimum, bindingIdeal, r1, (double) minimum / took, log.faults233(), log.r1Violations());
        return (double) minimum / took;
    }
}
