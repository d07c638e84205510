package io.octaneroutes.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stateful stand-in for Octane: the SOAP services of our WSDLs (with {@code ?wsdl}), the REST
 * paths the flows use, the published rate limits (fault 233), credentials, a simulated clock,
 * a call log and fault injection. Plain JDK HTTP server on purpose: it must misbehave on
 * demand (drop connections, answer late, answer 503) in ways a framework would hide.
 */
public class OctaneSimulator {
    static {
        // The JDK's HTTP server writes an answer's headers and body separately and, without
        // TCP_NODELAY, Nagle holds the body until the client's delayed ACK: 40+ ms a call that
        // Octane does not have (measured: 44 ms a call without, 2 ms with). Read once, when the
        // server classes load, so it is set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    static final Map<String, String> SERVICES = Map.of(
            "UtbPooledResource", "http://pr.frontend.ws.utilibill.com.au/",
            "UtbOrder", "http://order.frontend.ws.utilibill.com.au/",
            "UtbOTP", "http://otp.frontend.ws.utilibill.com.au/",
            "UtbServiceV3", "http://v3.service.frontend.ws.utilibill.com.au/",
            "UtbConnectYou", "http://connectyou.frontend.ws.utilibill.com.au/", // G-CY: assumed
            "UtbPlan", "http://plan.frontend.ws.utilibill.com.au/");
    /** The operations each service's WSDL declares: any other operation is a dispatch fault, with no effect. */
    static final Map<String, List<String>> OPERATIONS = Map.of(
            "UtbPooledResource", List.of("queryResources", "reserveResources", "selectResource", "unreserveResources"),
            "UtbOrder", List.of("orderCreate", "orderCreateBulk", "orderQuery", "orderReset"),
            "UtbOTP", List.of("manageOtp"),
            "UtbServiceV3", List.of("getServiceDetail"),
            "UtbConnectYou", List.of("getAvailableNumbers", "createNumberReservation", "queryBusinessSipTrunk"),
            "UtbPlan", List.of("getGroupPlans"));

    /** The call-log names of the fixed REST paths (rest-api.md §5-6). */
    private static final Map<String, String> REST_OPERATIONS = Map.of(
            "/v1/mobile/resource/getEsimDetails", "getEsimDetails",
            "/v1/mobile/resource/manageEsim", "manageEsim",
            "/v1/datapool", "getDataPool",
            "/v1/datapool/modify-consumer-data-limit", "modifyConsumerDataLimit",
            "/v1/datapool/transfer", "transferDataPool",
            "/v1/datapool/disconnect", "disconnectDataPool");

    private final SimulatorConfig config;
    private final SimClock clock;
    private final SimState state;
    private final CallLog callLog = new CallLog();
    private final Faults faults = new Faults();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, long[]> windows = new HashMap<>(); // method -> {minuteIndex, minuteCount, hourIndex, hourCount}
    private final Map<String, java.time.Instant> lastOrderQuery = new HashMap<>();
    private HttpServer server;
    private ExecutorService executor;
    /** Octane calls being answered now, and the most at once (tests check a client's concurrency bound). */
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final AtomicInteger mostCallsInFlight = new AtomicInteger();
    /** How answers are shaped beyond the facts (admin {@code /sim/shape}); the configured one at start. */
    private volatile AnswerShape shape;

    public OctaneSimulator(SimulatorConfig config) {
        this.config = config;
        this.clock = new SimClock(config.speed);
        this.state = new SimState(config, clock);
        this.shape = config.shape;
    }

    public synchronized void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(config.host, config.port), 64);
        executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "octane-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/tiab/", this::handleOctane);
        server.createContext("/sim/", this::handleAdmin);
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String soapBaseUrl() {
        return "http://" + config.host + ":" + port() + "/tiab";
    }

    public String restBaseUrl() {
        return soapBaseUrl() + "/api";
    }

    public CallLog callLog() {
        return callLog;
    }

    public Faults faults() {
        return faults;
    }

    public SimState state() {
        return state;
    }

    public SimClock clock() {
        return clock;
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The answer shape now in force. */
    public AnswerShape shape() {
        return shape;
    }

    /** Shapes every answer from now on (see {@link AnswerShape}); {@link AnswerShape#AS_DOCUMENTED} for the facts exactly. */
    public void setShape(AnswerShape shape) {
        this.shape = shape == null ? AnswerShape.AS_DOCUMENTED : shape;
    }

    public synchronized void setRateLimit(String method, int perMinute, int perHour) {
        config.rateLimits.put(method, new int[] {perMinute, perHour});
    }

    // ------------------------------------------------------------------ Octane

    /** The most Octane calls (SOAP and REST) this simulator was answering at once since the last {@link #resetMostCallsInFlight()}. */
    public int mostCallsInFlight() {
        return mostCallsInFlight.get();
    }

    public void resetMostCallsInFlight() {
        mostCallsInFlight.set(callsInFlight.get());
    }

    private void handleOctane(HttpExchange ex) throws IOException {
        mostCallsInFlight.accumulateAndGet(callsInFlight.incrementAndGet(), Math::max);
        // close in finally, not try-with-resources: that would close the exchange before the catch can answer
        try {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/tiab/api/")) {
                handleRest(ex, path.substring("/tiab/api".length()));
                return;
            }
            String service = path.substring("/tiab/".length());
            String ns = SERVICES.get(service);
            if (ns == null) {
                send(ex, 404, "text/plain", "no such service: " + service);
                return;
            }
            if ("GET".equals(ex.getRequestMethod())) {
                String query = ex.getRequestURI().getQuery();
                if (query != null && query.equalsIgnoreCase("wsdl")) {
                    send(ex, 200, "text/xml; charset=utf-8", wsdl(service));
                } else {
                    send(ex, 405, "text/plain", "POST a SOAP envelope, or GET ?wsdl");
                }
                return;
            }
            handleSoap(ex, service, ns);
        } catch (RuntimeException e) {
            // never let a bug kill the connection silently
            send(ex, 500, "text/plain", "simulator error: " + e.getClass().getSimpleName());
        } finally {
            callsInFlight.decrementAndGet();
            ex.close();
        }
    }

    private String wsdl(String service) throws IOException {
        try (InputStream in = OctaneSimulator.class.getResourceAsStream("/wsdl/" + service + ".wsdl")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replaceAll("location=\"[^\"]*\"", "location=\"" + soapBaseUrl() + "/" + service + "\"");
        }
    }

    @SuppressWarnings("unchecked")
    private void handleSoap(HttpExchange ex, String service, String ns) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        SoapXml.Request request;
        try {
            request = SoapXml.parse(body);
        } catch (Exception e) {
            callLog.add(clock.now(), "SOAP", service, "?", Map.of(), "http:500", false);
            send(ex, 500, "text/xml; charset=utf-8", SoapXml.fault("S:Client", "Malformed request: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null));
            return;
        }
        String op = request.operation();
        Map<String, Object> content = request.content();
        Map<String, String> keys = soapKeys(op, content);
        boolean r1 = false;
        Faults.Rule fault = faults.next(op);
        if (fault != null && !fault.after()) {
            callLog.add(clock.now(), "SOAP", service, op, keys, "injected:" + fault.kind, false);
            applyFault(ex, fault, true);
            return;
        }
        Long wait = rateLimit(op);
        if (wait != null) {
            callLog.add(clock.now(), "SOAP", service, op, keys, "fault:233", false);
            long s = Math.max(1, (wait + 999) / 1000);
            send(ex, 500, "text/xml; charset=utf-8", SoapXml.fault("233",
                    String.format("API rate limit has been exceeded for this operation - please try again in: %02d:%02d", s / 60, s % 60), null));
            return;
        }
        Map<String, Object> login = content.get("login") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        if (!config.username.equals(login.get("userName")) || !config.password.equals(login.get("password"))) {
            callLog.add(clock.now(), "SOAP", service, op, keys, "fault:login", false);
            send(ex, 500, "text/xml; charset=utf-8", SoapXml.fault("S:Server", "Invalid login",
                    "<ns2:InvalidLoginException xmlns:ns2=\"" + ns + "\"><message>Invalid login</message></ns2:InvalidLoginException>"));
            return;
        }
        if (!OPERATIONS.get(service).contains(op) || !ns.equals(request.namespace())) {
            callLog.add(clock.now(), "SOAP", service, op, keys, "http:500", false);
            send(ex, 500, "text/xml; charset=utf-8", SoapXml.fault("S:Client", "Cannot find dispatch method for {" + request.namespace() + "}" + op, null));
            return;
        }
        Map<String, Object> result = switch (op) {
            case "queryResources" -> state.queryResources(str(sub(content, "queryPooledResourcesRequest").get("queryValue")));
            case "reserveResources" -> {
                Map<String, Object> r = sub(content, "reservePooledResourcesRequest");
                Long n = SimState.asLong(r.get("numResources"));
                yield state.reserveResources(str(r.get("resourceType")), n == null ? null : n.intValue());
            }
            case "selectResource" -> {
                Map<String, Object> r = sub(content, "selectPooledResourceRequest");
                yield state.selectResource(str(r.get("resource")), str(r.get("resourceType")));
            }
            case "unreserveResources" -> {
                Map<String, Object> r = sub(content, "unreservePooledResourcesRequest");
                yield state.unreserveResources(str(r.get("resourceType")), str(r.get("resourceValue")));
            }
            case "orderCreate" -> state.orderCreate(sub(content, "createRequest"));
            case "orderCreateBulk" -> {
                Object list = sub(content, "orders").get("orderCreate");
                List<Object> items = list instanceof List<?> l ? (List<Object>) l : list == null ? List.of() : List.of(list);
                List<Object> responses = new java.util.ArrayList<>();
                for (Object item : items) {
                    responses.add(state.orderCreate(item instanceof Map<?, ?> mm ? (Map<String, Object>) mm : null));
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("errorCode", 0);
                out.put("ordersCreateResponse", Map.of("orderResponse", responses));
                yield out;
            }
            case "orderQuery" -> {
                String orderId = str(sub(content, "request").get("orderId"));
                synchronized (lastOrderQuery) {
                    java.time.Instant now = clock.now();
                    java.time.Instant last = lastOrderQuery.put(String.valueOf(orderId), now);
                    r1 = last != null && Duration.between(last, now).compareTo(config.pollMinInterval) < 0;
                }
                yield state.orderQuery(orderId);
            }
            case "orderReset" -> {
                Map<String, Object> r = sub(content, "request");
                yield state.orderReset(str(r.get("orderId")), r.get("retryOrder"));
            }
            case "manageOtp" -> state.manageOtp(sub(content, "manageOtpRequest"));
            case "getServiceDetail" -> state.getServiceDetail(sub(content, "serviceDetail"));
            case "getAvailableNumbers" -> state.getAvailableNumbers(sub(content, "request"));
            case "createNumberReservation" -> state.createNumberReservation(sub(content, "request"));
            case "queryBusinessSipTrunk" -> state.queryBusinessSipTrunk(sub(content, "request"));
            case "getGroupPlans" -> state.getGroupPlans(sub(content, "group"));
            default -> null;
        };
        if (result == null) {
            callLog.add(clock.now(), "SOAP", service, op, keys, "http:500", false);
            send(ex, 500, "text/xml; charset=utf-8", SoapXml.fault("S:Client", "Cannot find dispatch method for {" + request.namespace() + "}" + op, null));
            return;
        }
        if ("orderCreate".equals(op) && result.get("orderId") != null) {
            keys = new LinkedHashMap<>(keys);
            keys.put("orderId", String.valueOf(result.get("orderId")));
        }
        if ("orderCreateBulk".equals(op) && result.get("ordersCreateResponse") instanceof Map<?, ?> bulk
                && bulk.get("orderResponse") instanceof List<?> responses) {
            keys = new LinkedHashMap<>(keys);
            keys.put("orderIds", joined(responses.stream().map(r -> ((Map<String, Object>) r).get("orderId")).toList()));
        }
        if ("manageOtp".equals(op) && result.get("transactionId") != null) {
            keys = new LinkedHashMap<>(keys);
            keys.put("transactionId", String.valueOf(result.get("transactionId")));
        }
        if ("reserveResources".equals(op) && result.get("reservedPooledResources") instanceof List<?> l && !l.isEmpty()) {
            keys = new LinkedHashMap<>(keys);
            keys.put("msn", String.valueOf(((Map<String, Object>) l.get(0)).get("resourceValue")));
        }
        String outcome = outcome(result);
        if (fault != null) {
            callLog.add(clock.now(), "SOAP", service, op, keys, "injected:" + fault.kind + "(after," + outcome + ")", r1);
            applyFault(ex, fault, true);
            if (fault.kind != Faults.Kind.LATENCY) {
                return;
            }
        } else {
            callLog.add(clock.now(), "SOAP", service, op, keys, outcome, r1);
        }
        send(ex, 200, "text/xml; charset=utf-8", SoapXml.response(op, ns, result, shape));
    }

    /**
     * The call-log keys of a SOAP call. Never personal data or secrets: no login, no dob/arn
     * values (only hasDob/hasArn), no names, no OTP codes or destinations.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> soapKeys(String op, Map<String, Object> content) {
        Map<String, String> keys = new LinkedHashMap<>();
        flatten(content, keys, List.of("queryValue", "resourceType", "numResources", "resource", "resourceValue", "custNo",
                "orderType", "orderAction", "msn", "isEsim", "isQRcode", "planNo", "orderId", "retryOrder", "lineSeqNo", "planno",
                "providerId", "serviceNumber", "requestType", "transactionId", "esim", "qrcode", "onceOffBoltonCode", "spendCode", "custReqDate", "productCode",
                "reservationId", "channels", "primaryNumber", "quantity", "zone", "trunkName", "groupNo"));
        if (!keys.containsKey("custNo") && content.get("serviceDetail") instanceof Map<?, ?>) {
            Map<String, String> custno = new HashMap<>();
            flatten(content.get("serviceDetail"), custno, List.of("custno")); // getServiceDetail spells it custno
            if (custno.containsKey("custno")) {
                keys.put("custNo", custno.get("custno"));
            }
        }
        if (content.get("createRequest") instanceof Map<?, ?> create) {
            Map<String, String> simNo = new HashMap<>();
            flatten(create, simNo, List.of("simNo"));
            keys.put("hasSimNo", String.valueOf(simNo.containsKey("simNo") && !simNo.get("simNo").isBlank()));
            if (create.get("orderItems") instanceof Map<?, ?> items && items.get("wmePortInReqItem") instanceof Map<?, ?> port) {
                keys.put("hasDob", String.valueOf(SimState.text(port.get("dob")) != null));
                keys.put("hasArn", String.valueOf(SimState.text(port.get("arn")) != null));
            }
        }
        if (content.get("orders") instanceof Map<?, ?> orders) {
            Object list = orders.get("orderCreate");
            List<Object> items = list instanceof List<?> l ? (List<Object>) l : list == null ? List.of() : List.of(list);
            keys.put("orderCount", String.valueOf(items.size()));
            List<String> numbers = new java.util.ArrayList<>();
            for (Object item : items) {
                Map<String, String> one = new HashMap<>();
                flatten(item, one, List.of("serviceNumber"));
                if (one.containsKey("serviceNumber")) {
                    numbers.add(one.get("serviceNumber"));
                }
            }
            if (numbers.size() > 1) {
                keys.put("serviceNumbers", String.join(",", numbers));
            }
        }
        return keys;
    }

    private static String joined(List<?> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Object node, Map<String, String> keys, List<String> wanted) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (e.getKey().equals("login")) {
                    continue; // never log credentials
                }
                if (wanted.contains(e.getKey()) && !(e.getValue() instanceof Map) && !(e.getValue() instanceof List)) {
                    keys.putIfAbsent(e.getKey(), String.valueOf(e.getValue()));
                } else {
                    flatten(e.getValue(), keys, wanted);
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                flatten(o, keys, wanted);
            }
        }
    }

    /** G-RL: two fixed windows per web method, aligned to multiples of the window lengths. Returns the wait, or null when allowed. */
    private synchronized Long rateLimit(String method) {
        int[] limit = config.rateLimits.get(method);
        if (limit == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        long minuteIndex = now / config.rateLimitMinuteMillis;
        long hourIndex = now / config.rateLimitHourMillis;
        long[] w = windows.computeIfAbsent(method, k -> new long[4]);
        if (w[0] != minuteIndex) {
            w[0] = minuteIndex;
            w[1] = 0;
        }
        if (w[2] != hourIndex) {
            w[2] = hourIndex;
            w[3] = 0;
        }
        if (w[3] >= limit[1]) {
            return (hourIndex + 1) * config.rateLimitHourMillis - now;
        }
        if (w[1] >= limit[0]) {
            return (minuteIndex + 1) * config.rateLimitMinuteMillis - now;
        }
        w[1]++;
        w[3]++;
        return null;
    }

    private void applyFault(HttpExchange ex, Faults.Rule fault, boolean soap) throws IOException {
        switch (fault.kind) {
            case LATENCY -> {
                try {
                    Thread.sleep(fault.latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (!fault.after()) {
                    send(ex, 503, "text/plain", "injected latency, then unavailable");
                }
            }
            case HTTP_500 -> send(ex, 500, "text/plain", "injected HTTP 500");
            case HTTP_503 -> send(ex, 503, "text/plain", "injected HTTP 503");
            case HTTP_429 -> {
                ex.getResponseHeaders().set("Retry-After", String.valueOf(fault.retryAfterSeconds));
                send(ex, 429, "application/json", "{\"success\":false,\"errorMessage\":\"Too many requests\"}");
            }
            case SOAP_FAULT -> send(ex, 500, "text/xml; charset=utf-8", SoapXml.fault("S:Server", "Internal processing error", null));
            case RATE_LIMIT_233 -> send(ex, 500, "text/xml; charset=utf-8", SoapXml.fault("233",
                    "API rate limit has been exceeded for this operation - please try again in: 00:01", null));
            case XXE_RESPONSE -> send(ex, 200, "text/xml; charset=utf-8", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
                    + "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><S:Envelope xmlns:S=\"" + SoapXml.ENV
                    + "\"><S:Body><ns2:queryResourcesResponse xmlns:ns2=\"http://pr.frontend.ws.utilibill.com.au/\"><return><success>true</success>"
                    + "<errorCode>0</errorCode><errorMessage>&xxe;&b;</errorMessage></return></ns2:queryResourcesResponse></S:Body></S:Envelope>");
            case MALFORMED_ANSWER -> {
                if (soap) {
                    String ns = OPERATIONS.entrySet().stream().filter(e -> e.getValue().contains(fault.operation))
                            .map(e -> SERVICES.get(e.getKey())).findFirst().orElse("urn:unknown");
                    send(ex, 200, "text/xml; charset=utf-8", "<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S=\"" + SoapXml.ENV
                            + "\"><S:Body><ns2:" + fault.operation + "Response xmlns:ns2=\"" + ns + "\"><return><errorCode>0</err");
                } else {
                    send(ex, 200, "application/json", "{\"success\":true,\"response\":{\"status\":");
                }
            }
            case DROP_CONNECTION -> {
                // closing the exchange before any response header is sent makes the JDK server
                // close the TCP connection: the client sees the connection end with no answer
                ex.close();
            }
        }
    }

    private static String outcome(Map<String, Object> result) {
        Object code = result.get("errorCode");
        Object success = result.get("success");
        if ((code != null && !"0".equals(String.valueOf(code))) || Boolean.FALSE.equals(success) || "false".equals(success)) {
            return "error:" + code;
        }
        return "ok";
    }

    // ------------------------------------------------------------------ REST

    private void handleRest(HttpExchange ex, String path) throws IOException {
        String operation = restOperation(ex.getRequestMethod(), path);
        Map<String, Object> body = Map.of();
        byte[] raw = ex.getRequestBody().readAllBytes();
        Map<String, String> keys = new LinkedHashMap<>();
        if (raw.length > 0) {
            try {
                body = json.readValue(raw, MAP);
            } catch (IOException e) {
                callLog.add(clock.now(), "REST", "api", operation, keys, "http:400", false);
                send(ex, 400, "application/json", "{\"success\":false,\"errorCode\":10,\"errorMessage\":\"Body is not JSON\"}");
                return;
            }
        }
        Map<String, String> query = queryParams(ex.getRequestURI().getRawQuery());
        for (String k : List.of("requestType", "msn", "orderId", "orderType", "targetState", "custno", "lineseqno", "newProviderId",
                "newProviderLineseqno")) {
            if (body.get(k) != null && !(body.get(k) instanceof Map) && !(body.get(k) instanceof List)) {
                keys.put(k, String.valueOf(body.get(k)));
            } else if (query.get(k) != null) {
                keys.put(k, query.get(k));
            }
        }
        if (body.get("serviceNumbers") instanceof List<?> numbers) {
            keys.put("serviceNumbers", joined(numbers));
        }
        if (body.get("consumerServices") instanceof List<?> consumers) {
            keys.put("consumerServices", String.valueOf(consumers.size()));
            keys.put("lineSeqNo", joined(consumers.stream().map(c -> c instanceof Map<?, ?> m ? m.get("lineSeqNo") : null).toList()));
        }
        Faults.Rule fault = faults.next(operation);
        if (fault != null && !fault.after()) {
            callLog.add(clock.now(), "REST", "api", operation, keys, "injected:" + fault.kind, false);
            applyFault(ex, fault, false);
            return;
        }
        if (!authorised(ex.getRequestHeaders().getFirst("Authorization"))) {
            // G-AUTH: {"success":false,"errorCode":403,"errorMessage":"Invalid access"}, with HTTP 403 (or 401, an option G-AUTH asks for)
            int status = config.restAuthFailureStatus;
            callLog.add(clock.now(), "REST", "api", operation, keys, "http:" + status, false);
            send(ex, status, "application/json", "{\"success\":false,\"errorCode\":" + status + ",\"errorMessage\":\"Invalid access\"}");
            return;
        }
        // a map, or a list where the facts give a bare JSON array (G-PLANS, G-APPT)
        Object answer = null;
        Map<String, Object> result;
        Object nbn = SimNbnRest.handle(state, operation, path, body, query);
        java.util.regex.Matcher customer = java.util.regex.Pattern.compile("^/v1/group/(\\d+)/customer(?:/(\\d+))?$").matcher(path);
        boolean post = "POST".equals(ex.getRequestMethod());
        if (nbn != null) {
            answer = nbn;
            result = nbn instanceof Map<?, ?> m ? cast(m) : Map.of();
            keys.putAll(SimNbnRest.keys(operation, path, body, query, nbn));
        } else if ("getEsimDetails".equals(operation) && post) {
            result = state.getEsimDetails(body);
        } else if ("manageEsim".equals(operation) && post) {
            result = state.manageEsim(body);
        } else if ("getDataPool".equals(operation) && "GET".equals(ex.getRequestMethod())) {
            result = state.getDataPool(query.get("custno"), query.get("lineseqno"));
        } else if ("modifyConsumerDataLimit".equals(operation) && post) {
            result = state.modifyConsumerDataLimit(body);
        } else if ("transferDataPool".equals(operation) && post) {
            result = state.transferDataPool(body);
        } else if ("disconnectDataPool".equals(operation) && post) {
            result = state.disconnectDataPool(body);
        } else if (customer.matches() && "POST".equals(ex.getRequestMethod()) && customer.group(2) == null) {
            result = state.addCustomer(body);
            if (result.get("custNo") != null) {
                keys.put("custNo", String.valueOf(result.get("custNo")));
            }
        } else if (customer.matches() && "GET".equals(ex.getRequestMethod()) && customer.group(2) != null) {
            result = state.getCustomer(Long.parseLong(customer.group(2)));
        } else {
            callLog.add(clock.now(), "REST", "api", operation, keys, "http:404", false);
            send(ex, 404, "application/json", "{\"success\":false,\"errorMessage\":\"Not found\"}");
            return;
        }
        if (answer == null) {
            answer = result;
        }
        if (result.get("orderId") != null) {
            keys.put("orderId", String.valueOf(result.get("orderId")));
        }
        if (result.get("orderDetails") instanceof List<?> details) {
            keys.put("orderIds", joined(details.stream().map(d -> d instanceof Map<?, ?> m ? m.get("orderId") : null).toList()));
        }
        String outcome = outcome(result);
        if (fault != null) {
            callLog.add(clock.now(), "REST", "api", operation, keys, "injected:" + fault.kind + "(after," + outcome + ")", false);
            applyFault(ex, fault, false);
            if (fault.kind != Faults.Kind.LATENCY) {
                return;
            }
        } else {
            callLog.add(clock.now(), "REST", "api", operation, keys, outcome, false);
        }
        // a validation error is answered with HTTP 200 and success:false, as the docs render it
        send(ex, 200, "application/json", json.writeValueAsString(shape.rest(answer)));
    }

    private static String restOperation(String method, String path) {
        String named = REST_OPERATIONS.get(path);
        if (named != null) {
            return named;
        }
        named = SimNbnRest.operation(method, path); // NBN (rest-api.md §7-8, G-ADDR, G-PLANS, G-NBN-*, G-APPT, G-DIAG)
        if (named != null) {
            return named;
        }
        if (path.matches("^/v1/group/\\d+/customer$")) {
            return "POST".equals(method) ? "addCustomer" : "listCustomers";
        }
        if (path.matches("^/v1/group/\\d+/customer/\\d+$")) {
            return "getCustomer";
        }
        return method + " " + path;
    }

    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(config.username + ":" + config.password);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ admin

    private void handleAdmin(HttpExchange ex) throws IOException {
        try { // closed in finally, so the catch can still answer 400
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            byte[] raw = ex.getRequestBody().readAllBytes();
            Map<String, Object> body = raw.length == 0 ? Map.of() : json.readValue(raw, MAP);
            Map<String, String> query = queryParams(ex.getRequestURI().getRawQuery());
            Object answer;
            switch (method + " " + path) {
                case "POST /sim/connectyou/trunks" -> answer = state.seedSipTrunk(((Number) body.get("custNo")).longValue(),
                        ((Number) body.getOrDefault("count", 3)).intValue(), ((Number) body.getOrDefault("inactive", 0)).intValue());
                case "POST /sim/services" -> {
                    if (!(body.get("custNo") instanceof Number custNo) || !(body.get("planNo") instanceof Number planNo)) {
                        throw new IllegalArgumentException("custNo and planNo (numbers) are required; isEsim is optional");
                    }
                    answer = state.seedService(custNo.longValue(), planNo.intValue(), Boolean.TRUE.equals(body.get("isEsim")));
                }
                case "POST /sim/port/reject" -> {
                    state.rejectPort(str(body.get("msn")), str(body.get("reason")));
                    answer = Map.of("updated", true);
                }
                case "POST /sim/esim/profile-state" -> answer = Map.of("updated",
                        state.setEsimProfileState(str(body.get("msn")), str(body.get("profileState"))));
                case "GET /sim/otp" -> {
                    SimState.OtpRef otp = state.latestOtp(query.get("destination"));
                    if (otp == null) {
                        send(ex, 404, "application/json", "{\"error\":\"no OTP for that destination\"}");
                        return;
                    }
                    answer = otp;
                }
                case "GET /sim/calls" -> answer = callLog.entries().stream().map(OctaneSimulator::callJson).toList();
                case "DELETE /sim/calls" -> {
                    callLog.clear();
                    answer = Map.of("cleared", true);
                }
                case "GET /sim/state" -> answer = state.counts();
                case "POST /sim/faults" -> {
                    faults.add(json.convertValue(body, Faults.Rule.class));
                    answer = Map.of("added", true);
                }
                case "DELETE /sim/faults" -> {
                    faults.clear();
                    answer = Map.of("cleared", true);
                }
                case "POST /sim/esim/recycle" -> answer = Map.of("recycled", state.recycleEsims());
                case "POST /sim/esim/stock" -> {
                    state.setEsimStock(((Number) body.get("size")).intValue());
                    answer = state.counts();
                }
                case "POST /sim/resources/status" -> answer = Map.of("updated", state.setResourceStatus(str(body.get("resourceValue")),
                        str(body.get("internalStatus")), str(body.get("providerStatus"))));
                case "POST /sim/rate-limits" -> {
                    setRateLimit(str(body.get("method")), ((Number) body.get("perMinute")).intValue(), ((Number) body.get("perHour")).intValue());
                    answer = Map.of("updated", true);
                }
                case "POST /sim/nbn/services" -> {
                    if (!(body.get("custNo") instanceof Number custNo) || !(body.get("planNo") instanceof Number planNo)) {
                        throw new IllegalArgumentException("custNo and planNo (numbers) are required; status (Active, Suspended, Shaped) is optional");
                    }
                    answer = state.seedNbnService(custNo.longValue(), planNo.intValue(), str(body.get("status")));
                }
                case "POST /sim/nbn/orders/status" -> answer = Map.of("updated",
                        state.setNbnOrderStatus(str(body.get("orderId")), str(body.get("status")), str(body.get("errorMessage"))));
                case "GET /sim/shape" -> answer = shape.toJson();
                case "POST /sim/shape" -> {
                    setShape(AnswerShape.fromJson(body));
                    answer = shape.toJson();
                }
                case "DELETE /sim/shape" -> {
                    setShape(config.shape); // back to the shape the simulator started with
                    answer = shape.toJson();
                }
                case "POST /sim/plans/reject" -> {
                    state.rejectPlan(((Number) body.get("planNo")).intValue());
                    answer = Map.of("updated", true);
                }
                default -> {
                    send(ex, 404, "application/json", "{\"error\":\"unknown admin call\"}");
                    return;
                }
            }
            send(ex, 200, "application/json", json.writeValueAsString(answer));
        } catch (RuntimeException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.getClass().getSimpleName());
            if (e.getMessage() != null) {
                error.put("message", e.getMessage());
            }
            send(ex, 400, "application/json", json.writeValueAsString(error));
        } finally {
            ex.close();
        }
    }

    /** A call-log entry as the admin API shows it (simTime as ISO text: the mapper has no java.time module). */
    private static Map<String, Object> callJson(CallLog.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("realMillis", e.realMillis());
        m.put("simTime", e.simTime().toString());
        m.put("api", e.api());
        m.put("service", e.service());
        m.put("operation", e.operation());
        m.put("keys", e.keys());
        m.put("outcome", e.outcome());
        m.put("r1Violation", e.r1Violation());
        return m;
    }

    // ------------------------------------------------------------------ helpers

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sub(Map<String, Object> content, String name) {
        Object v = content.get(name);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A query string's parameters, URL-decoded; the last value wins. */
    private static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static String str(Object v) {
        return v == null ? null : String.valueOf(v);
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
