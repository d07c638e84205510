package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.sim.CallLog;
import io.octaneroutes.sim.Faults;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * The packaged application ({@code target/octane-routes.jar}, so this runs in {@code mvn verify}
 * after {@code package}) as a separate JVM, killed with SIGKILL at
 * several points of a batch of 50 eSIM activations and restarted on the same journal, broker
 * and database; the simulator runs here, outside the killed JVM, and keeps the evidence.
 * Every request must end in a terminal state, none lost, and Octane must never see a create
 * twice for one request.
 */
class CrashResumeIT {
    private static final int REQUESTS = 50;
    private static OctaneSimulator sim;
    private static AppProcess app;

    @BeforeAll
    static void setUp() throws Exception {
        SimulatorConfig config = new SimulatorConfig();
        config.port = 0;
        config.speed = 900;
        config.commitAfter = Duration.ofMinutes(45);
        config.completeAfter = Duration.ofMinutes(10);
        config.esimStock = REQUESTS + 10;
        config.msnPool = 4 * REQUESTS;
        sim = new OctaneSimulator(config);
        sim.start();
        Map<String, String> p = new LinkedHashMap<>(TestApp.fastDefaults());
        p.keySet().removeIf(k -> k.startsWith("octane.simulator."));
        p.put("octane.soap.url", sim.soapBaseUrl());
        p.put("octane.rest.url", sim.restBaseUrl());
        // the requests come by file drop and are read back with the intake's key (client "default")
        p.put("intake.file.client", "default");
        app = new AppProcess(Files.createTempDirectory("octane-crash"), p, List.of("-Xmx512m"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (app != null) {
            app.kill();
        }
        sim.stop();
    }

    private static long events(String type) throws Exception {
        Path outbox = app.outbox();
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(outbox)) {
            return s.filter(f -> f.getFileName().toString().endsWith("-" + type + ".json")).count();
        }
    }

    private static boolean seen(String operation, String outcomePrefix) {
        return sim.callLog().entries().stream().anyMatch(e -> e.operation().equals(operation) && e.outcome().startsWith(outcomePrefix));
    }

    @Test
    void killedAtEveryStageTheBatchEndsWithNothingLostAndNothingDoubled() throws Exception {
        app.start();
        Files.createDirectories(app.inbox());
        List<String> ids = IntStream.rangeClosed(1, REQUESTS).mapToObj(i -> String.format("crash-%03d", i)).toList();
        for (String id : ids) {
            Path tmp = app.inbox().resolve(id + ".json.tmp");
            Files.writeString(tmp, TestApp.esimRequest(id, 554433, 23371, false));
            Files.move(tmp, app.inbox().resolve(id + ".json"));
        }
        // 1. mid-intake
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> events("accepted") >= 3);
        app.kill();
        List<String> kills = new ArrayList<>(List.of("mid-intake (" + events("accepted") + " accepted)"));

        // 2. between reserve and select
        sim.faults().add(latency("selectResource", "before"));
        app.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> seen("selectResource", "injected:LATENCY"));
        app.kill();
        kills.add("between reserve and select");

        // 3. right after an orderCreate was applied, before its answer arrived
        sim.faults().add(latency("orderCreate", "after"));
        app.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> seen("orderCreate", "injected:LATENCY(after"));
        app.kill();
        kills.add("right after orderCreate was sent");

        // 4. while polling
        app.start();
        long statusBefore = events("order-status");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> events("order-status") > statusBefore + 2);
        app.kill();
        kills.add("while polling");

        sim.faults().clear();
        app.start();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String id : ids) {
                Object s = app.status(id).get("status");
                if (!List.of("COMPLETED", "FAILED", "PARKED").contains(s)) {
                    System.out.println("waiting for " + id + ": " + s);
                    return false;
                }
            }
            return true;
        });

        Map<String, Integer> byStatus = new LinkedHashMap<>();
        int lost = 0;
        int duplicateCreates = 0;
        int duplicateReserves = 0;
        List<CallLog.Entry> calls = sim.callLog().entries();
        for (String id : ids) {
            Map<String, Object> s = app.status(id);
            byStatus.merge(String.valueOf(s.get("status")), 1, Integer::sum);
            if (String.valueOf(s.get("status")).startsWith("LOST")) {
                lost++;
            }
            Object msn = s.get("ids") instanceof Map<?, ?> m ? m.get("msn") : null;
            if (msn != null) {
                long creates = calls.stream().filter(c -> c.operation().equals("orderCreate") && msn.equals(c.key("msn")) && applied(c)).count();
                long reserves = calls.stream().filter(c -> c.operation().equals("reserveResources") && msn.equals(c.key("msn")) && applied(c)).count();
                duplicateCreates += Math.max(0, creates - 1);
                duplicateReserves += Math.max(0, reserves - 1);
            }
        }
        long appliedReserves = calls.stream().filter(c -> c.operation().equals("reserveResources") && applied(c)).count();
        long requestsWithMsn = ids.stream().filter(id -> {
            try {
                return app.status(id).get("ids") instanceof Map<?, ?> m && m.get("msn") != null;
            } catch (Exception e) {
                return false;
            }
        }).count();
        long orphanReserves = appliedReserves - requestsWithMsn;
        // a request parked because its reserve's answer was lost holds at most that one
        // reservation; any other orphan is a reserve sent twice for one request
        long parkedReserves = ids.stream().filter(id -> {
            try {
                Map<String, Object> s = app.status(id);
                return "PARKED".equals(s.get("status")) && String.valueOf(s.get("error")).contains("reserveResources");
            } catch (Exception e) {
                return false;
            }
        }).count();
        // a reserveResources in flight at a kill is re-sent after the restart (decision in
        // SoapOperation, G-IDEMP): each such request may leave one spare reservation, which
        // Octane releases after 24 h (R3). Reported, not a failure: orphanReservations.
        long spareReserves = Math.max(0, orphanReserves - parkedReserves);
        Map<String, Integer> parkedWhy = new java.util.TreeMap<>();
        for (String id : ids) {
            Map<String, Object> st = app.status(id);
            if ("PARKED".equals(st.get("status"))) {
                String e = String.valueOf(st.get("error"));
                parkedWhy.merge(e.contains("reserveResources") ? "reserve-in-flight" : e.contains("is now ASSIGNED") ? "create-applied"
                        : e.replaceAll("[0-9]+", "#").substring(0, Math.min(120, e.length())), 1, Integer::sum);
            }
        }
        System.out.println("CRASH-RESUME parked: " + parkedWhy);
        System.out.printf("CRASH-RESUME: requests=%d kills=%d %s statuses=%s lost=%d duplicateOrderCreates=%d duplicateReserves=%d spareReservations=%d%n",
                REQUESTS, kills.size(), kills, byStatus, lost, duplicateCreates, duplicateReserves, spareReserves);
        assertThat(lost).as("requests lost").isZero();
        assertThat(duplicateCreates).as("orderCreate applied twice for one request").isZero();
        assertThat(duplicateReserves).as("one MSN reserved twice").isZero();
        assertThat(spareReserves).as("spare reservations: at most one per request in flight at a kill")
                .isLessThanOrEqualTo((long) kills.size() * 8);
        assertThat(byStatus.keySet()).allMatch(s -> List.of("COMPLETED", "FAILED", "PARKED").contains(s));
        // a request is parked only for the documented reasons: its orderCreate was in flight at a
        // kill, Octane applied it (MSN ASSIGNED) and its orderId never reached us; or its
        // reserveResources was in flight and the reserved MSN never reached us
        for (String id : ids) {
            Map<String, Object> s = app.status(id);
            if ("PARKED".equals(s.get("status"))) {
                assertThat(s.get("error").toString()).as(id).contains("UNCERTAIN")
                        .satisfiesAnyOf(e -> assertThat(e).contains("is now ASSIGNED"), e -> assertThat(e).contains("reserveResources"));
            }
        }
        assertThat(byStatus.getOrDefault("COMPLETED", 0)).isGreaterThanOrEqualTo(REQUESTS / 2);
        assertThat(sim.callLog().r1Violations()).as("R1 across restarts").isZero();
    }

    private static boolean applied(CallLog.Entry c) {
        return c.outcome().equals("ok") || c.outcome().contains("(after,ok");
    }

    private static Faults.Rule latency(String operation, String when) {
        Faults.Rule r = new Faults.Rule(operation, Faults.Kind.LATENCY, 1, when);
        r.latencyMs = 5000;
        return r;
    }

}
