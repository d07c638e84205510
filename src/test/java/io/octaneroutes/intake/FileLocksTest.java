package io.octaneroutes.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

import io.octaneroutes.it.TestDatabase;
import io.octaneroutes.journal.Schema;

/**
 * The file drop's lock repository alone, two "instances" (two pools, two repositories) on one
 * database: a file is held by one at a time, a live holder's row is respected, an orphan's row is
 * taken over and then kept alive by its new holder, and of many simultaneous attempts on one
 * file exactly one wins.
 */
@ParameterizedClass(name = "on {0}")
@FieldSource("io.octaneroutes.it.TestDatabase#VENDORS")
class FileLocksTest {
    private static final Duration MAX_AGE = Duration.ofSeconds(3);
    private final TestDatabase db;
    private final CamelContext context = new DefaultCamelContext();
    private final List<FileLocks> started = new ArrayList<>();

    FileLocksTest(String vendor) throws Exception {
        this.db = TestDatabase.fresh(vendor, "filelocks");
        Schema.migrate(db.pool("migrate"));
        context.start();
    }

    @AfterEach
    void close() {
        started.forEach(FileLocks::stop);
        context.stop();
        db.close();
    }

    private FileLocks instance(String name) {
        FileLocks locks = new FileLocks(db.pool(name), context, MAX_AGE);
        locks.start();
        started.add(locks);
        return locks;
    }

    @Test
    void aFileIsHeldByOneInstanceUntilItIsReleased() {
        FileLocks a = instance("a");
        FileLocks b = instance("b");
        assertThat(a.add("x.json")).isTrue();
        assertThat(b.add("x.json")).as("held by a").isFalse();
        assertThat(a.add("x.json")).as("not twice, not even by its holder").isFalse();
        assertThat(b.add("y.json")).as("another file").isTrue();
        assertThat(a.remove("x.json")).isTrue();
        assertThat(b.add("x.json")).as("released").isTrue();
    }

    @Test
    void aLiveHoldersRowIsKeptAliveAndRespectedBeyondTheMaxAge() {
        FileLocks a = instance("a");
        FileLocks b = instance("b");
        assertThat(a.add("slow.json")).isTrue();
        long t0 = System.currentTimeMillis();
        // a's keep-alive refreshes the row every third of the max age: b never sees an orphan
        await().during(MAX_AGE.multipliedBy(2)).atMost(MAX_AGE.multipliedBy(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> !b.add("slow.json"));
        assertThat(System.currentTimeMillis() - t0).isGreaterThan(MAX_AGE.toMillis());
    }

    @Test
    void anOrphansRowIsTakenOverAfterTheMaxAgeAndTheNewHolderKeepsItAlive() throws Exception {
        FileLocks b = instance("b");
        FileLocks c = instance("c");
        long diedAt = System.currentTimeMillis();
        insertRow(db.pool("dead"), "half.json", diedAt);
        assertThat(b.add("half.json")).as("the row is fresh").isFalse();
        await().atMost(MAX_AGE.plusSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> b.add("half.json"));
        assertThat(System.currentTimeMillis() - diedAt).as("taken over after the max age").isGreaterThanOrEqualTo(MAX_AGE.toMillis());
        assertThat(createdAt(db.pool("read"), "half.json")).as("the row is b's now").isGreaterThanOrEqualTo(diedAt + MAX_AGE.toMillis());
        // b keeps it alive (camel-sql's own takeover would not): c cannot take it one max age later
        await().during(MAX_AGE.multipliedBy(2)).atMost(MAX_AGE.multipliedBy(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> !c.add("half.json"));
    }

    @Test
    void ofManySimultaneousAttemptsOnOneFileExactlyOneWins() throws Exception {
        List<FileLocks> instances = List.of(instance("a"), instance("b"), instance("c"));
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "race-" + round + ".json";
                if (round % 2 == 1) {
                    insertRow(db.pool("dead"), key, System.currentTimeMillis() - MAX_AGE.toMillis() - 1000); // an orphan to take over
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    FileLocks locks = instances.get(i % 3);
                    attempts.add(threads.submit(() -> {
                        go.await();
                        return locks.add(key);
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> f : attempts) {
                    winners += f.get() ? 1 : 0;
                }
                assertThat(winners).as(key + (round % 2 == 1 ? " (an orphan)" : " (new)")).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void insertRow(DataSource ds, String key, long createdAt) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + FileLocks.TABLE + " (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
            s.setString(1, FileLocks.PROCESSOR);
            s.setString(2, key);
            s.setTimestamp(3, new Timestamp(createdAt));
            s.executeUpdate();
        }
    }

    private static long createdAt(DataSource ds, String key) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT createdAt FROM " + FileLocks.TABLE + " WHERE processorName = ? AND messageId = ?")) {
            s.setString(1, FileLocks.PROCESSOR);
            s.setString(2, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getTimestamp(1).getTime();
            }
        }
    }
}
