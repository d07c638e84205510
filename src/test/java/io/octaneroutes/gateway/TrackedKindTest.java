package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What one read of a followed order says (G-STATE, G-NBN-ORD, G-DIAG), and what a done one tells the flow. */
class TrackedKindTest {
    private static Map<String, Object> query(Map<String, Object> detail) {
        return Map.of("errorCode", 0, "orderQueryResponse", detail);
    }

    @Test
    void mobileOrdersFollowInternalStatus() {
        assertThat(TrackedKind.MOBILE.status(query(Map.of("internalStatus", "COMMITTED"))).state()).isEqualTo(OrderStatus.State.DONE);
        assertThat(TrackedKind.MOBILE.status(query(Map.of("internalStatus", "COMPLETE", "status", "CLOSED"))).state()).isEqualTo(OrderStatus.State.DONE);
        assertThat(TrackedKind.MOBILE.status(query(Map.of("internalStatus", "IN_PROG", "status", "OPEN"))).state()).isEqualTo(OrderStatus.State.PENDING);
        OrderStatus rejected = TrackedKind.MOBILE.status(query(Map.of("internalStatus", "REJECTED", "errorMessage", "number not portable")));
        assertThat(rejected.state()).isEqualTo(OrderStatus.State.FAILED);
        assertThat(rejected.message()).isEqualTo("number not portable");
    }

    @Test
    void aMissingOrUnknownStatusIsUnreadableAndNamesTheField() {
        OrderStatus missing = TrackedKind.MOBILE.status(query(Map.of("status", "OPEN")));
        assertThat(missing.state()).isEqualTo(OrderStatus.State.UNREADABLE);
        assertThat(missing.what()).isEqualTo("orderQueryResponse.internalStatus missing");
        OrderStatus unknown = TrackedKind.NBN.status(Map.of("response", Map.of("status", "On Hold")));
        assertThat(unknown.state()).isEqualTo(OrderStatus.State.UNREADABLE);
        assertThat(unknown.what()).contains("status", "On Hold", "not a status we know");
        assertThat(TrackedKind.ENQUIRY.status(Map.of("response", Map.of())).state()).isEqualTo(OrderStatus.State.UNREADABLE);
        OrderStatus none = TrackedKind.MOBILE.status(null);
        assertThat(none.state()).isEqualTo(OrderStatus.State.UNREADABLE);
        assertThat(none.what()).isEqualTo("no answer");
    }

    @Test
    void octaneNotKnowingTheOrderEndsIt() {
        OrderStatus gone = TrackedKind.MOBILE.status(Map.of("errorCode", 60, "errorMessage", "order not found"));
        assertThat(gone.state()).isEqualTo(OrderStatus.State.FAILED);
        assertThat(gone.message()).isEqualTo("order not found");
    }

    @Test
    void nbnAndEnquiryStatusesAsTheGapsDescribe() {
        assertThat(TrackedKind.NBN.status(Map.of("response", Map.of("status", "In Progress"))).state()).isEqualTo(OrderStatus.State.PENDING);
        assertThat(TrackedKind.NBN.status(Map.of("response", Map.of("status", "Scheduled"))).state()).isEqualTo(OrderStatus.State.PENDING);
        assertThat(TrackedKind.NBN.status(Map.of("response", Map.of("status", "Cancelled"))).state()).isEqualTo(OrderStatus.State.FAILED);
        assertThat(TrackedKind.ENQUIRY.status(Map.of("response", Map.of("status", "Completed"))).state()).isEqualTo(OrderStatus.State.DONE);
        OrderStatus failed = TrackedKind.ENQUIRY.status(Map.of("response", Map.of("status", "Failed", "result", Map.of("summary", "NTD offline"))));
        assertThat(failed.state()).isEqualTo(OrderStatus.State.FAILED);
        assertThat(failed.message()).isEqualTo("NTD offline");
    }

    @Test
    void aDoneOrderTellsTheServiceItMade() {
        // the echo's item element differs per action (wmeNewReqItem, wmeSimSwapReqItem, ...): whichever holds the msn
        assertThat(TrackedKind.MOBILE.learnt(query(Map.of("internalStatus", "COMPLETE", "orderItems",
                Map.of("wmeSimSwapReqItem", Map.of("msn", "0412000009", "lineSeqNo", 3)))))).containsEntry("msn", "0412000009").containsEntry("lineSeqNo", 3);
        assertThat(TrackedKind.NBN.learnt(Map.of("response", Map.of("status", "Completed", "csn", "0290000001",
                "appointment", Map.of("date", "2026-12-03"))))).containsEntry("csn", "0290000001").containsEntry("appointmentDate", "2026-12-03")
                .containsEntry("orderStatus", "Completed");
    }

    @Test
    void keysSayWhatIsFollowed() {
        assertThat(TrackedKind.ofKey(TrackedKind.NBN.key("ORD9"))).isEqualTo(TrackedKind.NBN);
        assertThat(TrackedKind.ofKey(TrackedKind.ENQUIRY.key("E1"))).isEqualTo(TrackedKind.ENQUIRY);
        assertThat(TrackedKind.ofKey("700001")).isEqualTo(TrackedKind.MOBILE);
        assertThat(TrackedKind.ENQUIRY.pollRequest(TrackedKind.ENQUIRY.key("E1"))).isEqualTo(Map.of("enquiryId", "E1"));
    }
}
