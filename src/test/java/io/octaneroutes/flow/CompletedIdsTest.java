package io.octaneroutes.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.octaneroutes.intake.Flows;

/** The ids each flow's completed event carries: declared for every flow the intake takes (README "Flows"), none for another. */
class CompletedIdsTest {
    @Test
    void everyFlowTheIntakeTakesDeclaresTheIdsItsCompletedEventCarries() {
        for (String flow : Flows.AVAILABLE) {
            assertThat(CompletedIds.of(flow)).as(flow).isNotEmpty().doesNotHaveDuplicates();
        }
    }

    @Test
    void theIdsAreWhatACallerNeedsToFindWhatTheFlowMade() {
        assertThat(CompletedIds.of("mobile.activate.new-msn.esim")).containsExactly("custNo", "msn", "orderId");
        assertThat(CompletedIds.of("mobile.activate.port-msn.physical-sim")).containsExactly("custNo", "msn", "orderId");
        assertThat(CompletedIds.of("mobile.esim.reset")).containsExactly("msn", "profileState");
        assertThat(CompletedIds.of("mobile.datapool.create")).containsExactly("orderId", "msn", "lineSeqNo", "providerId");
        assertThat(CompletedIds.of("mobile.datapool.disconnect")).containsExactly("orderIds");
        assertThat(CompletedIds.of("mobile.change.plan")).containsExactly("orderId");
        assertThat(CompletedIds.of("nbn.activate")).containsExactly("orderId", "locationId", "csn", "orderStatus");
        assertThat(CompletedIds.of("nbn.reschedule")).containsExactly("orderId", "appointmentId");
        assertThat(CompletedIds.of("nbn.health-check")).containsExactly("enquiryId", "enquiryStatus", "result");
        assertThat(CompletedIds.of("connectyou.unite-calling.activate")).containsExactly("reservationId", "orderId", "lineSeqNo");
    }

    @Test
    void aFlowWithoutDeclaredIdsIsRefusedByName() {
        assertThatThrownBy(() -> CompletedIds.of("mobile.activate.nothing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no completed ids declared for flow mobile.activate.nothing");
    }
}
