package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.octaneroutes.flow.CompletedIds;
import io.octaneroutes.gateway.AnswerPaths;
import io.octaneroutes.intake.Flows;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * Every flow, through the intake to its completed event, with Octane answering as the facts
 * describe it and in two other shapes a real Octane may use (issue 11): every SOAP answer with
 * unknown elements at every level, its elements in reverse order, a single element for a list,
 * namespace-qualified children and the SOAP-ENV style of the real sample; every REST answer in
 * the other envelope (payload under {@code response}, or at the top level), with unknown fields
 * and a single object for a list of one. Each flow's completed event must carry its Octane ids
 * ({@link CompletedIds}), and they must be the ones Octane gave.
 *
 * <p>Per shape, one application runs all flows at once, in chains where a flow needs what
 * another made (a pool to transfer to, an appointment order to move and withdraw).
 */
class EveryFlowTest {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** How the simulator shapes its answers beyond the facts (admin {@code /sim/shape}). */
    enum Shape {
        AS_DOCUMENTED(null),
        WRAPPED("{\"soap\":{\"extraElements\":true,\"reorder\":true,\"qualifiedChildren\":true,\"soapEnvPrefix\":true},"
                + "\"rest\":{\"envelope\":\"wrapped\",\"extraFields\":true,\"singleForList\":true}}"),
        FLAT("{\"soap\":{\"extraElements\":true,\"reorder\":true,\"qualifiedChildren\":true,\"soapEnvPrefix\":true},"
                + "\"rest\":{\"envelope\":\"flat\",\"extraFields\":true,\"singleForList\":true}}");

        final String json;

        Shape(String json) {
            this.json = json;
        }
    }

    /** The requests of one shape's run, by flow (a flow may be run more than once, e.g. both Reset eSIM paths). */
    record Run(TestApp app, Map<String, List<String>> requests, List<Throwable> chainFailures) {
    }

    private static final Map<Shape, Run> RUNS = new EnumMap<>(Shape.class);
    private static TestApp current;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (String flow : Flows.AVAILABLE) {
                cases.add(Arguments.of(shape, flow));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void completesWithItsOctaneIds(Shape shape, String flow) throws Exception {
        Run run = run(shape);
        List<String> requests = run.requests().get(flow);
        assertThat(requests).as("a request of flow %s was run (chain failures: %s)", flow, run.chainFailures()).isNotEmpty();
        for (String requestId : requests) {
            assertThat(run.app().awaitFinal(requestId, TIMEOUT)).as("%s (%s)", requestId, run.app().journal().find(requestId)
                    .map(r -> r.errorCode() + " " + r.errorMessage()).orElse("")).isEqualTo(Journal.COMPLETED);
            await().atMost(Duration.ofSeconds(5)).until(() -> "completed".equals(run.app().lastEvent(requestId).get("type")));
            Map<String, Object> done = run.app().lastEvent(requestId);
            for (String id : CompletedIds.of(flow)) {
                assertThat(done.get(id)).as("%s of the completed event of %s", id, requestId).isNotNull();
                assertThat(String.valueOf(done.get(id))).as(id).isNotBlank().isNotEqualTo("[]");
            }
            assertOctanesIds(run.app(), flow, done);
            // the status API carries them too
            Map<String, Object> status = TestApp.JSON.readValue(run.app().get("/api/requests/" + requestId).body(), Map.class);
            assertThat((Map<String, Object>) status.get("ids")).containsKeys(CompletedIds.of(flow).toArray(String[]::new));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (current != null) {
            current.close();
        }
    }

    /** The ids are Octane's own: the orders exist in the simulator with the service the event names. */
    private static void assertOctanesIds(TestApp app, String flow, Map<String, Object> done) {
        if (flow.startsWith("mobile.") && !flow.startsWith("mobile.datapool.") || flow.equals("mobile.datapool.create")) {
            if (done.get("orderId") != null) {
                Map<String, Object> order = app.simulator().state().orderQuery(String.valueOf(done.get("orderId")));
                assertThat(String.valueOf(order.get("errorCode"))).as("Octane knows order %s", done.get("orderId")).isEqualTo("0");
                Object msn = AnswerPaths.first(order, "orderQueryResponse.orderItems.*.msn");
                if (flow.startsWith("mobile.activate") || flow.equals("mobile.datapool.create")) {
                    assertThat(done.get("msn")).as("msn of order %s", done.get("orderId")).isEqualTo(msn);
                }
            }
        }
        if (flow.equals("mobile.datapool.create")) {
            Map<String, Object> pool = app.simulator().state().getDataPool(String.valueOf(done.get("custNo") == null ? 554433 : done.get("custNo")),
                    String.valueOf(done.get("lineSeqNo")));
            assertThat(done.get("providerId")).isEqualTo(AnswerPaths.first(pool, "provider.memberId"));
        }
        if (flow.startsWith("nbn.") && done.get("orderId") != null) {
            assertThat(polledOrCreated(app, String.valueOf(done.get("orderId")), "orderId")).as("Octane answered NBN order %s", done.get("orderId")).isTrue();
        }
        if (done.get("enquiryId") != null) {
            assertThat(polledOrCreated(app, String.valueOf(done.get("enquiryId")), "enquiryId")).isTrue();
        }
    }

    private static boolean polledOrCreated(TestApp app, String id, String key) {
        return app.simulator().callLog().entries().stream().map(CallLog.Entry::keys).anyMatch(k -> id.equals(k.get(key)));
    }

    // ------------------------------------------------------------ one shape's run

    private static synchronized Run run(Shape shape) throws Exception {
        Run run = RUNS.get(shape);
        if (run != null) {
            return run;
        }
        if (current != null) {
            current.close();
        }
        TestApp app = TestApp.start(Map.of("octane.simulator.esim-stock", "30", "flows.concurrency", "12",
                "octane.nbn.poll-interval", "2s", "octane.simulator.nbn.activation.complete-after", "2h",
                "octane.simulator.nbn.enquiry.complete-after", "5m", "octane.simulator.nbn.enquiry.complete-after-max", "10m"));
        current = app;
        if (shape.json != null) {
            app.simAdmin("POST", "/sim/shape", shape.json);
        }
        Map<String, List<String>> requests = new ConcurrentHashMap<>();
        List<Throwable> failures = new ArrayList<>();
        Chains chains = new Chains(app, requests);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Callable<Void> chain : List.<Callable<Void>>of(chains::activations, chains::reset, chains::inLife, chains::pools,
                    chains::nbn, chains::connectYou)) {
                done.add(pool.submit(chain));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause()); // the flows of the other chains are still checked
                }
            }
        } finally {
            pool.shutdownNow();
        }
        run = new Run(app, requests, failures);
        RUNS.put(shape, run);
        return run;
    }

    /** The flows, in chains where one needs what another made. Each chain waits only for what the next step needs. */
    static final class Chains {
        private final TestApp app;
        private final Map<String, List<String>> requests;
        private int sim;

        Chains(TestApp app, Map<String, List<String>> requests) {
            this.app = app;
            this.requests = requests;
        }

        private String submit(String id, String flow, String params) throws Exception {
            app.submit(id, flow, params);
            requests.computeIfAbsent(flow, f -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(id);
            return id;
        }

        private synchronized String freeSim() {
            return String.format("8961000000000000%03d", sim++);
        }

        private Map<String, Object> service(int planNo) throws Exception {
            return app.simAdmin("POST", "/sim/services", "{\"custNo\":554433,\"planNo\":" + planNo + ",\"isEsim\":true}");
        }

        private void completed(String requestId) {
            assertThat(app.awaitFinal(requestId, TIMEOUT)).as(requestId).isEqualTo(Journal.COMPLETED);
        }

        Void activations() throws Exception {
            submit("m1", "mobile.activate.new-msn.physical-sim", "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + freeSim() + "\"}");
            submit("m3", "mobile.activate.new-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":false}");
            submit("m4", "mobile.activate.port-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"msn\":\"0499000107\",\"dob\":\"1990-12-31\",\"isQRcode\":true}");
            // with the OTP steps (Manage OTP getOtp and verifyOtp): the code the customer received comes back as a continuation
            String msn = "0499000105";
            submit("m2", "mobile.activate.port-msn.physical-sim", "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + freeSim()
                    + "\",\"msn\":\"" + msn + "\",\"arn\":\"A-1\",\"otp\":{\"verify\":true}}");
            app.awaitStatus("m2", Journal.AWAITING_INPUT, TIMEOUT);
            Object code = app.simAdmin("GET", "/sim/otp?destination=" + msn, null).get("code");
            assertThat(app.post("/api/requests/m2/continue", "{\"otpCode\":\"" + code + "\"}").statusCode()).isEqualTo(202);
            return null;
        }

        Void reset() throws Exception {
            // both paths of Reset eSIM: a resettable profile, and one that takes the SIM-swap path (an orderCreate and its Query Order echo)
            for (String[] path : new String[][] {{"reset-linked", "LINKED"}, {"reset-swap", "ENABLED"}}) {
                String msn = String.valueOf(service(23371).get("serviceNumber"));
                app.simAdmin("POST", "/sim/esim/profile-state", "{\"msn\":\"" + msn + "\",\"profileState\":\"" + path[1] + "\"}");
                submit(path[0], "mobile.esim.reset", "{\"custNo\":554433,\"msn\":\"" + msn + "\",\"isQRcode\":false}");
            }
            return null;
        }

        Void inLife() throws Exception {
            submit("plan", "mobile.change.plan", "{\"custNo\":554433,\"lineSeqNo\":" + service(23371).get("lineSeqNo")
                    + ",\"planNo\":23372,\"custReqDate\":\"" + today() + "\"}");
            submit("features", "mobile.change.features", "{\"custNo\":554433,\"lineSeqNo\":" + service(23371).get("lineSeqNo")
                    + ",\"products\":[{\"productCode\":\"CBAID\",\"classCode\":\"E0001\",\"accessLevel\":0}]}");
            submit("excess", "mobile.change.excess-spend", "{\"custNo\":554433,\"lineSeqNo\":" + service(23371).get("lineSeqNo")
                    + ",\"spendCode\":\"80620\"}");
            submit("bolt-on", "mobile.add.once-off-bolt-on", "{\"custNo\":554433,\"lineSeqNo\":" + service(23371).get("lineSeqNo")
                    + ",\"onceOffBoltonCode\":\"CF01\"}");
            return null;
        }

        Void pools() throws Exception {
            Map<String, Object> c1 = service(23047);
            Map<String, Object> c2 = service(23047);
            submit("pool-a", "mobile.datapool.create", "{\"custNo\":554433,\"planNo\":23045,\"poolName\":\"Team\",\"serviceNumbers\":[\""
                    + c1.get("serviceNumber") + "\",\"" + c2.get("serviceNumber") + "\"]}");
            submit("pool-b", "mobile.datapool.create", "{\"custNo\":554433,\"planNo\":23046,\"poolName\":\"Second\"}");
            completed("pool-a");
            completed("pool-b");
            Map<String, Object> a = app.lastEvent("pool-a");
            Map<String, Object> b = app.lastEvent("pool-b");
            awaitConsumer(a, c1, "OPTED-IN");
            awaitConsumer(a, c2, "OPTED-IN");
            submit("transfer", "mobile.datapool.transfer", "{\"custNo\":554433,\"lineSeqNo\":" + a.get("lineSeqNo") + ",\"newProviderId\":\""
                    + b.get("providerId") + "\",\"newProviderLineSeqNo\":" + b.get("lineSeqNo") + ",\"serviceNumbers\":[\"" + c1.get("serviceNumber") + "\"]}");
            submit("limit", "mobile.datapool.set-limit", "{\"custNo\":554433,\"consumers\":[{\"lineSeqNo\":" + c2.get("lineSeqNo")
                    + ",\"dataLimit\":10737418240}]}");
            completed("transfer");
            completed("limit");
            submit("remove", "mobile.datapool.remove-consumers", "{\"custNo\":554433,\"serviceNumbers\":[\"" + c2.get("serviceNumber") + "\"]}");
            completed("remove");
            submit("disconnect", "mobile.datapool.disconnect", "{\"custNo\":554433,\"lineSeqNo\":" + a.get("lineSeqNo") + "}");
            return null;
        }

        private void awaitConsumer(Map<String, Object> pool, Map<String, Object> consumer, String status) {
            await().atMost(TIMEOUT).until(() -> {
                Map<String, Object> detail = app.simulator().state().getDataPool("554433", String.valueOf(pool.get("lineSeqNo")));
                for (Object c : AnswerPaths.all(detail, "consumers")) {
                    if (c instanceof Map<?, ?> m && consumer.get("serviceNumber").equals(m.get("serviceNumber"))) {
                        return status.equals(m.get("dataPoolStatus"));
                    }
                }
                return false;
            });
        }

        Void nbn() throws Exception {
            submit("nbn-new", "nbn.activate", "{\"custNo\":554433,\"planNo\":30001,\"address\":\"33 RENOIR Road\"}");
            submit("nbn-change", "nbn.change", "{\"custNo\":554433,\"csn\":\"nbn-tc4\",\"subOrderType\":\"PlanChange\",\"planNo\":30002,"
                    + "\"custReqDate\":\"" + today() + "\"}");
            Map<String, Object> gone = app.simAdmin("POST", "/sim/nbn/services", "{\"custNo\":554433,\"planNo\":30001}");
            submit("nbn-terminate", "nbn.terminate", "{\"custNo\":554433,\"csn\":\"" + gone.get("csn") + "\",\"custReqDate\":\"" + today() + "\"}");
            Map<String, Object> line = app.simAdmin("POST", "/sim/nbn/services", "{\"custNo\":554433,\"planNo\":30001}");
            submit("nbn-diag", "nbn.diagnostic-test", "{\"custNo\":554433,\"lineSeqNo\":" + line.get("lineSeqNo") + ",\"testName\":\"Line State\"}");
            submit("nbn-health", "nbn.health-check", "{\"custNo\":554433,\"lineSeqNo\":" + line.get("lineSeqNo") + "}");
            // an activation that needs an appointment: moved, then withdrawn (that activation then ends failed, Cancelled)
            app.submit("nbn-appt", "nbn.activate", "{\"custNo\":554433,\"planNo\":30001,\"locationId\":\"LOC380100001001\"}");
            await().atMost(TIMEOUT).until(() -> app.events("nbn-appt").stream()
                    .anyMatch(e -> "order-status".equals(e.get("type")) && "Scheduled".equals(e.get("octaneStatus"))));
            Object orderId = app.events("nbn-appt").stream().filter(e -> "order-submitted".equals(e.get("type"))).findFirst().orElseThrow().get("orderId");
            completed(submit("nbn-reschedule", "nbn.reschedule", "{\"orderId\":\"" + orderId + "\"}"));
            submit("nbn-withdraw", "nbn.withdraw", "{\"orderId\":\"" + orderId + "\"}");
            return null;
        }

        Void connectYou() throws Exception {
            // one after the other: the seeded trunk takes numbers from the pool the new trunk reserves from
            completed(submit("cy-trunk", "connectyou.sip-trunk.activate", "{\"custNo\":554433,\"planNo\":40001,\"trunkName\":\"Head office\","
                    + "\"channels\":10,\"quantity\":2,\"zone\":\"NSW\"}"));
            Map<String, Object> trunk = app.simAdmin("POST", "/sim/connectyou/trunks", "{\"custNo\":554433,\"count\":3,\"inactive\":2}");
            submit("cy-reactivate", "connectyou.sip-trunk.reactivate-indials", "{\"custNo\":554433,\"lineSeqNo\":" + trunk.get("lineSeqNo") + "}");
            submit("cy-unite", "connectyou.unite-calling.activate", "{\"custNo\":554433,\"planNo\":40002,\"zone\":\"VIC\"}");
            return null;
        }

        private static String today() {
            return LocalDate.now(ZoneId.of("Australia/Sydney")).toString();
        }
    }
}
