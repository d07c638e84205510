package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** Reading Octane's answers: envelopes, refusals, ids and multi-order refusals, from the operations' facts. */
class OctaneAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Object json(String text) throws Exception {
        return JSON.readValue(text, Object.class);
    }

    @Test
    void aFieldIsFoundAtTheTopLevelOrUnderResponse() throws Exception {
        // G-NBN-ORD documents the detail at the top level; the SQ answer wraps its payload: both read the same
        Map<String, Object> flat = OctaneAnswers.canonicalRest(json("{\"orderId\":\"ORD1\",\"orderType\":\"New\",\"status\":\"Completed\"}"));
        Map<String, Object> wrapped = OctaneAnswers.canonicalRest(json(
                "{\"success\":true,\"response\":{\"orderId\":\"ORD1\",\"orderType\":\"New\",\"status\":\"Completed\"}}"));
        assertThat(OctaneAnswers.payload(flat)).isEqualTo(OctaneAnswers.payload(wrapped));
        assertThat(TrackedKind.NBN.status(flat).state()).isEqualTo(OrderStatus.State.DONE);
        assertThat(TrackedKind.NBN.status(wrapped).state()).isEqualTo(OrderStatus.State.DONE);
    }

    @Test
    void aListIsReadBareOrWrappedOrAsASingleObject() throws Exception {
        // G-PLANS: a bare array
        Map<String, Object> bare = OctaneAnswers.canonicalRest(json("[{\"planNo\":30001,\"planName\":\"NBN 50\"},{\"planNo\":30002}]"));
        Map<String, Object> wrapped = OctaneAnswers.canonicalRest(json("{\"success\":true,\"response\":[{\"planNo\":30001},{\"planNo\":30002}]}"));
        Map<String, Object> single = OctaneAnswers.canonicalRest(json("{\"response\":{\"planNo\":30001}}"));
        assertThat(AnswerPaths.all(OctaneAnswers.payload(bare), "planNo")).containsExactly(30001, 30002);
        assertThat(AnswerPaths.all(OctaneAnswers.payload(wrapped), "planNo")).containsExactly(30001, 30002);
        assertThat(AnswerPaths.list(OctaneAnswers.payload(single))).hasSize(1);
        assertThat(AnswerPaths.all(OctaneAnswers.payload(single), "planNo")).containsExactly(30001);
    }

    @Test
    void canonicalFormIsStableWhenReadAgain() throws Exception {
        Map<String, Object> once = OctaneAnswers.canonicalRest(json("{\"success\":\"true\",\"provider\":{\"memberId\":\"M1\"},\"x\":1}"));
        assertThat(OctaneAnswers.canonicalRest(once)).isEqualTo(once);
        assertThat(once).containsEntry("success", "true").containsKey("response");
    }

    @Test
    void theEnvelopeInsideThePayloadStillCounts() throws Exception {
        Map<String, Object> answer = OctaneAnswers.canonicalRest(json("{\"response\":{\"success\":false,\"errorMessage\":\"no such pool\"}}"));
        OctaneBusinessException refusal = OctaneAnswers.refusal(RestOperation.getDataPool, answer);
        assertThat(refusal).isNotNull();
        assertThat(refusal.getErrorMessage()).isEqualTo("no such pool");
    }

    @Test
    void everyFormOfNoIsARefusal() {
        assertThat(OctaneAnswers.refusal(SoapOperation.orderCreate, Map.of("errorCode", 40, "errorMessage", "bad plan")).getErrorCode()).isEqualTo("40");
        assertThat(OctaneAnswers.refusal(RestOperation.transferDataPool, Map.of("success", "false"))).isNotNull();
        assertThat(OctaneAnswers.refusal(RestOperation.getEsimDetails, Map.of("error", Map.of("message", "unknown msn"))).getErrorMessage())
                .isEqualTo("unknown msn");
        assertThat(OctaneAnswers.refusal(SoapOperation.orderQuery, Map.of("isError", true))).isNotNull();
        assertThat(OctaneAnswers.refusal(SoapOperation.orderCreate, null)).isNotNull();
        // and these are not
        assertThat(OctaneAnswers.refusal(SoapOperation.orderCreate, Map.of("errorCode", 0, "orderId", "1"))).isNull();
        assertThat(OctaneAnswers.refusal(SoapOperation.orderCreate, Map.of("errorCode", "", "orderId", "1"))).isNull();
        assertThat(OctaneAnswers.refusal(RestOperation.getDataPool, Map.of("success", "true"))).isNull();
    }

    @Test
    void idsComeFromEachOperationsFacts() throws Exception {
        // reservedPooledResources is "a single object when one" (soap-api.md section 4)
        assertThat(OctaneAnswers.ids(SoapOperation.reserveResources, Map.of("reservedPooledResources",
                Map.of("reservationId", "9", "resourceValue", "0412000001")))).containsEntry("msn", "0412000001");
        assertThat(OctaneAnswers.ids(SoapOperation.reserveResources, Map.of("reservedPooledResources",
                List.of(Map.of("resourceValue", "0412000001"), Map.of("resourceValue", "0412000002"))))).containsEntry("msn", "0412000001");
        assertThat(OctaneAnswers.ids(SoapOperation.getServiceDetail, Map.of("instances", Map.of("instance",
                List.of(Map.of("serviceNumberDetail", Map.of("lineSeqno", 7))))))).containsEntry("lineSeqNo", 7);
        assertThat(OctaneAnswers.ids(SoapOperation.orderCreateBulk, Map.of("ordersCreateResponse", Map.of("orderResponse",
                List.of(Map.of("errorCode", 0, "orderId", "11"), Map.of("errorCode", 0, "orderId", "12"))))))
                .containsEntry("orderIds", List.of("11", "12"));
        Map<String, Object> transfer = OctaneAnswers.canonicalRest(json("{\"orderDetails\":{\"success\":\"true\",\"orderId\":\"21\"}}"));
        assertThat(OctaneAnswers.ids(RestOperation.transferDataPool, transfer)).containsEntry("orderIds", List.of("21"));
        Map<String, Object> disconnect = OctaneAnswers.canonicalRest(json("{\"success\":true,\"response\":{\"orderId\":\"31\"}}"));
        assertThat(OctaneAnswers.ids(RestOperation.disconnectDataPool, disconnect)).containsEntry("orderIds", List.of("31"));
        Map<String, Object> esim = OctaneAnswers.canonicalRest(json("{\"success\":true,\"activationCode\":\"LPA:1$x$y\",\"profileState\":\"RELEASED\"}"));
        assertThat(OctaneAnswers.ids(RestOperation.getEsimDetails, esim)).containsEntry("activationCode", "LPA:1$x$y");
        assertThat(OctaneAnswers.ids(SoapOperation.orderCreate, Map.of("errorCode", 0))).isEmpty();
    }

    @Test
    void aMultiOrderAnswerNamesItsRefusedOrders() {
        Map<String, Object> answer = Map.of("ordersCreateResponse", Map.of("orderResponse", List.of(
                Map.of("errorCode", 0, "orderId", "11"),
                Map.of("errorCode", 41, "errorMessage", "service is not on a consumer plan"))));
        assertThat(OctaneAnswers.refusedOrders(SoapOperation.orderCreateBulk, answer))
                .isEqualTo("1 of 2 orders refused by Octane: order 2: service is not on a consumer plan");
        assertThat(OctaneAnswers.refusedOrders(SoapOperation.orderCreateBulk, Map.of("ordersCreateResponse",
                Map.of("orderResponse", Map.of("errorCode", 0, "orderId", "11"))))).isNull();
        assertThat(OctaneAnswers.refusedOrders(SoapOperation.orderCreate, Map.of("errorCode", 1))).isNull();
    }

    @Test
    void aListPayloadKeepsTheOtherTopLevelFieldsBesideIt() {
        Map<String, Object> canonical = OctaneAnswers.canonicalRest(Map.of("success", true, "total", 2, "response", List.of(Map.of("a", 1))));
        assertThat(canonical).isEqualTo(Map.of("success", true, "total", 2, "response", List.of(Map.of("a", 1))));
        assertThat(OctaneAnswers.canonicalRest("text")).as("not an object or a list").isEqualTo(Map.of("response", Map.of()));
    }

    @Test
    void thePayloadIsTheResponseElseTheAnswerItselfAndAnObjectIsNeverNull() {
        Map<String, Object> soap = Map.of("errorCode", 0, "orderId", "o-1");
        assertThat(OctaneAnswers.payload(soap)).isSameAs(soap);
        assertThat(OctaneAnswers.payload(Map.of("response", List.of(1)))).isEqualTo(List.of(1));
        assertThat(OctaneAnswers.payload(null)).isEqualTo(Map.of());
        assertThat(OctaneAnswers.payloadObject(Map.of("response", List.of(Map.of("orderId", "N1"), Map.of("orderId", "N2")))))
                .isEqualTo(Map.of("orderId", "N1"));
        assertThat(OctaneAnswers.payloadObject(Map.of("response", List.of()))).isEmpty();
        assertThat(OctaneAnswers.payloadObject(Map.of("response", List.of("text")))).isEmpty();
        assertThat(OctaneAnswers.payloadObject(Map.of("response", Map.of("csn", "C1")))).isEqualTo(Map.of("csn", "C1"));
    }
}
