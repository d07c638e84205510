package io.octaneroutes.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What a running flow reads from its state: an id an earlier step gathered before the request's
 * own param of that name, a required value refused with the flow and the name, a continuation's
 * input, and paths through the journaled answers (maps, list indexes, anything else no value).
 */
class FlowStateTest {
    private static FlowState state() {
        FlowState s = new FlowState();
        s.setRequestId("r-1");
        s.setFlow("mobile.activate.new-msn.esim");
        s.setParams(new LinkedHashMap<>(Map.of("custNo", 100, "planNo", "P1")));
        s.setIds(new LinkedHashMap<>());
        s.setResults(new LinkedHashMap<>());
        return s;
    }

    @Test
    void anIdGatheredByAStepStandsBeforeTheParamOfTheSameName() {
        FlowState s = state();
        assertThat(s.value("custNo")).isEqualTo(100);
        s.getIds().put("custNo", 554433);
        assertThat(s.value("custNo")).as("Add Customer's custNo").isEqualTo(554433);
        assertThat(s.value("planNo")).as("a param no step produced").isEqualTo("P1");
        assertThat(s.value("msn")).isNull();
    }

    @Test
    void aRequiredValueThatIsMissingIsRefusedNamingTheFlowAndTheValue() {
        FlowState s = state();
        s.getIds().put("msn", "0412345678");
        assertThat(s.required("msn")).isEqualTo("0412345678");
        assertThat(s.required("planNo")).isEqualTo("P1");
        assertThatThrownBy(() -> s.required("orderId")).isInstanceOf(IllegalStateException.class)
                .hasMessage("flow mobile.activate.new-msn.esim has no 'orderId' at this step");
    }

    @Test
    void aContinuationsInputIsReadFromTheInputStepOnly() {
        FlowState s = state();
        assertThat(s.input("otpCode")).as("no continuation yet").isNull();
        s.getResults().put("otp.verify", Map.of("otpCode", "999999"));
        assertThat(s.input("otpCode")).as("a step's answer is no input").isNull();
        s.getResults().put(Journal.INPUT_STEP, Map.of("otpCode", "123456"));
        assertThat(s.input("otpCode")).isEqualTo("123456");
        assertThat(s.input("other")).isNull();
    }

    @Test
    void aResultPathWalksMapsAndListIndexes() {
        FlowState s = state();
        s.getResults().put("reserveResources", Map.of("reservedPooledResources",
                List.of(Map.of("resourceValue", "0411000001"), Map.of("resourceValue", "0411000002")), "errorCode", 0));
        assertThat(s.result("reserveResources.reservedPooledResources.0.resourceValue")).isEqualTo("0411000001");
        assertThat(s.result("reserveResources.reservedPooledResources.1.resourceValue")).isEqualTo("0411000002");
        assertThat(s.result("reserveResources.errorCode")).isEqualTo(0);
        assertThat(s.result("reserveResources")).isInstanceOf(Map.class);
    }

    @Test
    void aResultPathThatLeadsNowhereIsNoValue() {
        FlowState s = state();
        s.getResults().put("step", Map.of("list", List.of(Map.of("a", 1)), "leaf", "text"));
        assertThat(s.result("step.list.1.a")).as("index past the end").isNull();
        assertThat(s.result("step.list.first")).as("a name on a list").isNull();
        assertThat(s.result("step.leaf.more")).as("a step below a leaf").isNull();
        assertThat(s.result("step.missing.a")).as("a missing step in the middle").isNull();
        assertThat(s.result("other.a")).isNull();
        assertThat(s.result("step.list.-1")).as("not an index").isNull();
    }

    @Test
    void aFreshStateHasEmptyMapsToFill() {
        FlowState s = new FlowState();
        assertThat(s.getParams()).isEmpty();
        assertThat(s.getIds()).isEmpty();
        assertThat(s.getResults()).isEmpty();
        s.getIds().put("msn", "1");
        assertThat(s.value("msn")).isEqualTo("1");
        assertThat(s.getRequestId()).isNull();
        assertThat(s.getFlow()).isNull();
    }
}
