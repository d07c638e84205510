package io.octaneroutes.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.FlowState;

/** The NBN modification body against the seed page (shared/seeds/003, doc api-6875354), field for field. */
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
}
