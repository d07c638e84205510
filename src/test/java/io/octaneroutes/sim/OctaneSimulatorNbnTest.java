package io.octaneroutes.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The NBN REST part of the simulator on the wire (rest-api.md §7-8, flows.md N1-N7; gaps G-ADDR,
 * G-PLANS, G-NBN-ACT, G-NBN-ORD, G-APPT, G-DIAG, G-TESTDATA), with JSON as other Octane clients
 * send it. Orders move on the simulated clock, which the tests jump ahead; enquiries complete
 * after one to two real seconds.
 */
class OctaneSimulatorNbnTest {
    private static final long CUST = 554433;
    private static final long OTHER_CUST = 123456;
    private static final String UTRILLO = "LOC380100000995"; // FTTP SC3, port 1 Used, port 2 Free
    private static final String MONET = "LOC380100001001"; // FTTP SC1, no NTD: appointment
    private static final String DEGAS = "LOC380100002002"; // HFC SC21: appointment
    private static final String RENOIR = "LOC380100003003"; // FTTN SC13: no appointment
    private static final String MATISSE = "LOC380100004004"; // not serviceable
    private static final String CEZANNE = "LOC380100005005"; // port 1 used by nbn-tc4
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    /** seed page 003, the doc's example body, byte for byte */
    private static final String SEED_003 = """
            {
                "orderType": "Change",
                "subOrderType": "PlanChange",
                "service": {
                    "custNo": 0,
                    "csn": "nbn-tc4",
                    "planNo": 0
                },
                "custReqDate": "2019-08-24T14:15:22Z"
            }""";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private OctaneSimulator sim;

    @BeforeEach
    void start() throws IOException {
        SimulatorConfig config = new SimulatorConfig();
        config.port = 0;
        config.nbn.acknowledgeAfter = Duration.ofMinutes(1);
        config.nbn.inProgressAfter = Duration.ofMinutes(5);
        config.nbn.scheduleAfter = Duration.ofMinutes(5);
        config.nbn.activationCompleteAfter = Duration.ofHours(1);
        config.nbn.changeCompleteAfter = Duration.ofMinutes(10);
        config.nbn.disconnectCompleteAfter = Duration.ofMinutes(10);
        config.nbn.enquiryStartAfter = Duration.ofMillis(200);
        config.nbn.enquiryCompleteAfter = Duration.ofSeconds(1);
        config.nbn.enquiryCompleteAfterMax = Duration.ofSeconds(2);
        sim = new OctaneSimulator(config);
        sim.start();
    }

    @AfterEach
    void stop() {
        sim.stop();
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> send(String method, String path, String body, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + path)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        b = "GET".equals(method) ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A REST call that Octane answers with HTTP 200: success, or a validation error (success false). */
    private Map<String, Object> rest(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body, "demo:demo-password");
        assertThat(r.statusCode()).as("validation errors come with HTTP 200: " + r.body()).isEqualTo(200);
        return json.readValue(r.body(), MAP);
    }

    private Map<String, Object> post(String path, Object body) throws Exception {
        return rest("POST", path, body instanceof String s ? s : json.writeValueAsString(body));
    }

    private Map<String, Object> get(String path) throws Exception {
        return rest("GET", path, null);
    }

    /** A GET answered with a bare JSON array (G-PLANS, G-APPT). */
    private List<Map<String, Object>> array(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null, "demo:demo-password");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).as("a bare JSON array").startsWith("[");
        return json.readValue(r.body(), new TypeReference<List<Map<String, Object>>>() {
        });
    }

    private HttpResponse<String> admin(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl().replace("/tiab", "/sim") + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> response(Map<String, Object> answer) {
        assertThat(answer).as(String.valueOf(answer)).containsEntry("success", true).containsEntry("errorCode", 0);
        return (Map<String, Object>) answer.get("response");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> answer) {
        assertThat(answer).as(String.valueOf(answer)).containsEntry("success", true).containsEntry("errorCode", 0);
        return (List<Map<String, Object>>) answer.get("response");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** A refusal: HTTP 200 (checked by rest), success false, this errorCode and a message. */
    private static void refused(Map<String, Object> answer, int errorCode, String messagePart) {
        assertThat(answer).as(String.valueOf(answer)).containsEntry("success", false).containsEntry("errorCode", errorCode);
        assertThat((String) answer.get("errorMessage")).containsIgnoringCase(messagePart);
    }

    private Map<String, Object> sq(String locationId) throws Exception {
        return response(post("/v1/qualification/check", Map.of("productSelection", "nbn", "locationId", locationId)));
    }

    /** An activation body built from an SQ answer, as the N1 flow says. portId null: no infrastructureOption. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> activationBody(Map<String, Object> sq, String subOrderType, String portId, int planNo, long custNo, String custReqDate) {
        Map<String, Object> location = map(sq.get("location"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderType", "New");
        body.put("subOrderType", subOrderType);
        body.put("serviceClass", location.get("serviceClass"));
        body.put("remoteQualificationSearchId", sq.get("remoteQualificationSearchId"));
        body.put("qualificationSearchId", sq.get("qualificationSearchId"));
        body.put("remoteOrderId", sq.get("remoteOrderId"));
        body.put("locationId", location.get("id"));
        if (portId != null) {
            String ntd = (String) ((List<Map<String, Object>>) sq.get("infrastructures")).get(0).get("id");
            body.put("infrastructureOption", Map.of("infrastructureId", ntd, "portId", portId));
        }
        body.put("service", new LinkedHashMap<>(Map.of("custNo", custNo, "planNo", planNo)));
        body.put("custReqDate", custReqDate);
        return body;
    }

    private String now() {
        return sim.clock().now().toString();
    }

    private String activate(String locationId, String subOrderType, String portId, int planNo, long custNo) throws Exception {
        Map<String, Object> answer = post("/v1/service/orders/new", activationBody(sq(locationId), subOrderType, portId, planNo, custNo, now()));
        assertThat(answer).as(String.valueOf(answer)).containsOnlyKeys("orderId", "success").containsEntry("success", true);
        assertThat((String) answer.get("orderId")).matches("ORD\\d+");
        return (String) answer.get("orderId");
    }

    /** G-NBN-ORD: Get Order Detail answers the detail at the top level, without an envelope. */
    private Map<String, Object> order(String orderId) throws Exception {
        Map<String, Object> detail = get("/v1/service/orders/" + orderId);
        assertThat(detail).as(String.valueOf(detail)).doesNotContainKeys("response", "success", "errorCode").containsEntry("orderId", orderId);
        return detail;
    }

    /** G-DIAG: Get Enquiry Detail answers {status, result?} at the top level. */
    private Map<String, Object> enquiry(String enquiryId) throws Exception {
        Map<String, Object> detail = get("/v1/enquiry/" + enquiryId);
        assertThat(detail.keySet()).as(String.valueOf(detail)).containsAnyOf("status").isSubsetOf("status", "result");
        return detail;
    }

    /** G-NBN-ORD: an order that cannot be withdrawn is {success:false, errorMessage}, nothing more. */
    private static void notWithdrawable(Map<String, Object> answer, String messagePart) {
        assertThat(answer).as(String.valueOf(answer)).containsOnlyKeys("success", "errorMessage").containsEntry("success", false);
        assertThat((String) answer.get("errorMessage")).containsIgnoringCase(messagePart);
    }

    private String status(String orderId) throws Exception {
        return (String) order(orderId).get("status");
    }

    private void awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(5)).until(() -> status.equals(status(orderId)));
    }

    private void advance(Duration d) {
        sim.clock().advance(d);
    }

    private void advanceTo(Instant t) {
        advance(Duration.between(sim.clock().now(), t));
    }

    private static Instant slotEnd(Map<String, Object> slot) {
        return LocalDate.parse((String) slot.get("date")).atTime(LocalTime.parse((String) slot.get("endTime"))).atZone(SYDNEY).toInstant();
    }

    private String change(String subOrderType, long custNo, String csn, Integer planNo) throws Exception {
        Map<String, Object> answer = post("/v1/service/orders/change", changeBody(subOrderType, custNo, csn, planNo, "2019-08-24T14:15:22Z"));
        assertThat(answer).as(String.valueOf(answer)).containsOnlyKeys("orderId", "success").containsEntry("success", true);
        return (String) answer.get("orderId");
    }

    private static Map<String, Object> changeBody(String subOrderType, long custNo, String csn, Integer planNo, String custReqDate) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("custNo", custNo);
        service.put("csn", csn);
        if (planNo != null) {
            service.put("planNo", planNo);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderType", "Change");
        body.put("subOrderType", subOrderType);
        body.put("service", service);
        body.put("custReqDate", custReqDate);
        return body;
    }

    /** A change order is held until its (past) custReqDate, then completes 10 simulated minutes after creation. */
    private void completeChange(String orderId) throws Exception {
        assertThat(status(orderId)).isEqualTo("Pending");
        advance(Duration.ofMinutes(11));
        awaitStatus(orderId, "Completed");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> port(Map<String, Object> sq, String portId) {
        List<Map<String, Object>> ports = (List<Map<String, Object>>) ((List<Map<String, Object>>) sq.get("infrastructures")).get(0).get("ntdPort");
        return ports.stream().filter(p -> portId.equals(p.get("portId"))).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ address search (G-ADDR)

    @Test
    void addressSearchMatchesAnyPartOfTheAddressIgnoringCaseOnV1AndV2() throws Exception {
        List<Map<String, Object>> utrillo = list(get("/v1/address/search?query=utrillo"));
        assertThat(utrillo).hasSize(1);
        assertThat(utrillo.get(0).keySet()).containsExactly("locationId", "addressString", "streetNumber", "street", "suburb", "state", "postcode");
        assertThat(utrillo.get(0)).containsEntry("locationId", UTRILLO).containsEntry("addressString", "995 UTRILLO Place, BOX HILL NORTH, Victoria, 3129")
                .containsEntry("streetNumber", "995").containsEntry("street", "UTRILLO Place").containsEntry("suburb", "BOX HILL NORTH")
                .containsEntry("state", "Victoria").containsEntry("postcode", "3129");
        assertThat(list(get("/v2/address/search?query=" + q("Box Hill North")))).extracting(a -> a.get("locationId")).containsExactly(UTRILLO, MONET, CEZANNE);
        for (Map.Entry<String, String> e : Map.of("monet", MONET, "degas", DEGAS, "RENOIR road", RENOIR, "matisse", MATISSE, "cezanne", CEZANNE).entrySet()) {
            assertThat(list(get("/v1/address/search?query=" + q(e.getKey())))).extracting(a -> a.get("locationId")).containsExactly(e.getValue());
        }
        assertThat(list(get("/v1/address/search?query=" + q("1 Nowhere Street")))).as("no match: success and an empty list").isEmpty();
        refused(get("/v1/address/search"), 10, "query");
        assertThat(sim.callLog().entries()).extracting(CallLog.Entry::operation).contains("searchAddress", "searchAddressV2");
        assertThat(sim.callLog().entries().toString().toLowerCase()).as("no address text in the call log").doesNotContain("utrillo").doesNotContain("box hill");
    }

    // ------------------------------------------------------------------ SQ (rest-api.md §7)

    @Test
    void serviceQualificationAnswersTheDocumentedShapeWithAUsedAndAFreePort() throws Exception {
        Map<String, Object> answer = post("/v1/qualification/check", Map.of("productSelection", "nbn", "locationId", UTRILLO));
        assertThat(answer.keySet()).containsExactly("errorCode", "errorMessage", "success", "response");
        assertThat(answer).containsEntry("errorCode", 0).containsEntry("errorMessage", "Service qualification is successful").containsEntry("success", true);
        Map<String, Object> sq = map(answer.get("response"));
        assertThat(sq.keySet()).containsExactly("remoteOrderId", "qualificationSearchId", "remoteQualificationSearchId", "productSelection",
                "dateSubmitted", "location", "product", "infrastructures");
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        assertThat(List.of(sq.get("remoteOrderId"), sq.get("qualificationSearchId"), sq.get("remoteQualificationSearchId")))
                .allSatisfy(id -> assertThat((String) id).matches(uuid)).doesNotHaveDuplicates();
        assertThat(sq).containsEntry("productSelection", "nbn")
                .containsEntry("dateSubmitted", sim.clock().now().atZone(SYDNEY).toLocalDate().format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy")));
        Map<String, Object> location = map(sq.get("location"));
        assertThat(location.keySet()).containsExactly("id", "addressString", "streetNumber", "street", "suburb", "state", "postcode", "gpsLatitude",
                "gpsLongitude", "technologyType", "technologyTypeDescription", "serviceClass", "serviceClassDescription", "region", "locationIdentifiers");
        assertThat(location).containsEntry("id", UTRILLO).containsEntry("technologyType", "FTTP").containsEntry("technologyTypeDescription", "Fibre")
                .containsEntry("serviceClass", "3").containsEntry("region", "Urban")
                .containsEntry("locationIdentifiers", Map.of("type", "POI", "id", "3ABC", "name", "Fake POI"));
        assertThat(map(sq.get("product"))).containsEntry("productName", "tc4").containsEntry("productResult", "Pass")
                .containsEntry("productResultReason", "serviceable")
                .containsEntry("supportedProductFeatures", List.of(Map.of("name", "AuthenticationType", "value", "IPoE"), Map.of("name", "IPType", "value", "Static")));
        Map<String, Object> ntd = map(((List<?>) sq.get("infrastructures")).get(0));
        assertThat(ntd).containsEntry("id", "NTD380100010995").containsEntry("ntdType", "INTERNAL").containsEntry("ntdPowerType", "AC")
                .containsEntry("batteryPowerUnit", "No").containsEntry("ntdLocation", "INDOOR");
        assertThat(port(sq, "1")).containsEntry("portName", "1-UNI-D1").containsEntry("uniType", "UNI-D").containsEntry("status", "Used")
                .containsEntry("fee", Map.of("type", "SERVICE_TRANSFER_FEE", "chargeAmount", 5.5))
                .containsEntry("referencedData", Map.of("productInstanceId", "PRI380100110995", "serviceProviderId", "0615"));
        assertThat(port(sq, "2")).containsOnlyKeys("portId", "portName", "uniType", "status").containsEntry("status", "Free");
        assertThat(sq("LOC380100000995").get("qualificationSearchId")).as("every SQ has fresh ids").isNotEqualTo(sq.get("qualificationSearchId"));
    }

    @Test
    void eachSeededLocationQualifiesAsDocumented() throws Exception {
        Map<String, Object> monet = sq(MONET);
        assertThat(map(monet.get("location"))).containsEntry("technologyType", "FTTP").containsEntry("serviceClass", "1");
        assertThat((List<?>) monet.get("infrastructures")).as("no NTD yet").isEmpty();
        assertThat(map(sq(DEGAS).get("location"))).containsEntry("technologyType", "HFC").containsEntry("technologyTypeDescription", "Hybrid Fibre Coaxial")
                .containsEntry("serviceClass", "21");
        assertThat(map(sq(RENOIR).get("location"))).containsEntry("technologyType", "FTTN").containsEntry("serviceClass", "13");
        Map<String, Object> matisse = sq(MATISSE);
        assertThat(map(matisse.get("product"))).containsEntry("productResult", "Fail").containsEntry("productResultReason", "Location not serviceable");
        assertThat(port(sq(CEZANNE), "1")).containsEntry("status", "Used");
        refused(post("/v1/qualification/check", Map.of("productSelection", "mobile", "locationId", UTRILLO)), 10, "productSelection");
        refused(post("/v1/qualification/check", Map.of("productSelection", "nbn", "locationId", "LOC000000000000")), 10, "not found");
        refused(post("/v1/qualification/check", Map.of("productSelection", "nbn")), 10, "locationId");
        refused(post("/v1/qualification/check", Map.of("productSelection", "nbn", "locationId", UTRILLO, "sqType", "XYZ")), 10, "NFAS");
        assertThat(response(post("/v1/qualification/check", Map.of("productSelection", "nbn", "locationId", UTRILLO, "sqType", "NFAS",
                "csn", "nbn-tc4", "pri", "PRI380100110995")))).containsKey("qualificationSearchId");
    }

    // ------------------------------------------------------------------ plans (G-PLANS)

    @Test
    void nbnPlansAreListedPerTechnology() throws Exception {
        List<Map<String, Object>> fttp = array("/v1/group/123/plan?productSelection=nbn&technologyType=FTTP");
        assertThat(fttp).extracting(p -> p.get("planNo")).containsExactly(30001, 30002, 30003, 30004);
        assertThat(fttp.get(0)).containsExactly(Map.entry("planNo", 30001), Map.entry("planName", "NBN 50/20"), Map.entry("speed", "50/20"),
                Map.entry("price", 79.0));
        assertThat(array("/v1/group/123/plan?productSelection=nbn&technologyType=FTTN")).extracting(p -> p.get("planNo"))
                .as("no gigabit on copper").containsExactly(30001, 30002, 30003);
        assertThat(array("/v1/group/123/plan?productSelection=nbn")).hasSize(4);
        refused(get("/v1/group/123/plan"), 10, "productSelection");
        refused(get("/v1/group/123/plan?productSelection=nbn&technologyType=DSL"), 10, "technologyType");
    }

    // ------------------------------------------------------------------ activation (G-NBN-ACT)

    @Test
    void anActivationOnAFreePortIsNewAndCompletionCreatesAService() throws Exception {
        String orderId = activate(UTRILLO, "New", "2", 30002, OTHER_CUST);
        Map<String, Object> pending = order(orderId);
        assertThat(pending).containsEntry("orderId", orderId).containsEntry("orderType", "New").containsEntry("subOrderType", "New")
                .containsEntry("status", "Pending").containsEntry("custNo", (int) OTHER_CUST).containsEntry("planNo", 30002)
                .containsKeys("csn", "custReqDate", "createdOn").doesNotContainKeys("appointment", "completedOn", "lineSeqNo", "locationId");
        assertThat((String) pending.get("csn")).as("G-NBN-ORD gives csn in every detail: numbered at order time").matches("N\\d{9}");
        advance(Duration.ofMinutes(2));
        awaitStatus(orderId, "Acknowledged");
        advance(Duration.ofMinutes(5));
        awaitStatus(orderId, "In Progress");
        advance(Duration.ofMinutes(55));
        awaitStatus(orderId, "Completed");
        Map<String, Object> done = order(orderId);
        assertThat((String) done.get("csn")).matches("N\\d{9}");
        assertThat(done).containsEntry("csn", pending.get("csn")).containsKey("completedOn").doesNotContainKey("lineSeqNo");
        assertThat(sim.state().nbnService(OTHER_CUST, (String) done.get("csn")))
                .isEqualTo(new SimNbn.ServiceView(OTHER_CUST, 1, (String) done.get("csn"), 30002, "Active", UTRILLO));
        Map<String, Object> port2 = port(sq(UTRILLO), "2");
        assertThat(port2).as("the port is now ours").containsEntry("status", "Used");
        assertThat(map(port2.get("referencedData"))).containsEntry("serviceProviderId", "0999");
        List<Map<String, Object>> orders = list(get("/v1/service/orders?custNo=" + OTHER_CUST));
        assertThat(orders).containsExactly(done);
    }

    @Test
    void transferIsRequiredExactlyWhenTheChosenPortIsUsed() throws Exception {
        Map<String, Object> sq = sq(UTRILLO);
        refused(post("/v1/service/orders/new", activationBody(sq, "New", "1", 30001, CUST, now())), 10, "must be Transfer");
        refused(post("/v1/service/orders/new", activationBody(sq, "Transfer", "2", 30001, CUST, now())), 10, "must be New");
        refused(post("/v1/service/orders/new", activationBody(sq, "New", null, 30001, CUST, now())), 10, "infrastructureOption");
        refused(post("/v1/service/orders/new", activationBody(sq, "New", "7", 30001, CUST, now())), 10, "port 7");
        refused(post("/v1/service/orders/new", activationBody(sq(RENOIR), "Transfer", null, 30001, CUST, now())), 10, "must be New");
        Map<String, Object> copper = activationBody(sq(RENOIR), "New", null, 30001, CUST, now());
        copper.put("infrastructureOption", Map.of("infrastructureId", "NTD380100010995", "portId", "2"));
        refused(post("/v1/service/orders/new", copper), 10, "no NTD");
        String transfer = (String) post("/v1/service/orders/new", activationBody(sq, "Transfer", "1", 30001, CUST, now())).get("orderId");
        assertThat(order(transfer)).containsEntry("subOrderType", "Transfer");
        refused(post("/v1/service/orders/new", activationBody(sq(UTRILLO), "Transfer", "1", 30001, CUST, now())), 10, "already activating");
        advance(Duration.ofMinutes(62));
        awaitStatus(transfer, "Completed");
        assertThat(map(port(sq(UTRILLO), "1").get("referencedData"))).as("the service moved to us")
                .containsEntry("serviceProviderId", "0999").doesNotContainEntry("productInstanceId", "PRI380100110995");
    }

    @Test
    void theSqIdsMustComeFromAnSqOfThatLocationWithinThirtyDays() throws Exception {
        Map<String, Object> sq = sq(UTRILLO);
        Map<String, Object> made = activationBody(sq, "New", "2", 30001, CUST, now());
        made.put("qualificationSearchId", "7bf06020-0000-0000-0000-000000000000");
        refused(post("/v1/service/orders/new", made), 10, "not from a service qualification");
        Map<String, Object> other = activationBody(sq(CEZANNE), "New", "2", 30001, CUST, now());
        other.put("locationId", UTRILLO);
        refused(post("/v1/service/orders/new", other), 10, "SQ of location " + CEZANNE);
        Map<String, Object> swapped = activationBody(sq, "New", "2", 30001, CUST, now());
        swapped.put("remoteOrderId", sq.get("remoteQualificationSearchId"));
        refused(post("/v1/service/orders/new", swapped), 10, "remoteOrderId");
        Map<String, Object> wrongClass = activationBody(sq, "New", "2", 30001, CUST, now());
        wrongClass.put("serviceClass", "1");
        refused(post("/v1/service/orders/new", wrongClass), 10, "serviceClass 1 is not the SQ's serviceClass 3");
        advance(Duration.ofDays(31));
        refused(post("/v1/service/orders/new", activationBody(sq, "New", "2", 30001, CUST, now())), 10, "older than 30 days");
        Map<String, Object> fresh = sq(UTRILLO);
        advance(Duration.ofDays(29));
        assertThat(post("/v1/service/orders/new", activationBody(fresh, "New", "2", 30001, CUST, now()))).containsEntry("success", true);
    }

    @Test
    void anUnserviceableLocationCannotBeOrdered() throws Exception {
        Map<String, Object> sq = sq(MATISSE);
        assertThat(map(sq.get("product"))).containsEntry("productResult", "Fail");
        refused(post("/v1/service/orders/new", activationBody(sq, "New", null, 30001, CUST, now())), 10, "not serviceable");
        assertThat(list(get("/v1/service/orders?custNo=" + CUST))).isEmpty();
    }

    @Test
    void anActivationNeedsAKnownCustomerAnNbnPlanAndEveryField() throws Exception {
        Map<String, Object> sq = sq(RENOIR);
        refused(post("/v1/service/orders/new", activationBody(sq, "New", null, 30001, 999999, now())), 20, "Customer 999999");
        refused(post("/v1/service/orders/new", activationBody(sq, "New", null, 23371, CUST, now())), 40, "not an NBN plan");
        refused(post("/v1/service/orders/new", activationBody(sq, "New", null, 30004, CUST, now())), 40, "not available on FTTN");
        for (String field : List.of("orderType", "subOrderType", "serviceClass", "remoteQualificationSearchId", "qualificationSearchId", "remoteOrderId",
                "locationId", "custReqDate", "service")) {
            Map<String, Object> body = activationBody(sq, "New", null, 30001, CUST, now());
            body.remove(field);
            refused(post("/v1/service/orders/new", body), 10, field + " is required");
        }
        Map<String, Object> noPlan = activationBody(sq, "New", null, 30001, CUST, now());
        map(noPlan.get("service")).remove("planNo");
        refused(post("/v1/service/orders/new", noPlan), 10, "service.planNo is required");
        Map<String, Object> change = activationBody(sq, "New", null, 30001, CUST, now());
        change.put("orderType", "Change");
        refused(post("/v1/service/orders/new", change), 10, "orderType must be New");
        Map<String, Object> badDate = activationBody(sq, "New", null, 30001, CUST, "tomorrow");
        refused(post("/v1/service/orders/new", badDate), 10, "custReqDate");
        Map<String, Object> ok = activationBody(sq, "New", null, 30001, CUST, now());
        ok.put("contact", Map.of("name", "Jane Citizen", "phone", "0400111222", "email", "jane@example.com"));
        ok.put("notes", "gate code 1234");
        assertThat(post("/v1/service/orders/new", ok)).containsEntry("success", true);
    }

    @Test
    void aNonAppointmentActivationIsHeldUntilItsCustReqDate() throws Exception {
        Instant wanted = sim.clock().now().plus(Duration.ofDays(3));
        String orderId = (String) post("/v1/service/orders/new", activationBody(sq(RENOIR), "New", null, 30003, CUST, wanted.toString())).get("orderId");
        assertThat(order(orderId)).doesNotContainKey("appointment");
        advance(Duration.ofDays(3));
        awaitStatus(orderId, "In Progress");
        advanceTo(wanted.plus(Duration.ofHours(1)));
        awaitStatus(orderId, "Completed");
        Map<String, Object> done = order(orderId);
        assertThat(done).containsEntry("completedOn", wanted.plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        assertThat(sim.state().nbnService(CUST, (String) done.get("csn")).lineSeqNo()).as("the customer's second NBN line").isEqualTo(2);
    }

    // ------------------------------------------------------------------ appointments (G-APPT)

    @Test
    void anAppointmentOrderGetsTheEarliestSlotAndCompletesAtIt() throws Exception {
        String farAway = "2031-01-01T00:00:00Z"; // ignored for appointment orders (the documented rule)
        String orderId = (String) post("/v1/service/orders/new", activationBody(sq(MONET), "New", null, 30004, CUST, farAway)).get("orderId");
        Map<String, Object> appointment = map(order(orderId).get("appointment"));
        assertThat(appointment.keySet()).containsExactly("appointmentId", "slotId", "date", "slotType", "startTime", "endTime");
        List<Map<String, Object>> slots = array("/v1/appointment/timeslots?orderId=" + orderId);
        assertThat(slots.get(0).keySet()).containsExactly("slotId", "date", "slotType", "startTime", "endTime");
        Map<String, Object> earliest = new LinkedHashMap<>(appointment);
        earliest.remove("appointmentId");
        assertThat(slots.get(0)).as("the earliest available slot").isEqualTo(earliest);
        assertThat(slots).hasSizeGreaterThanOrEqualTo(18).allSatisfy(s -> {
            assertThat(LocalDate.parse((String) s.get("date")).getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(s.get("slotType")).isIn("AM", "PM");
        });
        assertThat(LocalDate.parse((String) appointment.get("date"))).isAfter(sim.clock().now().atZone(SYDNEY).toLocalDate());
        advance(Duration.ofMinutes(12));
        awaitStatus(orderId, "Scheduled");
        Instant end = slotEnd(appointment);
        advanceTo(end.minusSeconds(60));
        assertThat(status(orderId)).isEqualTo("Scheduled");
        advance(Duration.ofMinutes(2));
        awaitStatus(orderId, "Completed");
        Map<String, Object> done = order(orderId);
        assertThat(done).containsEntry("completedOn", end.toString());
        Map<String, Object> after = sq(MONET);
        assertThat(map(after.get("location"))).as("the technician installed an NTD").containsEntry("serviceClass", "3");
        assertThat(map(((List<?>) after.get("infrastructures")).get(0))).containsKey("ntdPort");
        assertThat(sim.state().nbnService(CUST, (String) done.get("csn")).status()).isEqualTo("Active");
    }

    @Test
    void bookingAnotherSlotReschedulesTheOrder() throws Exception {
        String orderId = (String) post("/v1/service/orders/new", activationBody(sq(DEGAS), "New", null, 30002, CUST, now())).get("orderId");
        Map<String, Object> first = map(order(orderId).get("appointment"));
        refused(post("/v1/appointment", Map.of("orderId", orderId, "slotId", first.get("slotId"))), 61, "Pending");
        advance(Duration.ofMinutes(12));
        awaitStatus(orderId, "Scheduled");
        Map<String, Object> later = array("/v1/appointment/timeslots?orderId=" + orderId).get(4);
        refused(post("/v1/appointment", Map.of("orderId", orderId, "slotId", "SLOT-19990101-AM")), 10, "not an available timeslot");
        Map<String, Object> booked = post("/v1/appointment", Map.of("orderId", orderId, "slotId", later.get("slotId")));
        assertThat(booked).containsOnlyKeys("success", "appointmentId").containsEntry("success", true);
        Map<String, Object> moved = map(order(orderId).get("appointment"));
        assertThat(moved).containsEntry("appointmentId", booked.get("appointmentId")).containsEntry("slotId", later.get("slotId"));
        advanceTo(slotEnd(first).plusSeconds(60));
        assertThat(status(orderId)).as("not at the old slot").isEqualTo("Scheduled");
        advanceTo(slotEnd(later).plusSeconds(60));
        awaitStatus(orderId, "Completed");
        assertThat(order(orderId)).containsEntry("completedOn", slotEnd(later).toString());
        refused(get("/v1/appointment/timeslots?orderId=" + orderId), 61, "Completed");

        String fttn = (String) post("/v1/service/orders/new", activationBody(sq(RENOIR), "New", null, 30001, CUST, now())).get("orderId");
        refused(get("/v1/appointment/timeslots?orderId=" + fttn), 61, "does not need an nbn appointment");
        refused(post("/v1/appointment", Map.of("orderId", fttn, "slotId", later.get("slotId"))), 61, "does not need");
        refused(get("/v1/appointment/timeslots?orderId=ORD0"), 60, "not found");
        refused(post("/v1/appointment", Map.of("orderId", orderId)), 10, "slotId");
    }

    // ------------------------------------------------------------------ modification (seed page 003)

    @Test
    void theSeedPageBodyWorksForEverySubTypeOnTheSeededNbnTc4Service() throws Exception {
        refused(post("/v1/service/orders/change", SEED_003), 20, "Customer 0");
        String planChange = SEED_003.replace("\"custNo\": 0", "\"custNo\": 554433").replace("\"planNo\": 0", "\"planNo\": 30002");
        Map<String, Object> accepted = post("/v1/service/orders/change", planChange);
        assertThat(accepted).containsOnlyKeys("orderId", "success").containsEntry("success", true);
        String orderId = (String) accepted.get("orderId");
        assertThat(order(orderId)).containsEntry("orderType", "Change").containsEntry("subOrderType", "PlanChange").containsEntry("csn", "nbn-tc4")
                .containsEntry("planNo", 30002).containsEntry("custReqDate", "2019-08-24T14:15:22Z");
        completeChange(orderId);
        assertThat(sim.state().nbnService(CUST, "nbn-tc4").planNo()).isEqualTo(30002);
        for (String[] step : new String[][] {{"Suspend", "Suspended"}, {"Unsuspend", "Active"}, {"Shape", "Shaped"}, {"Unshape", "Active"}}) {
            String body = SEED_003.replace("\"custNo\": 0", "\"custNo\": 554433").replace("PlanChange", step[0]).replaceAll(",\\s*\"planNo\": 0", "");
            assertThat(body).doesNotContain("planNo");
            Map<String, Object> answer = post("/v1/service/orders/change", body);
            assertThat(answer).as(step[0]).containsEntry("success", true);
            completeChange((String) answer.get("orderId"));
            assertThat(sim.state().nbnService(CUST, "nbn-tc4").status()).as(step[0]).isEqualTo(step[1]);
        }
        assertThat(list(get("/v1/service/orders?custNo=" + CUST))).extracting(o -> o.get("subOrderType"))
                .containsExactly("PlanChange", "Suspend", "Unsuspend", "Shape", "Unshape");
    }

    @Test
    void modificationsFollowTheServicesState() throws Exception {
        refused(post("/v1/service/orders/change", changeBody("Unsuspend", CUST, "nbn-tc4", null, now())), 10, "needs a Suspended service: service nbn-tc4 is Active");
        refused(post("/v1/service/orders/change", changeBody("Unshape", CUST, "nbn-tc4", null, now())), 10, "needs a Shaped service");
        String suspend = change("Suspend", CUST, "nbn-tc4", null);
        refused(post("/v1/service/orders/change", changeBody("Shape", CUST, "nbn-tc4", null, now())), 10, "in flight");
        completeChange(suspend);
        refused(post("/v1/service/orders/change", changeBody("Shape", CUST, "nbn-tc4", null, now())), 10, "needs an Active service: service nbn-tc4 is Suspended");
        refused(post("/v1/service/orders/change", changeBody("Suspend", CUST, "nbn-tc4", null, now())), 10, "is Suspended");
        refused(post("/v1/service/orders/change", changeBody("PlanChange", CUST, "nbn-tc4", 30002, now())), 10, "is Suspended");
        SimNbn.ServiceRef shaped = sim.state().seedNbnService(CUST, 30003, "Shaped");
        refused(post("/v1/service/orders/change", changeBody("Suspend", CUST, shaped.csn(), null, now())), 10, "is Shaped");
        completeChange(change("Unshape", CUST, shaped.csn(), null));
        assertThat(sim.state().nbnService(CUST, shaped.csn()).status()).isEqualTo("Active");
    }

    @Test
    void modificationBodiesAreValidated() throws Exception {
        Map<String, Object> wrongType = changeBody("Suspend", CUST, "nbn-tc4", null, now());
        wrongType.put("orderType", "New");
        refused(post("/v1/service/orders/change", wrongType), 10, "orderType must be Change");
        refused(post("/v1/service/orders/change", changeBody("Transition", CUST, "nbn-tc4", null, now())), 10, "subOrderType must be one of");
        refused(post("/v1/service/orders/change", changeBody("Suspend", CUST, "nbn-tc4", 30002, now())), 10, "planNo is only for PlanChange");
        refused(post("/v1/service/orders/change", changeBody("PlanChange", CUST, "nbn-tc4", null, now())), 10, "planNo");
        refused(post("/v1/service/orders/change", changeBody("PlanChange", CUST, "nbn-tc4", 99999, now())), 40, "not an NBN plan");
        refused(post("/v1/service/orders/change", changeBody("PlanChange", CUST, "nbn-tc4", 30001, now())), 10, "already on plan 30001");
        refused(post("/v1/service/orders/change", changeBody("Suspend", CUST, "N999999999", null, now())), 21, "N999999999");
        refused(post("/v1/service/orders/change", changeBody("Suspend", OTHER_CUST, "nbn-tc4", null, now())), 21, "customer 123456");
        refused(post("/v1/service/orders/change", changeBody("Suspend", 999999, "nbn-tc4", null, now())), 20, "Customer 999999");
        refused(post("/v1/service/orders/change", changeBody("Suspend", CUST, "nbn-tc4", null, "2019-08-24")), 10, "custReqDate");
        Map<String, Object> noDate = changeBody("Suspend", CUST, "nbn-tc4", null, now());
        noDate.remove("custReqDate");
        refused(post("/v1/service/orders/change", noDate), 10, "custReqDate is required");
        Map<String, Object> noService = changeBody("Suspend", CUST, "nbn-tc4", null, now());
        noService.remove("service");
        refused(post("/v1/service/orders/change", noService), 10, "service");
    }

    @Test
    void aChangeOrderIsHeldUntilItsCustReqDate() throws Exception {
        Instant wanted = sim.clock().now().plus(Duration.ofDays(2));
        String orderId = (String) post("/v1/service/orders/change", changeBody("PlanChange", CUST, "nbn-tc4", 30003, wanted.toString())).get("orderId");
        advance(Duration.ofDays(1));
        awaitStatus(orderId, "In Progress");
        assertThat(sim.state().nbnService(CUST, "nbn-tc4").planNo()).isEqualTo(30001);
        advanceTo(wanted.plus(Duration.ofMinutes(11)));
        awaitStatus(orderId, "Completed");
        assertThat(order(orderId)).containsEntry("completedOn", wanted.plus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        assertThat(sim.state().nbnService(CUST, "nbn-tc4").planNo()).isEqualTo(30003);
    }

    // ------------------------------------------------------------------ disconnection

    @Test
    void aDisconnectionEndsTheServiceAndFreesItsPort() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("orderType", "Terminate", "subOrderType", "Disconnect",
                "service", Map.of("custNo", CUST, "csn", "nbn-tc4"), "custReqDate", now()));
        Map<String, Object> accepted = post("/v1/service/orders/terminate", body);
        assertThat(accepted).containsOnlyKeys("orderId", "success").containsEntry("success", true);
        String orderId = (String) accepted.get("orderId");
        assertThat(order(orderId)).containsEntry("orderType", "Terminate").containsEntry("subOrderType", "Disconnect").containsEntry("csn", "nbn-tc4");
        refused(post("/v1/service/orders/terminate", body), 10, "in flight");
        advance(Duration.ofMinutes(11));
        awaitStatus(orderId, "Completed");
        assertThat(sim.state().nbnService(CUST, "nbn-tc4").status()).isEqualTo("Disconnected");
        assertThat(port(sq(CEZANNE), "1")).containsEntry("status", "Free");
        refused(post("/v1/service/orders/terminate", body), 10, "already Disconnected");
        refused(post("/v1/service/orders/change", changeBody("Suspend", CUST, "nbn-tc4", null, now())), 10, "is Disconnected");
        refused(get("/v1/nbn/diagnostics?custNo=" + CUST + "&lineSeqNo=1"), 21, "Disconnected");
        Map<String, Object> wrong = new LinkedHashMap<>(body);
        wrong.put("subOrderType", "Port Out");
        refused(post("/v1/service/orders/terminate", wrong), 10, "Disconnect");
        wrong.put("subOrderType", "Disconnect");
        wrong.put("orderType", "Change");
        refused(post("/v1/service/orders/terminate", wrong), 10, "Terminate");
        wrong.put("orderType", "Terminate");
        wrong.put("service", Map.of("custNo", CUST, "csn", "N000000000"));
        refused(post("/v1/service/orders/terminate", wrong), 21, "N000000000");
    }

    // ------------------------------------------------------------------ withdraw (seed page 004)

    @Test
    void anInFlightActivationCanBeWithdrawnButNotOnceCompleted() throws Exception {
        String orderId = activate(UTRILLO, "New", "2", 30001, CUST);
        Map<String, Object> cancelled = post("/v1/service/orders/cancel", Map.of("orderId", orderId));
        assertThat(cancelled).containsExactly(Map.entry("orderId", orderId), Map.entry("success", true));
        advance(Duration.ofHours(2));
        assertThat(status(orderId)).as("a withdrawn order never completes").isEqualTo("Cancelled");
        assertThat(port(sq(UTRILLO), "2")).containsEntry("status", "Free");
        notWithdrawable(post("/v1/service/orders/cancel", Map.of("orderId", orderId)), "is Cancelled");

        String scheduled = (String) post("/v1/service/orders/new", activationBody(sq(DEGAS), "New", null, 30001, CUST, now())).get("orderId");
        advance(Duration.ofMinutes(12));
        awaitStatus(scheduled, "Scheduled");
        assertThat(post("/v1/service/orders/cancel", Map.of("orderId", scheduled))).containsEntry("success", true);
        assertThat(status(scheduled)).isEqualTo("Cancelled");

        String done = activate(UTRILLO, "New", "2", 30001, CUST);
        advance(Duration.ofMinutes(62));
        awaitStatus(done, "Completed");
        notWithdrawable(post("/v1/service/orders/cancel", Map.of("orderId", done)), "Order " + done + " is Completed");
        refused(post("/v1/service/orders/cancel", Map.of("orderId", "ORD404")), 60, "not found");
        refused(post("/v1/service/orders/cancel", Map.of()), 10, "orderId");
    }

    @Test
    void onlyActivationsCanBeWithdrawnAndNotOnTheirAppointmentDay() throws Exception {
        String change = change("Suspend", CUST, "nbn-tc4", null);
        notWithdrawable(post("/v1/service/orders/cancel", Map.of("orderId", change)), "is a Change (Suspend) order");
        String orderId = (String) post("/v1/service/orders/new", activationBody(sq(MONET), "New", null, 30001, CUST, now())).get("orderId");
        Map<String, Object> appointment = map(order(orderId).get("appointment"));
        advanceTo(LocalDate.parse((String) appointment.get("date")).atTime(LocalTime.of(6, 0)).atZone(SYDNEY).toInstant());
        assertThat(status(orderId)).isEqualTo("Scheduled");
        notWithdrawable(post("/v1/service/orders/cancel", Map.of("orderId", orderId)), "appointment today");
        assertThat(status(orderId)).isEqualTo("Scheduled");
    }

    // ------------------------------------------------------------------ diagnostics and enquiries (G-DIAG)

    @Test
    void enquiriesCompleteAfterTheirDelay() throws Exception {
        assertThat(list(get("/v1/nbn/diagnostics?custNo=" + CUST + "&lineSeqNo=1"))).extracting(t -> t.get("testName"))
                .containsExactly("NTD Status", "UNI-D Status", "Line State", "Port Reset", "Service Health Check");
        refused(get("/v1/nbn/diagnostics?custNo=" + CUST + "&lineSeqNo=9"), 21, "not found");
        refused(get("/v1/nbn/diagnostics?custNo=999999&lineSeqNo=1"), 20, "Customer 999999");
        refused(get("/v1/nbn/diagnostics?custNo=" + CUST), 10, "lineSeqNo");
        refused(post("/v1/enquiry", Map.of("custNo", CUST, "lineSeqNo", 1, "enquiryType", "DiagnosticTest")), 10, "testName");
        refused(post("/v1/enquiry", Map.of("custNo", CUST, "lineSeqNo", 1, "enquiryType", "DiagnosticTest", "testName", "Speed Test")), 10, "testName");
        refused(post("/v1/enquiry", Map.of("custNo", CUST, "lineSeqNo", 1, "enquiryType", "Fault")), 10, "enquiryType");
        refused(post("/v1/enquiry", Map.of("custNo", CUST, "lineSeqNo", 7, "enquiryType", "ServiceHealthCheck")), 21, "not found");

        Map<String, Object> created = post("/v1/enquiry", Map.of("custNo", CUST, "lineSeqNo", 1, "enquiryType", "DiagnosticTest", "testName", "NTD Status"));
        assertThat(created).containsOnlyKeys("enquiryId", "success").containsEntry("success", true);
        String ntd = (String) created.get("enquiryId");
        assertThat(ntd).matches("ENQ\\d+");
        Map<String, Object> running = enquiry(ntd);
        assertThat(running).as("no result before it ends").containsOnlyKeys("status");
        assertThat(running.get("status")).isIn("Pending", "In Progress");
        String health = (String) post("/v1/enquiry", Map.of("custNo", CUST, "lineSeqNo", 1, "enquiryType", "ServiceHealthCheck")).get("enquiryId");
        SimNbn.ServiceRef suspended = sim.state().seedNbnService(CUST, 30001, "Suspended");
        String failing = (String) post("/v1/enquiry", Map.of("custNo", CUST, "lineSeqNo", suspended.lineSeqNo(), "enquiryType", "DiagnosticTest",
                "testName", "Line State")).get("enquiryId");

        await().atMost(Duration.ofSeconds(10)).until(() -> "Completed".equals(enquiry(ntd).get("status")));
        Map<String, Object> result = map(enquiry(ntd).get("result"));
        assertThat(result).containsEntry("summary", "NTD is online");
        assertThat((List<?>) result.get("details")).isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> "Completed".equals(enquiry(health).get("status")));
        assertThat(map(enquiry(health).get("result"))).containsEntry("summary", "Service is healthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Failed".equals(enquiry(failing).get("status")));
        assertThat((String) map(enquiry(failing).get("result")).get("summary")).contains("Suspended");

        assertThat(list(get("/v1/enquiry?custNo=" + CUST))).extracting(e -> e.get("enquiryId")).containsExactly(ntd, health, failing);
        assertThat(list(get("/v1/enquiry?custNo=" + OTHER_CUST))).isEmpty();
        refused(get("/v1/enquiry/ENQ0"), 60, "not found");
        refused(get("/v1/enquiry"), 10, "custNo");
    }

    // ------------------------------------------------------------------ wire conventions, call log, hooks

    @Test
    void validationErrorsAreHttp200WithSuccessFalseAndOtherFailuresAreNot() throws Exception {
        HttpResponse<String> invalid = send("POST", "/v1/service/orders/new", "{}", "demo:demo-password");
        assertThat(invalid.statusCode()).isEqualTo(200);
        Map<String, Object> body = json.readValue(invalid.body(), MAP);
        assertThat(body).containsEntry("success", false).containsEntry("errorCode", 10);
        assertThat((String) body.get("errorMessage")).isNotBlank();
        for (String[] call : new String[][] {{"POST", "/v1/service/orders/change"}, {"POST", "/v1/service/orders/terminate"},
                {"POST", "/v1/service/orders/cancel"}, {"POST", "/v1/qualification/check"}, {"POST", "/v1/appointment"}, {"POST", "/v1/enquiry"},
                {"GET", "/v1/service/orders/ORD1"}, {"GET", "/v1/service/orders"}, {"GET", "/v1/appointment/timeslots"}}) {
            Map<String, Object> answer = rest(call[0], call[1], "GET".equals(call[0]) ? null : "{}");
            assertThat(answer).as(call[1]).containsEntry("success", false);
            assertThat(((Number) answer.get("errorCode")).intValue()).as(call[1]).isPositive();
        }
        HttpResponse<String> forbidden = send("POST", "/v1/service/orders/new", "{}", "demo:wrong");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("Invalid access");
        assertThat(send("GET", "/v1/service/orders/new", null, "demo:demo-password").statusCode()).as("POST-only path").isEqualTo(404);
        assertThat(send("GET", "/v1/nbn/unknown", null, "demo:demo-password").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v1/service/orders/ORD1", "", "demo:demo-password").statusCode()).isEqualTo(404);
    }

    @Test
    void theCallLogNamesEveryNbnOperationAndHoldsNoPersonalData() throws Exception {
        get("/v1/address/search?query=utrillo");
        get("/v2/address/search?query=utrillo");
        Map<String, Object> sq = sq(UTRILLO);
        array("/v1/group/123/plan?productSelection=nbn&technologyType=FTTP");
        Map<String, Object> body = activationBody(sq, "New", "2", 30002, CUST, now());
        body.put("contact", Map.of("name", "Jane Citizen", "phone", "0400111222", "email", "jane@example.com"));
        body.put("notes", "gate code 1234");
        String orderId = (String) post("/v1/service/orders/new", body).get("orderId");
        String change = change("PlanChange", CUST, "nbn-tc4", 30003);
        post("/v1/service/orders/terminate", Map.of("orderType", "Terminate", "subOrderType", "Disconnect",
                "service", Map.of("custNo", OTHER_CUST, "csn", "nbn-tc4"), "custReqDate", now()));
        post("/v1/service/orders/cancel", Map.of("orderId", orderId));
        get("/v1/service/orders/" + change);
        get("/v1/service/orders?custNo=" + CUST);
        String monet = (String) post("/v1/service/orders/new", activationBody(sq(MONET), "New", null, 30001, CUST, now())).get("orderId");
        advance(Duration.ofMinutes(12)); // Scheduled: its appointment can be moved
        String slotId = (String) array("/v1/appointment/timeslots?orderId=" + monet).get(1).get("slotId");
        post("/v1/appointment", Map.of("orderId", monet, "slotId", slotId));
        get("/v1/nbn/diagnostics?custNo=" + CUST + "&lineSeqNo=1");
        String enquiryId = (String) post("/v1/enquiry", Map.of("custNo", CUST, "lineSeqNo", 1, "enquiryType", "DiagnosticTest", "testName", "Port Reset"))
                .get("enquiryId");
        get("/v1/enquiry/" + enquiryId);
        get("/v1/enquiry?custNo=" + CUST);

        List<CallLog.Entry> calls = sim.callLog().entries();
        assertThat(calls).extracting(CallLog.Entry::operation).containsExactly("searchAddress", "searchAddressV2", "serviceQualification", "listPlans",
                "createNbnActivation", "createNbnModification", "createNbnDisconnection", "cancelNbnOrder", "getNbnOrder", "listNbnOrders",
                "serviceQualification", "createNbnActivation", "getTimeslots", "bookAppointment", "getDiagnosticTests", "createEnquiry", "getEnquiry",
                "listEnquiries");
        assertThat(calls).allMatch(e -> "REST".equals(e.api()));
        Map<String, CallLog.Entry> byOp = calls.stream().collect(Collectors.toMap(CallLog.Entry::operation, e -> e, (a, b) -> a));
        assertThat(byOp.get("serviceQualification").keys()).containsEntry("locationId", UTRILLO)
                .containsEntry("qualificationSearchId", (String) sq.get("qualificationSearchId"));
        assertThat(byOp.get("createNbnActivation").keys()).containsEntry("locationId", UTRILLO).containsEntry("orderType", "New")
                .containsEntry("subOrderType", "New").containsEntry("custNo", "554433").containsEntry("planNo", "30002").containsEntry("serviceClass", "3")
                .containsEntry("qualificationSearchId", (String) sq.get("qualificationSearchId")).containsEntry("portId", "2").containsEntry("orderId", orderId);
        assertThat(byOp.get("createNbnActivation").outcome()).isEqualTo("ok");
        assertThat(byOp.get("createNbnModification").keys()).containsEntry("csn", "nbn-tc4").containsEntry("subOrderType", "PlanChange")
                .containsEntry("planNo", "30003").containsEntry("orderId", change);
        assertThat(byOp.get("createNbnDisconnection").outcome()).isEqualTo("error:21");
        assertThat(byOp.get("cancelNbnOrder").keys()).containsEntry("orderId", orderId);
        assertThat(byOp.get("getNbnOrder").keys()).containsEntry("orderId", change);
        assertThat(byOp.get("bookAppointment").keys()).containsEntry("orderId", monet).containsEntry("slotId", slotId);
        assertThat(byOp.get("createEnquiry").keys()).containsEntry("enquiryType", "DiagnosticTest").containsEntry("testName", "Port Reset")
                .containsEntry("lineSeqNo", "1").containsEntry("enquiryId", enquiryId);
        assertThat(byOp.get("getEnquiry").keys()).containsEntry("enquiryId", enquiryId);
        String log = calls.toString().toLowerCase();
        for (String personal : Set.of("jane", "0400111222", "example.com", "gate code", "utrillo", "box hill")) {
            assertThat(log).as("the call log holds no " + personal).doesNotContain(personal);
        }
    }

    @Test
    void theNbnDelaysAreOctaneSimulatorNbnKeys() {
        Map<String, String> props = Map.of("octane.simulator.nbn.acknowledge-after", "30s", "octane.simulator.nbn.in-progress-after", "2m",
                "octane.simulator.nbn.schedule-after", "3m", "octane.simulator.nbn.activation.complete-after", "4h",
                "octane.simulator.nbn.change.complete-after", "5m", "octane.simulator.nbn.disconnect.complete-after", "6m",
                "octane.simulator.nbn.appointment.lead-days", "0", "octane.simulator.nbn.appointment.days", "5",
                "octane.simulator.nbn.enquiry.complete-after", "7s", "octane.simulator.nbn.enquiry.complete-after-max", "9s");
        SimNbnConfig nbn = SimulatorConfig.fromProperties(props::get).nbn;
        assertThat(List.of(nbn.acknowledgeAfter, nbn.inProgressAfter, nbn.scheduleAfter, nbn.activationCompleteAfter, nbn.changeCompleteAfter,
                nbn.disconnectCompleteAfter, nbn.enquiryCompleteAfter, nbn.enquiryCompleteAfterMax)).containsExactly(Duration.ofSeconds(30),
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofHours(4), Duration.ofMinutes(5), Duration.ofMinutes(6), Duration.ofSeconds(7),
                Duration.ofSeconds(9));
        assertThat(nbn.appointmentLeadDays).isZero();
        assertThat(nbn.appointmentDays).isEqualTo(5);
        SimNbnConfig defaults = SimulatorConfig.fromProperties(k -> null).nbn;
        assertThat(defaults.sqValidity).isEqualTo(Duration.ofDays(30));
        assertThat(defaults.enquiryCompleteAfter).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.enquiryCompleteAfterMax).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void adminHooksSeedAServiceAndForceAnOrdersStatus() throws Exception {
        HttpResponse<String> seeded = admin("/nbn/services", "{\"custNo\":123456,\"planNo\":30003}");
        assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(200);
        Map<String, Object> ref = json.readValue(seeded.body(), MAP);
        assertThat(ref).containsEntry("lineSeqNo", 1);
        assertThat((String) ref.get("csn")).matches("N\\d{9}");
        assertThat(sim.state().nbnService(OTHER_CUST, (String) ref.get("csn"))).isEqualTo(
                new SimNbn.ServiceView(OTHER_CUST, 1, (String) ref.get("csn"), 30003, "Active", null));
        assertThat(admin("/nbn/services", "{\"custNo\":123456,\"planNo\":23371}").statusCode()).as("not an NBN plan").isEqualTo(400);
        assertThat(admin("/nbn/services", "{\"custNo\":999999,\"planNo\":30001}").statusCode()).isEqualTo(400);
        completeChange(change("PlanChange", OTHER_CUST, (String) ref.get("csn"), 30002));

        String rejected = activate(UTRILLO, "New", "2", 30001, CUST);
        HttpResponse<String> forced = admin("/nbn/orders/status", "{\"orderId\":\"" + rejected + "\",\"status\":\"Rejected\",\"errorMessage\":\"Address mismatch\"}");
        assertThat(json.readValue(forced.body(), MAP)).containsEntry("updated", true);
        assertThat(order(rejected)).containsEntry("status", "Rejected").containsEntry("errorMessage", "Address mismatch");
        assertThat(admin("/nbn/orders/status", "{\"orderId\":\"" + rejected + "\",\"status\":\"Completed\"}").statusCode()).as("already finished").isEqualTo(400);
        assertThat(json.readValue(admin("/nbn/orders/status", "{\"orderId\":\"ORD1\",\"status\":\"Completed\"}").body(), MAP)).containsEntry("updated", false);

        String held = activate(UTRILLO, "New", "2", 30001, CUST);
        assertThat(admin("/nbn/orders/status", "{\"orderId\":\"" + held + "\",\"status\":\"\"}").statusCode()).isEqualTo(400);
        // a status outside G-NBN-ORD's list is taken (a client must cope with one) and sticks
        assertThat(admin("/nbn/orders/status", "{\"orderId\":\"" + held + "\",\"status\":\"On Hold\"}").statusCode()).isEqualTo(200);
        assertThat(status(held)).isEqualTo("On Hold");
        assertThat(sim.state().setNbnOrderStatus(held, "In Progress")).isTrue();
        advance(Duration.ofDays(2));
        assertThat(status(held)).as("a forced status sticks").isEqualTo("In Progress");
        assertThat(sim.state().setNbnOrderStatus(held, "Completed")).isTrue();
        Map<String, Object> done = order(held);
        assertThat(done).containsEntry("status", "Completed").containsKeys("csn", "completedOn");
        assertThat(port(sq(UTRILLO), "2")).containsEntry("status", "Used");
    }
}
