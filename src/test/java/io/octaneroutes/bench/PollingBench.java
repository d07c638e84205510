package io.octaneroutes.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.octaneroutes.it.TestPostgres;
import io.octaneroutes.journal.Journal;

/**
 * Benchmark (not a test): the cost of one poll tick's read of due orders with 1k, 10k and 100k
 * orders in flight in the embedded H2 order store, 200 of them due. Prints the median and p95
 * time of {@code Journal.dueOrders}, the heap allocated per read, and the database's plan for the
 * query. With {@code -Ddb=postgres} the store is a fresh schema of the test PostgreSQL
 * ({@link TestPostgres}: a throw-away cluster on 127.0.0.1, or {@code OCTANE_TEST_PG_URL}), made
 * by the application's Flyway migrations, with the planner's statistics gathered after the
 * seeding ({@code ANALYZE}, as autovacuum would after that many inserts).
 * Run: see BENCHMARKS.md.
 */
public final class PollingBench {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        boolean postgres = "postgres".equals(System.getProperty("db", "h2"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            HikariDataSource pool;
            if (postgres) {
                pool = TestPostgres.get().freshDatabase("polling_bench_" + n).dataSource("polling-bench");
            } else {
                Path dir = Files.createTempDirectory("polling-bench");
                HikariConfig cfg = new HikariConfig();
                cfg.setJdbcUrl("jdbc:h2:async:" + dir.resolve("octane") + ";WRITE_DELAY=0");
                pool = new HikariDataSource(cfg);
            }
            try (HikariDataSource ds = pool) {
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
                if (postgres) {
                    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                        st.execute("ANALYZE octane_order");
                    }
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
                StringBuilder plan = new StringBuilder();
                // the literal rather than a parameter: H2 and PostgreSQL both explain it as the tick runs it
                try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "EXPLAIN SELECT order_id FROM octane_order WHERE status = 'PENDING' AND next_poll_at <= " + now
                                + " ORDER BY next_poll_at, order_id FETCH FIRST 200 ROWS ONLY")) {
                    while (rs.next()) {
                        String line = rs.getString(1).replaceAll("\\s+", " ").trim();
                        // H2: one line; PostgreSQL: one per node, of which the scans say how the rows are found
                        if (!postgres || line.contains("Scan")) {
                            plan.append(line.replaceAll(" \\(cost=[^)]*\\)", "").replace("-> ", "")).append(' ');
                        }
                    }
                }
                System.out.printf("POLLING-BENCH db=%s orders=%d due=%d median=%.3fms p95=%.3fms allocated/read=%dKB plan=%s%n", postgres ? "postgres" : "h2", n, rows,
                        nanos[runs / 2] / 1e6, nanos[runs * 95 / 100] / 1e6, bytes / runs / 1024,
                        plan.toString().toLowerCase().contains("octane_order_due") ? "index octane_order_due (" + plan.toString().trim() + ")" : plan);
            }
        }
    }
}
