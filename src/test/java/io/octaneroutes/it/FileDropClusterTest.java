package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.intake.FileLocks;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * Two instances of the application (in this JVM) on one PostgreSQL schema and one Octane
 * simulator, reading ONE intake folder, as two replicas on a shared network volume do: every
 * file is taken by exactly one of them (the shared read lock, {@link FileLocks}), and a file
 * whose lock row was left by an instance that died is taken over once the row is older than
 * {@code intake.file.lock-max-age}. Each instance has its own embedded broker: the hand-off to
 * the flows is not what is under test here (MultiInstanceIT shares one broker).
 */
class FileDropClusterTest {
    private static final int FILES = 40;
    private static final Duration LOCK_MAX_AGE = Duration.ofSeconds(4);
    private static TestPostgres.Database db;
    private static HikariDataSource sql;
    private static OctaneSimulator simulator;
    private static Path inbox;
    private static TestApp a;
    private static TestApp b;

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.get().freshDatabase("filedrop");
        sql = db.dataSource("filedrop-test");
        Map<String, String> simProperties = new LinkedHashMap<>(TestApp.fastDefaults());
        simProperties.put("octane.simulator.esim-stock", String.valueOf(FILES + 10));
        simProperties.put("octane.simulator.msn-pool", String.valueOf(4 * FILES));
        // 40 orders polled every 2 s would wait for the published orderQuery budget (100 a minute);
        // budgets are not under test here (MultiInstanceIT), the file drop is
        simProperties.put("octane.simulator.rate-limit.orderQuery", "1000/20000");
        simulator = new OctaneSimulator(SimulatorConfig.fromProperties(simProperties::get));
        simulator.start();
        inbox = Files.createTempDirectory("octane-shared-inbox");
        Map<String, String> p = new LinkedHashMap<>(db.appProperties());
        p.put("octane.simulator.enabled", "false");
        p.put("octane.soap.url", simulator.soapBaseUrl());
        p.put("octane.rest.url", simulator.restBaseUrl());
        p.put("intake.dir", inbox.toString());
        p.put("intake.file.lock-max-age", LOCK_MAX_AGE.toSeconds() + "s");
        p.put("octane.rate-limit.orderQuery", "1000/20000");
        a = TestApp.start(p);
        b = TestApp.start(p);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b}) {
            if (c != null) {
                c.close();
            }
        }
        if (simulator != null) {
            simulator.stop();
        }
        if (sql != null) {
            sql.close();
        }
    }

    @Test
    void fortyFilesInOneFolderAreEachTakenByExactlyOneInstance() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, FILES).mapToObj(i -> String.format("shared-%02d", i)).toList();
        long t0 = System.currentTimeMillis();
        for (String id : ids) {
            drop(id + ".json", TestApp.esimRequest(id, 554433, 23371, false));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> shared(names(inbox.resolve("done"))).size() >= FILES);
        long takenMillis = System.currentTimeMillis() - t0;

        // the folder: every file in done/ under its own name once (a second taker would have left
        // name.2.json or failed on a file already gone, into error/), nothing in error/, none left
        assertThat(shared(names(inbox.resolve("done")))).containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> id + ".json").toList());
        assertThat(shared(names(inbox.resolve("error")))).as("error/").isEmpty();
        assertThat(names(inbox).stream().filter(n -> n.endsWith(".json"))).as("left in the inbox").isEmpty();
        // the events: one accepted per request, by one of the two instances; no duplicate
        Map<String, Integer> acceptedBy = new LinkedHashMap<>();
        for (String id : ids) {
            // events are published after their transaction by the instances' relays (both
            // instances' journal rows are in the one database): wait until this request's are out
            a.awaitPublished(id);
            List<String> takers = new ArrayList<>();
            for (TestApp app : List.of(a, b)) {
                long accepted = app.events(id).stream().filter(e -> "accepted".equals(e.get("type"))).count();
                long duplicates = app.events(id).stream().filter(e -> "duplicate".equals(e.get("type"))).count();
                assertThat(duplicates).as(id + ": a second intake of the same file").isZero();
                for (long i = 0; i < accepted; i++) {
                    takers.add(app == a ? "a" : "b");
                }
            }
            assertThat(takers).as(id + " accepted by").hasSize(1);
            acceptedBy.merge(takers.get(0), 1, Integer::sum);
            assertThat(a.journal().find(id)).as(id).hasValueSatisfying(r -> assertThat(r.intake()).isEqualTo("file"));
        }
        // both read the folder: without a shared lock each would have taken every file
        assertThat(acceptedBy).as("files per instance").containsOnlyKeys("a", "b");
        // the flows ran once each: one orderCreate per request, on the one simulator
        for (String id : ids) {
            assertThat(a.awaitFinal(id, Duration.ofSeconds(60))).as(id).isEqualTo(Journal.COMPLETED);
        }
        for (String id : ids) {
            Object msn = a.journal().loadState(id).getIds().get("msn");
            assertThat(simulator.callLog().entries().stream().filter(e -> e.operation().equals("orderCreate") && msn.equals(e.key("msn"))))
                    .as(id + ": orderCreate for " + msn).hasSize(1);
        }
        // every lock row was deleted once its file was moved (readLockRemoveOnCommit)
        assertThat(lockRows()).as("lock rows left").isZero();
        System.out.printf("FILE-DROP-CLUSTER files=%d instances=2 accepted_by=%s all_in_done_ms=%d lost=0 duplicates=0 errors=0%n",
                FILES, acceptedBy, takenMillis);
    }

    @Test
    void aFileHalfTakenByAnInstanceThatDiedIsTakenOverAfterTheLockMaxAge() throws Exception {
        // the lock row of an instance that took orphan.json, heart-beat a last time now, and died
        long diedAt = System.currentTimeMillis();
        try (Connection c = sql.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + FileLocks.TABLE + " (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
            s.setString(1, FileLocks.PROCESSOR);
            s.setString(2, "orphan.json");
            s.setTimestamp(3, new Timestamp(diedAt));
            s.executeUpdate();
        }
        drop("orphan.json", TestApp.esimRequest("orphan-1", 554433, 23371, false));
        Path file = inbox.resolve("orphan.json");

        // held while the row is younger than the max age: neither live instance takes the file
        await().during(LOCK_MAX_AGE.minusMillis(500)).atMost(LOCK_MAX_AGE.plusSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(file));
        assertThat(a.journal().find("orphan-1")).isEmpty();
        // then taken over by one of them
        await().atMost(LOCK_MAX_AGE.plusSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(inbox.resolve("done/orphan.json")));
        long takeoverMillis = System.currentTimeMillis() - diedAt;
        assertThat(a.journal().find("orphan-1")).as("accepted").isPresent();
        assertThat(takeoverMillis).isBetween(LOCK_MAX_AGE.toMillis(), LOCK_MAX_AGE.toMillis() + 5_000);
        a.awaitPublished("orphan-1");
        long accepted = 0;
        for (TestApp app : List.of(a, b)) {
            accepted += app.events("orphan-1").stream().filter(e -> "accepted".equals(e.get("type"))).count();
        }
        assertThat(accepted).as("accepted once").isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> lockRows() == 0);
        System.out.printf("FILE-DROP-CLUSTER orphan lock (max age %d ms) taken over after %d ms%n", LOCK_MAX_AGE.toMillis(), takeoverMillis);
    }

    private static void drop(String name, String content) throws Exception {
        Path tmp = inbox.resolve(name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, inbox.resolve(name));
    }

    private static List<String> names(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The first test's files (the other test's file shares the folder). */
    private static List<String> shared(List<String> names) {
        return names.stream().filter(n -> n.startsWith("shared-")).toList();
    }

    private static int lockRows() throws Exception {
        try (Connection c = sql.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + FileLocks.TABLE)) {
            r.next();
            return r.getInt(1);
        }
    }
}
