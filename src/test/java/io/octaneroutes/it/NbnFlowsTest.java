package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * The NBN flows (flows.md N1-N7) end to end against the simulator's NBN REST API: the call
 * sequence per flow, each branch (address or locationId, Transfer or New by the SQ's port,
 * PlanChange or another modification), and the failures a person must see: an unserviceable
 * location, a plan Octane does not list, an order that cannot be withdrawn, Octane's
 * validation errors sent with HTTP 200.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NbnFlowsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static TestApp app;
    static String completedActivation;
    static String today = LocalDate.now(ZoneId.of("Australia/Sydney")).toString();

    @BeforeAll
    static void start() throws Exception {
        // an activation completes 40 of Octane's minutes after its creation (TestApp's 900x clock: 2.7 s), just after In Progress
        app = TestApp.start(Map.of("octane.nbn.poll-interval", "2s",
                "octane.simulator.nbn.activation.complete-after", "40m",
                "octane.simulator.nbn.enquiry.complete-after", "5m",
                "octane.simulator.nbn.enquiry.complete-after-max", "10m"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void clearCallLog() {
        app.simulator().callLog().clear();
    }

    // ------------------------------------------------------------ N1 activate

    @Test
    @Order(1)
    void activatesAtAnAddressWithANewService() throws Exception {
        submit("nbn-1", "nbn.activate", "{\"custNo\":554433,\"planNo\":30001,\"address\":\"33 RENOIR Road\"}");
        assertThat(app.awaitFinal("nbn-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("searchAddress", "serviceQualification", "listPlans", "createNbnActivation", "getNbnOrder");
        CallLog.Entry order = call("createNbnActivation");
        assertThat(order.key("orderType")).isEqualTo("New");
        assertThat(order.key("subOrderType")).isEqualTo("New");
        assertThat(order.key("locationId")).isEqualTo("LOC380100003003");
        assertThat(order.key("serviceClass")).isEqualTo("13");
        assertThat(order.key("qualificationSearchId")).isNotBlank();
        assertThat(call("serviceQualification").key("locationId")).isEqualTo("LOC380100003003");
        Map<String, Object> done = lastEvent("nbn-1");
        assertThat(done).containsEntry("type", "completed").containsEntry("orderStatus", "Completed").containsKeys("csn");
        completedActivation = String.valueOf(done.get("orderId"));
    }

    @Test
    @Order(2)
    void aUsedPortMakesItATransferOnThatPort() throws Exception {
        submit("nbn-2", "nbn.activate", "{\"custNo\":554433,\"planNo\":30002,\"locationId\":\"LOC380100000995\"}");
        assertThat(app.awaitFinal("nbn-2", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("serviceQualification", "listPlans", "createNbnActivation", "getNbnOrder");
        CallLog.Entry order = call("createNbnActivation");
        assertThat(order.key("subOrderType")).isEqualTo("Transfer");
        assertThat(order.key("portId")).isEqualTo("1");
        assertThat(order.key("serviceClass")).isEqualTo("3");
    }

    @Test
    @Order(3)
    void anUnserviceableLocationAnAmbiguousAddressAndAnUnlistedPlanFailSayingSo() throws Exception {
        submit("nbn-3", "nbn.activate", "{\"custNo\":554433,\"planNo\":30001,\"locationId\":\"LOC380100004004\"}");
        assertThat(app.awaitFinal("nbn-3", TIMEOUT)).isEqualTo(Journal.FAILED);
        Map<String, Object> failed = lastEvent("nbn-3");
        assertThat(failed).containsEntry("type", "failed").containsEntry("errorCode", "NOT_SERVICEABLE");
        assertThat((String) failed.get("errorMessage")).contains("Location not serviceable");
        assertThat(steps()).containsExactly("serviceQualification");

        app.simulator().callLog().clear();
        submit("nbn-4", "nbn.activate", "{\"custNo\":554433,\"planNo\":30001,\"address\":\"BOX HILL NORTH\"}");
        assertThat(app.awaitFinal("nbn-4", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("nbn-4")).containsEntry("errorCode", "AMBIGUOUS_ADDRESS");
        assertThat(steps()).containsExactly("searchAddress");

        app.simulator().callLog().clear();
        submit("nbn-5", "nbn.activate", "{\"custNo\":554433,\"planNo\":30004,\"locationId\":\"LOC380100003003\"}");
        assertThat(app.awaitFinal("nbn-5", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("nbn-5")).containsEntry("errorCode", "PLAN_NOT_OFFERED");
        assertThat(steps()).containsExactly("serviceQualification", "listPlans");
    }

    // ------------------------------------------------------------ N5, N3 on an appointment order

    @Test
    @Order(4)
    void anAppointmentOrderIsRescheduledThenWithdrawn() throws Exception {
        submit("nbn-appt", "nbn.activate", "{\"custNo\":554433,\"planNo\":30001,\"locationId\":\"LOC380100001001\"}");
        await().atMost(TIMEOUT).until(() -> app.events("nbn-appt").stream()
                .anyMatch(e -> "order-status".equals(e.get("type")) && "Scheduled".equals(e.get("octaneStatus"))));
        String orderId = String.valueOf(app.events("nbn-appt").stream().filter(e -> "order-submitted".equals(e.get("type")))
                .findFirst().orElseThrow().get("orderId"));

        app.simulator().callLog().clear();
        submit("nbn-resched", "nbn.reschedule", "{\"orderId\":\"" + orderId + "\"}");
        assertThat(app.awaitFinal("nbn-resched", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("getNbnOrder", "getTimeslots", "bookAppointment");
        assertThat(lastEvent("nbn-resched")).containsKey("appointmentId");

        app.simulator().callLog().clear();
        submit("nbn-withdraw", "nbn.withdraw", "{\"orderId\":\"" + orderId + "\"}");
        assertThat(app.awaitFinal("nbn-withdraw", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("getNbnOrder", "cancelNbnOrder");
        // the withdrawn activation ends failed, saying it was cancelled
        assertThat(app.awaitFinal("nbn-appt", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat((String) lastEvent("nbn-appt").get("errorMessage")).contains("Cancelled");
    }

    @Test
    @Order(5)
    void aCompletedOrderCannotBeWithdrawn() throws Exception {
        submit("nbn-withdraw-2", "nbn.withdraw", "{\"orderId\":\"" + completedActivation + "\"}");
        assertThat(app.awaitFinal("nbn-withdraw-2", TIMEOUT)).isEqualTo(Journal.FAILED);
        Map<String, Object> failed = lastEvent("nbn-withdraw-2");
        assertThat(failed).containsEntry("type", "failed").containsEntry("errorCode", "NOT_WITHDRAWABLE");
        assertThat((String) failed.get("errorMessage")).contains("is Completed");
        assertThat(steps()).containsExactly("getNbnOrder");
    }

    // ------------------------------------------------------------ N2 modifications, N4 termination

    @Test
    @Order(6)
    void changesThePlanAndSuspendsWithTheSeedPagesBody() throws Exception {
        submit("nbn-plan", "nbn.change", "{\"custNo\":554433,\"csn\":\"nbn-tc4\",\"subOrderType\":\"PlanChange\",\"planNo\":30002,\"custReqDate\":\"" + today + "\"}");
        assertThat(app.awaitFinal("nbn-plan", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("listPlans", "createNbnModification", "getNbnOrder");
        CallLog.Entry change = call("createNbnModification");
        assertThat(change.key("orderType")).isEqualTo("Change");
        assertThat(change.key("subOrderType")).isEqualTo("PlanChange");
        assertThat(change.key("csn")).isEqualTo("nbn-tc4");
        assertThat(change.key("planNo")).isEqualTo("30002");

        app.simulator().callLog().clear();
        submit("nbn-suspend", "nbn.change", "{\"custNo\":554433,\"csn\":\"nbn-tc4\",\"subOrderType\":\"Suspend\",\"custReqDate\":\"" + today + "\"}");
        assertThat(app.awaitFinal("nbn-suspend", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("createNbnModification", "getNbnOrder");
        assertThat(call("createNbnModification").key("planNo")).isNull();

        // suspending a suspended service: Octane's validation error, sent with HTTP 200, fails the flow
        app.simulator().callLog().clear();
        submit("nbn-suspend-2", "nbn.change", "{\"custNo\":554433,\"csn\":\"nbn-tc4\",\"subOrderType\":\"Suspend\",\"custReqDate\":\"" + today + "\"}");
        assertThat(app.awaitFinal("nbn-suspend-2", TIMEOUT)).isEqualTo(Journal.FAILED);
        Map<String, Object> failed = lastEvent("nbn-suspend-2");
        assertThat(failed).containsEntry("operation", "createNbnModification");
        assertThat(String.valueOf(failed.get("errorMessage"))).isNotBlank();
        assertThat(steps()).containsExactly("createNbnModification");
        assertThat(call("createNbnModification").outcome()).isNotEqualTo("ok");
    }

    @Test
    @Order(7)
    void terminatesAService() throws Exception {
        Map<String, Object> svc = app.simAdmin("POST", "/sim/nbn/services", "{\"custNo\":554433,\"planNo\":30001}");
        app.simulator().callLog().clear();
        submit("nbn-term", "nbn.terminate", "{\"custNo\":554433,\"csn\":\"" + svc.get("csn") + "\",\"custReqDate\":\"" + today + "\"}");
        assertThat(app.awaitFinal("nbn-term", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("createNbnDisconnection", "getNbnOrder");
        assertThat(call("createNbnDisconnection").key("orderType")).isEqualTo("Terminate");
        assertThat(call("createNbnDisconnection").key("subOrderType")).isEqualTo("Disconnect");
    }

    // ------------------------------------------------------------ N6, N7 enquiries

    @Test
    @Order(8)
    void runsADiagnosticTestAndAHealthCheckToTheirResults() throws Exception {
        Map<String, Object> svc = app.simAdmin("POST", "/sim/nbn/services", "{\"custNo\":554433,\"planNo\":30001}");
        Object line = svc.get("lineSeqNo");
        app.simulator().callLog().clear();
        submit("nbn-diag", "nbn.diagnostic-test", "{\"custNo\":554433,\"lineSeqNo\":" + line + ",\"testName\":\"Line State\"}");
        assertThat(app.awaitFinal("nbn-diag", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("getDiagnosticTests", "createEnquiry", "getEnquiry");
        assertThat(call("createEnquiry").key("enquiryType")).isEqualTo("DiagnosticTest");
        assertThat(lastEvent("nbn-diag")).containsEntry("enquiryStatus", "Completed").containsKey("result");

        app.simulator().callLog().clear();
        submit("nbn-diag-2", "nbn.diagnostic-test", "{\"custNo\":554433,\"lineSeqNo\":" + line + ",\"testName\":\"Toaster Check\"}");
        assertThat(app.awaitFinal("nbn-diag-2", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("nbn-diag-2")).containsEntry("errorCode", "TEST_NOT_AVAILABLE");
        assertThat(steps()).containsExactly("getDiagnosticTests");

        app.simulator().callLog().clear();
        submit("nbn-health", "nbn.health-check", "{\"custNo\":554433,\"lineSeqNo\":" + line + "}");
        assertThat(app.awaitFinal("nbn-health", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("createEnquiry", "getEnquiry");
        assertThat(call("createEnquiry").key("enquiryType")).isEqualTo("ServiceHealthCheck");
    }

    // ------------------------------------------------------------ helpers

    static void submit(String id, String flow, String params) throws Exception {
        app.submit(id, flow, params);
    }

    static List<String> steps() {
        return app.steps();
    }

    static CallLog.Entry call(String operation) {
        return app.calls(operation).get(0);
    }

    static Map<String, Object> lastEvent(String requestId) throws Exception {
        return app.lastEvent(requestId);
    }
}
