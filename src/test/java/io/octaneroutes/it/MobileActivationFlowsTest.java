package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;
import io.octaneroutes.sim.CallLog;

/**
 * The activation and eSIM-reset flows (flows.md M1, M2, M4, M5) end to end against the
 * simulator: each asserts Octane's call order against the doc's step table (mandatory steps
 * present, optional ones exactly when their condition holds) and how Octane's refusals end.
 * One request at a time; the call log is cleared before each test.
 */
class MobileActivationFlowsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String FREE_SIM = "8961000000000000%03d";
    static TestApp app;
    static int nextSim = 0;

    @BeforeAll
    static void start() throws Exception {
        // Octane commits and completes an order within 25 of its minutes (TestApp's 900x clock: 1.7 s), so the first
        // orderQuery, one octane.poll.min-interval (2 s = R1's 30 minutes) after the create, finds it done
        app = TestApp.start(Map.of("octane.simulator.esim-stock", "20", "octane.simulator.order.commit-after", "15m"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void clearCallLog() {
        app.simulator().callLog().clear();
    }

    /** The seed SIMs 0-7 are AVAILABLE/'r' (G-TESTDATA); each test that activates one takes the next. */
    static String freeSim() {
        return String.format(FREE_SIM, nextSim++);
    }

    // ------------------------------------------------------------ M1

    @Test
    void newNumberOnAPhysicalSimFollowsDoc481285() throws Exception {
        String sim = freeSim();
        submit("m1-1", "mobile.activate.new-msn.physical-sim", "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + sim + "\"}");
        assertThat(app.awaitFinal("m1-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);

        assertThat(steps()).containsExactly("queryResources", "reserveResources", "selectResource", "orderCreate", "orderQuery");
        CallLog.Entry query = call("queryResources");
        CallLog.Entry create = call("orderCreate");
        assertThat(query.key("queryValue")).isEqualTo(sim);
        assertThat(create.key("orderAction")).isEqualTo("ADD_WME_NEW");
        assertThat(create.key("hasSimNo")).isEqualTo("true");
        assertThat(create.key("msn")).isEqualTo(call("reserveResources").key("msn")).isEqualTo(call("selectResource").key("resource"));
        assertThat(lastEvent("m1-1")).containsEntry("type", "completed").containsEntry("msn", create.key("msn"))
                .containsEntry("orderId", create.key("orderId"));
    }

    @Test
    void newNumberCreatesTheCustomerFirstWhenGivenOne() throws Exception {
        submit("m1-cust", "mobile.activate.new-msn.physical-sim", "{" + customer() + ",\"planNo\":23371,\"simNo\":\"" + freeSim() + "\"}");
        assertThat(app.awaitFinal("m1-cust", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("addCustomer", "queryResources", "reserveResources", "selectResource", "orderCreate", "orderQuery");
        assertThat(call("orderCreate").key("custNo")).isEqualTo(call("addCustomer").key("custNo"));
    }

    @Test
    void aSimThatIsNotAvailableAndReadyStopsAtValidation() throws Exception {
        // seed SIM 8 is ASSIGNED/'a', SIM 9 AVAILABLE/'d' (G-TESTDATA): R2 refuses both
        for (String sim : List.of(String.format(FREE_SIM, 8), String.format(FREE_SIM, 9))) {
            String id = "m1-r2-" + sim.substring(sim.length() - 1);
            submit(id, "mobile.activate.new-msn.physical-sim", "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + sim + "\"}");
            assertThat(app.awaitFinal(id, TIMEOUT)).isEqualTo(Journal.FAILED);
            assertThat(lastEvent(id)).containsEntry("type", "failed").containsEntry("errorCode", "R2");
        }
        assertThat(steps()).containsExactly("queryResources", "queryResources");
    }

    // ------------------------------------------------------------ M2 and the OTP continuation

    @Test
    void portInOnAPhysicalSimWithoutOtpSkipsTheOtpSteps() throws Exception {
        submit("m2-1", "mobile.activate.port-msn.physical-sim",
                "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + freeSim() + "\",\"msn\":\"0499000001\",\"arn\":\"ACC-1234\"}");
        assertThat(app.awaitFinal("m2-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("queryResources", "orderCreate", "orderQuery");
        CallLog.Entry create = call("orderCreate");
        assertThat(create.key("orderAction")).isEqualTo("ADD_WME_PORT");
        assertThat(create.key("msn")).isEqualTo("0499000001");
        assertThat(create.key("hasArn")).isEqualTo("true");
        assertThat(create.key("hasDob")).isEqualTo("false");
        assertThat(create.key("hasSimNo")).isEqualTo("true");
        assertThat(lastEvent("m2-1")).containsEntry("type", "completed").containsEntry("msn", "0499000001");
    }

    @Test
    void portInWithOtpWaitsForTheCodeAsksAgainAfterAWrongOneAndThenPorts() throws Exception {
        String msn = "0499000002";
        submit("m2-otp", "mobile.activate.port-msn.physical-sim", "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + freeSim()
                + "\",\"msn\":\"" + msn + "\",\"dob\":\"1980-02-29\",\"otp\":{\"verify\":true}}");
        app.awaitStatus("m2-otp", Journal.AWAITING_INPUT, TIMEOUT);
        Map<String, Object> waiting = lastEvent("m2-otp");
        assertThat(waiting).containsEntry("type", "awaiting-input").containsEntry("needs", "otpCode");
        assertThat(steps()).containsExactly("queryResources", "manageOtp");
        assertThat(call("manageOtp").key("requestType")).isEqualTo("getOtp");

        Map<String, Object> otp = app.simAdmin("GET", "/sim/otp?destination=" + msn, null);
        String code = String.valueOf(otp.get("code"));
        String wrong = code.equals("000000") ? "111111" : "000000";

        // a wrong code, over HTTP: Octane says no, the request waits again with Octane's reason
        HttpResponse<String> r = app.post("/api/requests/m2-otp/continue", "{\"otpCode\":\"" + wrong + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await().atMost(TIMEOUT).until(() -> app.events("m2-otp").stream().filter(e -> "awaiting-input".equals(e.get("type"))).count() == 2);
        app.awaitStatus("m2-otp", Journal.AWAITING_INPUT, TIMEOUT);
        assertThat((String) lastEvent("m2-otp").get("reason")).contains("Octane refused the otpCode (attempt 1 of 3)");

        // the right code, over JMS: verified, then the port order
        app.sendJms("{\"requestId\":\"m2-otp\",\"continue\":{\"otpCode\":\"" + code + "\"}}");
        assertThat(app.awaitFinal("m2-otp", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("queryResources", "manageOtp", "manageOtp", "manageOtp", "orderCreate", "orderQuery");
        List<String> otpCalls = app.simulator().callLog().entries().stream().filter(e -> e.operation().equals("manageOtp"))
                .map(e -> e.key("requestType")).toList();
        assertThat(otpCalls).containsExactly("getOtp", "verifyOtp", "verifyOtp");
        assertThat(call("orderCreate").key("hasDob")).isEqualTo("true");
        // the code itself is never in an event or the status API
        assertThat(app.events("m2-otp").toString()).doesNotContain(code);
        assertThat(app.get("/api/requests/m2-otp").body()).doesNotContain(code).contains("otp.verify-otp");
    }

    @Test
    void aContinuationForARequestThatIsNotWaitingIsRejectedWithAReason() throws Exception {
        HttpResponse<String> unknown = app.post("/api/requests/no-such/continue", "{\"otpCode\":\"123456\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no-such is unknown");

        submit("m2-notwaiting", "mobile.activate.port-msn.physical-sim",
                "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + freeSim() + "\",\"msn\":\"0499000003\",\"arn\":\"A1\"}");
        assertThat(app.awaitFinal("m2-notwaiting", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        HttpResponse<String> late = app.post("/api/requests", "{\"requestId\":\"m2-notwaiting\",\"continue\":{\"otpCode\":\"123456\"}}");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("is not waiting for input (status COMPLETED)");
        HttpResponse<String> bad = app.post("/api/requests/m2-notwaiting/continue", "{\"otpCode\":\"12ab\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("continue.otpCode must be a string matching");
    }

    @Test
    void aRequestWaitingForItsCodeTooLongFails() throws Exception {
        try (TestApp quick = TestApp.start(Map.of("flows.await-input.expiry", "1s"))) {
            quick.post("/api/requests", request("m2-expire", "mobile.activate.port-msn.esim",
                    "{\"custNo\":554433,\"planNo\":23371,\"msn\":\"0499000004\",\"arn\":\"A1\",\"isQRcode\":true,\"otp\":{\"verify\":true}}"));
            assertThat(quick.awaitFinal("m2-expire", TIMEOUT)).isEqualTo(Journal.FAILED);
            // the journal says FAILED a moment before the failed event is written
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "failed".equals(quick.lastEvent("m2-expire").get("type")));
            assertThat(quick.lastEvent("m2-expire")).containsEntry("type", "failed").containsEntry("errorCode", "INPUT_EXPIRED");
            assertThat(quick.simulator().callLog().entries().stream().map(CallLog.Entry::operation).toList())
                    .containsExactly("queryResources", "manageOtp");
        }
    }

    @Test
    void theLosingCarriersRejectionFailsThePortWithItsReason() throws Exception {
        app.simAdmin("POST", "/sim/port/reject", "{\"msn\":\"0499000005\",\"reason\":\"account number mismatch\"}");
        submit("m2-reject", "mobile.activate.port-msn.physical-sim",
                "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + freeSim() + "\",\"msn\":\"0499000005\",\"arn\":\"WRONG-1\"}");
        assertThat(app.awaitFinal("m2-reject", TIMEOUT)).isEqualTo(Journal.FAILED);
        assertThat(lastEvent("m2-reject")).containsEntry("type", "failed").containsEntry("errorMessage", "account number mismatch");
        assertThat(steps()).containsExactly("queryResources", "orderCreate", "orderQuery");
    }

    @Test
    void portInNeedsExactlyOneOfDobAndArnAtIntake() throws Exception {
        String both = request("m2-both", "mobile.activate.port-msn.physical-sim",
                "{\"custNo\":554433,\"planNo\":23371,\"simNo\":\"" + String.format(FREE_SIM, 7) + "\",\"msn\":\"0499000006\",\"dob\":\"1980-01-01\",\"arn\":\"A1\"}");
        HttpResponse<String> r = app.post("/api/requests", both);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(app.journal().find("m2-both")).isEmpty();
        assertThat(app.simulator().callLog().entries()).isEmpty();
    }

    // ------------------------------------------------------------ M4

    @Test
    void portInOnAnEsimFollowsDoc481382AndFetchesTheQrCode() throws Exception {
        submit("m4-1", "mobile.activate.port-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"msn\":\"0499000007\",\"dob\":\"1990-12-31\",\"isQRcode\":false}");
        assertThat(app.awaitFinal("m4-1", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("queryResources", "orderCreate", "orderQuery", "getEsimDetails");
        CallLog.Entry create = call("orderCreate");
        assertThat(create.key("orderAction")).isEqualTo("ADD_WME_PORT");
        assertThat(create.key("isEsim")).isEqualTo("true");
        assertThat(create.key("hasSimNo")).isEqualTo("false");
        assertThat(call("getEsimDetails").key("requestType")).isEqualTo("QR Code");
        assertThat(call("getEsimDetails").key("msn")).isEqualTo("0499000007");
        assertThat(lastEvent("m4-1")).containsEntry("type", "completed").containsKey("activationCode");
    }

    @Test
    void portInOnAnEsimWithTheQrCodeEmailedSkipsTheFetch() throws Exception {
        submit("m4-2", "mobile.activate.port-msn.esim", "{\"custNo\":554433,\"planNo\":23371,\"msn\":\"0499000008\",\"arn\":\"A-2\",\"isQRcode\":true}");
        assertThat(app.awaitFinal("m4-2", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("queryResources", "orderCreate", "orderQuery");
    }

    // ------------------------------------------------------------ M5

    @Test
    void aProfileInAResettableStateIsResetToReleased() throws Exception {
        String msn = esimService("LINKED");
        submit("m5-reset", "mobile.esim.reset", "{\"custNo\":554433,\"msn\":\"" + msn + "\",\"isQRcode\":false}");
        assertThat(app.awaitFinal("m5-reset", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        assertThat(steps()).containsExactly("getEsimDetails", "manageEsim");
        assertThat(call("getEsimDetails").key("requestType")).isEqualTo("SIM Details");
        assertThat(call("manageEsim").key("orderType")).isEqualTo("Reset Esim");
        assertThat(lastEvent("m5-reset")).containsEntry("type", "completed").containsEntry("profileState", "RELEASED");
    }

    @Test
    void aProfileThatCannotBeResetMovesToANewEsim() throws Exception {
        String msn = esimService("ENABLED");
        submit("m5-swap", "mobile.esim.reset", "{\"custNo\":554433,\"msn\":\"" + msn + "\",\"isQRcode\":false}");
        assertThat(app.awaitFinal("m5-swap", TIMEOUT)).isEqualTo(Journal.COMPLETED);
        // no reset attempted from ENABLED; lineSeqNo not given, so it is looked up for the swap order
        assertThat(steps()).containsExactly("getEsimDetails", "getServiceDetail", "orderCreate", "orderQuery", "getEsimDetails");
        CallLog.Entry swap = call("orderCreate");
        assertThat(swap.key("orderAction")).isEqualTo("CHANGE_WME_SIM");
        assertThat(swap.key("esim")).isEqualTo("true");
        assertThat(swap.key("qrcode")).isEqualTo("false");
        assertThat(lastEvent("m5-swap")).containsEntry("type", "completed").containsKey("activationCode");
    }

    // ------------------------------------------------------------ helpers

    static String request(String id, String flow, String params) {
        return TestApp.request(id, flow, params);
    }

    static void submit(String id, String flow, String params) throws Exception {
        app.submit(id, flow, params);
    }

    static String customer() {
        return "\"customer\":{\"customerIdentity\":{\"customerType\":\"R\",\"customerGivenNames\":\"Jo\",\"customerSurname\":\"Citizen\"},"
                + "\"address\":{\"addressLine1\":\"1 Example St\",\"suburb\":\"CHATSWOOD\",\"state\":\"NSW\",\"postcode\":\"2067\"},"
                + "\"contactMedium\":[{\"contactType\":\"EMAIL\",\"contactDestination\":\"jo@example.com\"}]}";
    }

    /** An active eSIM service of customer 554433 whose profile is in the given state (simulator test hooks). */
    static String esimService(String profileState) throws Exception {
        Map<String, Object> service = app.simAdmin("POST", "/sim/services", "{\"custNo\":554433,\"planNo\":23371,\"isEsim\":true}");
        String msn = String.valueOf(service.get("serviceNumber"));
        app.simAdmin("POST", "/sim/esim/profile-state", "{\"msn\":\"" + msn + "\",\"profileState\":\"" + profileState + "\"}");
        app.simulator().callLog().clear();
        return msn;
    }

    static List<String> steps() {
        return app.steps();
    }

    static CallLog.Entry call(String operation) {
        return app.calls(operation).get(0);
    }

    static Map<String, Object> lastEvent(String requestId) throws Exception {
        return app.lastEvent(requestId);
    }
}
