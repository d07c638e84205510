package io.octaneroutes.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.cxf.message.MessageContentsList;

/**
 * The Octane gateway: the only code that talks to Octane.
 *
 * <p>For every operation there are two routes:
 * <ul>
 * <li>{@code direct:octane-<operation>}: what flows call. Asks the {@link StepListener} whether
 * the step already has an answer, makes the call (retrying transient faults with bounded,
 * capped exponential backoff), reads the answer ({@link OctaneAnswers}: Octane's errorCode/success,
 * the ids it carries) and hands it to the listener.</li>
 * <li>{@code direct:call-<operation>}: one call on the wire. SOAP goes through the
 * {@code cxf:bean:<service>} endpoint (POJO mode, classes generated from our WSDLs, read
 * leniently) after the method's rate budget grants a slot; REST goes through camel-http with
 * Basic auth and Jackson. Faults are classified here (transient / uncertain / access).</li>
 * </ul>
 * The request travels in the {@link #REQUEST} variable, so a redelivery re-sends exactly the
 * same request. The body that leaves either route is the answer as a map: the SOAP
 * {@code return} (field names of the generated classes), or the canonical REST answer.
 */
public class OctaneGateway extends RouteBuilder {
    /** Variable holding the request map of the call at hand. */
    public static final String REQUEST = "octaneRequest";
    /** Variable holding the operation of the journaled step at hand. */
    public static final String OPERATION = "octaneOperation";
    /** Property set when the caller took the rate-budget slot itself (the poller claims an order only once it has one). */
    public static final String BUDGET_HELD = "octaneBudgetHeld";
    /** Variable set while a journaled step's call is on its way (the listener is told when it is really sent). */
    private static final String SENDING = "octaneStepSending";
    private static final String RECORDED = "octaneStepRecorded";
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([A-Za-z]+)}");

    private final GatewayConfig config;
    private final RateBudgets budgets;
    private final StepListener listener;
    private final ObjectMapper json;
    private final JaxbJson jaxb = new JaxbJson();
    /** every call's outcome on the wire, for the readiness check (octane-api) */
    private final OctaneReachability reachability = new OctaneReachability();

    public OctaneGateway(GatewayConfig config, RateBudgets budgets, StepListener listener, ObjectMapper json) {
        this.config = config;
        this.budgets = budgets;
        this.listener = listener;
        this.json = json;
    }

    /** What this gateway's calls last told about Octane's reachability. */
    public OctaneReachability reachability() {
        return reachability;
    }

    /**
     * Binds one {@code cxf:bean:<service>} endpoint per SOAP service: our WSDL (a file
     * replacement away from the real one, G-WSDL), the configured address, the client settings
     * and lenient reading of {@link OctaneCxfConfigurer}.
     */
    public static void bindSoapEndpoints(CamelContext context, GatewayConfig config) {
        OctaneCxfConfigurer configurer = new OctaneCxfConfigurer(config.connectTimeout(), config.readTimeout());
        for (SoapOperation.Service service : SoapOperation.Service.values()) {
            CxfEndpoint endpoint = new CxfEndpoint();
            endpoint.setCamelContext(context);
            endpoint.setAddress(config.soapUrl() + "/" + service.name());
            endpoint.setServiceClass(service.sei());
            endpoint.setWsdlURL("classpath:wsdl/" + service.name() + ".wsdl");
            endpoint.setDataFormat(DataFormat.POJO);
            endpoint.setCxfConfigurer(configurer);
            context.getRegistry().bind(service.beanName(), endpoint);
        }
    }

    @Override
    public void configure() {
        // failures that leave the gateway are the dispatch route's to report (FlowRunner): no
        // stack traces here, one WARN line per retry is enough for an operator
        errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false).logExhaustedMessageHistory(false));
        // Transient faults: bounded retries with exponential backoff, capped. The redelivery
        // re-enters direct:call-<op>, so it waits for the rate budget again; a wait Octane
        // announced (fault 233, Retry-After) blocks the budget itself for every caller.
        onException(OctaneTransientException.class)
                .maximumRedeliveries(Math.max(0, config.maxAttempts() - 1))
                .redeliveryDelay(config.initialDelay().toMillis())
                .useExponentialBackOff().backOffMultiplier(2)
                .maximumRedeliveryDelay(config.maxDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logStackTrace(false).logExhausted(false).logRetryStackTrace(false)
                .logExhaustedMessageHistory(false).logExhaustedMessageBody(false);

        for (SoapOperation op : SoapOperation.values()) {
            journaledStep(op);
            from(op.callUri()).routeId("call-" + op.name())
                    .errorHandler(noErrorHandler())
                    .process(e -> prepareSoap(e, op))
                    .doTry()
                        // synchronous: the flow thread waits for the answer, so flows.concurrency
                        // bounds the SOAP calls in flight. Asynchronous, a flow thread went on to
                        // the next request while CXF's work queue collected answers; with 500
                        // requests queued it rejected them ("Executor rejected background task")
                        // and those calls never ended (BENCHMARKS.md, section 1).
                        // lazyStartProducer: each operation's CXF client (its service model
                        // from the WSDL, its interceptor chain) is built at its first call, not
                        // all of them at start-up (BENCHMARKS.md section 4)
                        .to("cxf:bean:" + op.service().beanName() + "?synchronous=true&lazyStartProducer=true")
                        .process(this::readSoap)
                        .process(e -> reachability.reached(op.name()))
                    .doCatch(Exception.class)
                        .process(e -> failSoap(e, op))
                    .doFinally()
                        .process(e -> releaseBudget(e, op))
                    .end();
        }
        HttpEndpoint rest = restEndpoint();
        for (RestOperation op : RestOperation.values()) {
            journaledStep(op);
            from(op.callUri()).routeId("call-" + op.name())
                    .errorHandler(noErrorHandler())
                    .process(e -> prepareRest(e, op))
                    .doTry()
                        .to(rest)
                    .doCatch(Exception.class)
                        .process(e -> {
                            Exception failure = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                            RuntimeException mapped = FaultClassifier.classifySoap(op.name(), op.create(), failure);
                            reachability.failed(op.name(), mapped, failure);
                            throw mapped;
                        })
                    .end()
                    .process(e -> readRest(e, op));
        }
    }

    /**
     * camel-http with its own Basic auth, sent preemptively: without it HttpClient first sends
     * the request without credentials and repeats it after the challenge, which would send every
     * create twice and draw Octane's 403 (G-AUTH: Octane answers 403, not a 401 challenge). Set
     * on the endpoint object, the way the component does it for URI options, rather than as URI
     * options: camel-http logs the URI it creates an endpoint from at DEBUG, password included.
     */
    private HttpEndpoint restEndpoint() {
        HttpEndpoint endpoint = getContext().getEndpoint(config.restUrl() + "?throwExceptionOnFailure=false"
                + "&connectTimeout=" + config.connectTimeout().toMillis()
                + "&responseTimeout=" + config.readTimeout().toMillis(), HttpEndpoint.class);
        endpoint.setAuthMethod("Basic");
        endpoint.setAuthUsername(config.username());
        endpoint.setAuthPassword(config.password());
        endpoint.setAuthenticationPreemptive(true);
        return endpoint;
    }

    /** direct:octane-<op>: the journaled step around one Octane call. */
    private void journaledStep(OctaneOperation op) {
        from(op.stepUri()).routeId("octane-" + op.name())
                .setVariable(OPERATION, constant(op.name()))
                .process(e -> e.setVariable(RECORDED, listener.recorded(e, op)))
                .choice()
                    .when(e -> e.getVariable(RECORDED) != null)
                        // the journal has this step's answer: used as if the call had just answered
                        .process(e -> e.getIn().setBody(e.removeVariable(RECORDED)))
                    .otherwise()
                        .process(e -> {
                            e.removeVariable(RECORDED);
                            listener.begin(e, op);
                            e.setVariable(REQUEST, e.getIn().getBody());
                            e.setVariable(SENDING, true);
                        })
                        .to(op.callUri())
                        .process(e -> completed(e, op))
                .end();
    }

    /** Octane's answer to a journaled step: refused (unless a refusal is a branch), or journaled with its ids. */
    @SuppressWarnings("unchecked")
    private void completed(Exchange exchange, OctaneOperation op) {
        exchange.removeVariable(SENDING);
        Map<String, Object> answer = exchange.getIn().getBody(Map.class);
        OctaneBusinessException refusal = OctaneAnswers.refusal(op, answer);
        if (refusal != null && (!op.answer().branching() || answer == null)) {
            throw refusal;
        }
        listener.completed(exchange, op, answer, OctaneAnswers.ids(op, answer));
        // one call, several orders (orderCreateBulk, data pool REST): the accepted ones are
        // journaled above and never re-sent; the refused ones fail the request with Octane's words
        String refused = OctaneAnswers.refusedOrders(op, answer);
        if (refused != null) {
            throw new OctaneBusinessException(op.name(), "PARTIAL", refused);
        }
    }

    private void sending(Exchange exchange, OctaneOperation op) {
        if (Boolean.TRUE.equals(exchange.getVariable(SENDING))) {
            listener.sending(exchange, op);
        }
        exchange.getIn().removeHeaders("*", "CamelRedelivery*"); // the redelivery counter must survive
    }

    // ------------------------------------------------------------------ SOAP

    private void prepareSoap(Exchange exchange, SoapOperation op) throws Exception {
        Object payload = jaxb.toJaxb(exchange.getVariable(REQUEST), op.payload());
        Object login = jaxb.toJaxb(Map.of("userName", config.username(), "password", config.password()),
                Class.forName(op.service().loginClassName()));
        if (!Boolean.TRUE.equals(exchange.getProperty(BUDGET_HELD))) {
            RateBudget budget = budgets.of(op.name()).orElse(null);
            if (budget != null) {
                try {
                    budget.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OctaneTransientException(op.name(), "interrupted while waiting for the rate budget", 0, e);
                }
                exchange.setProperty(BUDGET_HELD, true);
            }
        }
        sending(exchange, op);
        exchange.getIn().setHeader(CxfConstants.OPERATION_NAME, op.name());
        exchange.getIn().setHeader(CxfConstants.OPERATION_NAMESPACE, op.service().namespace());
        exchange.getIn().setBody(List.of(login, payload));
    }

    private void readSoap(Exchange exchange) {
        MessageContentsList out = exchange.getIn().getBody(MessageContentsList.class);
        Object ret = out == null || out.isEmpty() ? null : out.get(0);
        exchange.getIn().removeHeaders("*", "CamelRedelivery*"); // the redelivery counter must survive
        exchange.getIn().setBody(ret == null ? null : jaxb.toMap(ret));
    }

    private void failSoap(Exchange exchange, SoapOperation op) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        RuntimeException mapped = FaultClassifier.classifySoap(op.name(), op.create(), failure);
        reachability.failed(op.name(), mapped, failure);
        if (mapped instanceof OctaneTransientException t && t.isRateLimited()) {
            budgets.of(op.name()).ifPresent(b -> b.blockFor(t.getWaitMillis()));
        }
        throw mapped;
    }

    private void releaseBudget(Exchange exchange, SoapOperation op) {
        if (Boolean.TRUE.equals(exchange.removeProperty(BUDGET_HELD))) {
            budgets.of(op.name()).ifPresent(RateBudget::release);
        }
    }

    // ------------------------------------------------------------------ REST

    @SuppressWarnings("unchecked")
    private void prepareRest(Exchange exchange, RestOperation op) throws Exception {
        RateBudget announced = budgets.rest(op.name());
        announced.acquire();
        announced.release(); // REST has no published limit (G-RL-REST): only announced waits hold calls back
        Object request = exchange.getVariable(REQUEST);
        sending(exchange, op);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, op.method());
        // path parameters ({orderId}) are taken out of the request map; the rest is the query or body
        Map<String, Object> rest = request instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : null;
        String path = config.restPath(op).replace("{groupNo}", config.groupNo());
        Matcher param = PATH_PARAM.matcher(path);
        StringBuilder resolved = new StringBuilder();
        while (param.find()) {
            Object value = rest == null ? null : rest.remove(param.group(1));
            if (value == null) {
                throw new IllegalStateException(op.name() + " needs '" + param.group(1) + "' for its path");
            }
            param.appendReplacement(resolved, Matcher.quoteReplacement(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)));
        }
        param.appendTail(resolved);
        request = rest != null ? rest : request;
        exchange.getIn().setHeader(Exchange.HTTP_URI, config.restUrl() + resolved);
        exchange.getIn().setHeader("Accept", "application/json");
        if ("GET".equals(op.method())) {
            exchange.getIn().setHeader(Exchange.HTTP_QUERY, query(request));
            exchange.getIn().setBody(null);
        } else {
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getIn().setBody(json.writeValueAsBytes(request));
        }
    }

    private void readRest(Exchange exchange, RestOperation op) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        reachability.answeredStatus(op.name(), status);
        long retryAfter = retryAfterMillis(exchange.getIn().getHeader("Retry-After", String.class));
        String body = exchange.getIn().getBody(String.class);
        exchange.getIn().removeHeaders("*", "CamelRedelivery*"); // the redelivery counter must survive
        if (status != 200 && status != 201) {
            RuntimeException mapped = FaultClassifier.classifyHttpStatus(op.name(), op.create(), status, retryAfter);
            if (mapped instanceof OctaneTransientException && retryAfter > 0) {
                budgets.rest(op.name()).blockFor(retryAfter);
            }
            throw mapped;
        }
        Object parsed;
        try {
            parsed = body == null || body.isBlank() ? Map.of() : json.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            // never the body or Jackson's message (it quotes the token): only where it broke
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            String what = "the answer is not JSON" + where;
            throw op.create() ? new OctaneUncertainException(op.name(), what, null) : new OctaneUnreadableException(op.name(), what, null);
        }
        if (!(parsed instanceof Map) && !(parsed instanceof List)) {
            String what = "the answer is a bare JSON value, not an object or a list";
            throw op.create() ? new OctaneUncertainException(op.name(), what, null) : new OctaneUnreadableException(op.name(), what, null);
        }
        exchange.getIn().setBody(OctaneAnswers.canonicalRest(parsed));
    }

    /** A GET's request map as an encoded query string (e.g. {@code custno=554433&lineseqno=7}). */
    static String query(Object request) {
        if (!(request instanceof Map<?, ?> params)) {
            return null;
        }
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null) {
                q.append(q.length() == 0 ? "" : "&").append(URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    static long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()) * 1000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
