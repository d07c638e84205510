package io.octaneroutes.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The answer-shape mode ({@link AnswerShape}): each option changes the answer as it says, the
 * default changes nothing (byte for byte), and the admin API and the config keys set it.
 */
class OctaneSimulatorAnswerShapeTest {
    private static final String ORD = "http://order.frontend.ws.utilibill.com.au/";
    private static final String PR = "http://pr.frontend.ws.utilibill.com.au/";
    private static final AnswerShape.Envelope DOC = AnswerShape.Envelope.AS_DOCUMENTED;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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

    // ------------------------------------------------------------------ fixtures

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** An orderCreateBulk return of two orders (soap-api.md 3.3). */
    private static Map<String, Object> bulk() {
        return map("errorCode", 0, "ordersCreateResponse", map("orderResponse", List.of(map("errorCode", 0, "orderId", "700001"),
                map("errorCode", 0, "orderId", "700002"))));
    }

    /** An orderQuery return with its echoed item and a nested address (soap-api.md 3.4). */
    private static Map<String, Object> query() {
        return map("errorCode", 0, "orderQueryResponse", map("orderId", "700001", "action", "ADD_WME_NEW", "createdOn", "2024-02-15T10:00:00+11:00",
                "status", "OPEN", "internalStatus", "IN_PROG", "orderItems", map("wmeNewReqItem", map("planNo", "23371",
                        "orderItemAddress", map("locality", "CHATSWOOD", "postcode", "2067"), "msn", "0412000000", "isEsim", true))));
    }

    private static AnswerShape soap(boolean extra, boolean reorder, boolean qualified, boolean envPrefix) {
        return new AnswerShape(extra, reorder, qualified, envPrefix, DOC, false, false);
    }

    private static AnswerShape rest(AnswerShape.Envelope envelope, boolean extra, boolean single) {
        return new AnswerShape(false, false, false, false, envelope, extra, single);
    }

    private static Element returnOf(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element body = (Element) doc.getDocumentElement().getElementsByTagNameNS(SoapXml.ENV, "Body").item(0);
        Element wrapper = children(body).get(0);
        return children(wrapper).get(0);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<String> names(Element e) {
        return children(e).stream().map(Element::getLocalName).toList();
    }

    /** Every element of the tree that has element children (the complex ones), itself included. */
    private static List<Element> complex(Element e) {
        List<Element> out = new ArrayList<>();
        if (!children(e).isEmpty()) {
            out.add(e);
            children(e).forEach(c -> out.addAll(complex(c)));
        }
        return out;
    }

    private static Element child(Element e, String name) {
        return children(e).stream().filter(c -> name.equals(c.getLocalName())).findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    // ------------------------------------------------------------------ the default

    @Test
    void theDefaultLeavesAnswersByteForByteAsBefore() throws Exception {
        assertThat(SoapXml.response("orderCreateBulk", ORD, bulk(), AnswerShape.AS_DOCUMENTED)).isEqualTo("<?xml version='1.0' encoding='UTF-8'?>"
                + "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>"
                + "<ns2:orderCreateBulkResponse xmlns:ns2=\"http://order.frontend.ws.utilibill.com.au/\"><return><errorCode>0</errorCode>"
                + "<ordersCreateResponse><orderResponse><errorCode>0</errorCode><orderId>700001</orderId></orderResponse>"
                + "<orderResponse><errorCode>0</errorCode><orderId>700002</orderId></orderResponse></ordersCreateResponse>"
                + "</return></ns2:orderCreateBulkResponse></S:Body></S:Envelope>");
        assertThat(SoapXml.response("orderQuery", ORD, query())).isEqualTo(SoapXml.response("orderQuery", ORD, query(), AnswerShape.AS_DOCUMENTED));
        Map<String, Object> answer = map("orderDetails", List.of(map("success", "true", "orderId", "1")));
        assertThat(AnswerShape.AS_DOCUMENTED.rest(answer)).as("the very same object").isSameAs(answer);
        List<Object> plans = List.of(map("planNo", 30001));
        assertThat(AnswerShape.AS_DOCUMENTED.rest(plans)).isSameAs(plans);
        assertThat(new SimulatorConfig().shape).isSameAs(AnswerShape.AS_DOCUMENTED);
        assertThat(SimulatorConfig.fromProperties(k -> null).shape.toJson()).isEqualTo(AnswerShape.AS_DOCUMENTED.toJson());
    }

    // ------------------------------------------------------------------ SOAP options

    @Test
    void extraElementsPutUnknownElementsAtEveryLevelOfTheReturnTree() throws Exception {
        Map<String, Object> bulk = bulk();
        String before = bulk.toString();
        Element ret = returnOf(SoapXml.response("orderCreateBulk", ORD, bulk, soap(true, false, false, false)));
        assertThat(bulk.toString()).as("the result is not changed").isEqualTo(before);
        List<Element> known = complex(ret).stream().filter(e -> !AnswerShape.EXTRA_GROUP.equals(e.getLocalName())).toList();
        assertThat(known).extracting(Element::getLocalName).containsExactly("return", "ordersCreateResponse", "orderResponse", "orderResponse");
        assertThat(known).allSatisfy(e -> assertThat(names(e)).as(e.getLocalName()).contains(AnswerShape.EXTRA, AnswerShape.EXTRA_GROUP));
        Element first = children(child(ret, "ordersCreateResponse")).get(0);
        assertThat(names(first)).as("next to orderId in each orderResponse")
                .containsExactly("errorCode", AnswerShape.EXTRA, "orderId", AnswerShape.EXTRA_GROUP);
        assertThat(names(child(first, AnswerShape.EXTRA_GROUP))).as("a nested complex unknown element").isNotEmpty();

        Element echo = child(child(child(returnOf(SoapXml.response("orderQuery", ORD, query(), soap(true, false, false, false))), "orderQueryResponse"),
                "orderItems"), "wmeNewReqItem");
        assertThat(names(echo)).as("inside the echoed order item").containsExactly("planNo", AnswerShape.EXTRA, "orderItemAddress", "msn", "isEsim",
                AnswerShape.EXTRA_GROUP);
        assertThat(names(child(echo, "orderItemAddress"))).contains(AnswerShape.EXTRA);
        assertThat(child(echo, "msn").getTextContent()).isEqualTo("0412000000");
    }

    @Test
    void reorderReversesTheChildrenOfEveryElementButNotTheItemsOfAList() throws Exception {
        Element ret = returnOf(SoapXml.response("orderQuery", ORD, query(), soap(false, true, false, false)));
        assertThat(names(ret)).containsExactly("orderQueryResponse", "errorCode");
        Element detail = child(ret, "orderQueryResponse");
        assertThat(names(detail)).containsExactly("orderItems", "internalStatus", "status", "createdOn", "action", "orderId");
        assertThat(names(child(child(detail, "orderItems"), "wmeNewReqItem"))).containsExactly("isEsim", "msn", "orderItemAddress", "planNo");
        Element bulk = child(returnOf(SoapXml.response("orderCreateBulk", ORD, bulk(), soap(false, true, false, false))), "ordersCreateResponse");
        assertThat(children(bulk)).extracting(e -> child(e, "orderId").getTextContent()).as("answers stay in the orders' order").containsExactly("700001", "700002");
        assertThat(names(children(bulk).get(0))).containsExactly("orderId", "errorCode");
    }

    @Test
    void qualifiedChildrenCarryTheServicePrefix() throws Exception {
        String xml = SoapXml.response("orderQuery", ORD, query(), soap(false, false, true, false));
        assertThat(xml).contains("<ns2:return><ns2:errorCode>0</ns2:errorCode><ns2:orderQueryResponse><ns2:orderId>700001</ns2:orderId>");
        Element ret = returnOf(xml);
        List<Element> all = new ArrayList<>();
        collect(ret, all);
        assertThat(all).hasSizeGreaterThan(10).allSatisfy(e -> {
            assertThat(e.getNamespaceURI()).as(e.getLocalName()).isEqualTo(ORD);
            assertThat(e.getPrefix()).isEqualTo("ns2");
        });
        assertThat(returnOf(SoapXml.response("orderQuery", ORD, query(), AnswerShape.AS_DOCUMENTED)).getNamespaceURI()).as("unqualified by default").isNull();
    }

    private static void collect(Element e, List<Element> all) {
        all.add(e);
        children(e).forEach(c -> collect(c, all));
    }

    @Test
    void soapEnvPrefixWritesTheRealSamplesEnvelope() throws Exception {
        String xml = SoapXml.response("queryResources", PR, map("success", true, "errorCode", 0), soap(false, false, false, true));
        assertThat(xml).startsWith("<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S=\"" + SoapXml.ENV + "\" xmlns:SOAP-ENV=\"" + SoapXml.ENV
                + "\"><SOAP-ENV:Header/><S:Body><ns2:queryResourcesResponse");
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        List<Element> top = children(doc.getDocumentElement());
        assertThat(top).extracting(Element::getLocalName).containsExactly("Header", "Body");
        assertThat(top.get(0).getNamespaceURI()).isEqualTo(SoapXml.ENV);
        assertThat(top.get(0).hasChildNodes()).as("an empty header").isFalse();
    }

    // ------------------------------------------------------------------ REST options

    @Test
    void wrappedMovesAFlatPayloadUnderResponseAndKeepsTheHeadOnTop() {
        AnswerShape wrapped = rest(AnswerShape.Envelope.WRAPPED, false, false);
        Map<String, Object> order = map("orderId", "ORD1", "success", true);
        assertThat(wrapped.rest(order)).isEqualTo(map("success", true, "response", map("orderId", "ORD1")));
        assertThat(order).as("not changed").isEqualTo(map("orderId", "ORD1", "success", true));
        Map<String, Object> pool = map("errorCode", 0, "orderDetails", List.of(map("success", true, "orderId", "1")));
        assertThat(wrapped.rest(pool)).isEqualTo(map("errorCode", 0, "response", map("orderDetails", List.of(map("success", true, "orderId", "1")))));
        List<Object> plans = List.of(map("planNo", 30001), map("planNo", 30002));
        assertThat(wrapped.rest(plans)).as("a bare array").isEqualTo(map("response", plans));
        Map<String, Object> sq = map("errorCode", 0, "errorMessage", "ok", "success", true, "response", map("qualificationSearchId", "q"));
        assertThat(wrapped.rest(sq)).as("already wrapped").isEqualTo(sq);
        Map<String, Object> refusal = map("success", false, "errorCode", 10, "errorMessage", "Validation error");
        assertThat(wrapped.rest(refusal)).as("nothing to move").isEqualTo(refusal);
    }

    @Test
    void flatMovesAWrappedPayloadToTheTopLevel() {
        AnswerShape flat = rest(AnswerShape.Envelope.FLAT, false, false);
        Map<String, Object> esim = map("success", true, "errorCode", 0, "response", map("msn", "0412000000", "profileState", "LINKED"));
        assertThat(flat.rest(esim)).isEqualTo(map("success", true, "errorCode", 0, "msn", "0412000000", "profileState", "LINKED"));
        assertThat(esim).containsKey("response");
        List<Object> addresses = List.of(map("locationId", "LOC1"));
        assertThat(flat.rest(map("success", true, "errorCode", 0, "response", addresses))).as("a wrapped list: the bare array").isEqualTo(addresses);
        Map<String, Object> detail = map("orderId", "ORD1", "status", "Pending");
        assertThat(flat.rest(detail)).as("already flat").isEqualTo(detail);
    }

    @Test
    void extraFieldsAddUnknownFieldsToEveryObject() {
        Object shaped = rest(DOC, true, false).rest(map("success", "true", "provider", map("memberId", "1"),
                "consumers", List.of(map("custNo", 1, "dataLimit", null), map("custNo", 2))));
        List<Map<?, ?>> objects = new ArrayList<>();
        objects(shaped, objects);
        assertThat(objects).hasSizeGreaterThanOrEqualTo(4).allSatisfy(o ->
                assertThat(o.containsKey(AnswerShape.EXTRA) && o.containsKey(AnswerShape.EXTRA_GROUP)).as(String.valueOf(o)).isTrue());
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) shaped;
        assertThat(top).containsEntry("success", "true");
        assertThat((List<?>) top.get("consumers")).hasSize(2);
        assertThat(rest(DOC, true, false).rest(List.of(map("planNo", 1)))).isEqualTo(List.of(map(AnswerShape.EXTRA, AnswerShape.EXTRA_TEXT, "planNo", 1,
                AnswerShape.EXTRA_GROUP, map(AnswerShape.EXTRA, AnswerShape.EXTRA_TEXT, AnswerShape.EXTRA + "List", List.of(1, 2)))));
    }

    /** Every map of the tree except the unknown groups themselves. */
    private static void objects(Object v, List<Map<?, ?>> out) {
        if (v instanceof Map<?, ?> m) {
            out.add(m);
            m.forEach((k, x) -> {
                if (!AnswerShape.EXTRA_GROUP.equals(k)) {
                    objects(x, out);
                }
            });
        } else if (v instanceof List<?> l) {
            l.forEach(x -> objects(x, out));
        }
    }

    @Test
    void singleForListWritesAListOfOneAsTheItem() {
        AnswerShape single = rest(DOC, false, true);
        assertThat(single.rest(map("orderDetails", List.of(map("success", "true", "orderId", "1")))))
                .isEqualTo(map("orderDetails", map("success", "true", "orderId", "1")));
        assertThat(single.rest(List.of(map("planNo", 30001)))).as("a bare array of one").isEqualTo(map("planNo", 30001));
        List<Object> two = List.of(map("planNo", 30001), map("planNo", 30002));
        assertThat(single.rest(two)).isEqualTo(two);
        assertThat(single.rest(map("result", map("details", List.of(map("name", "Link")))))).isEqualTo(map("result", map("details", map("name", "Link"))));
        assertThat(new AnswerShape(false, false, false, false, AnswerShape.Envelope.WRAPPED, false, true).rest(List.of(map("slotId", "S1"))))
                .as("options combine: wrapped, then single").isEqualTo(map("response", map("slotId", "S1")));
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void theAdminBodyAndTheConfigKeysNameTheSameOptions() {
        Map<String, Object> all = map("soap", map("extraElements", true, "reorder", true, "qualifiedChildren", true, "soapEnvPrefix", true),
                "rest", map("envelope", "flat", "extraFields", true, "singleForList", true));
        AnswerShape fromJson = AnswerShape.fromJson(all);
        assertThat(fromJson.toJson()).isEqualTo(all);
        Map<String, String> keys = Map.of("octane.simulator.shape.soap.extra-elements", "true", "octane.simulator.shape.soap.reorder", "true",
                "octane.simulator.shape.soap.qualified-children", "true", "octane.simulator.shape.soap.env-prefix", "true",
                "octane.simulator.shape.rest.envelope", "flat", "octane.simulator.shape.rest.extra-fields", "true",
                "octane.simulator.shape.rest.single-for-list", "true");
        assertThat(SimulatorConfig.fromProperties(keys::get).shape.toJson()).isEqualTo(all);
        assertThat(AnswerShape.fromJson(map("rest", map("envelope", "wrapped"))).toJson())
                .as("options not named are off").isEqualTo(map("soap", map("extraElements", false, "reorder", false, "qualifiedChildren", false,
                        "soapEnvPrefix", false), "rest", map("envelope", "wrapped", "extraFields", false, "singleForList", false)));
        assertThatThrownBy(() -> AnswerShape.fromJson(map("soap", map("extraElement", true)))).hasMessageContaining("unknown soap option extraElement");
        assertThatThrownBy(() -> AnswerShape.fromJson(map("rest", map("envelope", "both")))).hasMessageContaining("as-documented, wrapped or flat");
        assertThatThrownBy(() -> AnswerShape.fromJson(map("soap", map("reorder", "yes")))).hasMessageContaining("true or false");
        assertThatThrownBy(() -> SimulatorConfig.fromProperties(Map.of("octane.simulator.shape.soap.reorder", "on")::get)).hasMessageContaining("true or false");
    }

    // ------------------------------------------------------------------ on the wire

    private String soapCall(String inner) throws Exception {
        String env = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:x=\"" + PR + "\"><soapenv:Body><x:queryResources>"
                + inner + "</x:queryResources></soapenv:Body></soapenv:Envelope>";
        return http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl() + "/UtbPooledResource")).POST(HttpRequest.BodyPublishers.ofString(env)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String restCall(String path, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + path)).header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("demo:" + password).getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> admin(String method, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl().replace("/tiab", "/sim/shape")))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAdminApiShapesEveryAnswerAndDeleteRestoresTheStartShape() throws Exception {
        String sim0 = "<login><userName>demo</userName><password>demo-password</password></login>"
                + "<queryPooledResourcesRequest><queryValue>8961000000000000000</queryValue></queryPooledResourcesRequest>";
        String badLogin = sim0.replace("demo-password", "wrong");
        String plans = "/v1/group/123/plan?productSelection=nbn&technologyType=FTTN";
        String soapBefore = soapCall(sim0);
        String restBefore = restCall(plans, "demo-password");
        String faultBefore = soapCall(badLogin);
        String deniedBefore = restCall(plans, "wrong");

        HttpResponse<String> set = admin("POST", "{\"soap\":{\"extraElements\":true,\"reorder\":true,\"qualifiedChildren\":true,\"soapEnvPrefix\":true},"
                + "\"rest\":{\"envelope\":\"wrapped\",\"extraFields\":true,\"singleForList\":true}}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json.readValue(admin("GET", null).body(), new TypeReference<Map<String, Object>>() {
        })).containsEntry("rest", map("envelope", "wrapped", "extraFields", true, "singleForList", true));
        String soapShaped = soapCall(sim0);
        assertThat(soapShaped).contains("<SOAP-ENV:Header/>", "<ns2:return>", "<ns2:" + AnswerShape.EXTRA + ">", "<ns2:providerStatus>r</ns2:providerStatus>")
                .doesNotContain("<return>");
        assertThat(soapShaped.indexOf("<ns2:providerStatus>")).as("reordered").isLessThan(soapShaped.indexOf("<ns2:resourceType>"));
        Map<String, Object> restShaped = json.readValue(restCall(plans, "demo-password"), new TypeReference<Map<String, Object>>() {
        });
        assertThat(restShaped).as("the bare array wrapped, with unknown fields").containsKeys("response", AnswerShape.EXTRA);
        assertThat(soapCall(badLogin)).as("faults stay as they are").isEqualTo(faultBefore);
        assertThat(restCall(plans, "wrong")).as("the G-AUTH body stays as it is").isEqualTo(deniedBefore);

        assertThat(admin("POST", "{\"rest\":{\"envelopes\":\"flat\"}}").statusCode()).as("an unknown option is refused").isEqualTo(400);
        assertThat(admin("DELETE", null).statusCode()).isEqualTo(200);
        assertThat(sim.shape()).isSameAs(AnswerShape.AS_DOCUMENTED);
        assertThat(soapCall(sim0)).as("byte for byte as before").isEqualTo(soapBefore);
        assertThat(restCall(plans, "demo-password")).isEqualTo(restBefore);
    }

    @Test
    void theConfigKeysShapeAnswersFromTheStart() throws Exception {
        sim.stop();
        sim = new OctaneSimulator(SimulatorConfig.fromProperties(Map.of("octane.simulator.port", "0", "octane.simulator.shape.rest.envelope", "flat",
                "octane.simulator.shape.soap.qualified-children", "true")::get));
        sim.start();
        assertThat(restCall("/v1/address/search?query=renoir", "demo-password")).as("wrapped list → bare array").startsWith("[{\"locationId\":\"LOC380100003003\"");
        assertThat(soapCall("<login><userName>demo</userName><password>demo-password</password></login>"
                + "<queryPooledResourcesRequest><queryValue>WME_ESIM</queryValue></queryPooledResourcesRequest>")).contains("<ns2:return><ns2:success>true");
        sim.setShape(AnswerShape.AS_DOCUMENTED);
        assertThat(restCall("/v1/address/search?query=renoir", "demo-password")).startsWith("{\"success\":true");
        assertThat(admin("DELETE", null).body()).as("DELETE: the configured shape again").contains("\"envelope\":\"flat\"");
        assertThat(restCall("/v1/address/search?query=renoir", "demo-password")).startsWith("[");
    }
}
