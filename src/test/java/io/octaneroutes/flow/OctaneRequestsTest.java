package io.octaneroutes.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.FlowState;

/** The optional fields of the mobile orders: copied when the request has them, absent when it has not. */
class OctaneRequestsTest {
    private final OctaneRequests requests = new OctaneRequests("WME_ESIM");

    private static FlowState state(Map<String, Object> params) {
        FlowState s = new FlowState();
        s.setFlow("mobile.datapool.create");
        s.setParams(new LinkedHashMap<>(params));
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(Map<String, Object> order, String name) {
        return (Map<String, Object>) ((Map<String, Object>) order.get("orderItems")).get(name);
    }

    @Test
    void aDataPoolCarriesItsDepartmentNotesAndEmailWhenGiven() {
        Map<String, Object> all = item(requests.createDataPool(state(Map.of("custNo", 1, "planNo", 5, "poolName", "Fleet", "department", "Ops",
                "serviceNotes", "n", "notificationEmail", "ops@example.com"))), "wmeNewDataPoolReqItem");
        assertThat(all).containsExactly(Map.entry("department", "Ops"), Map.entry("planNo", 5), Map.entry("serviceNotes", "n"),
                Map.entry("notificationEmail", "ops@example.com"), Map.entry("poolName", "Fleet"));
        Map<String, Object> bare = item(requests.createDataPool(state(Map.of("custNo", 1, "planNo", 5, "poolName", "Fleet"))), "wmeNewDataPoolReqItem");
        assertThat(bare).containsExactly(Map.entry("planNo", 5), Map.entry("poolName", "Fleet"));
    }

    @Test
    void anExcessSpendChangeCarriesItsSeqNoWhenGiven() {
        assertThat(item(requests.changeExcessSpend(state(Map.of("custNo", 1, "lineSeqNo", 7, "spendCode", "S50", "seqNo", 3))), "wmeExcessSpendReqItem"))
                .containsExactly(Map.entry("lineSeqNo", 7), Map.entry("spendCode", "S50"), Map.entry("seqNo", 3));
        assertThat(item(requests.changeExcessSpend(state(Map.of("custNo", 1, "lineSeqNo", 7, "spendCode", "S50"))), "wmeExcessSpendReqItem"))
                .doesNotContainKey("seqNo");
    }

    @Test
    void aNewServiceCarriesTheOptionalFieldsTheRequestGives() {
        FlowState s = state(Map.of("custNo", 1, "planNo", 5, "lineName", "Ann", "cycleNo", 2, "notificationEmail", "a@example.com"));
        s.getIds().put("msn", "0411000001");
        Map<String, Object> order = requests.createMobileServiceNewNumberEsim(s);
        Map<String, Object> item = (Map<String, Object>) ((Map<?, ?>) order.get("orderItems")).values().iterator().next();
        assertThat(item).containsEntry("lineType", "R").containsEntry("planNo", 5).containsEntry("lineName", "Ann").containsEntry("cycleNo", 2)
                .containsEntry("notificationEmail", "a@example.com").doesNotContainKeys("department", "agentId", "orderNotes", "spendCode");
    }
}
