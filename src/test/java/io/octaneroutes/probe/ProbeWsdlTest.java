package io.octaneroutes.probe;

import static io.octaneroutes.probe.ProbeTest.has;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * The probe against an Octane whose WSDLs differ from ours: a JDK HttpServer on 127.0.0.1 serves
 * copies of our WSDLs with an element renamed, one made required, a list made single, a type
 * changed, a complex element made a leaf and an operation removed; one service has no WSDL at
 * all; one serves its schema apart ({@code ?xsd=1}, as Metro does). SOAP calls to
 * UtbPooledResource are passed on to the simulator; every other SOAP call gets HTTP 404, and the
 * REST URL is a port nobody listens on. The report must name each difference and each path that
 * did not answer.
 */
class ProbeWsdlTest {
    private static final Pattern SCHEMA = Pattern.compile("<xs:schema [^>]*>.*</xs:schema>", Pattern.DOTALL);

    private OctaneSimulator sim;
    private HttpServer octane;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** What the fake Octane serves for each service's ?wsdl: our copy, changed; null = HTTP 404. */
    private final Map<String, UnaryOperator<String>> wsdls = Map.of(
            "UtbPooledResource", w -> {
                w = once(w, "<xs:element name=\"queryValue\" type=\"xs:string\" minOccurs=\"0\"/>",
                        "<xs:element name=\"queryValue\" type=\"xs:string\" minOccurs=\"1\"/>"); // made required
                w = once(w, "<xs:element name=\"pooledResources\" type=\"tns:pooledResource\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>",
                        "<xs:element name=\"pooledResources\" type=\"tns:pooledResource\" minOccurs=\"0\"/>"); // a list made single
                // an operation removed (portType and binding)
                return w.replaceAll("(?s)<wsdl:operation name=\"unreserveResources\">.*?</wsdl:operation>", "");
            },
            "UtbPlan", w -> {
                w = once(w, "<xs:element name=\"groupPlan\" type=\"tns:groupPlan\"", "<xs:element name=\"plan\" type=\"tns:groupPlan\""); // renamed
                return once(w, "<xs:element name=\"errorCode\" type=\"xs:int\" minOccurs=\"0\"/>",
                        "<xs:element name=\"errorCode\" type=\"xs:string\" minOccurs=\"0\"/>"); // another type
            },
            "UtbOrder", w -> once(w, "<xs:element name=\"orderQueryResponse\" type=\"tns:orderQueryDetail\" minOccurs=\"0\"/>",
                    "<xs:element name=\"orderQueryResponse\" type=\"xs:string\" minOccurs=\"0\"/>"), // a leaf for a complex element
            "UtbOTP", UnaryOperator.identity(),
            "UtbServiceV3", UnaryOperator.identity()); // served Metro-style below: its schema apart, at ?xsd=1

    @BeforeEach
    void start() throws IOException {
        sim = new OctaneSimulator(SimulatorConfig.fromProperties(k -> switch (k) {
            case "octane.simulator.port" -> "0";
            case "octane.simulator.username" -> "demo";
            case "octane.simulator.password" -> ProbeTest.PASSWORD;
            default -> null;
        }));
        sim.start();
        octane = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        octane.createContext("/tiab/", this::answer);
        octane.start();
    }

    @AfterEach
    void stop() {
        octane.stop(0);
        sim.stop();
    }

    private String base() {
        return "http://127.0.0.1:" + octane.getAddress().getPort() + "/tiab";
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            String service = ex.getRequestURI().getPath().substring("/tiab/".length());
            String query = ex.getRequestURI().getQuery();
            if ("POST".equals(ex.getRequestMethod()) && service.equals("UtbPooledResource")) {
                forward(ex, service);
                return;
            }
            UnaryOperator<String> change = wsdls.get(service);
            if (!"GET".equals(ex.getRequestMethod()) || change == null || query == null) {
                send(ex, 404, "text/html", "<html><body>Not Found</body></html>");
                return;
            }
            String wsdl = change.apply(ours(service));
            if (service.equals("UtbServiceV3")) {
                Matcher schema = SCHEMA.matcher(wsdl);
                assertThat(schema.find()).isTrue();
                String ns = "http://v3.service.frontend.ws.utilibill.com.au/";
                if (query.equals("xsd=1")) {
                    send(ex, 200, "text/xml", "<?xml version=\"1.0\"?>" + schema.group().replaceFirst("<xs:schema ",
                            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:tns=\"" + ns + "\" "));
                    return;
                }
                wsdl = schema.replaceFirst("<xs:schema><xs:import namespace=\"" + ns + "\" schemaLocation=\"UtbServiceV3?xsd=1\"/></xs:schema>");
            }
            send(ex, 200, "text/xml; charset=utf-8", wsdl);
        }
    }

    private void forward(HttpExchange ex, String service) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(sim.soapBaseUrl() + "/" + service))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
            ex.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
            ex.sendResponseHeaders(r.statusCode(), r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String ours(String service) throws IOException {
        try (InputStream in = ProbeWsdlTest.class.getResourceAsStream("/wsdl/" + service + ".wsdl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code text} with its one {@code from} replaced (the change must hit exactly once, or the test proves nothing). */
    private static String once(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("present: " + from).isNotNegative();
        assertThat(text.indexOf(from, at + 1)).as("once: " + from).isNegative();
        return text.replace(from, to);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void namesEveryDifferenceOfTheWsdlsAndEveryPathThatDoesNotAnswer() throws Exception {
        ProbeReport report = ProbeTest.probe(base(), "http://127.0.0.1:" + closedPort() + "/tiab/api", Duration.ofSeconds(1)).run();
        String text = report.render();
        // the operation removed
        assertThat(has(report, Finding.Kind.MISSING, "UtbPooledResource unreserveResources", "")).as(text).isTrue();
        // made required (request side), a list made single (answer side)
        assertThat(has(report, Finding.Kind.REQUIRED, "UtbPooledResource queryResources request", "queryPooledResourcesRequest/queryValue")).isTrue();
        assertThat(has(report, Finding.Kind.SINGLE, "UtbPooledResource queryResources answer", "return/pooledResources")).isTrue();
        // renamed: ours is missing at Octane, Octane's is unknown to us
        assertThat(has(report, Finding.Kind.MISSING, "UtbPlan getGroupPlans answer", "return/groupPlan")).isTrue();
        assertThat(has(report, Finding.Kind.UNKNOWN, "UtbPlan getGroupPlans answer", "return/plan")).isTrue();
        // another simple type; a leaf where we expect a complex type
        assertThat(has(report, Finding.Kind.TYPED, "UtbPlan getGroupPlans answer", "return/errorCode")).isTrue();
        assertThat(has(report, Finding.Kind.TYPED, "UtbOrder orderQuery answer", "return/orderQueryResponse")).isTrue();
        // nothing else in those WSDLs differs, and the Metro-style WSDL (schema at ?xsd=1) is read like ours
        assertThat(report.findings()).filteredOn(f -> f.subject().startsWith("UtbOTP") || f.subject().startsWith("UtbServiceV3")).isEmpty();
        assertThat(report.findings()).filteredOn(f -> f.subject().startsWith("UtbPooledResource") || f.subject().startsWith("UtbPlan")
                || f.subject().startsWith("UtbOrder")).hasSize(7 + 1); // + getGroupPlans' call, below
        assertThat(report.findings()).filteredOn(f -> f.subject().startsWith("UtbPooledResource")).allSatisfy(f ->
                assertThat(f.gaps()).first().isEqualTo("G-WSDL"));

        // paths that do not answer: a WSDL (404), a SOAP call (404), REST (connection refused)
        assertThat(has(report, Finding.Kind.NO_ANSWER, "UtbConnectYou WSDL", base().replace("/tiab", "") + "/tiab/UtbConnectYou?wsdl")).isTrue();
        assertThat(report.findings()).filteredOn(f -> f.kind() == Finding.Kind.NO_ANSWER && f.subject().equals("UtbPlan getGroupPlans answer"))
                .singleElement().satisfies(f -> assertThat(f.detail()).contains("404"));
        assertThat(report.findings()).filteredOn(f -> f.kind() == Finding.Kind.NO_ANSWER && f.subject().equals("listPlans answer"))
                .singleElement().satisfies(f -> assertThat(f.detail()).contains("cannot connect"));
        assertThat(has(report, Finding.Kind.NO_ANSWER, "UtbConnectYou getAvailableNumbers answer", "")).isTrue();
        // the call passed on to the simulator answered as our WSDL says (the answer, not Octane's WSDL, is compared)
        assertThat(report.about("UtbPooledResource queryResources answer")).extracting(Finding::kind).containsExactly(Finding.Kind.SINGLE);
        assertThat(text).containsPattern("queryResources .* answered in \\d+ ms");
        assertThat(report.exitCode()).isEqualTo(ProbeReport.UNANSWERED);
        assertThat(text).doesNotContain(ProbeTest.PASSWORD);
    }
}
