package io.octaneroutes.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.FlowState;

/**
 * The NBN request bodies: the modification against the seed page (shared/seeds/003, doc api-6875354)
 * field for field; the activation (Transfer on a Used port, New otherwise, G-NBN-ACT); the ones that
 * name an order; custReqDate.
 */
class NbnRequestsTest {
    private final ObjectMapper json = new ObjectMapper();

    private FlowState state(Map<String, Object> params) {
        FlowState s = new FlowState();
        s.setRequestId("r");
        s.setFlow("nbn.change");
        s.setParams(new LinkedHashMap<>(params));
        return s;
    }

    @Test
    void aPlanChangeIsTheSeedPagesExampleBody() throws Exception {
        Map<String, Object> body = new NbnRequests().createModification(state(Map.of("custNo", 554433, "csn", "nbn-tc4",
                "subOrderType", "PlanChange", "planNo", 30002, "custReqDate", "2019-08-24T14:15:22Z")));
        assertThat(json.writeValueAsString(body)).isEqualTo("{\"orderType\":\"Change\",\"subOrderType\":\"PlanChange\","
                + "\"service\":{\"custNo\":554433,\"csn\":\"nbn-tc4\",\"planNo\":30002},\"custReqDate\":\"2019-08-24T14:15:22Z\"}");
    }

    @Test
    void otherModificationsCarryNoPlanAndADateBecomesADateTime() throws Exception {
        Map<String, Object> body = new NbnRequests().createModification(state(Map.of("custNo", 554433, "csn", "nbn-tc4",
                "subOrderType", "Suspend", "custReqDate", "2026-12-01")));
        assertThat(json.writeValueAsString(body)).isEqualTo("{\"orderType\":\"Change\",\"subOrderType\":\"Suspend\","
                + "\"service\":{\"custNo\":554433,\"csn\":\"nbn-tc4\"},\"custReqDate\":\"2026-11-30T13:00:00Z\"}");
    }

    private FlowState withSq(Map<String, Object> params, Map<String, Object> sq) {
        FlowState s = state(params);
        s.getResults().put(NbnRules.SQ_STEP, Map.of("success", true, "response", sq));
        return s;
    }

    private static Map<String, Object> sq(Object infrastructures) {
        Map<String, Object> sq = new LinkedHashMap<>(Map.of("location", Map.of("serviceClass", 13, "technologyType", "FTTP"),
                "remoteQualificationSearchId", "RQ-1", "qualificationSearchId", "Q-1", "remoteOrderId", "RO-1"));
        if (infrastructures != null) {
            sq.put("infrastructures", infrastructures);
        }
        return sq;
    }

    @Test
    void anActivationOnAUsedPortIsATransferOnThatPort() throws Exception {
        Map<String, Object> body = new NbnRequests().createActivation(withSq(Map.of("locationId", "LOC1", "custNo", 554433, "planNo", 2001,
                "custReqDate", "2026-12-01T10:00:00+11:00", "contact", Map.of("name", "Ann")),
                sq(java.util.List.of(Map.of("id", "NTD1", "ntdPort", java.util.List.of(Map.of("portId", "2", "status", "Used")))))));
        // compared as JSON trees: infrastructureOption is a Map.of, whose field order is not fixed
        assertThat((Object) json.valueToTree(body)).isEqualTo(json.readTree("{\"orderType\":\"New\",\"subOrderType\":\"Transfer\",\"serviceClass\":\"13\","
                + "\"remoteQualificationSearchId\":\"RQ-1\",\"qualificationSearchId\":\"Q-1\",\"remoteOrderId\":\"RO-1\",\"locationId\":\"LOC1\","
                + "\"infrastructureOption\":{\"infrastructureId\":\"NTD1\",\"portId\":\"2\"},\"service\":{\"custNo\":554433,\"planNo\":2001},"
                + "\"custReqDate\":\"2026-11-30T23:00:00Z\",\"contact\":{\"name\":\"Ann\"}}"));
        assertThat(body.keySet()).as("the documented fields first").startsWith("orderType", "subOrderType", "serviceClass");
    }

    @Test
    void anActivationWithoutAnNtdIsNewWithoutAPortOrAContact() {
        Map<String, Object> body = new NbnRequests().createActivation(withSq(Map.of("locationId", "LOC1", "custNo", 1, "planNo", 2), sq(null)));
        assertThat(body).containsEntry("subOrderType", "New").doesNotContainKeys("infrastructureOption", "contact");
        Map<String, Object> free = new NbnRequests().createActivation(withSq(Map.of("locationId", "LOC1", "custNo", 1, "planNo", 2),
                sq(Map.of("id", "NTD1", "ntdPort", Map.of("portId", "1", "status", "Free")))));
        assertThat(free).containsEntry("subOrderType", "New").containsEntry("infrastructureOption", Map.of("infrastructureId", "NTD1", "portId", "1"));
    }

    @Test
    void theRequestsThatNameAnOrderCarryItsId() {
        FlowState s = state(Map.of("orderId", "ORD-1", "custNo", 554433, "lineSeqNo", 7));
        NbnRequests r = new NbnRequests();
        assertThat(r.orderDetail(s)).isEqualTo(Map.of("orderId", "ORD-1"));
        assertThat(r.cancelOrder(s)).isEqualTo(Map.of("orderId", "ORD-1"));
        assertThat(r.timeslots(s)).isEqualTo(Map.of("orderId", "ORD-1"));
        assertThat(r.diagnosticTests(s)).containsExactly(Map.entry("custNo", 554433), Map.entry("lineSeqNo", 7));
        assertThat(r.searchAddress(state(Map.of("address", "1 Main St")))).isEqualTo(Map.of("query", "1 Main St"));
        assertThat(r.serviceQualification(state(Map.of("locationId", "LOC9"))))
                .containsExactly(Map.entry("productSelection", "nbn"), Map.entry("locationId", "LOC9"));
    }

    @Test
    void withoutADateTheOrderIsForNowToTheSecond() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        java.time.Instant at = java.time.Instant.parse(NbnRequests.custReqDate(state(Map.of())));
        assertThat(at).isBetween(before, java.time.Instant.now());
        assertThat(at.getNano()).isZero();
    }
}
