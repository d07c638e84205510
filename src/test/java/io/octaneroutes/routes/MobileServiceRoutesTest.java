package io.octaneroutes.routes;

import static io.octaneroutes.routes.Answers.bulk;
import static io.octaneroutes.routes.Answers.ok;
import static io.octaneroutes.routes.Answers.order;
import static io.octaneroutes.routes.Answers.orderDone;
import static io.octaneroutes.routes.Answers.refused;
import static io.octaneroutes.routes.Answers.rest;
import static io.octaneroutes.routes.Answers.restRefused;
import static io.octaneroutes.routes.Answers.serviceDetail;
import static io.octaneroutes.routes.MobileActivationRoutesTest.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneBusinessException;

/**
 * The routes of an existing mobile service: Reset eSIM Profile (doc-481383, M5, both of its
 * paths), the Data Pool steps (doc-483076, M6: create with its chain of lookups, transfer,
 * data limit, remove, disconnect) and the in-life changes (M7: plan, features, excess spend,
 * once-off bolt-on), each with its body per the doc and its refusals.
 */
class MobileServiceRoutesTest extends FlowRouteTestSupport {
    @Override
    List<String> routeFiles() {
        return List.of("reset-esim-profile.camel.yaml", "mobile-data-pool-create.camel.yaml", "mobile-data-pool-transfer.camel.yaml",
                "mobile-data-pool-set-limit.camel.yaml", "mobile-data-pool-remove-consumers.camel.yaml", "mobile-data-pool-disconnect.camel.yaml",
                "change-mobile-rate-plan.camel.yaml", "modify-mobile-features.camel.yaml", "change-excess-spend-limit.camel.yaml",
                "add-once-off-bolt-on.camel.yaml", "mobile-steps.camel.yaml");
    }

    // ------------------------------------------------------------ M5

    @Test
    void aResettableProfileIsResetToReleasedAndNothingElse() {
        answer("getEsimDetails", rest(Map.of("profileState", "LINKED")));
        answer("manageEsim", rest(Map.of("profileState", "RELEASED")));
        Run run = run("mobile.esim.reset", Map.of("custNo", 554433, "msn", "0412000009", "isQRcode", false));
        assertThat(run.completed()).as(String.valueOf(run.failure())).isTrue();
        assertThat(operations()).containsExactly("getEsimDetails", "manageEsim");
        assertThat(call("getEsimDetails").body()).isEqualTo(Map.of("requestType", "SIM Details", "msn", "0412000009"));
        assertThat(call("manageEsim").body()).isEqualTo(Map.of("orderType", "Reset Esim", "targetState", "RELEASED", "msn", "0412000009"));
        assertThat(run.state().getIds()).containsEntry("profileState", "RELEASED");
    }

    @Test
    void aProfileThatCannotBeResetTakesTheSwapPathWithItsServiceLookedUp() {
        answer("getEsimDetails", rest(Map.of("profileState", "ENABLED", "activationCode", "LPA:1$s$m")));
        answer("getServiceDetail", serviceDetail(3));
        answer("orderCreate", order("700010"));
        orders.doneAnswer = orderDone("wmeSimSwapReqItem", Map.of("lineSeqNo", 3, "msn", "0412000009"));
        Run run = run("mobile.esim.reset", Map.of("custNo", 554433, "msn", "0412000009", "isQRcode", false));
        assertThat(run.completed()).isTrue();
        assertThat(operations()).as("no reset from ENABLED").containsExactly("getEsimDetails", "getServiceDetail", "orderCreate", "getEsimDetails");
        Map<String, Object> swap = call("orderCreate").body();
        assertThat(swap).containsEntry("orderAction", "CHANGE_WME_SIM");
        assertThat(item(swap, "wmeSimSwapReqItem")).isEqualTo(Map.of("lineSeqNo", 3, "esim", true, "qrcode", false));
    }

    @Test
    void aRefusedResetTakesTheSwapPathAndAGivenLineIsNotLookedUp() {
        answer("getEsimDetails", rest(Map.of("profileState", "ERROR")));
        answer("manageEsim", Map.of("success", false, "response", Map.of("profileState", "ERROR")));
        answer("orderCreate", order("700011"));
        orders.doneAnswer = orderDone("wmeSimSwapReqItem", Map.of("lineSeqNo", 4));
        Run run = run("mobile.esim.reset", Map.of("custNo", 554433, "msn", "0412000009", "lineSeqNo", 4, "isQRcode", true));
        assertThat(run.completed()).as(String.valueOf(run.failure())).isTrue();
        assertThat(operations()).containsExactly("getEsimDetails", "manageEsim", "orderCreate");
    }

    // ------------------------------------------------------------ M6

    @Test
    void aPoolIsCreatedItsProviderIdResolvedAndItsConsumersAddedInOneBulkCall() {
        answer("orderCreate", order("700020"));
        orders.doneAnswer = orderDone("wmeNewReqItem", Map.of("msn", "0412000100"));
        answer("getServiceDetail", serviceDetail(9));
        answer("getDataPool", rest(Map.of("provider", Map.of("memberId", "M-9"))));
        answerWith("orderCreateBulk", Answers::bulk);
        Run run = run("mobile.datapool.create", Map.of("custNo", 554433, "planNo", 23045, "poolName", "Team",
                "serviceNumbers", List.of("0412000001", "0412000002")));
        assertThat(run.completed()).as(String.valueOf(run.failure())).isTrue();
        assertThat(operations()).containsExactly("orderCreate", "getServiceDetail", "getDataPool", "orderCreateBulk");
        assertThat(item(call("orderCreate").body(), "wmeNewDataPoolReqItem")).containsEntry("planNo", 23045).containsEntry("poolName", "Team");
        assertThat(call("getServiceDetail").body()).isEqualTo(Map.of("serviceDetails", Map.of("custno", 554433, "serviceNumber", "0412000100")));
        assertThat(call("getDataPool").body()).isEqualTo(Map.of("custno", 554433, "lineseqno", 9));
        List<Map<String, Object>> consumers = (List<Map<String, Object>>) call("orderCreateBulk").body().get("orderCreate");
        assertThat(consumers).hasSize(2).allSatisfy(o -> assertThat(o).containsEntry("orderAction", "WME_OPT_IN_CONSUMER")
                .containsKey("custReqDate"));
        assertThat(item(consumers.get(0), "wmeOptInConsumerReqItem")).isEqualTo(Map.of("providerId", "M-9", "serviceNumber", "0412000001"));
        assertThat(run.state().getIds()).containsEntry("providerId", "M-9").containsEntry("lineSeqNo", 9).containsEntry("msn", "0412000100")
                .containsEntry("orderIds", List.of("b1", "b2"));

        calls.clear();
        Run empty = run("mobile.datapool.create", Map.of("custNo", 554433, "planNo", 23045, "poolName", "Empty"));
        assertThat(empty.completed()).isTrue();
        assertThat(operations()).as("no consumers named: no bulk call").doesNotContain("orderCreateBulk");
    }

    @Test
    void aConsumerRefusedInTheBulkCallFailsThePoolAsPartialNamingIt() {
        answer("orderCreate", order("700021"));
        orders.doneAnswer = orderDone("wmeNewReqItem", Map.of("msn", "0412000101"));
        answer("getServiceDetail", serviceDetail(10));
        answer("getDataPool", rest(Map.of("provider", Map.of("memberId", "M-10"))));
        answerWith("orderCreateBulk", r -> bulk(r, null, "service is not on a consumer plan"));
        Run run = run("mobile.datapool.create", Map.of("custNo", 554433, "planNo", 23046, "poolName", "Two",
                "serviceNumbers", List.of("0412000001", "0412000002")));
        assertThat(run.failure()).isInstanceOf(OctaneBusinessException.class);
        assertThat(((OctaneBusinessException) run.failure()).getErrorCode()).isEqualTo("PARTIAL");
        assertThat(run.failure().getMessage()).contains("1 of 2 orders refused", "order 2: service is not on a consumer plan");
        assertThat(run.state().getIds()).as("the accepted order is kept").containsEntry("orderIds", List.of("b1"));
    }

    @Test
    void theOtherPoolStepsSendTheirDocumentedBodies() {
        answer("transferDataPool", rest(Map.of("orderDetails", List.of(Map.of("success", "true", "orderId", "t1")))));
        Run transfer = run("mobile.datapool.transfer", Map.of("custNo", 554433, "lineSeqNo", 7, "newProviderId", "M-2",
                "newProviderLineSeqNo", 8, "serviceNumbers", List.of("0412000001")));
        assertThat(transfer.completed()).isTrue();
        assertThat(call("transferDataPool").body()).isEqualTo(Map.of("custno", 554433, "lineseqno", 7, "newProviderId", "M-2",
                "newProviderLineseqno", 8, "serviceNumbers", List.of("0412000001")));

        answer("modifyConsumerDataLimit", ok(Map.of("response", Map.of("orderDetails", List.of(Map.of("success", true, "orderId", "l1"))))));
        Run limit = run("mobile.datapool.set-limit", Map.of("custNo", 554433, "consumers", List.of(Map.of("lineSeqNo", 3, "dataLimit", 10737418240L))));
        assertThat(limit.completed()).isTrue();
        assertThat(call("modifyConsumerDataLimit").body()).isEqualTo(Map.of("consumerServices",
                List.of(Map.of("custNo", 554433, "lineSeqNo", 3, "dataLimit", 10737418240L))));

        answerWith("orderCreateBulk", Answers::bulk);
        Run remove = run("mobile.datapool.remove-consumers", Map.of("custNo", 554433, "serviceNumbers", List.of("0412000001")));
        assertThat(remove.completed()).isTrue();
        Map<String, Object> optOut = ((List<Map<String, Object>>) call("orderCreateBulk").body().get("orderCreate")).get(0);
        assertThat(optOut).containsEntry("orderAction", "WME_OPT_OUT_CONSUMER");
        assertThat(item(optOut, "wmeOptOutConsumerReqItem")).isEqualTo(Map.of("serviceNumber", "0412000001"));

        answer("disconnectDataPool", restRefused("the data pool still has consumers"));
        Run refusedDisconnect = run("mobile.datapool.disconnect", Map.of("custNo", 554433, "lineSeqNo", 7));
        assertThat(refusedDisconnect.failure()).isInstanceOf(OctaneBusinessException.class).hasMessageContaining("still has consumers");
        assertThat(call("disconnectDataPool").body()).isEqualTo(Map.of("custno", 554433, "lineseqno", 7));
        assertThat(orders.tracked).as("the pool's REST orders are not followed (the doc does not track them)").isEmpty();
    }

    // ------------------------------------------------------------ M7

    @Test
    void theInLifeChangesSendTheirOrderAndFollowIt() {
        answer("orderCreate", order("700030"));
        orders.doneAnswer = orderDone("wmeModifyPlanReqItem", Map.of("lineSeqNo", 5));
        assertThat(run("mobile.change.plan", Map.of("custNo", 554433, "lineSeqNo", 5, "planNo", 23372, "custReqDate", "2026-12-24")).completed()).isTrue();
        assertThat(call("orderCreate").body()).containsEntry("orderAction", "CHANGE_WME_PLAN");
        // planno with a lower-case n, the date as Octane's dd-MM-yyyy
        assertThat(item(call("orderCreate").body(), "wmeModifyPlanReqItem")).isEqualTo(Map.of("lineSeqNo", 5, "planno", 23372, "custReqDate", "24-12-2026"));

        calls.clear();
        List<Map<String, Object>> products = List.of(Map.of("productCode", "CBAID", "classCode", "E0001", "accessLevel", 0));
        assertThat(run("mobile.change.features", Map.of("custNo", 554433, "lineSeqNo", 5, "products", products)).completed()).isTrue();
        assertThat(item(call("orderCreate").body(), "wmeChangeProductReqItem")).isEqualTo(Map.of("lineSeqNo", 5, "productCodes", Map.of("products", products)));

        calls.clear();
        assertThat(run("mobile.change.excess-spend", Map.of("custNo", 554433, "lineSeqNo", 5, "spendCode", "80620")).completed()).isTrue();
        assertThat(call("orderCreate").body()).containsEntry("orderAction", "CHANGE_WME_EXCESS");
        assertThat(item(call("orderCreate").body(), "wmeExcessSpendReqItem")).isEqualTo(Map.of("lineSeqNo", 5, "spendCode", "80620"));

        calls.clear();
        answer("orderCreate", refused(40, "bolt-on ZZ99 is not offered"));
        Run bolt = run("mobile.add.once-off-bolt-on", Map.of("custNo", 554433, "lineSeqNo", 5, "onceOffBoltonCode", "ZZ99"));
        assertThat(bolt.failure()).isInstanceOf(OctaneBusinessException.class).hasMessageContaining("ZZ99 is not offered");
        assertThat(item(call("orderCreate").body(), "wmeOnceOffBoltonReqItem")).isEqualTo(Map.of("lineSeqNo", 5, "onceOffBoltonCode", "ZZ99"));
        assertThat(orders.tracked).containsExactly("MOBILE:700030", "MOBILE:700030", "MOBILE:700030");
    }

    @Test
    void aRejectedInLifeOrderFailsTheFlowWithOctanesReason() {
        answer("orderCreate", order("700031"));
        orders.rejected = "plan 23372 is not offered to this customer";
        Run run = run("mobile.change.plan", Map.of("custNo", 554433, "lineSeqNo", 5, "planNo", 23372));
        assertThat(run.failure()).isInstanceOf(OctaneBusinessException.class).hasMessageContaining("not offered");
        assertThat(item(call("orderCreate").body(), "wmeModifyPlanReqItem")).doesNotContainKey("custReqDate");
    }
}
