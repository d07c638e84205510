package io.octaneroutes.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.journal.FlowState;

/** The ConnectYou requests on the G-CY assumptions: as many numbers as asked for, the request's own or the offered ones; the trunk orders' items. */
class ConnectYouRequestsTest {
    private final ConnectYouRequests requests = new ConnectYouRequests();

    private static FlowState state(String flow, Map<String, Object> params) {
        FlowState s = new FlowState();
        s.setFlow(flow);
        s.setParams(new LinkedHashMap<>(params));
        return s;
    }

    private static Map<String, Object> offered(String... numbers) {
        return Map.of("numbers", List.of(numbers));
    }

    @Test
    void exactlyAsManyNumbersAsAskedForAreEnoughAndOneFewerIsNot() {
        FlowState s = state("connectyou.sip-trunk.activate", Map.of("quantity", 2));
        assertThatCode(() -> requests.requireEnoughNumbers(offered("0290000001", "0290000002"), s)).doesNotThrowAnyException();
        assertThatThrownBy(() -> requests.requireEnoughNumbers(offered("0290000001"), s)).isInstanceOfSatisfying(OctaneBusinessException.class, b -> {
            assertThat(b.getErrorCode()).isEqualTo("NO_NUMBERS");
            assertThat(b.getErrorMessage()).isEqualTo("Octane offers 1 number(s) where 2 were asked for");
        });
        assertThatCode(() -> requests.requireEnoughNumbers(offered("0290000001"), state("connectyou.sip-trunk.activate", Map.of())))
                .as("one by default").doesNotThrowAnyException();
    }

    @Test
    void theNumbersAreTheRequestsOwnElseTheFirstOnesOffered() {
        FlowState trunk = state("connectyou.sip-trunk.activate", Map.of("quantity", 2));
        trunk.getResults().put("cy-trunk.available-numbers", offered("a", "b", "c"));
        assertThat(ConnectYouRequests.numbers(trunk)).containsExactly("a", "b");
        FlowState exact = state("connectyou.sip-trunk.activate", Map.of("quantity", 3));
        exact.getResults().put("cy-trunk.available-numbers", offered("a", "b", "c"));
        assertThat(ConnectYouRequests.numbers(exact)).containsExactly("a", "b", "c");
        FlowState unite = state("connectyou.unite-calling.activate", Map.of());
        unite.getResults().put("cy-unite.available-numbers", offered("u"));
        assertThat(ConnectYouRequests.numbers(unite)).containsExactly("u");
        FlowState named = state("connectyou.sip-trunk.activate", Map.of("numbers", List.of("n1")));
        assertThat(ConnectYouRequests.numbers(named)).containsExactly("n1");
        FlowState tooFew = state("connectyou.sip-trunk.activate", Map.of("quantity", 4));
        tooFew.getResults().put("cy-trunk.available-numbers", offered("a", "b", "c"));
        assertThatThrownBy(() -> ConnectYouRequests.numbers(tooFew)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNewTrunkIsAnOrderWithItsItemAndAQueryNamesTheTrunk() {
        FlowState s = state("connectyou.sip-trunk.activate", Map.of("custNo", 554433, "planNo", 9, "trunkName", "HQ", "channels", 10,
                "numbers", List.of("0290000001"), "lineSeqNo", 4));
        s.getIds().put("reservationId", "RES-1");
        assertThat(requests.newSipTrunk(s)).isEqualTo(Map.of("custNo", 554433, "orderType", "SRVC_ORD", "orderAction", "ADD_SIP_TRUNK",
                "orderItems", Map.of("sipTrunkNewReqItem", Map.of("planNo", 9, "trunkName", "HQ", "channels", 10, "reservationId", "RES-1",
                        "numbers", List.of("0290000001")))));
        assertThat(requests.queryTrunk(s)).containsExactly(Map.entry("custNo", 554433), Map.entry("lineSeqNo", 4));
    }

    @Test
    void withoutNumbersNamedEveryInactiveOneIsReactivated() {
        FlowState s = state("connectyou.sip-trunk.reactivate-indials", Map.of("custNo", 1, "lineSeqNo", 4));
        s.getResults().put("cy-reactivate.query-trunk", Map.of("numbers", List.of(Map.of("number", "n1", "status", "Active"),
                Map.of("number", "n2", "status", "INACTIVE"))));
        assertThat(ConnectYouRequests.inactiveNumbers(s)).containsExactly("n2");
        assertThat(requests.reactivateIndials(s)).containsEntry("orderItems", Map.of("sipTrunkPortReqItem", Map.of("lineSeqNo", 4, "numbers", List.of("n2"))));
        s.getParams().put("numbers", List.of("n2"));
        assertThat(ConnectYouRequests.inactiveNumbers(s)).containsExactly("n2");
    }
}
