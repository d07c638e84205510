package io.octaneroutes.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The mobile rules of the simulator on the wire (flows.md R1-R10, M2-M7; gaps G-OTP, G-PORT,
 * G-ESIM, G-SVC, G-POOL-*, G-ACT), with hand-written SOAP envelopes and REST JSON as other
 * Octane clients send them. Orders commit after 10 simulated minutes; tests jump the clock.
 */
class OctaneSimulatorMobileRulesTest {
    private static final String ORD = "http://order.frontend.ws.utilibill.com.au/";
    private static final String OTP = "http://otp.frontend.ws.utilibill.com.au/";
    private static final String SVC = "http://v3.service.frontend.ws.utilibill.com.au/";
    private static final String PR = "http://pr.frontend.ws.utilibill.com.au/";
    private static final String LOGIN = "<login><userName>demo</userName><password>demo-password</password></login>";
    private static final long CUST = 554433;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private OctaneSimulator sim;

    @BeforeEach
    void start() throws IOException {
        SimulatorConfig config = new SimulatorConfig();
        config.port = 0;
        sim = new OctaneSimulator(config);
        sim.start();
    }

    @AfterEach
    void stop() {
        sim.stop();
    }

    // ------------------------------------------------------------------ helpers

    private String soap(String service, String ns, String op, String inner) throws Exception {
        String env = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:x=\"" + ns + "\"><soapenv:Header/><soapenv:Body><x:"
                + op + ">" + inner + "</x:" + op + "></soapenv:Body></soapenv:Envelope>";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl() + "/" + service)).header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(env)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<ns2:" + op + "Response xmlns:ns2=\"" + ns + "\"><return>");
        conformsToWsdl(service, r.body());
        return r.body();
    }

    /** Every answer must fit its WSDL's response type (names and declared order): the real client unmarshals it with JAXB. */
    private static void conformsToWsdl(String service, String envelope) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)));
        Element body = (Element) doc.getDocumentElement().getElementsByTagNameNS("http://schemas.xmlsoap.org/soap/envelope/", "Body").item(0);
        Node response = body.getFirstChild();
        try {
            SCHEMAS.computeIfAbsent(service, OctaneSimulatorMobileRulesTest::schema).newValidator().validate(new DOMSource(response));
        } catch (SAXException e) {
            throw new AssertionError(service + " answer does not fit its WSDL: " + e.getMessage() + "\n" + envelope, e);
        }
    }

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private static Schema schema(String service) {
        try (var in = OctaneSimulator.class.getResourceAsStream("/wsdl/" + service + ".wsdl")) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document wsdl = f.newDocumentBuilder().parse(in);
            Element schema = (Element) wsdl.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "schema").item(0);
            NamedNodeMap declarations = wsdl.getDocumentElement().getAttributes();
            for (int i = 0; i < declarations.getLength(); i++) {
                Node a = declarations.item(i);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI()) && !schema.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getLocalName())) {
                    schema.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getNodeName(), a.getNodeValue());
                }
            }
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new DOMSource(schema));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the schema of " + service, e);
        }
    }

    private Map<String, Object> rest(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + path)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo:demo-password".getBytes(StandardCharsets.UTF_8)));
        b = "GET".equals(method) ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("validation errors come with HTTP 200: " + r.body()).isEqualTo(200);
        return json.readValue(r.body(), MAP);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.soapBaseUrl().replace("/tiab", "/sim") + path));
        b = "GET".equals(method) ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    private String orderCreate(String action, String items) throws Exception {
        return orderCreate(action, null, items);
    }

    private String orderCreate(String action, String custReqDate, String items) throws Exception {
        return soap("UtbOrder", ORD, "orderCreate", LOGIN + "<createRequest><custNo>" + CUST + "</custNo><orderType>SRVC_ORD</orderType><orderAction>"
                + action + "</orderAction>" + (custReqDate == null ? "" : "<custReqDate>" + custReqDate + "</custReqDate>")
                + "<orderItems>" + items + "</orderItems></createRequest>");
    }

    private String orderQuery(String orderId) throws Exception {
        return soap("UtbOrder", ORD, "orderQuery", LOGIN + "<request><orderId>" + orderId + "</orderId></request>");
    }

    private String bulk(String action, String... items) throws Exception {
        StringBuilder orders = new StringBuilder();
        for (String item : items) {
            orders.append("<orderCreate><custNo>").append(CUST).append("</custNo><orderType>SRVC_ORD</orderType><orderAction>").append(action)
                    .append("</orderAction><custReqDate>2024-08-01</custReqDate><orderItems>").append(item).append("</orderItems></orderCreate>");
        }
        return soap("UtbOrder", ORD, "orderCreateBulk", LOGIN + "<orders>" + orders + "</orders>");
    }

    private static String optIn(String providerId, String serviceNumber) {
        return "<WmeOptInConsumerReqItem><providerId>" + providerId + "</providerId><serviceNumber>" + serviceNumber + "</serviceNumber></WmeOptInConsumerReqItem>";
    }

    private static String optOut(String serviceNumber) {
        return "<WmeOptOutConsumerReqItem><serviceNumber>" + serviceNumber + "</serviceNumber></WmeOptOutConsumerReqItem>";
    }

    private String serviceDetail(String serviceNumber) throws Exception {
        return soap("UtbServiceV3", SVC, "getServiceDetail", LOGIN + "<serviceDetail><serviceDetails><custno>" + CUST + "</custno><serviceNumber>"
                + serviceNumber + "</serviceNumber></serviceDetails></serviceDetail>");
    }

    private Map<String, Object> seed(int planNo, boolean esim) throws Exception {
        HttpResponse<String> r = admin("POST", "/services", "{\"custNo\":" + CUST + ",\"planNo\":" + planNo + ",\"isEsim\":" + esim + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readValue(r.body(), MAP);
    }

    private void commitOrders() {
        sim.clock().advance(Duration.ofMinutes(11)); // G-TIME: commitAfter is 10 simulated minutes
    }

    private record Pool(String orderId, String msn, String lineSeqNo, String memberId) {
    }

    /** M6 steps 1-3: create the pool, read its msn from orderQuery, its lineSeqno from getServiceDetail and its memberId from Get Data Pool. */
    @SuppressWarnings("unchecked")
    private Pool createPool(String name) throws Exception {
        String created = orderCreate("ADD_WME_NEW", "<WmeNewDataPoolReqItem><department>Ops</department><planNo>23045</planNo><serviceNotes>n</serviceNotes>"
                + "<notificationEmail>ops@example.com</notificationEmail><poolName>" + name + "</poolName></WmeNewDataPoolReqItem>");
        assertThat(tag(created, "errorCode")).as(created).isEqualTo("0");
        String orderId = tag(created, "orderId");
        commitOrders();
        String query = orderQuery(orderId);
        assertThat(query).contains("<internalStatus>COMMITTED</internalStatus>").contains("<orderItems><wmeNewReqItem><department>Ops</department><planNo>23045</planNo>");
        String msn = tag(query.substring(query.indexOf("<wmeNewReqItem>")), "msn");
        String lineSeqNo = tag(serviceDetail(msn), "lineSeqno");
        Map<String, Object> pool = rest("GET", "/v1/datapool?custno=" + CUST + "&lineseqno=" + lineSeqNo, null);
        assertThat(pool).as("rest-api.md §5: success as the string \"true\", no errorCode").containsEntry("success", "true").doesNotContainKey("errorCode");
        Map<String, Object> provider = (Map<String, Object>) pool.get("provider");
        assertThat(provider).containsEntry("dataPoolStatus", "OPTED-IN").containsEntry("poolName", name).containsEntry("serviceNumber", msn);
        return new Pool(orderId, msn, lineSeqNo, (String) provider.get("memberId"));
    }

    /** A consumer-plan service, opted in to the pool and committed. */
    private String optedInConsumer(Pool pool) throws Exception {
        String msn = (String) seed(23047, true).get("serviceNumber");
        assertThat(tag(bulk("WME_OPT_IN_CONSUMER", optIn(pool.memberId(), msn)), "errorCode")).isEqualTo("0");
        commitOrders();
        return msn;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> consumer(Pool pool, String msn) throws Exception {
        Map<String, Object> answer = rest("GET", "/v1/datapool?custno=" + CUST + "&lineseqno=" + pool.lineSeqNo(), null);
        return ((List<Map<String, Object>>) answer.get("consumers")).stream().filter(c -> msn.equals(c.get("serviceNumber"))).findFirst().orElse(null);
    }

    private String portIn(String msn, String extra) throws Exception {
        return orderCreate("ADD_WME_PORT", "<wmePortInReqItem><planNo>23371</planNo><msn>" + msn + "</msn>" + extra + "</wmePortInReqItem>");
    }

    private String getOtp(String destination) throws Exception {
        String answer = soap("UtbOTP", OTP, "manageOtp", LOGIN + "<manageOtpRequest><requestType>getOtp</requestType><getOtp><custNo>" + CUST
                + "</custNo><destination>" + destination + "</destination><destinationCategory>Phone (Bh)</destinationCategory>"
                + "<destinationType>Primary Account Holder</destinationType><method>SMS</method><operationType>Port</operationType><reason>R8</reason></getOtp></manageOtpRequest>");
        assertThat(answer).contains("<return><success>true</success><errorCode>0</errorCode><transactionId>");
        return tag(answer, "transactionId");
    }

    private String verifyOtp(String transactionId, String code) throws Exception {
        return soap("UtbOTP", OTP, "manageOtp", LOGIN + "<manageOtpRequest><requestType>verifyOtp</requestType><verifyOtp><code>" + code
                + "</code><transactionId>" + transactionId + "</transactionId></verifyOtp></manageOtpRequest>");
    }

    private String otpCode(String destination) throws Exception {
        HttpResponse<String> r = admin("GET", "/otp?destination=" + destination, null);
        assertThat(r.statusCode()).isEqualTo(200);
        return (String) json.readValue(r.body(), MAP).get("code");
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    // ------------------------------------------------------------------ WSDLs

    @Test
    void servesTheOtpAndServiceV3Wsdls() throws Exception {
        for (String service : List.of("UtbOTP", "UtbServiceV3")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl() + "/" + service + "?wsdl")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("location=\"" + sim.soapBaseUrl() + "/" + service + "\"");
        }
    }

    // ------------------------------------------------------------------ OTP (G-OTP, R7)

    @Test
    void anOtpFromGetOtpVerifiesOnceAndNeverReachesTheCallLog() throws Exception {
        String tx = getOtp("0412999001");
        String code = otpCode("0412999001");
        assertThat(code).matches("\\d{6}");
        assertThat(sim.state().latestOtp("0412999001")).isEqualTo(new SimState.OtpRef(tx, code));
        assertThat(verifyOtp(tx, code)).contains("<return><success>true</success><errorCode>0</errorCode><verified>true</verified></return>");
        assertThat(verifyOtp(tx, code)).as("a code is single use").contains("<errorCode>70</errorCode>");
        List<CallLog.Entry> calls = sim.callLog().entries();
        assertThat(calls).extracting(e -> e.key("requestType")).containsExactly("getOtp", "verifyOtp", "verifyOtp");
        assertThat(calls).allMatch(e -> tx.equals(e.key("transactionId")));
        assertThat(calls.toString()).doesNotContain(code).doesNotContain("0412999001");
    }

    @Test
    void aWrongOtpCodeIsError70() throws Exception {
        String tx = getOtp("0412999002");
        assertThat(verifyOtp(tx, wrong(otpCode("0412999002"))))
                .contains("<return><success>false</success><errorCode>70</errorCode><verified>false</verified><errorMessage>Invalid OTP code");
        assertThat(verifyOtp("999999999", "123456")).as("unknown transaction").contains("<errorCode>70</errorCode><verified>false</verified>");
    }

    @Test
    void threeWrongOtpCodesLockTheTransaction() throws Exception {
        String tx = getOtp("0412999003");
        String code = otpCode("0412999003");
        for (int i = 0; i < 3; i++) {
            assertThat(verifyOtp(tx, wrong(code))).contains("<errorCode>70</errorCode>");
        }
        assertThat(verifyOtp(tx, code)).as("locked after 3 attempts").contains("<errorCode>70</errorCode>").contains("Too many attempts");
        String again = getOtp("0412999003");
        assertThat(verifyOtp(again, otpCode("0412999003"))).as("a new OTP works").contains("<verified>true</verified>");
    }

    @Test
    void anOtpExpiresAfterTenMinutes() throws Exception {
        String tx = getOtp("0412999004");
        String code = otpCode("0412999004");
        sim.clock().advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(verifyOtp(tx, code)).contains("<success>false</success><errorCode>70</errorCode><verified>false</verified>").contains("expired");
    }

    // ------------------------------------------------------------------ port-in (G-PORT, M2, M4)

    @Test
    void aPortInNeedsExactlyOneOfDobOrArnAndTheCallLogOnlySaysWhichWasSent() throws Exception {
        String both = portIn("0499000001", "<simNo>8961000000000000001</simNo><dob>1980-01-01</dob><arn>ACC-7788</arn>");
        assertThat(tag(both, "errorCode")).isEqualTo("10");
        assertThat(tag(both, "errorMessage")).contains("exactly one of dob").contains("arn");
        String neither = portIn("0499000001", "<simNo>8961000000000000001</simNo>");
        assertThat(tag(neither, "errorCode")).isEqualTo("10");
        assertThat(tag(neither, "errorMessage")).contains("dob").contains("arn").contains("required");
        String noOtpNeeded = portIn("0499000001", "<simNo>8961000000000000001</simNo><arn>ACC-7788</arn>");
        assertThat(tag(noOtpNeeded, "errorCode")).as("R7: no OTP needed server-side").isEqualTo("0");
        List<CallLog.Entry> calls = sim.callLog().entries();
        assertThat(calls).extracting(e -> e.key("hasDob") + "/" + e.key("hasArn")).containsExactly("true/true", "false/false", "false/true");
        assertThat(calls).allMatch(e -> "ADD_WME_PORT".equals(e.key("orderAction")) && "0499000001".equals(e.key("msn")));
        assertThat(calls.toString()).doesNotContain("1980-01-01").doesNotContain("ACC-7788");
    }

    @Test
    void aLosingCarriersRejectionReasonAppearsInOrderQuery() throws Exception {
        HttpResponse<String> reject = admin("POST", "/port/reject", "{\"msn\":\"0499000002\",\"reason\":\"account number mismatch\"}");
        assertThat(reject.statusCode()).isEqualTo(200);
        String orderId = tag(portIn("0499000002", "<simNo>8961000000000000002</simNo><arn>ACC-1</arn>"), "orderId");
        String inProgress = orderQuery(orderId);
        assertThat(inProgress).contains("<internalStatus>IN_PROG</internalStatus>")
                .contains("<orderItems><wmePortInReqItem><planNo>23371</planNo><msn>0499000002</msn><simNo>8961000000000000002</simNo><isEsim>false</isEsim></wmePortInReqItem>");
        commitOrders();
        String rejected = orderQuery(orderId);
        assertThat(rejected).contains("<status>CLOSED</status><internalStatus>REJECTED</internalStatus><errorMessage>account number mismatch</errorMessage>");
        assertThat(serviceDetail("0499000002")).contains("<errorCode>21</errorCode>");
        assertThat(soap("UtbPooledResource", PR, "queryResources", LOGIN
                + "<queryPooledResourcesRequest><queryValue>8961000000000000002</queryValue></queryPooledResourcesRequest>"))
                .as("the rejected order gives its SIM back").contains("<internalStatus>AVAILABLE</internalStatus><providerStatus>r</providerStatus>");
    }

    @Test
    void anEsimPortInWithoutSimNoCreatesAServiceWithAQrCode() throws Exception {
        assertThat(tag(portIn("0499000003", "<simNo>8961000000000000003</simNo><isEsim>true</isEsim><dob>1990-02-02</dob>"), "errorCode"))
                .as("R5: no simNo on an eSIM order").isEqualTo("10");
        String orderId = tag(portIn("0499000003", "<isEsim>true</isEsim><isQRcode>false</isQRcode><dob>1990-02-02</dob>"), "orderId");
        assertThat(orderQuery(orderId)).contains("<wmePortInReqItem><planNo>23371</planNo><msn>0499000003</msn><isEsim>true</isEsim><isQRcode>false</isQRcode>");
        assertThat(serviceDetail("0499000003")).as("no service before the commit").contains("<errorCode>21</errorCode>");
        commitOrders();
        String detail = serviceDetail("0499000003");
        assertThat(detail).contains("<return><errorCode>0</errorCode><Instances><Instance><serviceNumberDetail><lineSeqno>1</lineSeqno>"
                + "<serviceNumber>0499000003</serviceNumber><status>ACTIVE</status><planNo>23371</planNo><planName>MOBILE POSTPAID 23371</planName><simNo>8961990");
        assertThat(detail).contains("<isEsim>true</isEsim><connectDate>");
        Map<String, Object> qr = rest("POST", "/v1/mobile/resource/getEsimDetails", "{\"requestType\":\"QR Code\",\"msn\":\"0499000003\"}");
        assertThat(qr).containsEntry("success", true);
        assertThat(qr.get("response").toString()).contains("activationCode=LPA:1$");
        assertThat(portIn("0499000003", "<isEsim>true</isEsim><dob>1990-02-02</dob>")).as("an active service cannot be ported in again")
                .contains("<errorCode>10</errorCode>");
    }

    // ------------------------------------------------------------------ eSIM (G-ESIM, M5)

    @Test
    @SuppressWarnings("unchecked")
    void simDetailsAndResetFollowTheProfileState() throws Exception {
        String msn = (String) seed(23371, true).get("serviceNumber");
        Map<String, Object> details = rest("POST", "/v1/mobile/resource/getEsimDetails", "{\"requestType\":\"SIM Details\",\"msn\":\"" + msn + "\"}");
        assertThat(details).containsEntry("success", true).containsEntry("errorCode", 0);
        assertThat((Map<String, Object>) details.get("response")).containsEntry("msn", msn).containsEntry("profileState", "LINKED")
                .containsKeys("iccid", "eid");
        String reset = "{\"orderType\":\"Reset Esim\",\"targetState\":\"RELEASED\",\"msn\":\"" + msn + "\"}";
        assertThat(rest("POST", "/v1/mobile/resource/manageEsim", reset)).isEqualTo(Map.of("success", true, "profileState", "RELEASED"));

        assertThat(admin("POST", "/esim/profile-state", "{\"msn\":\"" + msn + "\",\"profileState\":\"ENABLED\"}").body()).contains("\"updated\":true");
        assertThat(((Map<String, Object>) rest("POST", "/v1/mobile/resource/getEsimDetails",
                "{\"requestType\":\"SIM Details\",\"msn\":\"" + msn + "\"}").get("response"))).containsEntry("profileState", "ENABLED");
        Map<String, Object> refused = rest("POST", "/v1/mobile/resource/manageEsim", reset);
        assertThat(refused).as("G-ESIM: {success:false, profileState:<unchanged>}").isEqualTo(Map.of("success", false, "profileState", "ENABLED"));

        assertThat(sim.state().setEsimProfileState(msn, "ERROR")).isTrue();
        assertThat(rest("POST", "/v1/mobile/resource/manageEsim", reset)).containsEntry("success", true).containsEntry("profileState", "RELEASED");
        assertThat(rest("POST", "/v1/mobile/resource/manageEsim", "{\"orderType\":\"Reset Esim\",\"targetState\":\"RELEASED\",\"msn\":\"0400999999\"}"))
                .containsEntry("success", false).containsEntry("errorCode", 21);
        assertThat(sim.callLog().entries()).filteredOn(e -> "manageEsim".equals(e.operation()))
                .extracting(e -> e.key("orderType") + "/" + e.key("msn") + "/" + e.outcome())
                .containsExactly("Reset Esim/" + msn + "/ok", "Reset Esim/" + msn + "/error:null", "Reset Esim/" + msn + "/ok",
                        "Reset Esim/0400999999/error:21");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSimSwapMovesTheServiceToANewEsim() throws Exception {
        Map<String, Object> line = seed(23371, true);
        String msn = (String) line.get("serviceNumber");
        String simDetails = "{\"requestType\":\"SIM Details\",\"msn\":\"" + msn + "\"}";
        String oldIccid = (String) ((Map<String, Object>) rest("POST", "/v1/mobile/resource/getEsimDetails", simDetails).get("response")).get("iccid");
        assertThat(tag(orderCreate("CHANGE_WME_SIM", "<wmeSimSwapReqItem><lineSeqNo>" + line.get("lineSeqNo")
                + "</lineSeqNo><simNo>8961000000000000004</simNo><esim>true</esim></wmeSimSwapReqItem>"), "errorCode")).as("simNo or esim, not both").isEqualTo("10");
        String created = orderCreate("CHANGE_WME_SIM", "<wmeSimSwapReqItem><lineSeqNo>" + line.get("lineSeqNo")
                + "</lineSeqNo><esim>true</esim><qrcode>false</qrcode></wmeSimSwapReqItem>");
        String orderId = tag(created, "orderId");
        assertThat(orderQuery(orderId)).contains("<action>CHANGE_WME_SIM</action>")
                .contains("<orderItems><wmeSimSwapReqItem><lineSeqNo>" + line.get("lineSeqNo") + "</lineSeqNo><esim>true</esim><qrcode>false</qrcode></wmeSimSwapReqItem></orderItems>");
        assertThat(rest("POST", "/v1/mobile/resource/getEsimDetails", "{\"requestType\":\"QR Code\",\"msn\":\"" + msn + "\"}"))
                .as("no QR code while the swap is in progress").containsEntry("success", false).containsEntry("errorCode", 30);
        commitOrders();
        Map<String, Object> after = (Map<String, Object>) rest("POST", "/v1/mobile/resource/getEsimDetails", simDetails).get("response");
        assertThat(after.get("iccid")).isNotEqualTo(oldIccid).asString().startsWith("8961990");
        assertThat(after).containsEntry("profileState", "LINKED");
        assertThat(rest("POST", "/v1/mobile/resource/getEsimDetails", "{\"requestType\":\"QR Code\",\"msn\":\"" + msn + "\"}").get("response").toString())
                .contains("activationCode=LPA:1$").contains(orderId);
        assertThat(serviceDetail(msn)).contains("<simNo>" + after.get("iccid") + "</simNo><isEsim>true</isEsim>");
        assertThat(sim.callLog().entries()).filteredOn(e -> "orderCreate".equals(e.operation()))
                .extracting(e -> e.key("orderAction") + "/" + e.key("lineSeqNo") + "/" + e.key("esim") + "/" + e.key("qrcode"))
                .containsExactly("CHANGE_WME_SIM/1/true/null", "CHANGE_WME_SIM/1/true/false");
    }

    @Test
    void anAddWmeNewOrderCreatesItsServiceWhenItCommits() throws Exception {
        String reserve = soap("UtbPooledResource", PR, "reserveResources", LOGIN
                + "<reservePooledResourcesRequest><resourceType>WME_MSN</resourceType><numResources>1</numResources></reservePooledResourcesRequest>");
        String msn = tag(reserve, "resourceValue");
        soap("UtbPooledResource", PR, "selectResource", LOGIN
                + "<selectPooledResourceRequest><resource>" + msn + "</resource><resourceType>WME_MSN</resourceType></selectPooledResourceRequest>");
        String created = orderCreate("ADD_WME_NEW", "<wmeNewReqItem><planNo>23372</planNo><msn>" + msn + "</msn><simNo>8961000000000000005</simNo></wmeNewReqItem>");
        assertThat(tag(created, "errorCode")).isEqualTo("0");
        assertThat(serviceDetail(msn)).contains("<errorCode>21</errorCode>");
        commitOrders();
        assertThat(serviceDetail(msn)).contains("<lineSeqno>1</lineSeqno><serviceNumber>" + msn + "</serviceNumber><status>ACTIVE</status><planNo>23372</planNo>"
                + "<planName>MOBILE NON-POOL 23372</planName><simNo>8961000000000000005</simNo><isEsim>false</isEsim>");
        assertThat(soap("UtbServiceV3", SVC, "getServiceDetail", LOGIN + "<serviceDetail><serviceDetails><custno>" + CUST
                + "</custno><serviceNumber>0400000000</serviceNumber></serviceDetails></serviceDetail>"))
                .contains("<return><errorCode>21</errorCode><errorMessage>");
        assertThat(sim.callLog().entries()).filteredOn(e -> "getServiceDetail".equals(e.operation()))
                .allMatch(e -> String.valueOf(CUST).equals(e.key("custNo")) && e.key("serviceNumber") != null);
    }

    // ------------------------------------------------------------------ in-life changes (M7)

    @Test
    void aPlanChangeChangesThePlanSeenByGetServiceDetail() throws Exception {
        Map<String, Object> line = seed(23371, false);
        String msn = (String) line.get("serviceNumber");
        String created = orderCreate("CHANGE_WME_PLAN", "<wmeModifyPlanReqItem><lineSeqNo>" + line.get("lineSeqNo")
                + "</lineSeqNo><planno>23047</planno><custReqDate>01-08-2024</custReqDate></wmeModifyPlanReqItem>");
        String orderId = tag(created, "orderId");
        assertThat(serviceDetail(msn)).contains("<planNo>23371</planNo>");
        commitOrders();
        assertThat(orderQuery(orderId)).contains("<planName>POOL CONSUMER</planName>")
                .contains("<wmeModifyPlanReqItem><lineSeqNo>1</lineSeqNo><planno>23047</planno><custReqDate>01-08-2024</custReqDate></wmeModifyPlanReqItem>");
        assertThat(serviceDetail(msn)).contains("<planNo>23047</planNo><planName>POOL CONSUMER</planName>");
        CallLog.Entry create = sim.callLog().entries().stream().filter(e -> "orderCreate".equals(e.operation())).findFirst().orElseThrow();
        assertThat(create.keys()).containsEntry("orderAction", "CHANGE_WME_PLAN").containsEntry("custNo", "554433").containsEntry("lineSeqNo", "1")
                .containsEntry("planno", "23047").containsEntry("orderId", orderId);
        assertThat(tag(orderCreate("CHANGE_WME_PLAN", "<wmeModifyPlanReqItem><lineSeqNo>9</lineSeqNo><planno>23371</planno></wmeModifyPlanReqItem>"), "errorCode"))
                .as("no such service").isEqualTo("21");
        assertThat(tag(orderCreate("CHANGE_WME_PLAN", "<wmeModifyPlanReqItem><lineSeqNo>1</lineSeqNo><planno>99999</planno></wmeModifyPlanReqItem>"), "errorCode"))
                .as("invalid plan").isEqualTo("40");
    }

    @Test
    void aPlanChangeWithCustReqDateNotDdMmYyyyIsError10() throws Exception {
        Map<String, Object> line = seed(23371, false);
        for (String date : List.of("2024-08-01", "31-02-2024", "1-8-2024")) {
            String answer = orderCreate("CHANGE_WME_PLAN", "<wmeModifyPlanReqItem><lineSeqNo>" + line.get("lineSeqNo")
                    + "</lineSeqNo><planno>23372</planno><custReqDate>" + date + "</custReqDate></wmeModifyPlanReqItem>");
            assertThat(tag(answer, "errorCode")).as(date).isEqualTo("10");
            assertThat(tag(answer, "errorMessage")).contains("dd-MM-yyyy");
        }
    }

    @Test
    void anUnknownOnceOffBoltOnCodeIsError10() throws Exception {
        Map<String, Object> line = seed(23371, false);
        String unknown = orderCreate("ADD_ONCEOFF", "<wmeOnceOffBoltonReqItem><lineSeqNo>" + line.get("lineSeqNo")
                + "</lineSeqNo><onceOffBoltonCode>XX99</onceOffBoltonCode></wmeOnceOffBoltonReqItem>");
        assertThat(tag(unknown, "errorCode")).isEqualTo("10");
        String known = orderCreate("ADD_ONCEOFF", "<wmeOnceOffBoltonReqItem><lineSeqNo>" + line.get("lineSeqNo")
                + "</lineSeqNo><onceOffBoltonCode>CF01</onceOffBoltonCode></wmeOnceOffBoltonReqItem>");
        assertThat(tag(known, "errorCode")).isEqualTo("0");
        assertThat(orderQuery(tag(known, "orderId"))).contains("<wmeOnceOffBoltonReqItem><lineSeqNo>1</lineSeqNo><onceOffBoltonCode>CF01</onceOffBoltonCode>");
    }

    @Test
    void productAndExcessChangesValidateTheirItems() throws Exception {
        Map<String, Object> line = seed(23371, false);
        String lineSeqNo = "<lineSeqNo>" + line.get("lineSeqNo") + "</lineSeqNo>";
        assertThat(tag(orderCreate("CHANGE_WME_PRODUCT", "<wmeChangeProductReqItem>" + lineSeqNo + "<productCodes/></wmeChangeProductReqItem>"), "errorCode"))
                .as("at least one product").isEqualTo("10");
        assertThat(tag(orderCreate("CHANGE_WME_PRODUCT", "<wmeChangeProductReqItem>" + lineSeqNo
                + "<productCodes><products><accessLevel>0</accessLevel><productCode>CBAID</productCode></products></productCodes></wmeChangeProductReqItem>"), "errorCode"))
                .as("classCode required").isEqualTo("10");
        String products = orderCreate("CHANGE_WME_PRODUCT", "<wmeChangeProductReqItem>" + lineSeqNo + "<productCodes>"
                + "<products><accessLevel>0</accessLevel><classCode>E0001</classCode><productCode>CBAID</productCode></products>"
                + "<products><accessLevel>1</accessLevel><classCode>E0002</classCode><productCode>IDD</productCode></products></productCodes></wmeChangeProductReqItem>");
        assertThat(orderQuery(tag(products, "orderId"))).contains("<productCodes><products><accessLevel>0</accessLevel><classCode>E0001</classCode>"
                + "<productCode>CBAID</productCode></products><products><accessLevel>1</accessLevel>");
        assertThat(tag(orderCreate("CHANGE_WME_EXCESS", "<wmeExcessSpendReqItem>" + lineSeqNo + "<seqNo>10</seqNo></wmeExcessSpendReqItem>"), "errorCode"))
                .as("spendCode required").isEqualTo("10");
        assertThat(tag(orderCreate("CHANGE_WME_EXCESS", "<wmeExcessSpendReqItem>" + lineSeqNo + "<spendCode>80610</spendCode><seqNo>10</seqNo></wmeExcessSpendReqItem>"),
                "errorCode")).isEqualTo("0");
        assertThat(tag(orderCreate("CHANGE_WME_TELEPORT", "<wmeNewReqItem/>"), "errorCode")).as("unknown action").isEqualTo("10");
        assertThat(soap("UtbOrder", ORD, "orderCreate", LOGIN + "<createRequest><custNo>999999</custNo><orderType>SRVC_ORD</orderType>"
                + "<orderAction>ADD_ONCEOFF</orderAction><orderItems><wmeOnceOffBoltonReqItem><lineSeqNo>1</lineSeqNo><onceOffBoltonCode>CF01</onceOffBoltonCode>"
                + "</wmeOnceOffBoltonReqItem></orderItems></createRequest>")).as("unknown customer").contains("<errorCode>20</errorCode>");
    }

    // ------------------------------------------------------------------ data pools (M6, G-POOL-*)

    @Test
    void aPoolIsFoundFromOrderQueryThroughGetServiceDetailToGetDataPool() throws Exception {
        Pool pool = createPool("Family pool");
        assertThat(pool.msn()).matches("04\\d{8}");
        assertThat(pool.lineSeqNo()).isEqualTo("1");
        assertThat(pool.memberId()).matches("\\d+");
        assertThat(sim.callLog().entries()).extracting(CallLog.Entry::operation)
                .containsExactly("orderCreate", "orderQuery", "getServiceDetail", "getDataPool");
        CallLog.Entry get = sim.callLog().entries().get(3);
        assertThat(get.keys()).containsEntry("custno", "554433").containsEntry("lineseqno", "1");
        assertThat(sim.callLog().entries().get(0).keys()).containsEntry("orderAction", "ADD_WME_NEW").containsEntry("planNo", "23045");
        assertThat(tag(orderCreate("ADD_WME_NEW", "<WmeNewDataPoolReqItem><planNo>23371</planNo><poolName>x</poolName></WmeNewDataPoolReqItem>"), "errorCode"))
                .as("not a provider plan").isEqualTo("40");
        assertThat(tag(orderCreate("ADD_WME_NEW", "<WmeNewDataPoolReqItem><planNo>23046</planNo></WmeNewDataPoolReqItem>"), "errorCode"))
                .as("poolName required").isEqualTo("10");
        Map<String, Object> notAPool = rest("GET", "/v1/datapool?custno=" + CUST + "&lineseqno=99", null);
        assertThat(notAPool).containsEntry("success", false).containsEntry("errorCode", 21);
    }

    @Test
    void aPoolNeedsAnEsimFromTheStock() throws Exception {
        sim.state().setEsimStock(0);
        String answer = orderCreate("ADD_WME_NEW", "<WmeNewDataPoolReqItem><planNo>23045</planNo><poolName>p</poolName></WmeNewDataPoolReqItem>");
        assertThat(tag(answer, "errorCode")).isEqualTo("30");
        assertThat(tag(answer, "errorMessage")).isEqualTo("Resources not available");
    }

    @Test
    void optInRejectsAServiceNotOnAConsumerPlan() throws Exception {
        Pool pool = createPool("p");
        String ordinary = (String) seed(23371, false).get("serviceNumber");
        String answer = bulk("WME_OPT_IN_CONSUMER", optIn(pool.memberId(), ordinary));
        assertThat(answer).contains("<return><errorCode>0</errorCode><ordersCreateResponse><orderResponse><errorCode>41</errorCode><errorMessage>");
        assertThat(tag(bulk("WME_OPT_IN_CONSUMER", optIn("123", ordinary)), "errorMessage")).as("no such pool").contains("does not exist");
        assertThat(bulk("WME_OPT_IN_CONSUMER", optIn(pool.memberId(), "0400000001"))).as("not an active service").contains("<errorCode>21</errorCode>");
        String consumer = (String) seed(23047, true).get("serviceNumber");
        assertThat(bulk("WME_OPT_IN_CONSUMER", optIn(pool.memberId(), consumer))).contains("<orderResponse><errorCode>0</errorCode><orderId>");
        assertThat(bulk("WME_OPT_IN_CONSUMER", optIn(pool.memberId(), consumer))).as("already in a pool")
                .contains("<orderResponse><errorCode>10</errorCode>").contains("already in data pool");
        CallLog.Entry last = sim.callLog().entries().get(sim.callLog().entries().size() - 1);
        assertThat(last.keys()).containsEntry("orderAction", "WME_OPT_IN_CONSUMER").containsEntry("providerId", pool.memberId())
                .containsEntry("serviceNumber", consumer);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOptInIsPendingUntilItsOrderCommits() throws Exception {
        sim.stop();
        SimulatorConfig config = new SimulatorConfig();
        config.port = 0;
        config.speed = 60; // one simulated minute per real second
        config.commitAfterByAction.put("WME_OPT_IN_CONSUMER", Duration.ofMinutes(1));
        sim = new OctaneSimulator(config);
        sim.start();
        Pool pool = createPool("fast"); // the pool's own order: the clock is jumped
        String a = (String) seed(23047, true).get("serviceNumber");
        String b = (String) seed(23047, false).get("serviceNumber");
        String answer = bulk("WME_OPT_IN_CONSUMER", optIn(pool.memberId(), a), optIn(pool.memberId(), b));
        Matcher ids = Pattern.compile("<orderResponse><errorCode>0</errorCode><orderId>(\\d+)</orderId></orderResponse>").matcher(answer);
        assertThat(ids.results().count()).as("one order per service").isEqualTo(2);
        assertThat(consumer(pool, a)).containsEntry("dataPoolStatus", "OPTED-IN PENDING").containsEntry("custNo", 554433);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(consumer(pool, a)).containsEntry("dataPoolStatus", "OPTED-IN"));
        assertThat(consumer(pool, b)).containsEntry("dataPoolStatus", "OPTED-IN");
        Map<String, Object> all = rest("GET", "/v1/datapool?custno=" + CUST + "&lineseqno=" + pool.lineSeqNo(), null);
        assertThat(all).containsEntry("consumerCount", 2);
        CallLog.Entry bulkCall = sim.callLog().entries().stream().filter(e -> "orderCreateBulk".equals(e.operation())).findFirst().orElseThrow();
        assertThat(bulkCall.keys()).containsEntry("orderCount", "2").containsEntry("serviceNumbers", a + "," + b);
        assertThat(bulkCall.key("orderIds")).matches("\\d+,\\d+");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDataLimitCannotBeRemovedOnceSet() throws Exception {
        Pool pool = createPool("limits");
        String msn = optedInConsumer(pool);
        Map<String, Object> c = consumer(pool, msn);
        String item = "{\"custNo\":554433,\"lineSeqNo\":" + c.get("lineSeqNo") + ",\"dataLimit\":%s}";
        Map<String, Object> set = rest("POST", "/v1/datapool/modify-consumer-data-limit", "{\"consumerServices\":[" + item.formatted("10737418240") + "]}");
        assertThat(set).containsEntry("errorCode", 0);
        assertThat((List<Map<String, Object>>) set.get("orderDetails")).singleElement().satisfies(d -> assertThat(d).containsEntry("success", true)
                .containsKey("orderId"));
        String limitOrder = (String) ((List<Map<String, Object>>) set.get("orderDetails")).get(0).get("orderId");
        commitOrders();
        assertThat(consumer(pool, msn)).containsEntry("dataLimit", 10737418240L);
        assertThat(orderQuery(limitOrder)).as("a REST-created order can be followed").contains("<action>MODIFY_CONSUMER_DATA_LIMIT</action>")
                .contains("<internalStatus>COMMITTED</internalStatus>");
        for (String removal : List.of("0", "null")) {
            Map<String, Object> refused = rest("POST", "/v1/datapool/modify-consumer-data-limit", "{\"consumerServices\":[" + item.formatted(removal) + "]}");
            assertThat(refused).containsEntry("success", false).containsEntry("errorCode", 51);
            assertThat((String) refused.get("errorMessage")).contains("data limit cannot be removed");
        }
        Map<String, Object> mixed = rest("POST", "/v1/datapool/modify-consumer-data-limit", "{\"consumerServices\":[" + item.formatted("5368709120")
                + ",{\"custNo\":554433,\"lineSeqNo\":" + pool.lineSeqNo() + ",\"dataLimit\":1}]}");
        assertThat(mixed).as("the pool itself is no consumer: the whole request is refused").containsEntry("success", false).containsEntry("errorCode", 21);
        commitOrders();
        assertThat(consumer(pool, msn)).as("nothing changed").containsEntry("dataLimit", 10737418240L);
        assertThat(rest("POST", "/v1/datapool/modify-consumer-data-limit", "{\"consumerServices\":[" + item.formatted("5368709120") + "]}"))
                .as("lowering is fine").containsEntry("errorCode", 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTransferNeedsAnExistingTargetPool() throws Exception {
        Pool source = createPool("source");
        String msn = optedInConsumer(source);
        String body = "{\"custno\":554433,\"lineseqno\":" + source.lineSeqNo() + ",\"newProviderId\":\"%s\",\"newProviderLineseqno\":%s,\"serviceNumbers\":[\"" + msn + "\"]}";
        Map<String, Object> missing = rest("POST", "/v1/datapool/transfer", body.formatted("999999", "7"));
        assertThat(missing).containsEntry("success", false).containsEntry("errorCode", 10);
        assertThat((String) missing.get("errorMessage")).contains("target pool does not exist");
        assertThat(rest("POST", "/v1/datapool/transfer", "{\"custno\":554433,\"lineseqno\":" + source.lineSeqNo() + ",\"serviceNumbers\":[\"" + msn + "\"]}"))
                .as("newProviderId is mandatory").containsEntry("errorCode", 10);
        Pool target = createPool("target");
        assertThat(rest("POST", "/v1/datapool/transfer", body.formatted(target.memberId(), "99"))).as("lineseqno must match the target")
                .containsEntry("errorCode", 10);
        Map<String, Object> moved = rest("POST", "/v1/datapool/transfer", body.formatted(target.memberId(), target.lineSeqNo()));
        assertThat((List<Map<String, Object>>) moved.get("orderDetails")).singleElement().satisfies(d -> assertThat(d).containsEntry("success", "true"));
        assertThat(consumer(source, msn)).containsEntry("dataPoolStatus", "OPTED-OUT PENDING");
        assertThat(consumer(target, msn)).containsEntry("dataPoolStatus", "OPTED-IN PENDING");
        commitOrders();
        assertThat(consumer(source, msn)).containsEntry("dataPoolStatus", "OPTED-OUT");
        assertThat(consumer(target, msn)).containsEntry("dataPoolStatus", "OPTED-IN");
        assertThat(rest("POST", "/v1/datapool/transfer", body.formatted(target.memberId(), target.lineSeqNo()))).as("no longer OPTED-IN in the source")
                .containsEntry("errorCode", 10);
        assertThat(sim.callLog().entries()).filteredOn(e -> "transferDataPool".equals(e.operation()))
                .extracting(e -> e.key("custno") + "/" + e.key("lineseqno") + "/" + e.key("newProviderId"))
                .contains("554433/1/999999", "554433/1/null", "554433/1/" + target.memberId());
    }

    @Test
    void aPoolCanOnlyBeDisconnectedWhenEmpty() throws Exception {
        Pool pool = createPool("to close");
        String msn = optedInConsumer(pool);
        String disconnect = "{\"custno\":554433,\"lineseqno\":" + pool.lineSeqNo() + "}";
        Map<String, Object> refused = rest("POST", "/v1/datapool/disconnect", disconnect);
        assertThat(refused).containsEntry("success", false).containsEntry("errorCode", 50);
        String optOut = bulk("WME_OPT_OUT_CONSUMER", optOut(msn));
        assertThat(tag(optOut, "errorCode")).isEqualTo("0");
        assertThat(consumer(pool, msn)).containsEntry("dataPoolStatus", "OPTED-OUT PENDING");
        commitOrders();
        assertThat(consumer(pool, msn)).containsEntry("dataPoolStatus", "OPTED-OUT");
        assertThat(tag(bulk("WME_OPT_OUT_CONSUMER", optOut(msn)), "errorMessage")).as("no longer in a pool").contains("not in a data pool");
        Map<String, Object> accepted = rest("POST", "/v1/datapool/disconnect", disconnect);
        assertThat(accepted).containsEntry("success", true).containsKey("orderId");
        commitOrders();
        assertThat(orderQuery((String) accepted.get("orderId"))).contains("<action>DISCONNECT_DATA_POOL</action>").doesNotContain("<orderItems>");
        assertThat(serviceDetail(pool.msn())).contains("<status>DISCONNECTED</status>");
        assertThat(sim.callLog().entries()).filteredOn(e -> "disconnectDataPool".equals(e.operation())).extracting(CallLog.Entry::outcome)
                .containsExactly("error:50", "ok");
    }
}
