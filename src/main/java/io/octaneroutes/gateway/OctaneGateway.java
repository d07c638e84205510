package io.octaneroutes.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.cxf.message.MessageContentsList;

import io.octaneroutes.flow.StepJournal;

/**
 * The Octane gateway: the only code that talks to Octane.
 *
 * <p>For every operation there are two routes:
 * <ul>
 * <li>{@code direct:octane-<operation>}: what flows call. Skips a step the journal already
 * holds, writes the STARTED marker, makes the call (retrying transient faults with bounded,
 * capped exponential backoff), checks Octane's errorCode/success, journals the answer.</li>
 * <li>{@code direct:call-<operation>}: one call on the wire. SOAP goes through the
 * {@code cxf:bean:<service>} endpoint (POJO mode, classes generated from our WSDLs) after
 * the method's rate budget grants a slot; REST goes through camel-http with Basic auth and
 * Jackson. Faults are classified here (transient / uncertain / access).</li>
 * </ul>
 * The request travels in the {@code octaneRequest} variable, so a redelivery re-sends exactly
 * the same request.
 */
public class OctaneGateway extends RouteBuilder {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final RateBudgets budgets;
    private final JaxbJson jaxb = new JaxbJson();
    private final ObjectMapper json;
    private final String username;
    private final String password;
    private final String restUrl;
    private final String groupNo;
    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration readTimeout;
    private final Duration connectTimeout;
    private final Map<String, String> restPaths;

    public OctaneGateway(RateBudgets budgets, ObjectMapper json, String username, String password, String restUrl,
                         String groupNo, int maxAttempts, Duration initialDelay, Duration maxDelay,
                         Duration connectTimeout, Duration readTimeout, Map<String, String> restPaths) {
        this.restPaths = restPaths;
        this.budgets = budgets;
        this.json = json;
        this.username = username;
        this.password = password;
        this.restUrl = restUrl;
        this.groupNo = groupNo;
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
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
                .maximumRedeliveries(Math.max(0, maxAttempts - 1))
                .redeliveryDelay(initialDelay.toMillis())
                .useExponentialBackOff().backOffMultiplier(2)
                .maximumRedeliveryDelay(maxDelay.toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logStackTrace(false).logExhausted(false).logRetryStackTrace(false)
                .logExhaustedMessageHistory(false).logExhaustedMessageBody(false);

        for (SoapOperation op : SoapOperation.values()) {
            journaledStep(op.name(), op.create());
            from("direct:call-" + op.name()).routeId("call-" + op.name())
                    .errorHandler(noErrorHandler())
                    .process(e -> prepareSoap(e, op))
                    .doTry()
                        // synchronous: the flow thread waits for the answer, so flows.concurrency
                        // bounds the SOAP calls in flight. Asynchronous, a flow thread went on to
                        // the next request while CXF's work queue collected answers; with 500
                        // requests queued it rejected them ("Executor rejected background task")
                        // and those calls never ended (BENCHMARKS.md, section 1).
                        .to("cxf:bean:" + op.service().beanName() + "?synchronous=true")
                        .process(e -> readSoap(e))
                    .doCatch(Exception.class)
                        .process(e -> failSoap(e, op))
                    .doFinally()
                        .process(e -> releaseBudget(e, op.name()))
                    .end();
        }
        for (RestOperation op : RestOperation.values()) {
            journaledStep(op.name(), op.create());
            from("direct:call-" + op.name()).routeId("call-" + op.name())
                    .errorHandler(noErrorHandler())
                    .process(e -> prepareRest(e, op))
                    .doTry()
                        .to(restUrl + "?throwExceptionOnFailure=false&connectTimeout=" + connectTimeout.toMillis()
                                + "&responseTimeout=" + readTimeout.toMillis())
                    .doCatch(Exception.class)
                        .process(e -> {
                            Exception failure = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                            throw FaultClassifier.classifySoap(op.name(), op.create(), failure);
                        })
                    .end()
                    .process(e -> readRest(e, op));
        }
    }

    /** direct:octane-<op>: the journaled step around one Octane call. */
    private void journaledStep(String operation, boolean create) {
        from("direct:octane-" + operation).routeId("octane-" + operation)
                .setVariable(StepJournal.OPERATION, constant(operation))
                .choice()
                    .when(method("steps", "isDone"))
                        .bean("steps", "restore")
                    .otherwise()
                        .bean("steps", "begin(${exchange}, " + create + ")")
                        .to("direct:call-" + operation)
                        .bean("steps", "complete")
                .end();
    }

    // ------------------------------------------------------------------ SOAP

    private void prepareSoap(Exchange exchange, SoapOperation op) throws Exception {
        Object request = exchange.getVariable(StepJournal.REQUEST);
        Object payload = jaxb.toJaxb(request, op.payload());
        Object login = jaxb.toJaxb(Map.of("userName", username, "password", password),
                Class.forName(op.service().loginClassName()));
        boolean preAcquired = Boolean.TRUE.equals(exchange.getProperty("octaneBudgetHeld")); // the poller takes its slot before claiming
        budgets.of(op.name()).filter(b -> !preAcquired).ifPresent(b -> {
            try {
                b.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OctaneTransientException(op.name(), "interrupted while waiting for the rate budget", 0, e);
            }
            exchange.setProperty("octaneBudgetHeld", true);
        });
        steps(exchange).sending(exchange);
        exchange.getIn().removeHeaders("*", "CamelRedelivery*"); // the redelivery counter must survive
        exchange.getIn().setHeader(CxfConstants.OPERATION_NAME, op.name());
        exchange.getIn().setHeader(CxfConstants.OPERATION_NAMESPACE,
                op.service().sei().getAnnotation(jakarta.jws.WebService.class).targetNamespace());
        exchange.getIn().setBody(List.of(login, payload));
    }

    private static StepJournal steps(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("steps", StepJournal.class);
    }

    private void readSoap(Exchange exchange) {
        MessageContentsList out = exchange.getIn().getBody(MessageContentsList.class);
        Object ret = out == null || out.isEmpty() ? null : out.get(0);
        exchange.getIn().removeHeaders("*", "CamelRedelivery*"); // the redelivery counter must survive
        exchange.getIn().setBody(jaxb.toMap(ret));
    }

    private void failSoap(Exchange exchange, SoapOperation op) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        RuntimeException mapped = FaultClassifier.classifySoap(op.name(), op.create(), failure);
        if (mapped instanceof OctaneTransientException t && t.getMessage().contains("fault 233")) {
            budgets.of(op.name()).ifPresent(b -> b.blockFor(t.getWaitMillis()));
        }
        throw mapped;
    }

    private void releaseBudget(Exchange exchange, String operation) {
        if (Boolean.TRUE.equals(exchange.removeProperty("octaneBudgetHeld"))) {
            budgets.of(operation).ifPresent(RateBudget::release);
        }
    }

    // ------------------------------------------------------------------ REST

    @SuppressWarnings("unchecked")
    private void prepareRest(Exchange exchange, RestOperation op) throws Exception {
        budgets.rest(op.name()).acquire();
        budgets.rest(op.name()).release(); // REST has no published limit (G-RL-REST): only announced waits hold calls back
        Object request = exchange.getVariable(StepJournal.REQUEST);
        steps(exchange).sending(exchange);
        exchange.getIn().removeHeaders("*", "CamelRedelivery*"); // the redelivery counter must survive
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, op.method());
        // path parameters ({orderId}) are taken out of the request map; the rest is the query or body
        Map<String, Object> rest = request instanceof Map<?, ?> m ? new java.util.LinkedHashMap<>((Map<String, Object>) m) : null;
        String path = restPaths.getOrDefault(op.name(), op.path()).replace("{groupNo}", groupNo);
        java.util.regex.Matcher param = java.util.regex.Pattern.compile("\\{([A-Za-z]+)}").matcher(path);
        StringBuilder resolved = new StringBuilder();
        while (param.find()) {
            Object value = rest == null ? null : rest.remove(param.group(1));
            if (value == null) {
                throw new IllegalStateException(op.name() + " needs '" + param.group(1) + "' for its path");
            }
            param.appendReplacement(resolved, java.util.regex.Matcher.quoteReplacement(
                    java.net.URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)));
        }
        param.appendTail(resolved);
        request = rest != null ? rest : request;
        exchange.getIn().setHeader(Exchange.HTTP_URI, restUrl + resolved);
        exchange.getIn().setHeader("Accept", "application/json");
        exchange.getIn().setHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if ("GET".equals(op.method())) {
            exchange.getIn().setHeader(Exchange.HTTP_QUERY, query(request));
            exchange.getIn().setBody(null);
        } else {
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getIn().setBody(json.writeValueAsBytes(request));
        }
    }

    private void readRest(Exchange exchange, RestOperation op) throws Exception {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        long retryAfter = retryAfterMillis(exchange.getIn().getHeader("Retry-After", String.class));
        String body = exchange.getIn().getBody(String.class);
        // drops Authorization too (it must not travel further); the redelivery counter stays
        exchange.getIn().removeHeaders("*", "CamelRedelivery*");
        if (status != 200 && status != 201) {
            RuntimeException mapped = FaultClassifier.classifyHttpStatus(op.name(), op.create(), status, retryAfter);
            if (mapped instanceof OctaneTransientException && retryAfter > 0) {
                budgets.rest(op.name()).blockFor(retryAfter);
            }
            throw mapped;
        }
        try {
            exchange.getIn().setBody(body == null || body.isBlank() ? Map.of() : json.readValue(body, MAP));
        } catch (Exception e) {
            throw new OctaneBusinessException(op.name(), "BAD_RESPONSE", "Octane answered with a body that is not a JSON object");
        }
    }

    /** A GET's request map as an encoded query string (e.g. {@code custno=554433&lineseqno=7}). */
    static String query(Object request) {
        if (!(request instanceof Map<?, ?> params)) {
            return null;
        }
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null) {
                q.append(q.length() == 0 ? "" : "&").append(java.net.URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8))
                        .append('=').append(java.net.URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
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
