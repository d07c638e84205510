package io.octaneroutes.flow;

import static io.octaneroutes.flow.FlowFixtures.accepted;
import static io.octaneroutes.flow.FlowFixtures.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.journal.FlowState;
import io.octaneroutes.journal.H2Journal;
import io.octaneroutes.journal.Journal;

/**
 * The track step reads what the poller last learnt of the flow's order (H2 journal): done, its
 * answer becomes the step's result and what it tells goes into the ids (but a service the request
 * named stays); rejected, the flow fails with Octane's words; stuck, the request parks; pending,
 * this run ends with the request WAITING. NBN orders and enquiries are found under their keys.
 */
class OrderAwaitTest {
    private Journal journal;
    private OrderAwait await;
    private FlowState state;

    @BeforeEach
    void await() {
        journal = H2Journal.fresh();
        await = new OrderAwait(journal);
        state = accepted(journal, "r-1", "mobile.activate.new-msn.esim", Map.of());
    }

    @AfterEach
    void drop() {
        H2Journal.drop(journal);
    }

    /** The order {@code key} the flow created, then read by the poller as {@code status}. */
    private void order(String key, String status, String octaneStatus, String message, Map<String, Object> result) {
        journal.completeStep("r-1", "create-" + key, "orderCreate", Map.of(), Map.of(), key, 0);
        if (!Journal.ORDER_PENDING.equals(status) || result != null) {
            journal.updateOrder(key, status, octaneStatus, message, result, 0);
        }
    }

    private static Map<String, Object> queryOrder(String msn, Object lineSeqNo) {
        return Map.of("errorCode", 0, "orderQueryResponse", Map.of("internalStatus", "COMPLETE",
                "orderItems", Map.of("orderItem", List.of(Map.of("msn", msn, "lineSeqNo", lineSeqNo)))));
    }

    @Test
    void aDoneOrdersAnswerIsTheStepsResultAndItsServiceNumberAnId() {
        state.getIds().put("orderId", "o-1");
        order("o-1", Journal.ORDER_DONE, "COMPLETE", null, queryOrder("0412000111", 7));
        Exchange e = exchange(state, "esim.query-order");
        await.check(e);
        assertThat(e.isRouteStop()).isFalse();
        assertThat(state.getResults().get("esim.query-order")).isEqualTo(queryOrder("0412000111", 7));
        assertThat(state.getIds()).containsEntry("msn", "0412000111").containsEntry("lineSeqNo", 7);
        assertThat(e.getIn().getBody()).isEqualTo(queryOrder("0412000111", 7));
        assertThat(journal.find("r-1").orElseThrow().status()).isEqualTo(Journal.ACCEPTED);
    }

    @Test
    void theServiceTheRequestNamedStaysTheOneItNames() {
        state.getParams().put("lineSeqNo", 3);
        state.getIds().put("orderId", "o-2");
        order("o-2", Journal.ORDER_DONE, "COMPLETE", null, queryOrder("0412", 9));
        await.check(exchange(state, "q"));
        assertThat(state.getIds()).doesNotContainKey("lineSeqNo").containsEntry("msn", "0412");

        FlowState other = accepted(journal, "r-2", "mobile.change.plan", Map.of());
        other.getIds().put("lineSeqNo", 4);
        other.getIds().put("orderId", "o-2");
        await.check(exchange(other, "q"));
        assertThat(other.getIds()).containsEntry("lineSeqNo", 4);
    }

    @Test
    void aDoneOrderWithoutAStoredAnswerGivesAnEmptyResult() {
        state.getIds().put("orderId", "o-3");
        order("o-3", Journal.ORDER_DONE, "COMPLETE", null, null);
        Exchange e = exchange(state, "q");
        await.check(e);
        assertThat(state.getResults().get("q")).isEmpty();
        assertThat(e.getIn().getBody()).isEqualTo(Map.of());
    }

    @Test
    void aRejectedOrderFailsTheFlowWithOctanesWords() {
        state.getIds().put("orderId", "o-4");
        order("o-4", Journal.ORDER_REJECTED, "REJECTED", "number not portable", null);
        assertThatThrownBy(() -> await.check(exchange(state, "q"))).isInstanceOfSatisfying(OctaneBusinessException.class, b -> {
            assertThat(b.getOperation()).isEqualTo("orderQuery");
            assertThat(b.getErrorCode()).isEqualTo("REJECTED");
            assertThat(b.getErrorMessage()).isEqualTo("number not portable");
        });
    }

    @Test
    void aRejectedOrderWithoutAMessageSaysWhichOrderAndWhatBecameOfIt() {
        state.getIds().put("orderId", "o-5");
        order("o-5", Journal.ORDER_REJECTED, "CANCELLED", null, null);
        assertThatThrownBy(() -> await.check(exchange(state, "q"))).isInstanceOfSatisfying(OctaneBusinessException.class,
                b -> assertThat(b.getErrorMessage()).isEqualTo("orderId o-5 was CANCELLED"));
    }

    @Test
    void aStuckOrderParksTheRequestWithThePollersReason() {
        state.getIds().put("orderId", "o-6");
        order("o-6", Journal.ORDER_PENDING, null, null, null);
        journal.markStuck("o-6", "3 unreadable answers in a row");
        assertThatThrownBy(() -> await.check(exchange(state, "q"))).isInstanceOfSatisfying(OrderStuckException.class, s -> {
            assertThat(s.getOperation()).isEqualTo("orderQuery");
            assertThat(s.getMessage()).isEqualTo("3 unreadable answers in a row");
        });
    }

    @Test
    void aPendingOrderEndsTheRunWithTheRequestWaiting() {
        state.getIds().put("orderId", "o-7");
        order("o-7", Journal.ORDER_PENDING, "IN_PROG", null, Map.of("internalStatus", "IN_PROG"));
        Exchange e = exchange(state, "q");
        await.check(e);
        assertThat(e.isRouteStop()).isTrue();
        assertThat(journal.find("r-1").orElseThrow().status()).isEqualTo(Journal.WAITING);
        assertThat(state.getResults()).doesNotContainKey("q");
    }

    @Test
    void anOrderTheFlowNeverCreatedIsAnError() {
        assertThatThrownBy(() -> await.check(exchange(state, "q"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("no orderId: the create step did not run before the track step");
        state.getIds().put("orderId", "o-none");
        assertThatThrownBy(() -> await.check(exchange(state, "q"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("orderId o-none is not in the order store");
    }

    @Test
    void anNbnOrderIsReadUnderItsOwnKeyAndTellsItsStatusAndService() {
        state.getIds().put("orderId", "N-1");
        order("nbn:N-1", Journal.ORDER_DONE, "Completed", null, Map.of("response", Map.of("status", "Completed", "csn", "CSN-1")));
        Exchange mobile = exchange(state, "q");
        assertThatThrownBy(() -> await.check(mobile)).as("no mobile order N-1").hasMessage("orderId N-1 is not in the order store");
        Exchange e = exchange(state, "nbn.order-detail");
        await.checkNbnOrder(e);
        assertThat(state.getIds()).containsEntry("orderStatus", "Completed").containsEntry("csn", "CSN-1");
    }

    @Test
    void anNbnOrderRejectedFailsAsGetNbnOrder() {
        state.getIds().put("orderId", "N-2");
        order("nbn:N-2", Journal.ORDER_REJECTED, "Cancelled", null, null);
        assertThatThrownBy(() -> await.checkNbnOrder(exchange(state, "q"))).isInstanceOfSatisfying(OctaneBusinessException.class,
                b -> assertThat(b.getOperation()).isEqualTo("getNbnOrder"));
    }

    @Test
    void anEnquiryIsReadByItsEnquiryIdAndTellsItsResult() {
        assertThatThrownBy(() -> await.checkEnquiry(exchange(state, "q"))).hasMessage("no enquiryId: the create step did not run before the track step");
        state.getIds().put("enquiryId", "E-1");
        order("enquiry:E-1", Journal.ORDER_DONE, "Completed", null, Map.of("status", "Completed", "result", Map.of("summary", "Pass")));
        await.checkEnquiry(exchange(state, "diag.enquiry-detail"));
        assertThat(state.getIds()).containsEntry("enquiryStatus", "Completed").containsEntry("result", "Pass");
        assertThat(state.getResults()).containsKey("diag.enquiry-detail");
    }
}
