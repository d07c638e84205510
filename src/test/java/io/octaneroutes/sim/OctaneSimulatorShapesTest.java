package io.octaneroutes.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.octaneroutes.gateway.RestOperation;

/**
 * The answer shapes of {@code src/main/resources/octane-shapes/rest/} (one JSON Schema per
 * REST operation the client calls, written from rest-api.md and gaps.md): each is a 2020-12
 * schema with its source, open to unknown fields; every simulator answer, driven over HTTP on
 * the client's own paths ({@link RestOperation}), fits the schema of its operation; refusals
 * fit {@code _refusal.json}; and the schemas do catch the shapes issue 11 found wrong.
 */
class OctaneSimulatorShapesTest {
    private static final long CUST = 554433;
    private static final long OTHER_CUST = 123456;
    /** the operations each drive below validates; together they must be every RestOperation */
    private static final List<RestOperation> MOBILE = List.of(RestOperation.addCustomer, RestOperation.getEsimDetails, RestOperation.manageEsim,
            RestOperation.getDataPool, RestOperation.modifyConsumerDataLimit, RestOperation.transferDataPool, RestOperation.disconnectDataPool);
    private static final List<RestOperation> NBN = List.of(RestOperation.searchAddress, RestOperation.serviceQualification, RestOperation.listPlans,
            RestOperation.createNbnActivation, RestOperation.createNbnModification, RestOperation.createNbnDisconnection, RestOperation.cancelNbnOrder,
            RestOperation.getNbnOrder, RestOperation.getTimeslots, RestOperation.bookAppointment, RestOperation.getDiagnosticTests,
            RestOperation.createEnquiry, RestOperation.getEnquiry);
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig FORMATS = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Set<RestOperation> validated = EnumSet.noneOf(RestOperation.class);
    private OctaneSimulator sim;

    @BeforeEach
    void start() throws IOException {
        SimulatorConfig config = new SimulatorConfig();
        config.port = 0;
        config.nbn.acknowledgeAfter = Duration.ofMinutes(1);
        config.nbn.inProgressAfter = Duration.ofMinutes(5);
        config.nbn.scheduleAfter = Duration.ofMinutes(5);
        config.nbn.enquiryStartAfter = Duration.ofMinutes(1);
        config.nbn.enquiryCompleteAfter = Duration.ofMinutes(2);
        config.nbn.enquiryCompleteAfterMax = Duration.ofMinutes(2);
        sim = new OctaneSimulator(config);
        sim.start();
    }

    @AfterEach
    void stop() {
        sim.stop();
    }

    // ------------------------------------------------------------------ helpers

    private static JsonSchema schema(String name) {
        try (InputStream in = OctaneSimulatorShapesTest.class.getResourceAsStream("/octane-shapes/rest/" + name + ".json")) {
            assertThat(in).as("octane-shapes/rest/" + name + ".json").isNotNull();
            return FACTORY.getSchema(in, FORMATS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A call on the operation's own method and path (as the gateway builds it): GET sends params as the query, the others as a JSON body. */
    private JsonNode call(RestOperation op, Map<String, Object> params) throws Exception {
        String path = op.path().replace("{groupNo}", "123");
        Map<String, Object> rest = new LinkedHashMap<>(params);
        for (String name : List.of("orderId", "enquiryId")) {
            if (path.contains("{" + name + "}")) {
                path = path.replace("{" + name + "}", String.valueOf(rest.remove(name)));
            }
        }
        HttpRequest.Builder b;
        if ("GET".equals(op.method())) {
            String query = rest.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            b = HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + path + (query.isEmpty() ? "" : "?" + query))).GET();
        } else {
            b = HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + path)).header("Content-Type", "application/json")
                    .method(op.method(), HttpRequest.BodyPublishers.ofString(json.writeValueAsString(rest)));
        }
        b.header("Authorization", "Basic ZGVtbzpkZW1vLXBhc3N3b3Jk"); // demo:demo-password
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(op + " " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** The call's answer fits its operation's schema; returns it. */
    private JsonNode fits(RestOperation op, Map<String, Object> params) throws Exception {
        JsonNode answer = call(op, params);
        Set<ValidationMessage> errors = schema(op.name()).validate(answer);
        assertThat(errors).as(op + " answer " + answer).isEmpty();
        validated.add(op);
        return answer;
    }

    /** The call is refused with the validation-error body of {@code _refusal.json}. */
    private void refused(RestOperation op, Map<String, Object> params) throws Exception {
        JsonNode answer = call(op, params);
        assertThat(schema("_refusal").validate(answer)).as(op + " refusal " + answer).isEmpty();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Commits every order the clock has made due (G-TIME: ten simulated minutes, then five more to COMPLETE). */
    private void commitOrders() {
        sim.clock().advance(Duration.ofMinutes(11));
        sim.state().counts(); // any state call moves the orders along
    }

    @SuppressWarnings("unchecked")
    private String createPool(String name) {
        Map<String, Object> created = sim.state().orderCreate(map("custNo", String.valueOf(CUST), "orderType", "SRVC_ORD", "orderAction", "ADD_WME_NEW",
                "orderItems", map("WmeNewDataPoolReqItem", map("department", "Ops", "planNo", "23045", "serviceNotes", "n", "poolName", name))));
        assertThat(created).as(String.valueOf(created)).containsEntry("errorCode", 0);
        commitOrders();
        Map<String, Object> query = (Map<String, Object>) sim.state().orderQuery((String) created.get("orderId")).get("orderQueryResponse");
        String msn = (String) ((Map<String, Object>) ((Map<String, Object>) query.get("orderItems")).get("wmeNewReqItem")).get("msn");
        return String.valueOf(sim.state().services.byNumber(CUST, msn).lineSeqNo);
    }

    // ------------------------------------------------------------------ the schemas themselves

    @Test
    void everyRestOperationHasAnOpenDocumentedSchema() throws Exception {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(json.readTree("{\"type\":\"text\",\"required\":\"a\"}"))).as("the meta-schema does check").isNotEmpty();
        List<String> names = new ArrayList<>(Arrays.stream(RestOperation.values()).map(Enum::name).toList());
        names.add("_refusal");
        for (String name : names) {
            JsonNode doc;
            try (InputStream in = getClass().getResourceAsStream("/octane-shapes/rest/" + name + ".json")) {
                assertThat(in).as(name).isNotNull();
                doc = json.readTree(in);
            }
            assertThat(meta.validate(doc)).as(name + " is a 2020-12 schema").isEmpty();
            assertThat(doc.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(doc.path("description").asText()).as(name + " names its source").containsPattern("\\[(DOC|CODE|INF)[^\\]]*\\]|G-[A-Z]+");
            List<String> closed = new ArrayList<>();
            closedObjects(doc, "$", closed);
            assertThat(closed).as(name + ": every object schema allows unknown fields").isEmpty();
        }
    }

    /** Object schemas (type object) whose additionalProperties is not true. */
    private static void closedObjects(JsonNode node, String at, List<String> closed) {
        if (node.isObject()) {
            if ("object".equals(node.path("type").asText()) && !node.path("additionalProperties").asBoolean(false)) {
                closed.add(at);
            }
            node.fields().forEachRemaining(e -> closedObjects(e.getValue(), at + "." + e.getKey(), closed));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                closedObjects(node.get(i), at + "[" + i + "]", closed);
            }
        }
    }

    @Test
    void theSchemasCatchTheShapesIssue11FoundWrong() throws Exception {
        // G-PLANS: our old wrapped List Plans answer
        assertThat(schema("listPlans").validate(json.readTree(
                "{\"success\":true,\"errorCode\":0,\"response\":[{\"planNo\":30001,\"planName\":\"NBN 50/20\",\"speed\":\"50/20\",\"price\":79.0}]}"))).isNotEmpty();
        assertThat(schema("listPlans").validate(json.readTree("[{\"planNo\":30001,\"planName\":\"NBN 50/20\",\"speed\":\"50/20\",\"price\":79.0}]"))).isEmpty();
        // G-NBN-ORD: the detail under response instead of the top level
        String detail = "{\"orderId\":\"ORD1\",\"orderType\":\"New\",\"subOrderType\":\"New\",\"status\":\"Pending\",\"custNo\":554433,\"csn\":\"N1\","
                + "\"planNo\":30001,\"custReqDate\":\"2019-08-24T14:15:22Z\",\"createdOn\":\"2019-08-24T14:15:22Z\"}";
        assertThat(schema("getNbnOrder").validate(json.readTree("{\"success\":true,\"errorCode\":0,\"response\":" + detail + "}"))).isNotEmpty();
        assertThat(schema("getNbnOrder").validate(json.readTree(detail))).isEmpty();
        assertThat(schema("getNbnOrder").validate(json.readTree(detail.replace("Pending", "Done")))).as("a status G-NBN-ORD does not list").isNotEmpty();
        assertThat(schema("getNbnOrder").validate(json.readTree(detail.replace("\"2019-08-24T14:15:22Z\",\"createdOn", "\"24-08-2019\",\"createdOn"))))
                .as("custReqDate is a date-time").isNotEmpty();
        // unknown fields are fine; a wrong type is not
        assertThat(schema("createNbnModification").validate(json.readTree("{\"orderId\":\"ORD1\",\"success\":true,\"serviceNumber\":\"x\"}"))).isEmpty();
        assertThat(schema("createNbnModification").validate(json.readTree("{\"orderId\":\"ORD1\",\"success\":\"yes\"}"))).isNotEmpty();
        // envelope C: data pool success as a string or a boolean
        assertThat(schema("transferDataPool").validate(json.readTree("{\"orderDetails\":[{\"success\":\"true\",\"orderId\":\"1\"}]}"))).isEmpty();
        assertThat(schema("transferDataPool").validate(json.readTree("{\"orderDetails\":[{\"success\":true,\"orderId\":\"1\"}]}"))).isEmpty();
        assertThat(schema("_refusal").validate(json.readTree("{\"success\":true,\"errorCode\":0}"))).isNotEmpty();
    }

    // ------------------------------------------------------------------ the simulator's answers

    @Test
    void theTwoDrivesBelowCoverEveryRestOperation() {
        Set<RestOperation> all = new LinkedHashSet<>(MOBILE);
        all.addAll(NBN);
        assertThat(all).containsExactlyInAnyOrder(RestOperation.values());
    }

    @Test
    void everyMobileRestAnswerFitsItsShape() throws Exception {
        fits(RestOperation.addCustomer, map("customerIdentity", map("customerType", "R", "customerGivenNames", "Jo", "customerSurname", "Citizen"),
                "address", map("addressLine1", "1 Main St", "suburb", "CHATSWOOD", "state", "NSW", "postcode", "2067"),
                "contactMedium", List.of(map("contactType", "PHONE", "contactDestination", "0400000000"))));
        refused(RestOperation.addCustomer, map("customerIdentity", map("customerType", "R")));

        String msn = sim.state().seedService(CUST, 23371, true).serviceNumber();
        fits(RestOperation.getEsimDetails, map("requestType", "SIM Details", "msn", msn));
        fits(RestOperation.getEsimDetails, map("requestType", "QR Code", "msn", msn));
        refused(RestOperation.getEsimDetails, map("requestType", "QR Code", "msn", "0400999999"));
        String reset = "Reset Esim";
        assertThat(fits(RestOperation.manageEsim, map("orderType", reset, "targetState", "RELEASED", "msn", msn)).path("success").asBoolean()).isTrue();
        sim.state().setEsimProfileState(msn, "ENABLED");
        assertThat(fits(RestOperation.manageEsim, map("orderType", reset, "targetState", "RELEASED", "msn", msn)).path("success").asBoolean())
                .as("the refusal G-ESIM gives fits too").isFalse();

        String poolA = createPool("A");
        String poolB = createPool("B");
        SimState.ServiceRef consumer = sim.state().seedService(CUST, 23047, false);
        String memberA = fits(RestOperation.getDataPool, map("custno", CUST, "lineseqno", poolA)).path("provider").path("memberId").asText();
        String memberB = fits(RestOperation.getDataPool, map("custno", CUST, "lineseqno", poolB)).path("provider").path("memberId").asText();
        Map<String, Object> optIn = sim.state().orderCreate(map("custNo", String.valueOf(CUST), "orderType", "SRVC_ORD", "orderAction", "WME_OPT_IN_CONSUMER",
                "orderItems", map("WmeOptInConsumerReqItem", map("providerId", memberA, "serviceNumber", consumer.serviceNumber()))));
        assertThat(optIn).as(String.valueOf(optIn)).containsEntry("errorCode", 0);
        commitOrders();
        JsonNode withConsumer = fits(RestOperation.getDataPool, map("custno", CUST, "lineseqno", poolA));
        assertThat(withConsumer.path("consumers")).as("a consumer item is validated too").hasSize(1);
        refused(RestOperation.getDataPool, map("custno", CUST, "lineseqno", 99));
        fits(RestOperation.modifyConsumerDataLimit, map("consumerServices", List.of(map("custNo", CUST, "lineSeqNo", consumer.lineSeqNo(), "dataLimit", 10737418240L))));
        fits(RestOperation.transferDataPool, map("custno", CUST, "lineseqno", Integer.parseInt(poolA), "newProviderId", memberB,
                "newProviderLineseqno", Integer.parseInt(poolB), "serviceNumbers", List.of(consumer.serviceNumber())));
        refused(RestOperation.disconnectDataPool, map("custno", CUST, "lineseqno", Integer.parseInt(poolB)));
        fits(RestOperation.disconnectDataPool, map("custno", CUST, "lineseqno", Integer.parseInt(poolA)));
        assertThat(validated).containsExactlyInAnyOrderElementsOf(MOBILE);
    }

    @Test
    void everyNbnRestAnswerFitsItsShape() throws Exception {
        fits(RestOperation.searchAddress, map("query", "utrillo"));
        refused(RestOperation.searchAddress, map());
        JsonNode sq = fits(RestOperation.serviceQualification, map("productSelection", "nbn", "locationId", "LOC380100000995")).path("response");
        assertThat(fits(RestOperation.listPlans, map("productSelection", "nbn", "technologyType", "FTTP")).isArray()).isTrue();
        refused(RestOperation.listPlans, map());

        Map<String, Object> activation = activation(sq, "New", map("infrastructureId", sq.path("infrastructures").get(0).path("id").asText(), "portId", "2"));
        String orderId = fits(RestOperation.createNbnActivation, activation).path("orderId").asText();
        refused(RestOperation.createNbnActivation, map());
        fits(RestOperation.getNbnOrder, map("orderId", orderId));
        refused(RestOperation.getNbnOrder, map("orderId", "ORD0"));
        String change = fits(RestOperation.createNbnModification, map("orderType", "Change", "subOrderType", "PlanChange",
                "service", map("custNo", CUST, "csn", "nbn-tc4", "planNo", 30002), "custReqDate", "2019-08-24T14:15:22Z")).path("orderId").asText();
        fits(RestOperation.getNbnOrder, map("orderId", change));
        SimNbn.ServiceRef other = sim.state().seedNbnService(OTHER_CUST, 30001);
        fits(RestOperation.createNbnDisconnection, map("orderType", "Terminate", "subOrderType", "Disconnect",
                "service", map("custNo", OTHER_CUST, "csn", other.csn()), "custReqDate", sim.clock().now().toString()));

        JsonNode monetSq = call(RestOperation.serviceQualification, map("productSelection", "nbn", "locationId", "LOC380100001001")).path("response");
        String monet = call(RestOperation.createNbnActivation, activation(monetSq, "New", null)).path("orderId").asText();
        assertThat(fits(RestOperation.getNbnOrder, map("orderId", monet)).has("appointment")).as("the appointment variant").isTrue();
        JsonNode slots = fits(RestOperation.getTimeslots, map("orderId", monet));
        refused(RestOperation.getTimeslots, map("orderId", orderId));
        sim.clock().advance(Duration.ofMinutes(12)); // Scheduled: its appointment can be moved
        fits(RestOperation.bookAppointment, map("orderId", monet, "slotId", slots.get(1).path("slotId").asText()));
        refused(RestOperation.bookAppointment, map("orderId", monet));

        assertThat(fits(RestOperation.cancelNbnOrder, map("orderId", orderId)).path("success").asBoolean()).isTrue();
        JsonNode notWithdrawable = fits(RestOperation.cancelNbnOrder, map("orderId", orderId));
        assertThat(notWithdrawable.path("success").asBoolean(true)).as("the G-NBN-ORD refusal fits too").isFalse();
        refused(RestOperation.cancelNbnOrder, map());
        assertThat(sim.state().setNbnOrderStatus(change, "Completed")).isTrue();
        assertThat(fits(RestOperation.getNbnOrder, map("orderId", change)).has("completedOn")).as("the completed variant").isTrue();

        fits(RestOperation.getDiagnosticTests, map("custNo", CUST, "lineSeqNo", 1));
        refused(RestOperation.getDiagnosticTests, map("custNo", CUST));
        String enquiryId = fits(RestOperation.createEnquiry, map("custNo", CUST, "lineSeqNo", 1, "enquiryType", "DiagnosticTest", "testName", "NTD Status"))
                .path("enquiryId").asText();
        refused(RestOperation.createEnquiry, map());
        assertThat(fits(RestOperation.getEnquiry, map("enquiryId", enquiryId)).has("result")).as("Pending: no result yet").isFalse();
        sim.clock().advance(Duration.ofMinutes(3));
        assertThat(fits(RestOperation.getEnquiry, map("enquiryId", enquiryId)).path("result").path("summary").asText()).isEqualTo("NTD is online");
        refused(RestOperation.getEnquiry, map("enquiryId", "ENQ0"));
        assertThat(validated).containsExactlyInAnyOrderElementsOf(NBN);
    }

    /** An activation body from an SQ answer (flows.md N1 step 6, G-NBN-ACT). */
    private Map<String, Object> activation(JsonNode sq, String subOrderType, Map<String, Object> infrastructureOption) {
        Map<String, Object> body = map("orderType", "New", "subOrderType", subOrderType, "serviceClass", sq.path("location").path("serviceClass").asText(),
                "remoteQualificationSearchId", sq.path("remoteQualificationSearchId").asText(), "qualificationSearchId", sq.path("qualificationSearchId").asText(),
                "remoteOrderId", sq.path("remoteOrderId").asText(), "locationId", sq.path("location").path("id").asText());
        if (infrastructureOption != null) {
            body.put("infrastructureOption", infrastructureOption);
        }
        body.put("service", map("custNo", CUST, "planNo", 30001));
        body.put("custReqDate", sim.clock().now().toString());
        return body;
    }

    @Test
    void missingOrWrongCredentialsAreRefusedWithTheGAuthBody() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + "/v1/datapool?custno=1&lineseqno=1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(schema("_refusal").validate(json.readTree(r.body()))).isEmpty();
    }
}
