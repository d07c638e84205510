package io.octaneroutes.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.journal.FlowState;

/**
 * The NBN decisions taken on Octane's answers (canonical REST maps, payload under
 * {@code response}): one address or a refusal saying none or which; serviceable only on Pass;
 * the plan and the diagnostic test must be offered; a Used port before a Free one (Transfer or
 * New); withdraw only an activation order in flight; the slot on the preferred date, else the
 * earliest. Each refusal names what Octane said.
 */
class NbnRulesTest {
    private final NbnRules rules = new NbnRules();

    private static Map<String, Object> payload(Object response) {
        return Map.of("success", true, "response", response);
    }

    private static FlowState withSq(Map<String, Object> sqPayload) {
        FlowState state = new FlowState();
        state.getParams().put("locationId", "LOC000000000001");
        state.getResults().put(NbnRules.SQ_STEP, payload(sqPayload));
        return state;
    }

    private static Map<String, Object> ntd(String id, Map<String, Object>... ports) {
        return Map.of("id", id, "ntdPort", List.of(ports));
    }

    private static Map<String, Object> port(String portId, String status) {
        return Map.of("portId", portId, "status", status);
    }

    private static OctaneBusinessException refusal(Runnable r) {
        try {
            r.run();
        } catch (OctaneBusinessException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    // ---------------------------------------------------------------- address

    @Test
    void exactlyOneAddressBecomesTheLocation() {
        FlowState state = new FlowState();
        rules.requireOneAddress(payload(List.of(Map.of("locationId", "LOC1", "address", "1 Main St"))), state);
        assertThat(state.getIds()).containsEntry("locationId", "LOC1");
        FlowState single = new FlowState();
        rules.requireOneAddress(payload(Map.of("locationId", "LOC2")), single);
        assertThat(single.getIds()).as("a single object for a list of one").containsEntry("locationId", "LOC2");
    }

    @Test
    void noAddressIsRefusedAskingForMore() {
        OctaneBusinessException e = refusal(() -> rules.requireOneAddress(payload(List.of()), new FlowState()));
        assertThat(e.getOperation()).isEqualTo("searchAddress");
        assertThat(e.getErrorCode()).isEqualTo("NO_ADDRESS");
        assertThat(e.getErrorMessage()).isEqualTo("Octane found no address matching the request's address; send a locationId or a fuller address");
    }

    @Test
    void severalAddressesAreRefusedNamingAtMostTenOfThem() {
        OctaneBusinessException two = refusal(() -> rules.requireOneAddress(payload(List.of(Map.of("locationId", "LOC1"),
                Map.of("locationId", "LOC2"))), new FlowState()));
        assertThat(two.getErrorCode()).isEqualTo("AMBIGUOUS_ADDRESS");
        assertThat(two.getErrorMessage()).isEqualTo("the address matches 2 locations (LOC1, LOC2); send the locationId");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            many.add(Map.of("locationId", "L" + i));
        }
        OctaneBusinessException twelve = refusal(() -> rules.requireOneAddress(payload(many), new FlowState()));
        assertThat(twelve.getErrorMessage()).isEqualTo("the address matches 12 locations (L1, L2, L3, L4, L5, L6, L7, L8, L9, L10); send the locationId");
    }

    // ---------------------------------------------------------------- service qualification

    @Test
    void aLocationIsServiceableOnlyOnPass() {
        assertThatCode(() -> rules.requireServiceable(withSq(Map.of("product", Map.of("productResult", "Pass"))))).doesNotThrowAnyException();
        assertThatCode(() -> rules.requireServiceable(withSq(Map.of("product", Map.of("productResult", "PASS"))))).doesNotThrowAnyException();
        OctaneBusinessException fail = refusal(() -> rules.requireServiceable(withSq(Map.of("product",
                Map.of("productResult", "Fail", "productResultReason", "no infrastructure")))));
        assertThat(fail.getOperation()).isEqualTo("serviceQualification");
        assertThat(fail.getErrorCode()).isEqualTo("NOT_SERVICEABLE");
        assertThat(fail.getErrorMessage()).isEqualTo("location LOC000000000001 is not serviceable: service qualification Fail (no infrastructure)");
        assertThat(refusal(() -> rules.requireServiceable(withSq(Map.of("product", Map.of("productResult", "Fail"))))).getErrorMessage())
                .endsWith("service qualification Fail (no reason given)");
        assertThat(refusal(() -> rules.requireServiceable(withSq(Map.of()))).getErrorMessage())
                .endsWith("service qualification unknown (no reason given)");
    }

    @Test
    void withoutAServiceQualificationAnswerThereIsNothingToDecideOn() {
        assertThatThrownBy(() -> rules.requireServiceable(new FlowState())).isInstanceOf(IllegalStateException.class)
                .hasMessage("no service qualification answer at this step");
    }

    @Test
    void aUsedPortIsATransferAndComesBeforeAFreeOne() {
        Map<String, Object> sq = Map.of("infrastructures", List.of(ntd("NTD1", port("1", "Free"), port("2", "Free")),
                ntd("NTD2", port("3", "Free"), port("4", "USED"))));
        assertThat(NbnRules.choosePort(sq)).isEqualTo(new NbnRules.Port("NTD2", "4", true));
        assertThat(rules.isTransfer(withSq(sq))).isTrue();
    }

    @Test
    void withoutAUsedPortTheFirstFreeOneIsANewService() {
        Map<String, Object> sq = Map.of("infrastructures", List.of(ntd("NTD1", port("1", "Free"), port("2", "Free")), ntd("NTD2", port("3", "Free"))));
        assertThat(NbnRules.choosePort(sq)).isEqualTo(new NbnRules.Port("NTD1", "1", false));
        assertThat(rules.isTransfer(withSq(sq))).isFalse();
        // a single infrastructure object with a single port (lists of one)
        assertThat(NbnRules.choosePort(Map.of("infrastructures", Map.of("id", "NTD9", "ntdPort", port("7", "Free")))))
                .isEqualTo(new NbnRules.Port("NTD9", "7", false));
    }

    @Test
    void withoutAnNtdThereIsNoPortAndTheServiceIsNew() {
        assertThat(NbnRules.choosePort(Map.of())).isNull();
        assertThat(NbnRules.choosePort(Map.of("infrastructures", List.of(Map.of("id", "NTD1"))))).isNull();
        assertThat(rules.isTransfer(withSq(Map.of()))).isFalse();
    }

    // ---------------------------------------------------------------- plans and tests

    @Test
    void thePlanMustBeOneOctaneOffers() {
        FlowState state = new FlowState();
        state.getParams().put("planNo", 2001);
        assertThatCode(() -> rules.requirePlanOffered(payload(List.of(Map.of("planNo", "2000"), Map.of("planNo", "2001"))), state))
                .as("a number asked, text offered").doesNotThrowAnyException();
        state.getParams().put("planNo", "3000");
        OctaneBusinessException e = refusal(() -> rules.requirePlanOffered(payload(List.of(Map.of("planNo", "2000"), Map.of("planNo", 2001), "x")), state));
        assertThat(e.getOperation()).isEqualTo("listPlans");
        assertThat(e.getErrorCode()).isEqualTo("PLAN_NOT_OFFERED");
        assertThat(e.getErrorMessage()).isEqualTo("plan 3000 is not among the NBN plans Octane lists for this service (2000, 2001)");
        assertThatThrownBy(() -> rules.requirePlanOffered(payload(List.of()), new FlowState())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDiagnosticTestMustBeOneOctaneOffers() {
        FlowState state = new FlowState();
        state.getParams().put("testName", "NTD Status");
        assertThatCode(() -> rules.requireTestAvailable(payload(List.of(Map.of("testName", "Line Test"), Map.of("testName", "NTD Status"))), state))
                .doesNotThrowAnyException();
        state.getParams().put("testName", "Speed");
        OctaneBusinessException e = refusal(() -> rules.requireTestAvailable(payload(List.of(Map.of("testName", "Line Test"), 7,
                Map.of("testName", "NTD Status"))), state));
        assertThat(e.getOperation()).isEqualTo("getDiagnosticTests");
        assertThat(e.getErrorCode()).isEqualTo("TEST_NOT_AVAILABLE");
        assertThat(e.getErrorMessage()).isEqualTo("test 'Speed' is not available for this service; Octane offers: Line Test, NTD Status");
    }

    // ---------------------------------------------------------------- withdraw

    @Test
    void onlyAnActivationOrderInFlightMayBeWithdrawn() {
        for (String status : List.of("Pending", "Acknowledged", "In Progress", "Scheduled")) {
            assertThatCode(() -> rules.requireWithdrawable(payload(Map.of("orderId", "N1", "orderType", "New", "status", status))))
                    .as(status).doesNotThrowAnyException();
        }
        OctaneBusinessException done = refusal(() -> rules.requireWithdrawable(payload(Map.of("orderId", "N1", "orderType", "New", "status", "Completed"))));
        assertThat(done.getOperation()).isEqualTo("getNbnOrder");
        assertThat(done.getErrorCode()).isEqualTo("NOT_WITHDRAWABLE");
        assertThat(done.getErrorMessage()).startsWith("order N1 is Completed; only an activation order still in flight (")
                .contains("Pending", "Acknowledged", "In Progress", "Scheduled").endsWith(") can be withdrawn");
        OctaneBusinessException change = refusal(() -> rules.requireWithdrawable(payload(Map.of("orderId", "N2", "orderType", "Modify", "status", "Pending"))));
        assertThat(change.getErrorMessage()).isEqualTo("order N2 is a Modify order; only activation orders can be withdrawn");
        assertThat(refusal(() -> rules.requireWithdrawable(payload(List.of(Map.of("orderId", "N3", "orderType", "New", "status", "Cancelled")))))
                .getErrorMessage()).as("a list's first order").startsWith("order N3 is Cancelled");
    }

    // ---------------------------------------------------------------- appointments

    private static FlowState withSlots(Object slots, String date) {
        FlowState state = new FlowState();
        state.getIds().put("orderId", "N7");
        if (date != null) {
            state.getParams().put("date", date);
        }
        state.getResults().put("nbn-reschedule.timeslots", payload(slots));
        return state;
    }

    @Test
    void theSlotIsTheFirstOnThePreferredDateElseTheEarliestOffered() {
        List<Map<String, Object>> slots = List.of(Map.of("date", "2026-12-10T08:00", "slot", "AM"), Map.of("date", "2026-12-11T08:00", "slot", "AM"),
                Map.of("date", "2026-12-11T13:00", "slot", "PM"));
        assertThat(NbnRules.chooseSlot(withSlots(slots, "2026-12-11"))).containsEntry("slot", "AM").containsEntry("date", "2026-12-11T08:00");
        assertThat(NbnRules.chooseSlot(withSlots(slots, null))).containsEntry("date", "2026-12-10T08:00");
    }

    @Test
    void noSlotOrNoneOnThePreferredDateIsRefused() {
        OctaneBusinessException none = refusal(() -> NbnRules.chooseSlot(withSlots(List.of(), null)));
        assertThat(none.getOperation()).isEqualTo("getTimeslots");
        assertThat(none.getErrorCode()).isEqualTo("NO_SLOT");
        assertThat(none.getErrorMessage()).isEqualTo("Octane offers no appointment slot for order N7");
        OctaneBusinessException notThatDay = refusal(() -> NbnRules.chooseSlot(withSlots(List.of(Map.of("date", "2026-12-10T08:00")), "2026-12-12")));
        assertThat(notThatDay.getErrorCode()).isEqualTo("NO_SLOT");
        assertThat(notThatDay.getErrorMessage()).isEqualTo("Octane offers no appointment slot on 2026-12-12 for order N7; send another date or none for the earliest");
    }
}
