package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.it.TestDatabase;
import io.octaneroutes.journal.Schema;

/**
 * The rate budget shared by several instances in PostgreSQL keeps {@link LocalRateBudget}'s
 * semantics. Each "instance" is a budget object of its own on a connection pool of its own,
 * as two JVMs would have; calls are recorded as [sent, answered] on this machine's clock,
 * which is also the database's.
 */
class SharedRateBudgetTest {
    private static final String ACCOUNT = RateBudgets.accountKey("demo", "http://127.0.0.1:8089/tiab");
    private TestDatabase db;
    private HikariDataSource a;
    private HikariDataSource b;

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.fresh("postgresql", "budget");
        a = db.pool("instance-a");
        b = db.pool("instance-b");
        Schema.migrate(a);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static SharedRateBudget budget(DataSource ds, String holder, int perMinute, int perHour, long minute, long hour, long lease) {
        return new SharedRateBudget(ds, ACCOUNT, "orderCreate", holder, perMinute, perHour, minute, hour, lease);
    }

    /** N threads on each of two instances: no window of either length ever sees more calls than its budget. */
    @Test
    void noWindowOfEitherLengthSeesMoreCallsThanTheBudgetAcrossInstances() throws Exception {
        long minute = 300;
        long hour = 1500;
        int perMinute = 4;
        int perHour = 10;
        List<RateBudget> instances = List.of(budget(a, "a", perMinute, perHour, minute, hour, 10_000),
                budget(b, "b", perMinute, perHour, minute, hour, 10_000));
        List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            RateBudget budget = instances.get(i % 2);
            done.add(pool.submit(() -> {
                budget.acquire();
                long sent = System.currentTimeMillis();
                Thread.sleep(5); // the call's time on the wire
                long answered = System.currentTimeMillis();
                calls.add(new long[] {sent, answered});
                budget.release();
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : done) {
            f.get();
        }
        assertThat(calls).hasSize(24);
        assertThat(maxCallsInAnyWindow(calls, minute)).as("calls in one minute window").isLessThanOrEqualTo(perMinute);
        assertThat(maxCallsInAnyWindow(calls, hour)).as("calls in one hour window").isLessThanOrEqualTo(perHour);
        assertThat(instances.get(0).waits() + instances.get(1).waits()).as("24 calls on a budget of 10 must have waited").isPositive();
        // 24 calls at 10 per hour window: the last ones can only go after two hour windows
        long first = calls.stream().mapToLong(c -> c[0]).min().orElseThrow();
        long last = calls.stream().mapToLong(c -> c[0]).max().orElseThrow();
        assertThat(last - first).isGreaterThanOrEqualTo(2 * hour);
    }

    /**
     * The most calls Octane could count in one window of the given length: calls whose
     * [sent, answered] meets [t, t + window), for every t where that number can change.
     */
    static long maxCallsInAnyWindow(List<long[]> calls, long window) {
        long max = 0;
        List<Long> starts = new ArrayList<>();
        for (long[] c : calls) {
            starts.add(c[1]);
            starts.add(c[0] - window + 1);
        }
        for (long t : starts) {
            long n = calls.stream().filter(c -> c[0] < t + window && c[1] >= t).count();
            max = Math.max(max, n);
        }
        return max;
    }

    @Test
    void theHourWindowBindsAcrossInstancesWhenItIsTheSmaller() throws Exception {
        RateBudget one = budget(a, "a", 50, 3, 100, 400, 10_000);
        RateBudget two = budget(b, "b", 50, 3, 100, 400, 10_000);
        long t0 = System.currentTimeMillis();
        for (RateBudget budget : List.of(one, two, one)) {
            budget.acquire();
            budget.release();
        }
        assertThat(two.usedThisHour()).as("the other instance sees the three calls").isEqualTo(3);
        two.acquire();
        two.release();
        assertThat(System.currentTimeMillis() - t0).as("the 4th call waits for the hour window").isGreaterThanOrEqualTo(390);
    }

    @Test
    void anAnnouncedWaitOnOneInstanceHoldsBackTheOther() throws Exception {
        RateBudget one = budget(a, "a", 100, 2000, 60_000, 3_600_000, 10_000);
        RateBudget two = budget(b, "b", 100, 2000, 60_000, 3_600_000, 10_000);
        one.blockFor(400); // fault 233 seen by instance a
        long t0 = System.currentTimeMillis();
        two.acquire();
        two.release();
        assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(390);
        assertThat(two.waits()).isEqualTo(1);
    }

    @Test
    void aRestOperationsRetryAfterHoldsBackTheOtherInstanceWithoutCountingCalls() throws Exception {
        SharedRateBudget one = new SharedRateBudget(a, ACCOUNT, "rest:getNbnOrder", "a", Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1, 10_000);
        SharedRateBudget two = new SharedRateBudget(b, ACCOUNT, "rest:getNbnOrder", "b", Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1, 10_000);
        one.blockFor(300); // HTTP 429 Retry-After seen by instance a
        long t0 = System.currentTimeMillis();
        two.acquire();
        two.release();
        assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(290);
        assertThat(count(a, "SELECT COUNT(*) FROM octane_rate_slot")).as("unlimited: no slot rows").isZero();
    }

    /**
     * An instance that dies holding slots never releases them: they stop holding the budget
     * one lease (the longest a call can be in flight) plus one window after they were taken.
     */
    @Test
    void aDeadHoldersSlotsAreReclaimedAfterTheLeasePlusOneWindow() throws Exception {
        long lease = 400;
        long minute = 200;
        RateBudget dying = budget(a, "a", 2, 1000, minute, 60_000, lease);
        dying.acquire();
        dying.acquire();
        long taken = System.currentTimeMillis();
        a.close(); // instance a is gone, its two calls never answered

        RateBudget survivor = budget(b, "b", 2, 1000, minute, 60_000, lease);
        survivor.acquire();
        long waited = System.currentTimeMillis() - taken;
        survivor.release();
        assertThat(waited).as("held for the lease plus one window").isGreaterThanOrEqualTo(lease + minute - 10).isLessThan(5_000);
        assertThat(count(b, "SELECT COUNT(*) FROM octane_rate_slot WHERE holder = 'a' AND released_at IS NULL"))
                .as("the dead holder's slots, never released").isEqualTo(2);
    }

    @Test
    void twoAccountsDoNotShareABudget() throws Exception {
        String other = RateBudgets.accountKey("another-reseller", "http://127.0.0.1:8089/tiab");
        assertThat(other).isNotEqualTo(ACCOUNT).hasSize(64).doesNotContain("another-reseller");
        assertThat(RateBudgets.accountKey("demo", "https://benzine.telcoinabox.com/tiab"))
                .as("the same user on another platform is another account").isNotEqualTo(ACCOUNT);
        RateBudget mine = budget(a, "a", 1, 1000, 60_000, 3_600_000, 10_000);
        RateBudget theirs = new SharedRateBudget(b, other, "orderCreate", "b", 1, 1000, 60_000, 3_600_000, 10_000);
        mine.acquire();
        mine.release();
        long t0 = System.currentTimeMillis();
        theirs.acquire(); // their only slot of the minute is still free
        theirs.release();
        assertThat(System.currentTimeMillis() - t0).isLessThan(1_000);
        assertThat(theirs.waits()).isZero();
    }

    /** The cost of sharing: acquire + release alone, then with 8 threads on each of two instances, no waiting for budget. */
    @Test
    void contentionCost() throws Exception {
        RateBudget alone = new SharedRateBudget(a, ACCOUNT, "orderQuery", "a", 1_000_000, 1_000_000, 60_000, 3_600_000, 10_000);
        long[] single = new long[200];
        for (int i = 0; i < single.length; i++) {
            long s = System.nanoTime();
            alone.acquire();
            alone.release();
            single[i] = (System.nanoTime() - s) / 1000;
        }
        Arrays.sort(single);
        System.out.printf("BUDGET shared threads=1 calls=%d median_us=%d p99_us=%d%n", single.length, single[single.length / 2],
                single[single.length * 99 / 100]);
        List<RateBudget> instances = List.of(budget(a, "a", 1_000_000, 1_000_000, 60_000, 3_600_000, 10_000),
                budget(b, "b", 1_000_000, 1_000_000, 60_000, 3_600_000, 10_000));
        int perThread = 40;
        int threads = 16;
        long[] micros = new long[threads * perThread];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            RateBudget budget = instances.get(t % 2);
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    long s = System.nanoTime();
                    budget.acquire();
                    budget.release();
                    micros[thread * perThread + i] = (System.nanoTime() - s) / 1000;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        pool.shutdown();
        Arrays.sort(micros);
        System.out.printf("BUDGET shared threads=%d calls=%d elapsed_ms=%d throughput_per_s=%d median_us=%d p99_us=%d%n", threads,
                micros.length, elapsedMs, micros.length * 1000L / Math.max(1, elapsedMs), micros[micros.length / 2],
                micros[micros.length * 99 / 100]);
        assertThat(instances.get(0).usedThisHour()).isEqualTo(micros.length);
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
