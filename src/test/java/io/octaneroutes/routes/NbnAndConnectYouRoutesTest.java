package io.octaneroutes.routes;

import static io.octaneroutes.routes.Answers.ok;
import static io.octaneroutes.routes.Answers.order;
import static io.octaneroutes.routes.Answers.orderDone;
import static io.octaneroutes.routes.Answers.rest;
import static io.octaneroutes.routes.Answers.restRefused;
import static io.octaneroutes.routes.MobileActivationRoutesTest.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneBusinessException;

/**
 * The NBN routes (flows.md N1-N7; doc-504808, doc-504823, doc-505599 and the G-NBN-FLOWS
 * sequences) and the ConnectYou routes (G-CY sequences): calls in order with their bodies, the
 * optional steps exactly when their condition holds (address search, List Plans for a
 * PlanChange, number search), the content-based routing (New or Transfer on the SQ's port), and
 * the refusals the flows take themselves (unserviceable, unlisted plan, not withdrawable, test
 * not offered, not enough numbers, nothing to reactivate).
 */
class NbnAndConnectYouRoutesTest extends FlowRouteTestSupport {
    @Override
    List<String> routeFiles() {
        return List.of("nbn-activate.camel.yaml", "nbn-plan-change.camel.yaml", "nbn-termination.camel.yaml", "nbn-reschedule-appointment.camel.yaml",
                "nbn-withdraw-order.camel.yaml", "run-nbn-diagnostic-test.camel.yaml", "run-nbn-service-health-check.camel.yaml",
                "nbn-steps.camel.yaml", "mobile-steps.camel.yaml", "connectyou-business-sip-trunk-activate.camel.yaml",
                "connectyou-business-sip-trunk-reactivate-direct-indials.camel.yaml", "connectyou-unite-calling-activate.camel.yaml");
    }

    private static Map<String, Object> sq(String result, String portStatus) {
        return rest(Map.of("qualificationSearchId", "Q-1", "remoteQualificationSearchId", "RQ-1", "remoteOrderId", "RO-1",
                "location", Map.of("id", "LOC1", "serviceClass", "3", "technologyType", "FTTP"),
                "product", Map.of("productResult", result, "productResultReason", "Fail".equals(result) ? "no service" : "serviceable"),
                "infrastructures", List.of(Map.of("id", "NTD1", "ntdPort", List.of(Map.of("portId", "1", "status", portStatus))))));
    }

    // ------------------------------------------------------------ N1

    @Test
    void anActivationAtAnAddressSearchesQualifiesChecksThePlanAndOrdersATransferOnAUsedPort() {
        answer("searchAddress", rest(List.of(Map.of("locationId", "LOC1"))));
        answer("serviceQualification", sq("Pass", "Used"));
        answer("listPlans", rest(List.of(Map.of("planNo", 30001), Map.of("planNo", 30002))));
        answer("createNbnActivation", rest(Map.of("orderId", "ORD-1")));
        orders.doneAnswer = rest(Map.of("status", "Completed", "csn", "N1"));
        Run run = run("nbn.activate", Map.of("custNo", 554433, "planNo", 30001, "address", "33 RENOIR Road"));
        assertThat(run.completed()).as(String.valueOf(run.failure())).isTrue();
        assertThat(operations()).containsExactly("searchAddress", "serviceQualification", "listPlans", "createNbnActivation");
        assertThat(call("searchAddress").body()).isEqualTo(Map.of("query", "33 RENOIR Road"));
        assertThat(call("serviceQualification").body()).isEqualTo(Map.of("productSelection", "nbn", "locationId", "LOC1"));
        assertThat(call("listPlans").body()).isEqualTo(Map.of("productSelection", "nbn", "technologyType", "FTTP"));
        assertThat(call("createNbnActivation").body()).containsEntry("orderType", "New").containsEntry("subOrderType", "Transfer")
                .containsEntry("serviceClass", "3").containsEntry("qualificationSearchId", "Q-1").containsEntry("remoteQualificationSearchId", "RQ-1")
                .containsEntry("remoteOrderId", "RO-1").containsEntry("locationId", "LOC1");
        assertThat(orders.tracked).containsExactly("NBN:ORD-1");
        assertThat(run.state().getIds()).containsEntry("csn", "N1").containsEntry("orderStatus", "Completed");
    }

    @Test
    void aGivenLocationIsNotSearchedAFreePortIsANewServiceAndAFailedSqEndsTheFlow() {
        answer("serviceQualification", sq("Pass", "Free"));
        answer("listPlans", rest(List.of(Map.of("planNo", 30001))));
        answer("createNbnActivation", rest(Map.of("orderId", "ORD-2")));
        assertThat(run("nbn.activate", Map.of("custNo", 554433, "planNo", 30001, "locationId", "LOC1")).completed()).isFalse();
        assertThat(operations()).doesNotContain("searchAddress");
        assertThat(call("createNbnActivation").body()).containsEntry("subOrderType", "New");

        calls.clear();
        answer("serviceQualification", sq("Fail", "Free"));
        Run failed = run("nbn.activate", Map.of("custNo", 554433, "planNo", 30001, "locationId", "LOC1"));
        assertThat(failed.failure()).isInstanceOf(OctaneBusinessException.class).hasMessageContaining("not serviceable");
        assertThat(operations()).containsExactly("serviceQualification");

        calls.clear();
        answer("serviceQualification", sq("Pass", "Free"));
        Run unlisted = run("nbn.activate", Map.of("custNo", 554433, "planNo", 39999, "locationId", "LOC1"));
        assertThat(unlisted.failure()).hasMessageContaining("plan 39999 is not among the NBN plans");
        assertThat(operations()).containsExactly("serviceQualification", "listPlans");
    }

    @Test
    void anAmbiguousAddressEndsTheFlowNamingTheLocations() {
        answer("searchAddress", rest(List.of(Map.of("locationId", "LOC1"), Map.of("locationId", "LOC2"))));
        Run run = run("nbn.activate", Map.of("custNo", 554433, "planNo", 30001, "address", "BOX HILL"));
        assertThat(run.failure()).hasMessageContaining("matches 2 locations (LOC1, LOC2)");
    }

    // ------------------------------------------------------------ N2, N4

    @Test
    void aPlanChangeChecksThePlanAndSendsTheSeedPagesBodyAndASuspendDoesNot() {
        answer("listPlans", rest(List.of(Map.of("planNo", 30002))));
        answer("createNbnModification", Map.of("orderId", "ORD-3", "success", true, "response", Map.of("orderId", "ORD-3")));
        Run change = run("nbn.change", Map.of("custNo", 554433, "csn", "nbn-tc4", "subOrderType", "PlanChange", "planNo", 30002,
                "custReqDate", "2026-12-24"));
        assertThat(change.completed()).isFalse(); // following its order
        assertThat(operations()).containsExactly("listPlans", "createNbnModification");
        assertThat(call("createNbnModification").body()).containsEntry("orderType", "Change").containsEntry("subOrderType", "PlanChange")
                .containsEntry("service", Map.of("custNo", 554433, "csn", "nbn-tc4", "planNo", 30002)).containsKey("custReqDate");

        calls.clear();
        run("nbn.change", Map.of("custNo", 554433, "csn", "nbn-tc4", "subOrderType", "Suspend", "custReqDate", "2026-12-24"));
        assertThat(operations()).containsExactly("createNbnModification");
        assertThat(call("createNbnModification").body()).containsEntry("service", Map.of("custNo", 554433, "csn", "nbn-tc4"));

        calls.clear();
        answer("createNbnDisconnection", rest(Map.of("orderId", "ORD-4")));
        run("nbn.terminate", Map.of("custNo", 554433, "csn", "N9", "custReqDate", "2026-12-24"));
        assertThat(call("createNbnDisconnection").body()).containsEntry("orderType", "Terminate").containsEntry("subOrderType", "Disconnect")
                .containsEntry("service", Map.of("custNo", 554433, "csn", "N9"));
        assertThat(orders.tracked).containsExactly("NBN:ORD-3", "NBN:ORD-3", "NBN:ORD-4");
    }

    // ------------------------------------------------------------ N5, N3

    @Test
    void aRescheduleBooksThePreferredDaysSlotAndAWithdrawOnlyAnInFlightActivation() {
        answer("getNbnOrder", rest(Map.of("orderId", "ORD-5", "orderType", "New", "status", "Scheduled")));
        answer("getTimeslots", rest(List.of(Map.of("slotId", "S1", "date", "2026-12-10"), Map.of("slotId", "S2", "date", "2026-12-11"))));
        answer("bookAppointment", rest(Map.of("appointmentId", "A-1")));
        Run reschedule = run("nbn.reschedule", Map.of("orderId", "ORD-5", "date", "2026-12-11"));
        assertThat(reschedule.completed()).isTrue();
        assertThat(operations()).containsExactly("getNbnOrder", "getTimeslots", "bookAppointment");
        assertThat(call("bookAppointment").body()).isEqualTo(Map.of("orderId", "ORD-5", "slotId", "S2"));
        assertThat(reschedule.state().getIds()).containsEntry("appointmentId", "A-1");

        calls.clear();
        answer("cancelNbnOrder", Map.of("success", true, "response", Map.of()));
        assertThat(run("nbn.withdraw", Map.of("orderId", "ORD-5")).completed()).isTrue();
        assertThat(operations()).containsExactly("getNbnOrder", "cancelNbnOrder");

        calls.clear();
        answer("getNbnOrder", rest(Map.of("orderId", "ORD-6", "orderType", "New", "status", "Completed")));
        Run late = run("nbn.withdraw", Map.of("orderId", "ORD-6"));
        assertThat(late.failure()).hasMessageContaining("ORD-6 is Completed");
        assertThat(operations()).containsExactly("getNbnOrder");

        calls.clear();
        answer("getNbnOrder", rest(Map.of("orderId", "ORD-7", "orderType", "Change", "status", "Pending")));
        assertThat(run("nbn.withdraw", Map.of("orderId", "ORD-7")).failure()).hasMessageContaining("only activation orders can be withdrawn");
    }

    // ------------------------------------------------------------ N6, N7

    @Test
    void aDiagnosticTestRunsOnlyAnOfferedTestAndTheHealthCheckNeedsNone() {
        answer("getDiagnosticTests", rest(List.of(Map.of("testName", "Line State"), Map.of("testName", "Port Reset"))));
        answer("createEnquiry", rest(Map.of("enquiryId", "E-1")));
        orders.doneAnswer = rest(Map.of("status", "Completed", "result", Map.of("summary", "line in sync")));
        Run diag = run("nbn.diagnostic-test", Map.of("custNo", 554433, "lineSeqNo", 2, "testName", "Line State"));
        assertThat(diag.completed()).isTrue();
        assertThat(operations()).containsExactly("getDiagnosticTests", "createEnquiry");
        assertThat(call("createEnquiry").body()).containsEntry("enquiryType", "DiagnosticTest").containsEntry("testName", "Line State");
        assertThat(diag.state().getIds()).containsEntry("result", "line in sync").containsEntry("enquiryId", "E-1");

        calls.clear();
        assertThat(run("nbn.diagnostic-test", Map.of("custNo", 554433, "lineSeqNo", 2, "testName", "Toaster")).failure())
                .hasMessageContaining("test 'Toaster' is not available");
        assertThat(operations()).containsExactly("getDiagnosticTests");

        calls.clear();
        assertThat(run("nbn.health-check", Map.of("custNo", 554433, "lineSeqNo", 2)).completed()).isTrue();
        assertThat(operations()).containsExactly("createEnquiry");
        assertThat(call("createEnquiry").body()).containsEntry("enquiryType", "ServiceHealthCheck");
        assertThat(orders.tracked).containsExactly("ENQUIRY:E-1", "ENQUIRY:E-1");
    }

    // ------------------------------------------------------------ ConnectYou (G-CY)

    @Test
    void aSipTrunkSearchesNumbersOnlyWhenNoneAreNamedThenReservesOrdersAndConfigures() {
        answer("getAvailableNumbers", ok(Map.of("numbers", List.of("0290001000", "0290001001", "0290001002"))));
        answer("createNumberReservation", ok(Map.of("reservationId", "R-1")));
        answer("orderCreate", order("700040"));
        orders.doneAnswer = orderDone("sipTrunkNewReqItem", Map.of("lineSeqNo", 12));
        Run run = run("connectyou.sip-trunk.activate", Map.of("custNo", 554433, "planNo", 40001, "trunkName", "HQ", "channels", 10,
                "quantity", 2, "zone", "NSW"));
        assertThat(run.completed()).as(String.valueOf(run.failure())).isTrue();
        assertThat(operations()).containsExactly("getAvailableNumbers", "createNumberReservation", "orderCreate", "orderCreate");
        assertThat(call("getAvailableNumbers").body()).isEqualTo(Map.of("zone", "NSW", "quantity", 2));
        assertThat(call("createNumberReservation").body()).isEqualTo(Map.of("custNo", 554433, "numbers", List.of("0290001000", "0290001001")));
        Call configure = calls.get(3);
        assertThat(item(configure.body(), "sipTrunkConfigReqItem")).isEqualTo(Map.of("lineSeqNo", 12, "channels", 10, "primaryNumber", "0290001000"));
        assertThat(run.state().getIds()).containsEntry("reservationId", "R-1").containsEntry("lineSeqNo", 12);

        calls.clear();
        answer("getAvailableNumbers", ok(Map.of("numbers", List.of("0290001000"))));
        Run tooFew = run("connectyou.sip-trunk.activate", Map.of("custNo", 554433, "planNo", 40001, "trunkName", "HQ", "channels", 10, "quantity", 3));
        assertThat(tooFew.failure()).hasMessageContaining("offers 1 number(s) where 3 were asked for");

        calls.clear();
        run("connectyou.unite-calling.activate", Map.of("custNo", 554433, "planNo", 40002, "numbers", List.of("0390001000")));
        assertThat(operations()).as("named numbers: no search").containsExactly("createNumberReservation", "orderCreate");
        assertThat(item(call("orderCreate").body(), "uniteCallingNewReqItem")).containsEntry("numbers", List.of("0390001000"))
                .containsEntry("reservationId", "R-1");
    }

    @Test
    void reactivatingIndialsPortsBackTheNumbersOutOfServiceOrRefusesWhenThereAreNone() {
        answer("queryBusinessSipTrunk", ok(Map.of("numbers", List.of(Map.of("number", "0290002000", "status", "Active"),
                Map.of("number", "0290002001", "status", "Inactive")))));
        answer("orderCreate", order("700050"));
        run("connectyou.sip-trunk.reactivate-indials", Map.of("custNo", 554433, "lineSeqNo", 12));
        assertThat(operations()).containsExactly("queryBusinessSipTrunk", "orderCreate");
        assertThat(item(call("orderCreate").body(), "sipTrunkPortReqItem")).isEqualTo(Map.of("lineSeqNo", 12, "numbers", List.of("0290002001")));

        calls.clear();
        Run active = run("connectyou.sip-trunk.reactivate-indials", Map.of("custNo", 554433, "lineSeqNo", 12, "numbers", List.of("0290002000")));
        assertThat(active.failure()).isInstanceOf(OctaneBusinessException.class).hasMessageContaining("already in service");
        assertThat(operations()).containsExactly("queryBusinessSipTrunk");

        calls.clear();
        answer("queryBusinessSipTrunk", restRefused("no such trunk"));
        assertThat(run("connectyou.sip-trunk.reactivate-indials", Map.of("custNo", 554433, "lineSeqNo", 99)).failure())
                .hasMessageContaining("no such trunk");
    }
}
