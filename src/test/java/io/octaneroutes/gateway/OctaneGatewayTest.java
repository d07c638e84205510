package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.xml.namespace.QName;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.message.MessageContentsList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import au.com.utilibill.ws.frontend.order.OrderCreateRequest;
import au.com.utilibill.ws.frontend.pr.QueryPooledResourcesRequest;

/**
 * The gateway's decisions without Octane: its routes in a plain CamelContext, REST against a
 * scripted HTTP server on 127.0.0.1 (status, headers and body as the test says), SOAP with the
 * {@code cxf:} call replaced by a scripted answer (advice). What is proved: a journaled answer is
 * used instead of a call; a call tells the listener begin, sending (each attempt) and completed
 * with the ids its facts name; a refusal fails unless the operation branches on it; a multi-order
 * answer with refused orders fails as PARTIAL after the accepted ones are journaled; transient
 * faults are retried up to octane.retry.max-attempts; the REST request (path parameters out of the
 * request and encoded, {groupNo}, configured paths, query or JSON body, preemptive Basic auth),
 * how a REST answer is read (201, other statuses, Retry-After holding the budget back, not JSON,
 * a bare value, no body, a list); the SOAP request (login and payload, operation name and
 * namespace), the method's budget taken around the call unless the caller holds it, and fault
 * 233 blocking the budget for the wait Octane announced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one server and one gateway for all tests; see reset()
class OctaneGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the REST server got. */
    record Got(String method, String path, String rawPath, String query, String authorization, String accept, String contentType, String body,
               long at) {
    }

    /** One answer of the REST server. */
    record Answer(int status, String body, Map<String, String> headers) {
        static Answer ok(String body) {
            return new Answer(200, body, Map.of());
        }
    }

    private HttpServer rest;
    private final List<Got> got = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Answer> restAnswers = new ConcurrentLinkedDeque<>();
    private final List<Object> soapBodies = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> soapHeaders = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Function<Exchange, Object>> soapAnswers = new ConcurrentLinkedDeque<>();
    private final Listener listener = new Listener();
    private DefaultCamelContext context;
    private RateBudgets budgets;

    /** What the gateway tells the layer above, in order; {@link #recorded} is the journaled answer to hand back. */
    static final class Listener implements StepListener {
        final List<String> told = Collections.synchronizedList(new ArrayList<>());
        final List<Map<String, Object>> ids = new CopyOnWriteArrayList<>();
        Map<String, Object> recorded;
        RuntimeException refuse;

        @Override
        public Map<String, Object> recorded(Exchange exchange, OctaneOperation op) {
            told.add("recorded " + op.name());
            return recorded;
        }

        @Override
        public void begin(Exchange exchange, OctaneOperation op) {
            told.add("begin " + op.name());
            if (refuse != null) {
                throw refuse;
            }
        }

        @Override
        public void sending(Exchange exchange, OctaneOperation op) {
            told.add("sending " + op.name());
        }

        @Override
        public void completed(Exchange exchange, OctaneOperation op, Map<String, Object> answer, Map<String, Object> ids) {
            told.add("completed " + op.name());
            this.ids.add(ids);
        }
    }

    @BeforeAll
    void start() throws Exception {
        rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rest.createContext("/", this::serve);
        rest.start();
        startGateway(Duration.ofMinutes(1));
    }

    /**
     * Each test starts with nothing recorded and budgets that hold nothing back: the gateway is
     * started again (0.3 s) only after a test that left a budget blocked, waited on or exhausted,
     * so the 35 tests do not pay for 35 CamelContexts.
     */
    @BeforeEach
    void reset() throws Exception {
        got.clear();
        restAnswers.clear();
        soapBodies.clear();
        soapHeaders.clear();
        soapAnswers.clear();
        listener.told.clear();
        listener.ids.clear();
        listener.recorded = null;
        listener.refuse = null;
        long now = System.currentTimeMillis();
        boolean holdsBack = java.util.stream.Stream.concat(budgets.all().entrySet().stream(), budgets.rest().entrySet().stream())
                .anyMatch(b -> b.getValue().usage().blockedUntil() > now || b.getValue().waits() > 0
                        || LIMITS.containsKey(b.getKey()) && b.getValue().usage().minute() >= LIMITS.get(b.getKey())[0]);
        if (holdsBack || !context.isStarted()) {
            restartGateway(Duration.ofMinutes(1));
        }
    }

    private void restartGateway(Duration minute) throws Exception {
        context.stop();
        startGateway(minute);
    }

    /** The gateway with octane.retry.max-attempts 2, orderCreate 100/1000 and queryResources 1/1000 in windows of {@code minute} and an hour. */
    private static final Map<String, int[]> LIMITS = Map.of("orderCreate", new int[] {100, 1000}, "queryResources", new int[] {1, 1000});

    private void startGateway(Duration minute) throws Exception {
        GatewayConfig config = new GatewayConfig("http://127.0.0.1:9/soap/", "http://127.0.0.1:" + rest.getAddress().getPort() + "/tiab/api/",
                "api-user", "api-secret", "G77", 2, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Map.of("listPlans", "/v9/groups/{groupNo}/plans"));
        budgets = new RateBudgets(new RateBudgets.Limits("api-user", config.soapUrl(), LIMITS, minute, Duration.ofHours(1),
                Duration.ofMinutes(2)));
        context = new DefaultCamelContext();
        // as application.properties sets it: HttpClient's own retry of 429/503 off, the gateway retries
        context.getComponent("http", org.apache.camel.component.http.HttpComponent.class).setAutomaticRetriesDisabled(true);
        context.addRoutes(new OctaneGateway(config, budgets, listener, JSON));
        for (SoapOperation op : SoapOperation.values()) {
            AdviceWith.adviceWith(context, "call-" + op.name(), a -> a.weaveByToUri("cxf:*").replace().process(this::soap));
        }
        context.start();
    }

    @AfterAll
    void stop() {
        context.stop();
        rest.stop(0);
    }

    private void serve(HttpExchange http) throws IOException {
        String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        got.add(new Got(http.getRequestMethod(), http.getRequestURI().getPath(), http.getRequestURI().getRawPath(), http.getRequestURI().getRawQuery(),
                http.getRequestHeaders().getFirst("Authorization"), http.getRequestHeaders().getFirst("Accept"),
                http.getRequestHeaders().getFirst("Content-Type"), body, System.currentTimeMillis()));
        Answer a = restAnswers.size() > 1 ? restAnswers.poll() : restAnswers.peek();
        if (a == null) {
            a = Answer.ok("{\"success\":true}");
        }
        a.headers().forEach((k, v) -> http.getResponseHeaders().add(k, v));
        byte[] bytes = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void soap(Exchange e) throws Exception {
        soapBodies.add(e.getIn().getBody());
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("operation", e.getIn().getHeader(CxfConstants.OPERATION_NAME));
        headers.put("namespace", e.getIn().getHeader(CxfConstants.OPERATION_NAMESPACE));
        soapHeaders.add(headers);
        Function<Exchange, Object> answer = soapAnswers.size() > 1 ? soapAnswers.poll() : soapAnswers.peek();
        Object result = answer == null ? Map.of("errorCode", 0) : answer.apply(e);
        if (result instanceof Exception failure) {
            throw failure;
        }
        e.getIn().setBody(result instanceof MessageContentsList l ? l : new MessageContentsList(result));
    }

    private void restAnswer(Answer... answers) {
        restAnswers.clear();
        restAnswers.addAll(List.of(answers));
    }

    private void soapAnswer(Object answer) {
        soapAnswers.clear();
        soapAnswers.add(e -> answer);
    }

    /**
     * Sends {@code request} as a flow does to a journaled step (as its body), or as the poller does to
     * a call route (in the {@link OctaneGateway#REQUEST} variable); returns the exchange (its exception, if any, on it).
     */
    private Exchange send(String uri, Object request) {
        Exchange e = new DefaultExchange(context);
        if (uri.startsWith("direct:octane-")) {
            e.getIn().setBody(request);
        } else {
            e.setVariable(OctaneGateway.REQUEST, request);
        }
        return context.createProducerTemplate().send(uri, e);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Exchange e) {
        assertThat(e.getException()).isNull();
        return e.getIn().getBody(Map.class);
    }

    private static Map<String, Object> json(String text) throws IOException {
        return JSON.readValue(text, Map.class);
    }

    // ---------------------------------------------------------------- the journaled step

    @Test
    void aStepWithAJournaledAnswerUsesItAndSendsNothing() {
        listener.recorded = Map.of("errorCode", 0, "orderId", "o-journaled");
        Exchange e = send(SoapOperation.orderCreate.stepUri(), Map.of());
        assertThat(body(e)).containsEntry("orderId", "o-journaled");
        assertThat(soapBodies).isEmpty();
        assertThat(listener.told).containsExactly("recorded orderCreate");
        assertThat(e.getVariable(OctaneGateway.OPERATION)).isEqualTo("orderCreate");
    }

    @Test
    void aCallTellsTheListenerBeginSendingAndCompletedWithTheIdsOfItsFacts() {
        soapAnswer(Map.of("errorCode", 0, "orderId", "o-1", "errorMessage", ""));
        Exchange e = send(SoapOperation.orderCreate.stepUri(), Map.of());
        assertThat(body(e)).containsEntry("orderId", "o-1");
        assertThat(listener.told).containsExactly("recorded orderCreate", "begin orderCreate", "sending orderCreate", "completed orderCreate");
        assertThat(listener.ids).containsExactly(Map.of("orderId", "o-1"));
        assertThat(soapBodies).hasSize(1);
    }

    @Test
    void aCallTheListenerRefusesIsNotSent() {
        listener.refuse = new OctaneUncertainException("orderCreate", "an earlier attempt was sent", null);
        Exchange e = send(SoapOperation.orderCreate.stepUri(), Map.of());
        assertThat(e.getException()).isSameAs(listener.refuse);
        assertThat(soapBodies).isEmpty();
        assertThat(listener.told).containsExactly("recorded orderCreate", "begin orderCreate");
    }

    @Test
    void octanesRefusalFailsTheStepAndIsNotJournaled() {
        soapAnswer(Map.of("errorCode", 71, "errorMessage", "SIM not available"));
        Exchange e = send(SoapOperation.orderCreate.stepUri(), Map.of());
        assertThat(e.getException()).isInstanceOfSatisfying(OctaneBusinessException.class, b -> {
            assertThat(b.getErrorCode()).isEqualTo("71");
            assertThat(b.getErrorMessage()).isEqualTo("SIM not available");
        });
        assertThat(listener.told).doesNotContain("completed orderCreate");
        assertThat(soapBodies).as("a refusal is not retried").hasSize(1);
    }

    @Test
    void anEmptySoapAnswerIsARefusalSayingSo() {
        soapAnswers.clear();
        soapAnswers.add(e -> new MessageContentsList());
        Exchange e = send(SoapOperation.orderCreate.stepUri(), Map.of());
        assertThat(e.getException()).isInstanceOfSatisfying(OctaneBusinessException.class, b -> {
            assertThat(b.getErrorCode()).isEqualTo("EMPTY");
            assertThat(b.getErrorMessage()).isEqualTo("Octane returned no result");
        });
    }

    @Test
    void aRefusalTheFlowBranchesOnIsJournaledAndHandedBack() throws Exception {
        restAnswer(Answer.ok("{\"success\":false,\"errorCode\":\"E12\",\"profileState\":\"LINKED\"}"));
        Exchange e = send(RestOperation.manageEsim.stepUri(), Map.of("msn", "0411"));
        assertThat(body(e)).containsEntry("success", false).containsEntry("response", Map.of("profileState", "LINKED"));
        assertThat(listener.told).endsWith("completed manageEsim");
        assertThat(listener.ids).containsExactly(Map.of("profileState", "LINKED"));
    }

    @Test
    void aMultiOrderAnswerWithRefusedOrdersFailsAsPartialAfterTheAcceptedOnesAreJournaled() {
        soapAnswer(Map.of("errorCode", 0, "ordersCreateResponse", Map.of("orderResponse", List.of(
                Map.of("errorCode", 0, "orderId", "o-1"), Map.of("errorCode", 12, "errorMessage", "no such consumer")))));
        Exchange e = send(SoapOperation.orderCreateBulk.stepUri(), Map.of());
        assertThat(listener.told).endsWith("completed orderCreateBulk");
        assertThat(listener.ids).containsExactly(Map.of("orderIds", List.of("o-1")));
        assertThat(e.getException()).isInstanceOfSatisfying(OctaneBusinessException.class, b -> {
            assertThat(b.getErrorCode()).isEqualTo("PARTIAL");
            assertThat(b.getErrorMessage()).isEqualTo("1 of 2 orders refused by Octane: order 2: no such consumer");
        });
    }

    @Test
    void aTransientFaultIsRetriedUpToTheAttemptsAndEachAttemptIsSent() {
        restAnswer(new Answer(503, "", Map.of()), Answer.ok("{\"success\":true,\"response\":{\"msn\":\"0411\"}}"));
        Exchange e = send(RestOperation.getEsimDetails.stepUri(), Map.of("msn", "0411"));
        assertThat(body(e)).containsEntry("response", Map.of("msn", "0411"));
        assertThat(got).hasSize(2);
        assertThat(listener.told).containsExactly("recorded getEsimDetails", "begin getEsimDetails", "sending getEsimDetails",
                "sending getEsimDetails", "completed getEsimDetails");
    }

    @Test
    void aTransientFaultThatOutlastsTheAttemptsLeavesTheGateway() {
        restAnswer(new Answer(503, "", Map.of()));
        Exchange e = send(RestOperation.getEsimDetails.stepUri(), Map.of("msn", "0411"));
        assertThat(e.getException()).isInstanceOf(OctaneTransientException.class).hasMessage("getEsimDetails: HTTP 503");
        assertThat(got).as("octane.retry.max-attempts").hasSize(2);
        assertThat(listener.told).doesNotContain("completed getEsimDetails");
    }

    @Test
    void aCreateWhoseOutcomeIsUncertainIsNeverRetried() {
        restAnswer(new Answer(500, "", Map.of()));
        Exchange e = send(RestOperation.addCustomer.stepUri(), Map.of("firstName", "A"));
        assertThat(e.getException()).isInstanceOf(OctaneUncertainException.class);
        assertThat(got).hasSize(1);
    }

    @Test
    void aCallMadeOutsideAJournaledStepTellsTheListenerNothing() {
        soapAnswer(Map.of("errorCode", 0, "orderQueryResponse", Map.of("internalStatus", "COMPLETE")));
        Exchange e = send(SoapOperation.orderQuery.callUri(), Map.of("orderId", "o-1"));
        assertThat(body(e)).containsKey("orderQueryResponse");
        assertThat(listener.told).isEmpty();
    }

    // ---------------------------------------------------------------- REST requests

    @Test
    void aGetTakesItsPathParametersOutOfTheRequestEncodedAndSendsTheRestAsItsQuery() throws Exception {
        restAnswer(Answer.ok("{\"orderId\":\"N/1\",\"status\":\"Pending\"}"));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("orderId", "N/1 x");
        request.put("custNo", 554433);
        request.put("note", "a&b c");
        request.put("skipped", null);
        Exchange e = send(RestOperation.getNbnOrder.stepUri(), request);
        assertThat(body(e)).containsEntry("response", Map.of("orderId", "N/1", "status", "Pending"));
        Got g = got.get(0);
        assertThat(g.method()).isEqualTo("GET");
        assertThat(g.rawPath()).isEqualTo("/tiab/api/v1/service/orders/N%2F1+x");
        assertThat(g.query()).isEqualTo("custNo=554433&note=a%26b+c");
        assertThat(g.accept()).isEqualTo("application/json");
        assertThat(g.body()).isEmpty();
        assertThat(g.authorization()).as("preemptive, on the first request")
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("api-user:api-secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPostSendsTheRequestAsJsonToItsPathWithTheGroup() throws Exception {
        restAnswer(new Answer(201, "{\"success\":true,\"custNo\":554433}", Map.of()));
        Exchange e = send(RestOperation.addCustomer.stepUri(), Map.of("firstName", "Ann"));
        assertThat(body(e)).containsEntry("success", true).containsEntry("response", Map.of("custNo", 554433));
        Got g = got.get(0);
        assertThat(g.method()).isEqualTo("POST");
        assertThat(g.path()).isEqualTo("/tiab/api/v1/group/G77/customer");
        assertThat(g.contentType()).startsWith("application/json");
        assertThat(json(g.body())).isEqualTo(Map.of("firstName", "Ann"));
        assertThat(listener.ids).containsExactly(Map.of("custNo", 554433));
    }

    @Test
    void aConfiguredPathReplacesTheBuiltInOne() {
        restAnswer(Answer.ok("[{\"planNo\":\"2000\"}]"));
        Exchange e = send(RestOperation.listPlans.stepUri(), Map.of("serviceType", "NBN"));
        assertThat(body(e)).isEqualTo(Map.of("response", List.of(Map.of("planNo", "2000"))));
        assertThat(got.get(0).path()).isEqualTo("/tiab/api/v9/groups/G77/plans");
        assertThat(got.get(0).query()).isEqualTo("serviceType=NBN");
    }

    @Test
    void aPathParameterMissingFromTheRequestIsAnError() {
        Exchange e = send(RestOperation.getNbnOrder.callUri(), Map.of("custNo", 1));
        assertThat(e.getException()).isInstanceOf(IllegalStateException.class).hasMessage("getNbnOrder needs 'orderId' for its path");
        assertThat(got).isEmpty();
        Exchange none = send(RestOperation.getEnquiry.callUri(), null);
        assertThat(none.getException()).hasMessage("getEnquiry needs 'enquiryId' for its path");
    }

    @Test
    void aGetWithoutARequestMapHasNoQuery() {
        restAnswer(Answer.ok("{\"success\":true}"));
        Exchange e = send(RestOperation.getDiagnosticTests.callUri(), null);
        assertThat(body(e)).containsEntry("success", true);
        assertThat(got.get(0).query()).isNull();
    }

    // ---------------------------------------------------------------- REST answers

    @Test
    void anAnswerWithoutABodyIsAnEmptyPayload() {
        restAnswer(new Answer(200, null, Map.of()));
        Exchange e = send(RestOperation.cancelNbnOrder.callUri(), Map.of("orderId", "N1"));
        assertThat(body(e)).isEqualTo(Map.of("response", Map.of()));
    }

    @Test
    void aWaitAnnouncedWithRetryAfterHoldsTheNextCallOfThatOperationBack() {
        restAnswer(new Answer(429, "", Map.of("Retry-After", "1")), Answer.ok("{\"success\":true}"));
        assertThat(send(RestOperation.searchAddress.callUri(), Map.of()).getException()).isInstanceOf(OctaneTransientException.class);
        long blockedUntil = budgets.rest("searchAddress").usage().blockedUntil();
        assertThat(send(RestOperation.searchAddress.callUri(), Map.of()).getException()).isNull();
        assertThat(got).hasSize(2);
        assertThat(got.get(1).at()).as("not sent before the announced wait ended").isGreaterThanOrEqualTo(blockedUntil);
    }

    @Test
    void anotherStatusIsClassifiedAndARefusalIsNotRetried() {
        restAnswer(new Answer(404, "{\"message\":\"not here\"}", Map.of()));
        Exchange e = send(RestOperation.getEsimDetails.stepUri(), Map.of("msn", "1"));
        assertThat(e.getException()).isInstanceOfSatisfying(OctaneBusinessException.class, b -> {
            assertThat(b.getErrorCode()).isEqualTo("HTTP404");
            assertThat(b.getMessage()).doesNotContain("not here");
        });
        assertThat(got).hasSize(1);
        restAnswer(new Answer(403, "", Map.of()));
        assertThat(send(RestOperation.getEsimDetails.callUri(), Map.of()).getException()).isInstanceOf(OctaneAccessException.class);
    }

    @Test
    void aRetryAfterHoldsTheOperationBackForTheWaitOctaneAnnounced() {
        restAnswer(new Answer(429, "", Map.of("Retry-After", "30")));
        long before = System.currentTimeMillis();
        Exchange e = send(RestOperation.searchAddress.callUri(), Map.of("q", "1 Main St"));
        assertThat(e.getException()).isInstanceOfSatisfying(OctaneTransientException.class, t -> assertThat(t.getWaitMillis()).isEqualTo(30_000));
        assertThat(budgets.rest("searchAddress").usage().blockedUntil()).isBetween(before + 30_000, System.currentTimeMillis() + 30_000);
        assertThat(budgets.rest("getEsimDetails").usage().blockedUntil()).as("only that operation").isZero();
    }

    @Test
    void aStatusThatIsNotTransientDoesNotHoldTheBudgetBackWhateverItsRetryAfter() {
        restAnswer(new Answer(500, "", Map.of("Retry-After", "30")));
        Exchange e = send(RestOperation.addCustomer.callUri(), Map.of());
        assertThat(e.getException()).isInstanceOf(OctaneUncertainException.class);
        assertThat(budgets.rest("addCustomer").usage().blockedUntil()).isZero();
        restAnswer(new Answer(503, "", Map.of()));
        send(RestOperation.searchAddress.callUri(), Map.of());
        assertThat(budgets.rest("searchAddress").usage().blockedUntil()).as("no wait announced").isZero();
    }

    @Test
    void anAnswerThatIsNotJsonIsUncertainForACreateAndUnreadableForARead() {
        restAnswer(Answer.ok("{\"custNo\": 5544<html>"));
        Exchange create = send(RestOperation.addCustomer.callUri(), Map.of());
        assertThat(create.getException()).isInstanceOf(OctaneUncertainException.class)
                .hasMessageStartingWith("addCustomer outcome unknown: the answer is not JSON (line 1, column ").hasMessageNotContaining("html");
        Exchange read = send(RestOperation.searchAddress.callUri(), Map.of());
        assertThat(read.getException()).isInstanceOfSatisfying(OctaneUnreadableException.class,
                u -> assertThat(u.getWhat()).startsWith("the answer is not JSON (line 1, column ").doesNotContain("html"));
    }

    @Test
    void aBareJsonValueIsNoAnswer() {
        restAnswer(Answer.ok("42"));
        assertThat(send(RestOperation.searchAddress.callUri(), Map.of()).getException()).isInstanceOfSatisfying(OctaneUnreadableException.class,
                u -> assertThat(u.getWhat()).isEqualTo("the answer is a bare JSON value, not an object or a list"));
        assertThat(send(RestOperation.createEnquiry.callUri(), Map.of()).getException()).isInstanceOf(OctaneUncertainException.class)
                .hasMessage("createEnquiry outcome unknown: the answer is a bare JSON value, not an object or a list");
    }

    // ---------------------------------------------------------------- SOAP

    @Test
    void aSoapCallSendsTheLoginAndThePayloadToItsOperation() {
        soapAnswer(Map.of("errorCode", 0));
        send(SoapOperation.queryResources.stepUri(), Map.of("queryValue", "0411"));
        List<?> parts = (List<?>) soapBodies.get(0);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).isInstanceOfSatisfying(au.com.utilibill.ws.frontend.pr.Login.class, l -> {
            assertThat(l.getUserName()).isEqualTo("api-user");
            assertThat(l.getPassword()).isEqualTo("api-secret");
        });
        assertThat(parts.get(1)).isInstanceOfSatisfying(QueryPooledResourcesRequest.class, q -> assertThat(q.getQueryValue()).isEqualTo("0411"));
        assertThat(soapHeaders.get(0)).containsEntry("operation", "queryResources")
                .containsEntry("namespace", SoapOperation.Service.UtbPooledResource.namespace());
        soapAnswer(Map.of("errorCode", 0, "orderId", "o-1"));
        send(SoapOperation.orderCreate.callUri(), Map.of());
        assertThat(((List<?>) soapBodies.get(1)).get(0)).isInstanceOf(au.com.utilibill.ws.frontend.order.Login.class);
        assertThat(((List<?>) soapBodies.get(1)).get(1)).isInstanceOf(OrderCreateRequest.class);
    }

    @Test
    void aSoapCallTakesASlotOfItsMethodsBudgetAndGivesItBack() {
        soapAnswer(Map.of("errorCode", 0));
        Exchange e = send(SoapOperation.queryResources.callUri(), Map.of("queryValue", "1"));
        assertThat(body(e)).containsEntry("errorCode", 0);
        RateBudget budget = budgets.of("queryResources").orElseThrow();
        assertThat(budget.usage().minute()).as("the slot counts one window after the answer").isEqualTo(1);
        assertThat(e.getProperty(OctaneGateway.BUDGET_HELD)).as("given back").isNull();
        // a caller that holds the slot (the poller) is not held back by the exhausted budget
        Exchange held = new DefaultExchange(context);
        held.setVariable(OctaneGateway.REQUEST, Map.of("queryValue", "2"));
        held.setProperty(OctaneGateway.BUDGET_HELD, true);
        context.createProducerTemplate().send(SoapOperation.queryResources.callUri(), held);
        assertThat(held.getException()).isNull();
        assertThat(soapBodies).hasSize(2);
        assertThat(budget.waits()).isZero();
    }

    @Test
    void theSlotGivenBackLetsTheNextCallGoOnceItsWindowHasPassed() throws Exception {
        restartGateway(Duration.ofMillis(1500)); // longer than the route's own time between the two calls, even on a loaded machine
        soapAnswer(Map.of("errorCode", 0));
        assertThat(send(SoapOperation.queryResources.callUri(), Map.of()).getException()).isNull();
        long t0 = System.nanoTime();
        // a slot never given back would hold the budget of 1 for ever: the call would not end
        Exchange second = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> send(SoapOperation.queryResources.callUri(), Map.of()));
        assertThat(second.getException()).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("it waited for the window").isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(budgets.of("queryResources").orElseThrow().waits()).isEqualTo(1);
    }

    @Test
    void aMethodWithoutAPublishedLimitIsNotHeldBack() {
        soapAnswer(Map.of("errorCode", 0));
        for (int i = 0; i < 3; i++) {
            assertThat(send(SoapOperation.selectResource.callUri(), Map.of()).getException()).isNull();
        }
        assertThat(budgets.of("selectResource")).isEmpty();
    }

    @Test
    void fault233BlocksTheMethodsBudgetForTheWaitOctaneAnnounced() throws Exception {
        restartGateway(Duration.ofMinutes(1)); // the slot count below is this test's alone
        SoapFault fault = new SoapFault("Rate limit exceeded, please try again in: 00:00:42", new QName("", "233"));
        soapAnswer(fault);
        long before = System.currentTimeMillis();
        Exchange e = send(SoapOperation.orderCreate.callUri(), Map.of());
        assertThat(e.getException()).isInstanceOfSatisfying(OctaneTransientException.class, t -> {
            assertThat(t.isRateLimited()).isTrue();
            assertThat(t.getWaitMillis()).isEqualTo(42_000);
        });
        assertThat(budgets.of("orderCreate").orElseThrow().usage().blockedUntil()).isBetween(before + 42_000, System.currentTimeMillis() + 42_000);
        assertThat(budgets.of("orderCreate").orElseThrow().usage().minute()).as("the slot is given back all the same").isEqualTo(1);
    }

    @Test
    void anotherSoapFaultDoesNotBlockTheBudget() {
        soapAnswer(new SoapFault("server error", new QName("", "500")));
        Exchange e = send(SoapOperation.orderCreate.callUri(), Map.of());
        assertThat(e.getException()).isInstanceOf(OctaneUncertainException.class);
        assertThat(budgets.of("orderCreate").orElseThrow().usage().blockedUntil()).isZero();
        soapAnswer(new SoapFault("busy", new QName("", "500")));
        Exchange read = send(SoapOperation.orderQuery.callUri(), Map.of());
        assertThat(read.getException()).isInstanceOf(OctaneTransientException.class);
    }

    @Test
    void eachSoapServiceHasItsEndpointOnItsAddressFromOurWsdl() {
        DefaultCamelContext other = new DefaultCamelContext();
        GatewayConfig config = new GatewayConfig("http://127.0.0.1:9/tiab/soap/", "http://127.0.0.1:9/api", "u", "p", "G1", 1, Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofMillis(1500), Duration.ofSeconds(20), Map.of());
        OctaneGateway.bindSoapEndpoints(other, config);
        for (SoapOperation.Service service : SoapOperation.Service.values()) {
            org.apache.camel.component.cxf.jaxws.CxfEndpoint endpoint = other.getRegistry().lookupByNameAndType(service.beanName(),
                    org.apache.camel.component.cxf.jaxws.CxfEndpoint.class);
            assertThat(endpoint).as(service.name()).isNotNull();
            assertThat(endpoint.getAddress()).isEqualTo("http://127.0.0.1:9/tiab/soap/" + service.name());
            assertThat(endpoint.getServiceClass()).isEqualTo(service.sei());
            assertThat(endpoint.getWsdlURL()).isEqualTo("classpath:wsdl/" + service.name() + ".wsdl");
            assertThat(endpoint.getDataFormat()).isEqualTo(org.apache.camel.component.cxf.common.DataFormat.POJO);
            assertThat(endpoint.getCxfConfigurer()).isInstanceOf(OctaneCxfConfigurer.class);
            assertThat(endpoint.getCamelContext()).isSameAs(other);
        }
        assertThat(SoapOperation.Service.UtbOrder.beanName()).isEqualTo("utbOrder");
        assertThat(SoapOperation.Service.UtbOrder.loginClassName()).isEqualTo("au.com.utilibill.ws.frontend.order.Login");
    }

    @Test
    void theListenerThatJournalsNothingHasNoAnswerForAnyStep() {
        assertThat(StepListener.NONE.recorded(new DefaultExchange(context), SoapOperation.orderCreate)).isNull();
    }

    // ---------------------------------------------------------------- helpers

    @Test
    void aQueryStringEncodesNamesAndValuesAndLeavesNullsOut() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("custno", 554433);
        params.put("a b", "x=y&z");
        params.put("none", null);
        params.put("lineseqno", 7);
        assertThat(OctaneGateway.query(params)).isEqualTo("custno=554433&a+b=x%3Dy%26z&lineseqno=7");
        assertThat(OctaneGateway.query(Map.of())).isEmpty();
        assertThat(OctaneGateway.query("text")).isNull();
        assertThat(OctaneGateway.query(null)).isNull();
    }

    @Test
    void aRetryAfterInSecondsIsReadAndAnythingElseIsNoWait() {
        assertThat(OctaneGateway.retryAfterMillis("5")).isEqualTo(5000);
        assertThat(OctaneGateway.retryAfterMillis(" 7 ")).isEqualTo(7000);
        assertThat(OctaneGateway.retryAfterMillis("0")).isZero();
        assertThat(OctaneGateway.retryAfterMillis("-3")).isZero();
        assertThat(OctaneGateway.retryAfterMillis("Wed, 21 Oct 2026 07:28:00 GMT")).as("an HTTP date").isZero();
        assertThat(OctaneGateway.retryAfterMillis("")).isZero();
        assertThat(OctaneGateway.retryAfterMillis(" ")).isZero();
        assertThat(OctaneGateway.retryAfterMillis(null)).isZero();
    }
}
