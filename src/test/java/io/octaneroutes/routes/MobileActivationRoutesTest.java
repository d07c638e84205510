package io.octaneroutes.routes;

import static io.octaneroutes.routes.Answers.ok;
import static io.octaneroutes.routes.Answers.order;
import static io.octaneroutes.routes.Answers.orderDone;
import static io.octaneroutes.routes.Answers.refused;
import static io.octaneroutes.routes.Answers.reserved;
import static io.octaneroutes.routes.Answers.resource;
import static io.octaneroutes.routes.Answers.rest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.OctaneUncertainException;

/**
 * The four activation routes (flows.md M1-M4: doc-481285, doc-481322, doc-481327, doc-481382):
 * Octane's calls in the order of the doc's step table with their bodies, each optional step
 * exactly when its condition holds, and the branches (R2 refusal, a lost create looked up).
 */
class MobileActivationRoutesTest extends FlowRouteTestSupport {
    static final String SIM = "8961000000000000001";

    @Override
    List<String> routeFiles() {
        return List.of("activate-postpaid-mobile-new-msn-physical-sim.camel.yaml", "activate-postpaid-port-msn-physical-sim.camel.yaml",
                "activate-postpaid-mobile-new-msn-esim.camel.yaml", "activate-postpaid-port-msn-esim.camel.yaml", "mobile-steps.camel.yaml");
    }

    private void octaneSaysYes() {
        answer("queryResources", resource(SIM, "AVAILABLE", "r"));
        answer("reserveResources", reserved("0412000007"));
        answer("selectResource", ok(Map.of("success", true)));
        answer("orderCreate", order("700001"));
        answer("addCustomer", rest(Map.of("custNo", 900001)));
        answer("getEsimDetails", rest(Map.of("activationCode", "LPA:1$smdp$match", "profileState", "RELEASED")));
        answer("manageOtp", ok(Map.of("transactionId", "T-1")));
    }

    @Test
    void newNumberPhysicalSimRunsTheDocsStepsInOrder() {
        octaneSaysYes();
        orders.doneAnswer = orderDone("wmeNewReqItem", Map.of("msn", "0412000007"));
        Run run = run("mobile.activate.new-msn.physical-sim", Map.of("custNo", 554433, "planNo", 23371, "simNo", SIM));
        assertThat(run.completed()).as(String.valueOf(run.failure())).isTrue();
        assertThat(operations()).containsExactly("queryResources", "reserveResources", "selectResource", "orderCreate");
        assertThat(call("queryResources").body()).isEqualTo(Map.of("queryValue", SIM));
        assertThat(call("reserveResources").body()).isEqualTo(Map.of("resourceType", "WME_MSN", "numResources", 1));
        assertThat(call("selectResource").body()).isEqualTo(Map.of("resource", "0412000007", "resourceType", "WME_MSN"));
        Map<String, Object> create = call("orderCreate").body();
        assertThat(create).containsEntry("custNo", 554433).containsEntry("orderType", "SRVC_ORD").containsEntry("orderAction", "ADD_WME_NEW");
        assertThat(item(create, "wmeNewReqItem")).containsEntry("msn", "0412000007").containsEntry("simNo", SIM).containsEntry("planNo", 23371)
                .doesNotContainKeys("isEsim", "isQRcode");
        assertThat(orders.tracked).containsExactly("MOBILE:700001");
        assertThat(run.state().getIds()).containsEntry("orderId", "700001").containsEntry("msn", "0412000007");
    }

    @Test
    void aCustomerInTheRequestIsCreatedFirstAndItsCustNoUsed() {
        octaneSaysYes();
        orders.doneAnswer = orderDone("wmeNewReqItem", Map.of("msn", "0412000007"));
        Map<String, Object> customer = Map.of("customerIdentity", Map.of("customerType", "R"));
        Run run = run("mobile.activate.new-msn.physical-sim", Map.of("customer", customer, "planNo", 23371, "simNo", SIM));
        assertThat(run.completed()).isTrue();
        assertThat(operations()).containsExactly("addCustomer", "queryResources", "reserveResources", "selectResource", "orderCreate");
        assertThat(call("addCustomer").body()).isEqualTo(customer);
        assertThat(call("orderCreate").body()).containsEntry("custNo", 900001);
    }

    @Test
    void aSimThatIsNotAvailableAndReadyStopsTheFlowBeforeAnyReservation() {
        octaneSaysYes();
        answer("queryResources", resource(SIM, "ASSIGNED", "a"));
        Run run = run("mobile.activate.new-msn.physical-sim", Map.of("custNo", 554433, "planNo", 23371, "simNo", SIM));
        assertThat(run.failure()).isInstanceOf(OctaneBusinessException.class).hasMessageContaining("R2").hasMessageContaining("ASSIGNED");
        assertThat(operations()).containsExactly("queryResources");
    }

    @Test
    void newNumberEsimQueriesTheStockSendsNoSimAndFetchesTheQrCodeOnlyWhenAsked() {
        octaneSaysYes();
        orders.doneAnswer = orderDone("wmeNewReqItem", Map.of("msn", "0412000007"));
        Run run = run("mobile.activate.new-msn.esim", Map.of("custNo", 554433, "planNo", 23371, "isQRcode", false));
        assertThat(run.completed()).isTrue();
        assertThat(operations()).containsExactly("queryResources", "reserveResources", "selectResource", "orderCreate", "getEsimDetails");
        assertThat(call("queryResources").body()).isEqualTo(Map.of("queryValue", "WME_ESIM"));
        assertThat(item(call("orderCreate").body(), "wmeNewReqItem")).containsEntry("isEsim", true).containsEntry("isQRcode", false)
                .doesNotContainKey("simNo");
        assertThat(call("getEsimDetails").body()).isEqualTo(Map.of("requestType", "QR Code", "msn", "0412000007"));
        assertThat(run.state().getIds()).containsEntry("activationCode", "LPA:1$smdp$match");

        calls.clear();
        Run emailed = run("mobile.activate.new-msn.esim", Map.of("custNo", 554433, "planNo", 23371, "isQRcode", true));
        assertThat(emailed.completed()).isTrue();
        // R6: Octane e-mails the QR code (MBQRCODE): no Get eSIM Details
        assertThat(operations()).doesNotContain("getEsimDetails");
        assertThat(item(call("orderCreate").body(), "wmeNewReqItem")).containsEntry("isQRcode", true);
    }

    @Test
    void theRunEndsWhileTheOrderIsPendingAndTheQrStepWaitsForIt() {
        octaneSaysYes();
        Run run = run("mobile.activate.new-msn.esim", Map.of("custNo", 554433, "planNo", 23371, "isQRcode", false));
        assertThat(run.completed()).as("waits for its order").isFalse();
        assertThat(run.failure()).isNull();
        assertThat(operations()).containsExactly("queryResources", "reserveResources", "selectResource", "orderCreate");
    }

    @Test
    void aLostOrderCreateIsSentAgainOnlyWhenTheMsnShowsItDidNotHappen() {
        octaneSaysYes();
        answerWith("orderCreate", r -> {
            throw new OctaneUncertainException("orderCreate", "no answer within the read timeout", null);
        });
        thenAnswer("orderCreate", order("700002"));
        orders.doneAnswer = orderDone("wmeNewReqItem", Map.of("msn", "0412000007"));
        reconciler.applied = false;
        Run resent = run("mobile.activate.new-msn.esim", Map.of("custNo", 554433, "planNo", 23371, "isQRcode", true));
        assertThat(resent.completed()).as(String.valueOf(resent.failure())).isTrue();
        assertThat(reconciler.looked).isEqualTo(1);
        assertThat(operations()).containsExactly("queryResources", "reserveResources", "selectResource", "orderCreate", "orderCreate");
        assertThat(resent.state().getIds()).containsEntry("orderId", "700002");
    }

    @Test
    void aLostOrderCreateThatOctaneAppliedIsNeverSentAgain() {
        octaneSaysYes();
        answerWith("orderCreate", r -> {
            throw new OctaneUncertainException("orderCreate", "connection lost after the request was sent", null);
        });
        reconciler.applied = true;
        Run run = run("mobile.activate.new-msn.esim", Map.of("custNo", 554433, "planNo", 23371, "isQRcode", true));
        assertThat(run.failure()).isInstanceOf(OctaneUncertainException.class);
        assertThat(operations()).containsExactly("queryResources", "reserveResources", "selectResource", "orderCreate");
    }

    @Test
    void portInPhysicalSimSendsTheNumberAndOneOfDobOrArnAndNoReservation() {
        octaneSaysYes();
        orders.doneAnswer = orderDone("wmePortInReqItem", Map.of("msn", "0499000001"));
        Run run = run("mobile.activate.port-msn.physical-sim", Map.of("custNo", 554433, "planNo", 23371, "simNo", SIM,
                "msn", "0499000001", "arn", "A-1"));
        assertThat(run.completed()).isTrue();
        assertThat(operations()).containsExactly("queryResources", "orderCreate");
        Map<String, Object> create = call("orderCreate").body();
        assertThat(create).containsEntry("orderAction", "ADD_WME_PORT");
        assertThat(item(create, "wmePortInReqItem")).containsEntry("msn", "0499000001").containsEntry("simNo", SIM).containsEntry("arn", "A-1")
                .doesNotContainKey("dob");
    }

    @Test
    void theOtpStepsRunOnlyWhenAskedAndTheFlowWaitsForTheCode() {
        octaneSaysYes();
        orders.doneAnswer = orderDone("wmePortInReqItem", Map.of("msn", "0499000001"));
        Map<String, Object> params = Map.of("custNo", 554433, "planNo", 23371, "msn", "0499000001", "dob", "1990-12-31",
                "isQRcode", true, "otp", Map.of("verify", true));
        Run waiting = run("mobile.activate.port-msn.esim", params);
        assertThat(waiting.completed()).isFalse();
        assertThat(inputs.awaited).containsExactly("otpCode");
        assertThat(operations()).containsExactly("queryResources", "manageOtp");
        Map<String, Object> getOtp = call("manageOtp").body();
        assertThat(getOtp).containsEntry("requestType", "getOtp");
        assertThat((Map<String, Object>) getOtp.get("getOtp")).containsEntry("destination", "0499000001").containsEntry("operationType", "Port")
                .containsEntry("custNo", 554433);

        calls.clear();
        // the continuation brought the code: verify, then the port-in order (eSIM: no SIM number, R5)
        Run continued = run("mobile.activate.port-msn.esim", params, Map.of("otpCode", "123456"));
        assertThat(continued.completed()).isTrue();
        List<Call> otp = calls.stream().filter(c -> c.operation().equals("manageOtp")).toList();
        assertThat(otp.get(otp.size() - 1).body()).isEqualTo(Map.of("requestType", "verifyOtp",
                "verifyOtp", Map.of("code", "123456", "transactionId", "T-1")));
        assertThat(item(call("orderCreate").body(), "wmePortInReqItem")).containsEntry("isEsim", true).containsEntry("dob", "1990-12-31")
                .doesNotContainKey("simNo");

        calls.clear();
        Run without = run("mobile.activate.port-msn.esim", Map.of("custNo", 554433, "planNo", 23371, "msn", "0499000001",
                "dob", "1990-12-31", "isQRcode", true));
        assertThat(without.completed()).isTrue();
        assertThat(operations()).as("R7: OTP only when asked").doesNotContain("manageOtp");
    }

    @Test
    void aWrongCodeAsksForTheCodeAgain() {
        octaneSaysYes();
        answer("manageOtp", ok(Map.of("transactionId", "T-1")));
        thenAnswer("manageOtp", refused(70, "OTP invalid"));
        Map<String, Object> params = Map.of("custNo", 554433, "planNo", 23371, "simNo", SIM, "msn", "0499000001", "arn", "A-1",
                "otp", Map.of("verify", true));
        Run run = run("mobile.activate.port-msn.physical-sim", params, Map.of("otpCode", "000000"));
        assertThat(run.completed()).isFalse();
        assertThat(inputs.awaited).containsExactly("otpCode refused at otp.verify-otp");
        assertThat(operations()).doesNotContain("orderCreate");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> item(Map<String, Object> createRequest, String item) {
        return (Map<String, Object>) ((Map<String, Object>) createRequest.get("orderItems")).get(item);
    }
}
