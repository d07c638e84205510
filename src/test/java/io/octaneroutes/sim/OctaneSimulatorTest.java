package io.octaneroutes.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator on the wire, with hand-written envelopes as other Octane clients send them. */
class OctaneSimulatorTest {
    private static final String PR = "http://pr.frontend.ws.utilibill.com.au/";
    private static final String ORD = "http://order.frontend.ws.utilibill.com.au/";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private OctaneSimulator sim;

    @BeforeEach
    void start() throws IOException {
        SimulatorConfig config = new SimulatorConfig();
        config.port = 0;
        config.rateLimitMinuteMillis = 60_000;
        sim = new OctaneSimulator(config);
        sim.start();
    }

    @AfterEach
    void stop() {
        sim.stop();
    }

    private HttpResponse<String> soap(String service, String ns, String op, String inner) throws Exception {
        String env = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:x=\"" + ns + "\"><soapenv:Header/><soapenv:Body><x:"
                + op + ">" + inner + "</x:" + op + "></soapenv:Body></soapenv:Envelope>";
        return http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl() + "/" + service)).header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(env)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String LOGIN = "<login><userName>demo</userName><password>demo-password</password></login>";
    private static final String LOGIN_PASSWORD_FIRST = "<login><password>demo-password</password><userName>demo</userName></login>";

    private HttpResponse<String> rest(String path, String body, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEachWsdlWithItsOwnAddress() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl() + "/UtbOrder?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("name=\"orderCreate\"").contains("location=\"" + sim.soapBaseUrl() + "/UtbOrder\"");
    }

    @Test
    void servesUtbPlanWithTheSeededPlansAsTheRealFixtureListsThem() throws Exception {
        String plan = "http://plan.frontend.ws.utilibill.com.au/";
        HttpResponse<String> wsdl = http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl() + "/UtbPlan?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("name=\"getGroupPlans\"").contains("location=\"" + sim.soapBaseUrl() + "/UtbPlan\"");

        HttpResponse<String> r = soap("UtbPlan", plan, "getGroupPlans", LOGIN + "<group><groupNo>123</groupNo></group>");
        assertThat(r.statusCode()).isEqualTo(200);
        // soap-api.md section 6: return{errorCode, groupName, groupNo, groupPlan[]{planNo, planName, usageType}}
        assertThat(r.body()).contains("<ns2:getGroupPlansResponse xmlns:ns2=\"" + plan + "\"><return><errorCode>0</errorCode><groupName>")
                .contains("<groupNo>123</groupNo><groupPlan><planNo>23371</planNo><planName>MOBILE POSTPAID 23371</planName><usageType>MB</usageType></groupPlan>")
                .contains("<planNo>23045</planNo><planName>POOL MANUAL TOP UP</planName>") // G-POOL-PLAN: listed like any other
                .contains("<planNo>40001</planNo>");
        assertThat(sim.callLog().entries()).last().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("getGroupPlans");
            assertThat(e.key("groupNo")).isEqualTo("123");
            assertThat(e.outcome()).isEqualTo("ok");
        });

        assertThat(soap("UtbPlan", plan, "getGroupPlans", LOGIN + "<group><groupNo>999</groupNo></group>").body())
                .contains("<errorCode>10</errorCode>").doesNotContain("<groupPlan>");
    }

    @Test
    void acceptsTheLoginAnywhereAndInEitherOrder() throws Exception {
        String query = "<queryPooledResourcesRequest><queryValue>8961000000000000000</queryValue></queryPooledResourcesRequest>";
        for (String inner : new String[] {LOGIN + query, query + LOGIN_PASSWORD_FIRST, LOGIN_PASSWORD_FIRST + query}) {
            HttpResponse<String> r = soap("UtbPooledResource", PR, "queryResources", inner);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<ns2:queryResourcesResponse xmlns:ns2=\"" + PR + "\"><return>")
                    .contains("<internalStatus>AVAILABLE</internalStatus><providerStatus>r</providerStatus>");
        }
    }

    @Test
    void aWrongLoginIsAnInvalidLoginFault() throws Exception {
        HttpResponse<String> r = soap("UtbPooledResource", PR, "queryResources",
                "<login><userName>demo</userName><password>wrong</password></login><queryPooledResourcesRequest><queryValue>x</queryValue></queryPooledResourcesRequest>");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("<faultstring>Invalid login</faultstring>").contains("InvalidLoginException");
        assertThat(sim.callLog().entries()).allMatch(e -> !e.keys().toString().contains("wrong"));
    }

    @Test
    void knowsSimStatusesPerRuleR2AndReportsExhaustedEsimStock() throws Exception {
        assertThat(soap("UtbPooledResource", PR, "queryResources", LOGIN
                + "<queryPooledResourcesRequest><queryValue>8961000000000000008</queryValue></queryPooledResourcesRequest>").body())
                .contains("<internalStatus>ASSIGNED</internalStatus><providerStatus>a</providerStatus>");
        sim.state().setEsimStock(0);
        assertThat(soap("UtbPooledResource", PR, "queryResources", LOGIN
                + "<queryPooledResourcesRequest><queryValue>WME_ESIM</queryValue></queryPooledResourcesRequest>").body())
                .contains("<errorCode>30</errorCode>").contains("Resources not available");
    }

    @Test
    void runsAnEsimOrderThroughItsLifecycleOnTheSimulatedClock() throws Exception {
        String reserve = soap("UtbPooledResource", PR, "reserveResources", LOGIN
                + "<reservePooledResourcesRequest><resourceType>WME_MSN</resourceType><numResources>1</numResources></reservePooledResourcesRequest>").body();
        String msn = reserve.replaceAll(".*<resourceValue>(\\d+)</resourceValue>.*", "$1");
        assertThat(msn).matches("04\\d{8}");
        assertThat(soap("UtbPooledResource", PR, "selectResource", LOGIN
                + "<selectPooledResourceRequest><resource>" + msn + "</resource><resourceType>WME_MSN</resourceType></selectPooledResourceRequest>").body())
                .contains("<errorCode>0</errorCode>");
        String withSim = soap("UtbOrder", ORD, "orderCreate", LOGIN + "<createRequest><custNo>554433</custNo><orderType>SRVC_ORD</orderType><orderAction>ADD_WME_NEW</orderAction>"
                + "<orderItems><wmeNewReqItem><planNo>23371</planNo><msn>" + msn + "</msn><simNo>8961000000000000001</simNo><isEsim>true</isEsim></wmeNewReqItem></orderItems></createRequest>").body();
        assertThat(withSim).as("R5: no simNo on an eSIM order").contains("<errorCode>10</errorCode>");
        String created = soap("UtbOrder", ORD, "orderCreate", LOGIN + "<createRequest><custNo>554433</custNo><orderType>SRVC_ORD</orderType><orderAction>ADD_WME_NEW</orderAction>"
                + "<orderItems><wmeNewReqItem><planNo>23371</planNo><msn>" + msn + "</msn><isEsim>true</isEsim><isQRcode>false</isQRcode></wmeNewReqItem></orderItems></createRequest>").body();
        String orderId = created.replaceAll(".*<orderId>(\\d+)</orderId>.*", "$1");
        String query = LOGIN + "<request><orderId>" + orderId + "</orderId></request>";
        assertThat(soap("UtbOrder", ORD, "orderQuery", query).body()).contains("<internalStatus>IN_PROG</internalStatus>");
        assertThat(rest("/v1/mobile/resource/getEsimDetails", "{\"requestType\":\"QR Code\",\"msn\":\"" + msn + "\"}", "demo", "demo-password").body())
                .contains("\"success\":false");
        sim.clock().advance(Duration.ofMinutes(11));
        assertThat(soap("UtbOrder", ORD, "orderQuery", query).body()).contains("<internalStatus>COMMITTED</internalStatus>")
                .contains("<msn>" + msn + "</msn>");
        sim.clock().advance(Duration.ofMinutes(6));
        assertThat(soap("UtbOrder", ORD, "orderQuery", query).body()).contains("<internalStatus>COMPLETE</internalStatus>");
        assertThat(rest("/v1/mobile/resource/getEsimDetails", "{\"requestType\":\"QR Code\",\"msn\":\"" + msn + "\"}", "demo", "demo-password").body())
                .contains("\"activationCode\":\"LPA:1$");
        // three queries within 17 simulated minutes: the call log flags them against R1
        assertThat(sim.callLog().r1Violations()).isEqualTo(2);
    }

    @Test
    void aReservationExpiresAfter24SimulatedHours() throws Exception {
        String reserve = soap("UtbPooledResource", PR, "reserveResources", LOGIN
                + "<reservePooledResourcesRequest><resourceType>WME_MSN</resourceType><numResources>1</numResources></reservePooledResourcesRequest>").body();
        String msn = reserve.replaceAll(".*<resourceValue>(\\d+)</resourceValue>.*", "$1");
        sim.clock().advance(Duration.ofHours(25));
        assertThat(soap("UtbPooledResource", PR, "selectResource", LOGIN
                + "<selectPooledResourceRequest><resource>" + msn + "</resource><resourceType>WME_MSN</resourceType></selectPooledResourceRequest>").body())
                .contains("<errorCode>32</errorCode>");
        assertThat(soap("UtbPooledResource", PR, "reserveResources", LOGIN
                + "<reservePooledResourcesRequest><resourceType>WME_MSN</resourceType><numResources>6</numResources></reservePooledResourcesRequest>").body())
                .as("R3: 1 to 5").contains("<errorCode>10</errorCode>");
    }

    @Test
    void answersFault233OnceTheMethodsBudgetIsSpent() throws Exception {
        sim.setRateLimit("reserveResources", 2, 100);
        // the simulator's windows are fixed wall-clock minutes (G-RL): start the three calls well
        // inside one, or the third lands in a fresh window and is (rightly) allowed
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> System.currentTimeMillis() % 60_000 < 50_000);
        String inner = LOGIN + "<reservePooledResourcesRequest><resourceType>WME_MSN</resourceType><numResources>1</numResources></reservePooledResourcesRequest>";
        assertThat(soap("UtbPooledResource", PR, "reserveResources", inner).statusCode()).isEqualTo(200);
        assertThat(soap("UtbPooledResource", PR, "reserveResources", inner).statusCode()).isEqualTo(200);
        HttpResponse<String> third = soap("UtbPooledResource", PR, "reserveResources", inner);
        assertThat(third.statusCode()).isEqualTo(500);
        assertThat(third.body()).contains("<faultcode>233</faultcode>")
                .containsPattern("API rate limit has been exceeded for this operation - please try again in: \\d\\d:\\d\\d");
        // another method is not blocked (counting is per web method, G-RL)
        assertThat(soap("UtbPooledResource", PR, "queryResources", LOGIN
                + "<queryPooledResourcesRequest><queryValue>WME_ESIM</queryValue></queryPooledResourcesRequest>").statusCode()).isEqualTo(200);
        assertThat(sim.callLog().faults233()).isEqualTo(1);
        // the admin API shows the same call log
        HttpResponse<String> calls = http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl().replace("/tiab", "/sim/calls"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(calls.statusCode()).isEqualTo(200);
        assertThat(calls.body()).contains("\"operation\":\"reserveResources\"", "\"outcome\":\"fault:233\"", "\"simTime\":\"20");
    }

    @Test
    void refusesXmlWithADoctype() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                + "<x:queryResources xmlns:x=\"" + PR + "\">" + LOGIN + "<queryPooledResourcesRequest><queryValue>&e;</queryValue></queryPooledResourcesRequest></x:queryResources></soapenv:Body></soapenv:Envelope>";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl() + "/UtbPooledResource"))
                .POST(HttpRequest.BodyPublishers.ofString(xxe)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Malformed request").doesNotContain("root:");
    }

    @Test
    void restNeedsBasicAuthAndValidatesAddCustomer() throws Exception {
        HttpResponse<String> denied = rest("/v1/group/123/customer", "{}", "demo", "nope");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).as("G-AUTH").isEqualTo("{\"success\":false,\"errorCode\":403,\"errorMessage\":\"Invalid access\"}");
        assertThat(rest("/v1/group/123/customer", "{}", null, null).statusCode()).isEqualTo(403);
        HttpResponse<String> invalid = rest("/v1/group/123/customer", "{\"customerIdentity\":{\"customerType\":\"R\"}}", "demo", "demo-password");
        assertThat(invalid.statusCode()).as("validation errors come with HTTP 200").isEqualTo(200);
        assertThat(invalid.body()).contains("\"success\":false").contains("customerGivenNames");
        HttpResponse<String> ok = rest("/v1/group/123/customer", "{\"customerIdentity\":{\"customerType\":\"B\",\"company\":\"Acme\"},"
                + "\"address\":{\"addressLine1\":\"1 Main St\"},\"contactMedium\":[{\"contactType\":\"PHONE\",\"contactDestination\":\"0400000000\"}]}",
                "demo", "demo-password");
        assertThat(ok.body()).contains("\"success\":true").containsPattern("\"custNo\":\\d{6}");
    }

    @Test
    void orderQueryEchoesTheRequestItemInDeclaredOrderWithASydneyTimestamp() throws Exception {
        String reserve = soap("UtbPooledResource", PR, "reserveResources", LOGIN
                + "<reservePooledResourcesRequest><resourceType>WME_MSN</resourceType><numResources>1</numResources></reservePooledResourcesRequest>").body();
        String msn = reserve.replaceAll(".*<resourceValue>(\\d+)</resourceValue>.*", "$1");
        soap("UtbPooledResource", PR, "selectResource", LOGIN
                + "<selectPooledResourceRequest><resource>" + msn + "</resource><resourceType>WME_MSN</resourceType></selectPooledResourceRequest>");
        // sent out of the declared order, with a nested address: the echo is the whole item, in wmeNewReqItem's order
        String item = "<spendCode>80620</spendCode><lineType>R</lineType><planNo>23371</planNo><lineName>Jo</lineName><msn>" + msn + "</msn>"
                + "<simNo>8961000000000000002</simNo><orderItemAddress><locality>CHATSWOOD</locality><postcode>2067</postcode></orderItemAddress>"
                + "<cycleNo>28</cycleNo>";
        String created = soap("UtbOrder", ORD, "orderCreate", LOGIN + "<createRequest><custNo>554433</custNo><orderType>SRVC_ORD</orderType>"
                + "<orderAction>ADD_WME_NEW</orderAction><orderItems><wmeNewReqItem>" + item + "</wmeNewReqItem></orderItems></createRequest>").body();
        String orderId = created.replaceAll(".*<orderId>(\\d+)</orderId>.*", "$1");
        String query = soap("UtbOrder", ORD, "orderQuery", LOGIN + "<request><orderId>" + orderId + "</orderId></request>").body();
        assertThat(query).as("soap-api.md 3.4: orderItems echoes the request item").contains("<orderItems><wmeNewReqItem><lineType>R</lineType><lineName>Jo</lineName>"
                + "<planNo>23371</planNo><orderItemAddress><locality>CHATSWOOD</locality><postcode>2067</postcode></orderItemAddress><msn>" + msn + "</msn>"
                + "<simNo>8961000000000000002</simNo><isEsim>false</isEsim><cycleNo>28</cycleNo><spendCode>80620</spendCode></wmeNewReqItem></orderItems>");
        assertThat(query).as("G-TZ: Sydney time with its offset, to the second")
                .containsPattern("<createdOn>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+1[01]:00</createdOn>");
    }

    @Test
    void restCredentialsCanBeRefusedWith401InsteadOf403() throws Exception {
        sim.stop();
        SimulatorConfig config = SimulatorConfig.fromProperties(java.util.Map.of("octane.simulator.port", "0", "octane.simulator.rest.auth-failure-status", "401")::get);
        sim = new OctaneSimulator(config);
        sim.start();
        HttpResponse<String> denied = rest("/v1/group/123/customer", "{}", "demo", "nope");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.body()).isEqualTo("{\"success\":false,\"errorCode\":401,\"errorMessage\":\"Invalid access\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatorConfig.fromProperties(
                java.util.Map.of("octane.simulator.rest.auth-failure-status", "500")::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void injectsFaultsBeforeOrAfterTheCallTakesEffect() throws Exception {
        sim.faults().add(new Faults.Rule("reserveResources", Faults.Kind.HTTP_503, 1, "before"));
        String inner = LOGIN + "<reservePooledResourcesRequest><resourceType>WME_MSN</resourceType><numResources>1</numResources></reservePooledResourcesRequest>";
        assertThat(soap("UtbPooledResource", PR, "reserveResources", inner).statusCode()).isEqualTo(503);
        assertThat(sim.state().counts().get("msnAvailable")).isEqualTo(50L);
        sim.faults().add(new Faults.Rule("reserveResources", Faults.Kind.DROP_CONNECTION, 1, "after"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> soap("UtbPooledResource", PR, "reserveResources", inner))
                .isInstanceOf(IOException.class);
        assertThat(sim.state().counts().get("msnAvailable")).as("the reservation happened; its answer was lost").isEqualTo(49L);
    }
}
