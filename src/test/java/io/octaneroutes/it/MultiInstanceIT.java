package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.core.type.TypeReference;
import com.zaxxer.hikari.HikariDataSource;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.octaneroutes.bench.RateBudgetBench;
import io.octaneroutes.sim.CallLog;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * Issue 13's "done when": THREE JVMs of the packaged jar ({@code target/octane-routes.jar}, run
 * by failsafe after {@code package}) as one cluster ({@code cluster.enabled=true}, one
 * {@code camel.main.name}) on one standalone Artemis broker ({@link TestArtemis}, its own JVM)
 * and one PostgreSQL ({@link TestPostgres}), sharing one intake folder; the Octane simulator
 * runs here and keeps the evidence (its call log). The clock is compressed: the simulator at
 * 900x (R1's 30 minutes = 2 s), the rate-limit windows 5 s ("minute") and 30 s ("hour") on both
 * sides, the published per-window limits.
 *
 * <ol>
 * <li>200 eSIM activations over the JMS queue, HTTP (spread over the three) and file drops;
 * one instance SIGKILLed while it runs requests: none lost, no orderCreate applied twice, each
 * request COMPLETED or PARKED with a reason, the dead instance's requests taken over within the
 * lease plus a tick (measured), no window of the call log over a method's budget, no fault 233,
 * no order read closer than R1.</li>
 * <li>The killed instance restarted while the other two run a second batch: it runs nothing they
 * are running (every Octane step of every request once, every step-done event once, nothing
 * parked as uncertain), and it takes part in the work after its start.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int JMS = 70;
    private static final int HTTP = 70;
    private static final int FILES = 60;
    private static final int BATCH2 = 60;
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration TICK = Duration.ofMillis(200);
    private static final long WINDOW_MINUTE = 5_000;
    private static final long WINDOW_HOUR = 30_000;

    private static TestArtemis broker;
    private static TestPostgres.Database db;
    private static HikariDataSource sql;
    private static OctaneSimulator sim;
    private static Path inbox;
    private static final List<AppProcess> apps = new ArrayList<>();
    private static AppProcess victim;
    private static long t0;

    @BeforeAll
    static void start() throws Exception {
        t0 = System.currentTimeMillis();
        broker = TestArtemis.start();
        db = TestPostgres.get().freshDatabase("multi");
        sql = db.dataSource("multi-it");
        SimulatorConfig config = new SimulatorConfig();
        config.port = 0;
        config.speed = 900;
        config.commitAfter = Duration.ofMinutes(45);
        config.completeAfter = Duration.ofMinutes(10);
        config.esimStock = JMS + HTTP + FILES + 2 * BATCH2 + 20;
        config.msnPool = 5 * (JMS + HTTP + FILES + 2 * BATCH2);
        config.rateLimitMinuteMillis = WINDOW_MINUTE;
        config.rateLimitHourMillis = WINDOW_HOUR;
        sim = new OctaneSimulator(config);
        sim.start();
        inbox = Files.createTempDirectory("octane-multi-inbox");

        Map<String, String> p = new LinkedHashMap<>(TestApp.fastDefaults());
        p.keySet().removeIf(k -> k.startsWith("octane.simulator."));
        p.put("octane.simulator.enabled", "false");
        p.put("octane.soap.url", sim.soapBaseUrl());
        p.put("octane.rest.url", sim.restBaseUrl());
        p.putAll(broker.appProperties());
        p.putAll(db.appProperties());
        p.put("cluster.enabled", "true");
        p.put("camel.main.name", "octane-multi");
        p.put("cluster.checkin-interval", "2s");
        p.put("broker.apply-address-settings", "true");
        p.put("flows.lease", LEASE.toSeconds() + "s");
        p.put("octane.poll.tick", TICK.toMillis() + "ms");
        p.put("octane.rate-limit.minute", WINDOW_MINUTE + "ms");
        p.put("octane.rate-limit.hour", WINDOW_HOUR + "ms");
        p.put("intake.dir", inbox.toString());
        p.put("intake.file.lock-max-age", "6s");
        for (int i = 1; i <= 3; i++) {
            // C1 only and the serial collector: three JVMs start and run on a 2-core CI machine
            apps.add(new AppProcess(Files.createTempDirectory("octane-multi-" + i), p,
                    List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")));
        }
        victim = apps.get(1);
        parallel(apps, AppProcess::start);
        System.out.printf("MULTI-INSTANCE started 3 instances, broker and PostgreSQL in %d ms (artemis %d ms)%n",
                System.currentTimeMillis() - t0, broker.startMillis());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AppProcess app : apps) {
            app.kill();
        }
        if (sim != null) {
            sim.stop();
        }
        if (broker != null) {
            broker.close();
        }
        if (sql != null) {
            sql.close();
        }
    }

    @Test
    @Order(1)
    void twoHundredRequestsOverThreeInstancesOneKilledNothingLostNothingDoubled() throws Exception {
        long started = System.currentTimeMillis();
        List<String> files = ids("file-", FILES);
        List<String> jms = ids("jms-", JMS);
        List<String> http = ids("http-", HTTP);
        for (String id : files) {
            Path tmp = inbox.resolve(id + ".json.tmp");
            Files.writeString(tmp, TestApp.esimRequest(id, 554433, 23371, false));
            Files.move(tmp, inbox.resolve(id + ".json"));
        }
        ExecutorService feeders = Executors.newFixedThreadPool(5);
        try {
            Future<?> queue = feeders.submit(() -> sendJms(jms));
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < http.size(); i++) {
                AppProcess app = apps.get(i % 3);
                String id = http.get(i);
                posts.add(feeders.submit(() -> {
                    app.submit(TestApp.esimRequest(id, 554433, 23371, false));
                    return null;
                }));
            }
            queue.get();
            for (Future<?> f : posts) {
                f.get();
            }
        } finally {
            feeders.shutdown();
        }
        List<String> all = new ArrayList<>(files);
        all.addAll(jms);
        all.addAll(http);

        // mid-batch: creates are being sent and the victim holds leases of requests it is running
        String victimOwner = victim.pid() + "@";
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> sim.callLog().count("orderCreate") >= 40 && leasesOf(victimOwner).size() >= 3);
        victim.kill();
        long killedAt = System.currentTimeMillis();
        Set<String> orphaned = leasesOf(victimOwner);
        // when the dead instance's last heartbeat lets its leases run out
        long expiresIn = leaseUntil(orphaned) - killedAt;
        long createsAtKill = sim.callLog().count("orderCreate");

        // each of the dead instance's requests: when another instance took it over (its lease
        // left the dead owner: the sweep cleared it once expired, or a live instance holds it)
        Map<String, Long> takenOver = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(25)).until(() -> {
            long now = System.currentTimeMillis();
            for (Map.Entry<String, String> r : owners(orphaned).entrySet()) {
                if (r.getValue() == null || !r.getValue().startsWith(victimOwner)) {
                    takenOver.putIfAbsent(r.getKey(), now - killedAt);
                }
            }
            return takenOver.size() == orphaned.size();
        });

        // every request ends; the two live instances answer for all of them
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> terminal(all));
        long finished = System.currentTimeMillis();

        Map<String, Row> rows = rows(all);
        Map<String, Integer> byStatus = new TreeMap<>();
        rows.values().forEach(r -> byStatus.merge(r.status, 1, Integer::sum));
        int lost = all.size() - rows.size();
        List<CallLog.Entry> calls = sim.callLog().entries();
        int doubleCreates = doubled(calls, rows.values(), "orderCreate");
        Map<String, String> peaks = budgetPeaks(calls);
        long faults233 = sim.callLog().faults233();
        long r1 = sim.callLog().r1Violations();
        long takeoverMax = takenOver.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Long> sorted = takenOver.values().stream().sorted().toList();
        Map<String, Integer> parkedWhy = new TreeMap<>();
        rows.values().stream().filter(r -> "PARKED".equals(r.status))
                .forEach(r -> parkedWhy.merge(r.errorCode + ": " + shorten(r.errorMessage), 1, Integer::sum));
        System.out.printf("MULTI-INSTANCE parked: %s%n", parkedWhy);
        System.out.printf("MULTI-INSTANCE: requests=%d (jms=%d http=%d file=%d) instances=3 killed=1 at orderCreate #%d holding %d leases;"
                        + " statuses=%s lost=%d orderCreateTwice=%d fault233=%d r1Violations=%d; takeover_ms max=%d median=%d"
                        + " (leases ran out %d ms after the kill: taken over %d ms after expiry; lease %d + tick %d);"
                        + " busiest windows (sliding, %d ms / %d ms): %s; batch_ms=%d%n",
                all.size(), JMS, HTTP, FILES, createsAtKill, orphaned.size(), byStatus, lost, doubleCreates, faults233, r1,
                takeoverMax, sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2), expiresIn, takeoverMax - expiresIn,
                LEASE.toMillis(), TICK.toMillis(),
                WINDOW_MINUTE, WINDOW_HOUR, peaks, finished - started);

        assertThat(lost).as("requests lost").isZero();
        assertThat(doubleCreates).as("orderCreate applied twice for one request").isZero();
        assertThat(byStatus.keySet()).as("every request completed or parked").isSubsetOf("COMPLETED", "PARKED");
        rows.values().stream().filter(r -> "PARKED".equals(r.status))
                .forEach(r -> assertThat(r.errorMessage).as(r.id + " parked with a reason").isNotBlank());
        assertThat(byStatus.getOrDefault("COMPLETED", 0)).isGreaterThanOrEqualTo(all.size() - orphaned.size());
        assertThat(faults233).as("fault 233").isZero();
        assertThat(r1).as("orders read closer than R1").isZero();
        assertThat(overBudget(calls)).as("windows over a method's budget").isEmpty();
        assertThat(orphaned).as("the victim held leases at the kill").isNotEmpty();
        // the lease runs out at most a lease after the kill; then one tick of some instance's lease
        // sweep, plus this test's sampling and a loaded 2-core machine's latency
        assertThat(takeoverMax).as("the dead instance's requests taken over within the lease plus a tick")
                .isLessThanOrEqualTo(LEASE.toMillis() + TICK.toMillis() + 1_000);
        // not before the leases ran out: -250 ms of slack for the kill itself (SIGKILL lands a few
        // ms after kill() returns, and a run ending in them gives its lease back, which this
        // sampling cannot tell from a takeover: seen once at -7 ms); a sweep that took a live
        // lease would be a whole lease early
        assertThat(takeoverMax - expiresIn).as("taken over after their leases ran out, within a tick").isBetween(-250L, TICK.toMillis() + 1_000);
    }

    @Test
    @Order(2)
    void theKilledInstanceRestartedWhileTheOthersRunReRunsNothing() throws Exception {
        List<AppProcess> live = List.of(apps.get(0), apps.get(2));
        List<String> first = ids("again-a-", BATCH2 / 2);
        List<String> second = ids("again-b-", BATCH2 / 2);
        // the two live instances are running requests of the batch when the third comes back:
        // watched while the batch is being submitted (once it is all in, its runs may already have
        // given their leases back to wait for their orders: seen once in a full run)
        java.util.concurrent.CompletableFuture<Void> submitting = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                submitOver(live, first);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> leased(first).size() >= 5);
        Map<String, String> runningAtRestart = leased(first);
        long restartAt = System.currentTimeMillis();
        victim.start();
        long upAt = System.currentTimeMillis();
        submitting.get(60, java.util.concurrent.TimeUnit.SECONDS);
        // after its start it is one of three again: the rest of the batch goes to all of them
        submitOver(apps, second);
        List<String> batch = new ArrayList<>(first);
        batch.addAll(second);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> terminal(batch));

        Map<String, Row> rows = rows(batch);
        Map<String, Integer> byStatus = new TreeMap<>();
        rows.values().forEach(r -> byStatus.merge(r.status, 1, Integer::sum));
        List<CallLog.Entry> calls = sim.callLog().entries();
        Map<String, Integer> doubled = new TreeMap<>();
        for (String op : List.of("reserveResources", "selectResource", "orderCreate", "getEsimDetails")) {
            doubled.put(op, doubled(calls, rows.values(), op));
        }
        // every step of every request reported once, whichever instance ran it
        Map<String, Integer> stepEvents = new HashMap<>();
        Map<String, Integer> stepsByInstance = new TreeMap<>();
        for (int i = 0; i < apps.size(); i++) {
            for (Map<String, Object> e : events(apps.get(i).outbox())) {
                String id = String.valueOf(e.get("requestId"));
                if ("step-done".equals(e.get("type")) && rows.containsKey(id)) {
                    stepEvents.merge(id + " " + e.get("step"), 1, Integer::sum);
                    stepsByInstance.merge("instance-" + (i + 1), 1, Integer::sum);
                }
            }
        }
        List<String> stepsTwice = stepEvents.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        System.out.printf("MULTI-INSTANCE restart: %d requests, %d running on the other two when the killed instance was started"
                        + " (up after %d ms); statuses=%s stepsRunTwice=%d octaneCallsTwice=%s step-done by instance=%s;"
                        + " total_ms=%d%n",
                batch.size(), runningAtRestart.size(), upAt - restartAt, byStatus, stepsTwice.size(), doubled, stepsByInstance,
                System.currentTimeMillis() - t0);

        assertThat(rows).hasSize(batch.size());
        assertThat(byStatus).as("nothing parked: no step was found in flight by a second runner").containsOnlyKeys("COMPLETED");
        assertThat(stepsTwice).as("steps reported twice").isEmpty();
        assertThat(doubled.values()).as("Octane calls made twice for one request " + doubled).allMatch(n -> n == 0);
        assertThat(stepsByInstance).as("the restarted instance runs its share after its start").containsKey("instance-2");
    }

    // ------------------------------------------------------------------ feeding

    private static List<String> ids(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("%s%03d", prefix, i)).toList();
    }

    private static void sendJms(List<String> ids) {
        ActiveMQConnectionFactory client = new ActiveMQConnectionFactory(broker.url(), TestArtemis.USER, broker.password());
        try (jakarta.jms.Connection c = client.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = s.createProducer(s.createQueue("octane.requests"));
            for (String id : ids) {
                producer.send(s.createTextMessage(TestApp.esimRequest(id, 554433, 23371, false)));
            }
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void submitOver(List<AppProcess> targets, List<String> ids) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                AppProcess app = targets.get(i % targets.size());
                String id = ids.get(i);
                sent.add(submitters.submit(() -> {
                    app.submit(TestApp.esimRequest(id, 554433, 23371, false));
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

    interface Action {
        void run(AppProcess app) throws Exception;
    }

    private static void parallel(List<AppProcess> targets, Action action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (AppProcess app : targets) {
                done.add(pool.submit(() -> {
                    action.run(app);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    // ------------------------------------------------------------------ the journal (PostgreSQL)

    record Row(String id, String status, String errorCode, String errorMessage, String msn) {
    }

    /** Requests whose lease the owner (a pid prefix) holds now. */
    private static Set<String> leasesOf(String ownerPrefix) throws Exception {
        Set<String> out = new LinkedHashSet<>();
        try (Connection c = sql.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT request_id FROM octane_request WHERE lease_owner LIKE ? AND lease_until > ?")) {
            s.setString(1, ownerPrefix + "%");
            s.setLong(2, System.currentTimeMillis());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /** The latest lease expiry of these requests. */
    private static long leaseUntil(Collection<String> ids) throws Exception {
        try (Connection c = sql.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT MAX(lease_until) FROM octane_request WHERE request_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Of these requests, the ones leased now, with their owner. */
    private static Map<String, String> leased(Collection<String> ids) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        owners(ids).forEach((id, owner) -> {
            if (owner != null) {
                out.put(id, owner);
            }
        });
        return out;
    }

    private static Map<String, String> owners(Collection<String> ids) throws Exception {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (Connection c = sql.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT request_id, lease_owner FROM octane_request WHERE request_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
        }
        return out;
    }

    private static boolean terminal(Collection<String> ids) throws Exception {
        Map<String, Row> rows = rows(ids);
        return rows.size() == ids.size() && rows.values().stream().allMatch(r -> Set.of("COMPLETED", "FAILED", "PARKED").contains(r.status));
    }

    /** The journal's view of each request. */
    private static Map<String, Row> rows(Collection<String> ids) throws Exception {
        Map<String, Row> out = new LinkedHashMap<>();
        try (Connection c = sql.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT request_id, status, error_code, error_message, state FROM octane_request WHERE request_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Map<String, Object> state = r.getString(5) == null ? Map.of() : TestApp.JSON.readValue(r.getString(5), MAP);
                    Object msn = state.get("ids") instanceof Map<?, ?> m ? m.get("msn") : null;
                    out.put(r.getString(1), new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            msn == null ? null : msn.toString()));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the simulator's evidence

    /** Requests for which {@code operation} was applied more than once for their MSN (G-IDEMP). */
    private static int doubled(List<CallLog.Entry> calls, Collection<Row> rows, String operation) {
        Map<String, Long> applied = calls.stream().filter(c -> c.operation().equals(operation) && applied(c) && msnOf(c) != null)
                .collect(Collectors.groupingBy(MultiInstanceIT::msnOf, Collectors.counting()));
        int twice = 0;
        for (Row r : rows) {
            if (r.msn != null && applied.getOrDefault(r.msn, 0L) > 1) {
                twice++;
            }
        }
        return twice;
    }

    /** The MSN a call was about: its msn key, or the resource a selectResource names. */
    private static String msnOf(CallLog.Entry c) {
        for (String key : List.of("msn", "resourceValue", "resource")) {
            if (c.key(key) != null) {
                return c.key(key);
            }
        }
        return null;
    }

    private static boolean applied(CallLog.Entry c) {
        return c.outcome().equals("ok") || c.outcome().contains("(after,ok");
    }

    /** For each published method called: the most calls in any sliding "minute" and "hour" window, against its limits. */
    private static Map<String, String> budgetPeaks(List<CallLog.Entry> calls) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, int[]> limit : SimulatorConfig.PUBLISHED_LIMITS.entrySet()) {
            List<Long> times = times(calls, limit.getKey());
            if (!times.isEmpty()) {
                out.put(limit.getKey(), RateBudgetBench.mostInWindow(times, WINDOW_MINUTE)[0] + "/" + limit.getValue()[0] + " "
                        + RateBudgetBench.mostInWindow(times, WINDOW_HOUR)[0] + "/" + limit.getValue()[1]);
            }
        }
        return out;
    }

    private static List<String> overBudget(List<CallLog.Entry> calls) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, int[]> limit : SimulatorConfig.PUBLISHED_LIMITS.entrySet()) {
            List<Long> times = times(calls, limit.getKey());
            if (times.isEmpty()) {
                continue;
            }
            int minute = RateBudgetBench.mostInWindow(times, WINDOW_MINUTE)[0];
            int hour = RateBudgetBench.mostInWindow(times, WINDOW_HOUR)[0];
            if (minute > limit.getValue()[0] || hour > limit.getValue()[1]) {
                out.add(limit.getKey() + " " + minute + "/" + limit.getValue()[0] + " " + hour + "/" + limit.getValue()[1]);
            }
        }
        return out;
    }

    private static List<Long> times(List<CallLog.Entry> calls, String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).map(CallLog.Entry::realMillis).sorted().toList();
    }

    private static List<Map<String, Object>> events(Path outbox) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(outbox)) {
            return out;
        }
        try (Stream<Path> s = Files.list(outbox)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                out.add(TestApp.JSON.readValue(p.toFile(), MAP));
            }
        }
        return out;
    }

    private static String shorten(String s) {
        String t = s == null ? "" : s.replaceAll("[0-9]+", "#");
        return t.substring(0, Math.min(100, t.length()));
    }
}
