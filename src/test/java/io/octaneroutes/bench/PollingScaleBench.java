package io.octaneroutes.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.octaneroutes.it.TestApp;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.poller.OrderPoller;
import io.octaneroutes.sim.CallLog;
import io.octaneroutes.sim.OctaneSimulator;

/**
 * Benchmark (not a test), BENCHMARKS.md section 3: the order poller with 1k, 10k and 100k
 * orders in flight, against the simulator, with Octane's orderQuery budget (100/min, 2000/h)
 * and the R1 interval (30 min) on a clock compressed {@code k} times (default 60: a limit hour
 * lasts 60 s, R1 30 s). Each size starts the application in this JVM, stops its Quartz trigger
 * and runs the poller's tick here, back to back with the tick interval between, for
 * {@code hours} compressed hours (default 2), so each tick's CPU time and allocation can be
 * read off this thread.
 *
 * <p>The orders were created over the last 30 minutes (first query due one R1 interval after
 * creation), a third each of three kinds that take 20 minutes, 45 minutes and 3 hours to
 * commit (G-TIME). Reported: per tick, the orders queried, CPU and allocation (flat: only due
 * orders are read, through the index octane_order_due); the orderQuery calls in every limit
 * window and fault 233; polls per completed order against ceil(duration / R1) + 1; and, when
 * the budget cannot poll every order every 30 minutes, whether it went to the orders due
 * longest (oldest due first) and none was polled twice while another waited.
 *
 * <p>{@code -Ddb=postgres}: the order store (and journal, Quartz) is a fresh schema of the test
 * PostgreSQL ({@link TestApp#startOnPostgres}) instead of the embedded H2.
 */
public final class PollingScaleBench {
    private static final Duration R1 = Duration.ofMinutes(30);
    /** orderAction → time to commit on the simulated clock (G-TIME) */
    private static final Map<String, Duration> KINDS = Map.of("ADD_WME_NEW", Duration.ofMinutes(20),
            "CHANGE_WME_PLAN", Duration.ofMinutes(45), "ADD_WME_PORT", Duration.ofHours(3));

    public static void main(String[] args) throws Exception {
        int k = Integer.getInteger("k", 60);
        double hours = Double.parseDouble(System.getProperty("hours", "2"));
        String sizes = System.getProperty("sizes", "1000,10000,100000");
        if ("postgres".equals(System.getProperty("db", "h2"))) {
            System.setProperty("octane.test.db", "postgres"); // TestApp.start then runs on a fresh PostgreSQL schema
        }
        for (String size : sizes.split(",")) {
            run(Integer.parseInt(size.trim()), k, hours);
        }
    }

    private static void run(int n, int k, double hours) throws Exception {
        long minute = 60_000 / k;
        long hour = 3_600_000 / k;
        long interval = R1.toMillis() / k;
        long tickPause = Math.max(50, 10_000 / k); // octane.poll.tick, compressed
        Map<String, String> p = new LinkedHashMap<>();
        p.put("octane.simulator.speed", String.valueOf(k));
        p.put("octane.simulator.rate-limit.minute", minute + "ms");
        p.put("octane.simulator.rate-limit.hour", hour + "ms");
        p.put("octane.simulator.order.complete-after", "5m");
        KINDS.forEach((action, d) -> p.put("octane.simulator.order.commit-after." + action, d.toMinutes() + "m"));
        p.put("octane.rate-limit.minute", minute + "ms");
        p.put("octane.rate-limit.hour", hour + "ms");
        p.put("octane.poll.min-interval", interval + "ms");
        p.put("octane.poll.tick", "1h"); // the trigger is stopped below; this thread ticks
        try (TestApp app = TestApp.start(p)) {
            app.context().getRouteController().stopRoute("order-poller");
            OctaneSimulator sim = app.simulator();
            OrderPoller poller = app.context().getRegistry().lookupByNameAndType("orderPoller", OrderPoller.class);

            // seed: orders created over the last R1 interval, oldest first; first query due one interval after creation
            List<String> kinds = new ArrayList<>(new TreeMap<>(KINDS).keySet());
            long now = System.currentTimeMillis();
            Instant simNow = sim.clock().now();
            Map<String, Long> dueAt = new HashMap<>();
            Map<String, Duration> takes = new HashMap<>();
            try (Connection c = app.journal().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO octane_order (order_id, request_id, status, submitted_at, next_poll_at, poll_count) VALUES (?,?,?,?,?,0)")) {
                c.setAutoCommit(false);
                for (int i = 0; i < n; i++) {
                    long ageReal = interval - (long) i * interval / n; // order 0 is the oldest
                    String action = kinds.get(i % kinds.size());
                    String orderId = sim.state().seedOrder(554433, action, simNow.minusMillis(ageReal * k));
                    ps.setString(1, orderId);
                    ps.setString(2, "seed-" + i);
                    ps.setString(3, Journal.ORDER_PENDING);
                    ps.setLong(4, now - ageReal);
                    ps.setLong(5, now - ageReal + interval);
                    ps.addBatch();
                    dueAt.put(orderId, now - ageReal + interval);
                    takes.put(orderId, KINDS.get(action));
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
            sim.callLog().clear();

            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            List<long[]> ticks = new ArrayList<>(); // {orders queried, cpu ns, bytes, wall ms}
            long end = System.currentTimeMillis() + (long) (hours * hour);
            long start = System.currentTimeMillis();
            while (System.currentTimeMillis() < end) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long bytes0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                long queries0 = sim.callLog().count("orderQuery");
                poller.tick();
                long polled = sim.callLog().count("orderQuery") - queries0;
                ticks.add(new long[] {polled, threads.getCurrentThreadCpuTime() - cpu0, threads.getCurrentThreadAllocatedBytes() - bytes0,
                        (System.nanoTime() - t0) / 1_000_000});
                Thread.sleep(tickPause); // Quartz's repeat interval between two ticks
            }
            long ran = System.currentTimeMillis() - start;
            report(n, k, app, sim.callLog(), ticks, ran, minute, hour, interval, dueAt, takes);
        }
    }

    private static void report(int n, int k, TestApp app, CallLog log, List<long[]> ticks, long ran, long minute, long hour, long interval,
                               Map<String, Long> dueAt, Map<String, Duration> takes) throws Exception {
        List<CallLog.Entry> queries = log.entries().stream().filter(e -> e.operation().equals("orderQuery")).toList();
        List<Long> times = queries.stream().map(CallLog.Entry::realMillis).sorted().toList();
        int[] m = RateBudgetBench.mostInWindow(times, minute);
        int[] h = RateBudgetBench.mostInWindow(times, hour);
        List<long[]> busy = ticks.stream().filter(t -> t[0] > 0).toList();
        long[] cpuPerOrder = busy.stream().mapToLong(t -> t[1] / t[0]).sorted().toArray();
        long[] bytesPerOrder = busy.stream().mapToLong(t -> t[2] / t[0]).sorted().toArray();
        long[] idleCpu = ticks.stream().filter(t -> t[0] == 0).mapToLong(t -> t[1]).sorted().toArray();
        long[] idleBytes = ticks.stream().filter(t -> t[0] == 0).mapToLong(t -> t[2]).sorted().toArray();
        System.out.printf("POLLING-SCALE db=%s n=%d k=%d ran %d ms (%.1f limit hours): %d ticks (%d busy), %d orderQuery, fault 233: %d, R1 violations: %d%n",
                app.database() != null ? "postgres" : "h2", n, k, ran, (double) ran / hour, ticks.size(), busy.size(), queries.size(), log.faults233(), log.r1Violations());
        System.out.printf("POLLING-SCALE   budget 100/min 2000/h: most in a minute sliding=%d fixed=%d, in an hour sliding=%d fixed=%d%n",
                m[0], m[1], h[0], h[1]);
        System.out.printf("POLLING-SCALE   per order queried: CPU median %.2f ms p95 %.2f ms, allocated median %d KB p95 %d KB;"
                        + " a tick with nothing due: CPU median %.2f ms, allocated median %d KB%n",
                median(cpuPerOrder) / 1e6, p95(cpuPerOrder) / 1e6, (long) median(bytesPerOrder) / 1024, (long) p95(bytesPerOrder) / 1024,
                median(idleCpu) / 1e6, (long) median(idleBytes) / 1024);

        // polls per completed order against ceil(duration / R1) + 1 (duration = creation to commit)
        Map<String, Integer> polls = new HashMap<>();
        queries.forEach(q -> polls.merge(q.key("orderId"), 1, Integer::sum));
        int done = 0;
        int over = 0;
        Map<Integer, Integer> slack = new TreeMap<>();
        try (Connection c = app.journal().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT order_id, poll_count FROM octane_order WHERE status = ?")) {
            ps.setString(1, Journal.ORDER_DONE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done++;
                    String id = rs.getString(1);
                    int bound = (int) Math.ceil((double) takes.get(id).toMillis() / R1.toMillis()) + 1;
                    int count = rs.getInt(2);
                    if (count > bound) {
                        over++;
                    }
                    slack.merge(bound - count, 1, Integer::sum);
                }
            }
        }
        System.out.printf("POLLING-SCALE   completed orders: %d; polls above ceil(duration/R1)+1: %d; (bound - polls) -> orders: %s%n",
                done, over, slack);

        // fairness: the budget serves R1-worth of orders; beyond that, oldest due first
        long perInterval = (long) Math.floor(2000.0 * interval / hour); // orderQuery per R1 interval at 2000/h
        Map<String, Long> firstPoll = new LinkedHashMap<>();
        for (CallLog.Entry q : queries) {
            firstPoll.putIfAbsent(q.key("orderId"), q.realMillis());
        }
        // polled in due order: the i-th first poll went to an order no later due than every order not yet polled then
        List<String> byDue = dueAt.keySet().stream().sorted((a, b) -> Long.compare(dueAt.get(a), dueAt.get(b))).toList();
        int skipped = 0; // orders polled while an earlier-due order waited unpolled
        Set<String> polledSoFar = new HashSet<>();
        int cursor = 0;
        for (String id : firstPoll.keySet()) {
            polledSoFar.add(id);
            while (cursor < byDue.size() && polledSoFar.contains(byDue.get(cursor))) {
                cursor++;
            }
            if (cursor < byDue.size() && dueAt.get(byDue.get(cursor)) < dueAt.get(id)) {
                skipped++;
            }
        }
        int[] perOrder = polls.values().stream().mapToInt(Integer::intValue).toArray();
        long longestWait = firstPoll.entrySet().stream().mapToLong(e -> e.getValue() - dueAt.get(e.getKey())).max().orElse(0);
        System.out.printf("POLLING-SCALE   fairness: the budget serves %d orders per R1 interval, %d in flight; %d orders polled,"
                        + " polls per polled order min %d max %d; first polls out of due order: %d; longest wait past due before a first poll:"
                        + " %.1f R1 intervals%n",
                perInterval, n, polls.size(), Arrays.stream(perOrder).min().orElse(0), Arrays.stream(perOrder).max().orElse(0), skipped,
                (double) longestWait / interval);
    }

    private static double median(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static double p95(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * 95 / 100)];
    }
}
