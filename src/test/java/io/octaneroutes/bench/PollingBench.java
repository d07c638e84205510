package io.octaneroutes.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.octaneroutes.journal.Journal;

/**
 * Benchmark (not a test): the cost of one poll tick's read of due orders with 1k, 10k and 100k
 * orders in flight in the embedded H2 order store, 200 of them due. Prints the median and p95
 * time of {@code Journal.dueOrders}, the heap allocated per read, and H2's plan for the query.
 * Run: see BENCHMARKS.md.
 */
public final class PollingBench {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            Path dir = Files.createTempDirectory("polling-bench");
            HikariConfig cfg = new HikariConfig();
            cfg.setJdbcUrl("jdbc:h2:async:" + dir.resolve("octane") + ";WRITE_DELAY=0");
            try (HikariDataSource ds = new HikariDataSource(cfg)) {
                Journal journal = new Journal(ds, json);
                journal.createSchema();
                long now = System.currentTimeMillis();
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO octane_order (order_id, request_id, status, submitted_at, next_poll_at, poll_count) VALUES (?,?,?,?,?,0)")) {
                    c.setAutoCommit(false);
                    for (int i = 0; i < n; i++) {
                        ps.setString(1, String.valueOf(1_000_000 + i));
                        ps.setString(2, "req-" + i);
                        ps.setString(3, i % 10 == 0 ? Journal.ORDER_DONE : Journal.ORDER_PENDING);
                        ps.setLong(4, now - 3_600_000);
                        // 200 due now, the rest due over the next 30 minutes
                        ps.setLong(5, i < 200 ? now - 1000 - i : now + 60_000 + (i * 1_800_000L / n));
                        ps.addBatch();
                        if (i % 5000 == 4999) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                    c.commit();
                }
                for (int w = 0; w < 200; w++) {
                    journal.dueOrders(now, 200); // warm-up
                }
                int runs = 500;
                long[] nanos = new long[runs];
                long bytes = 0;
                int rows = 0;
                for (int r = 0; r < runs; r++) {
                    long b0 = threads.getCurrentThreadAllocatedBytes();
                    long t0 = System.nanoTime();
                    rows = journal.dueOrders(now, 200).size();
                    nanos[r] = System.nanoTime() - t0;
                    bytes += threads.getCurrentThreadAllocatedBytes() - b0;
                }
                Arrays.sort(nanos);
                String plan;
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "EXPLAIN SELECT order_id FROM octane_order WHERE status = 'PENDING' AND next_poll_at <= ? ORDER BY next_poll_at, order_id FETCH FIRST 200 ROWS ONLY")) {
                    ps.setLong(1, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        plan = rs.getString(1).replaceAll("\\s+", " ");
                    }
                }
                System.out.printf("POLLING-BENCH orders=%d due=%d median=%.3fms p95=%.3fms allocated/read=%dKB plan=%s%n", n, rows,
                        nanos[runs / 2] / 1e6, nanos[runs * 95 / 100] / 1e6, bytes / runs / 1024,
                        plan.contains("OCTANE_ORDER_DUE") ? "index OCTANE_ORDER_DUE" : plan);
            }
        }
    }
}
