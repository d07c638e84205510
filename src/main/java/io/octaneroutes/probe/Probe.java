package io.octaneroutes.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import io.octaneroutes.gateway.GatewayConfig;
import io.octaneroutes.gateway.OctaneAccessException;
import io.octaneroutes.gateway.OctaneAnswers;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.OctaneException;
import io.octaneroutes.gateway.OctaneGateway;
import io.octaneroutes.gateway.OctaneOperation;
import io.octaneroutes.gateway.OctaneTransientException;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.gateway.RestOperation;
import io.octaneroutes.gateway.SoapOperation;
import io.octaneroutes.gateway.StepListener;

/**
 * The read-only probe ({@code java -jar octane-routes.jar --probe}): where does the Octane we are
 * pointed at differ from our models? It compares Octane's WSDL of every service we use with ours
 * ({@link WsdlDiff}), then makes the {@link ProbeCall}s (read-only, no customer's data) through
 * the gateway's own {@code direct:call-<operation>} routes, so the rate budgets and the fault
 * classification are the application's, and compares each raw answer with our WSDL
 * ({@link SoapAnswerCheck}) or the documented JSON shape ({@link RestAnswerCheck}).
 *
 * <p>It never creates, reserves or changes anything: {@link #call} refuses an operation whose
 * facts are not {@code readOnly()}, and the gateway routes of every other operation are never
 * started in the probe's CamelContext (nothing can be sent to them). Its context is the gateway
 * alone, as AnswerToleranceTest builds it: no journal ({@link StepListener#NONE}), no intake, no
 * poller, in-memory budgets.
 */
public final class Probe {
    /** What the probe's requests are made of, and how long it waits when Octane announces a rate-limit wait. */
    public record Settings(String esimQueryValue, String connectYouZone, String address, String locationId, Duration maxWait) {
    }

    private final GatewayConfig config;
    private final RateBudgets.Limits limits;
    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final SoapCapture soapCapture = new SoapCapture();
    private DefaultCamelContext context;
    private ProducerTemplate template;

    public Probe(GatewayConfig config, RateBudgets.Limits limits, Settings settings) {
        this.config = config;
        this.limits = limits;
        this.settings = settings;
    }

    public ProbeReport run() throws Exception {
        ProbeReport report = new ProbeReport("octane-routes probe of SOAP " + Documents.display(config.soapUrl()) + " and REST "
                + Documents.display(config.restUrl()) + " (group " + config.groupNo() + "). Read-only: it creates, reserves and changes nothing.");
        start();
        try {
            Map<SoapOperation.Service, WsdlModel> ours = compareWsdls(report);
            for (ProbeCall call : ProbeCall.values()) {
                probe(call, ours, report);
            }
        } finally {
            context.stop();
        }
        return report;
    }

    /** The gateway in a CamelContext of its own; only the read-only operations' call routes are started. */
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.setAutoStartup(false);
        OctaneGateway.bindSoapEndpoints(context, config);
        for (SoapOperation.Service service : SoapOperation.Service.values()) {
            CxfEndpoint endpoint = context.getRegistry().lookupByNameAndType(service.beanName(), CxfEndpoint.class);
            endpoint.getInInterceptors().add(soapCapture);
            endpoint.getOutInterceptors().add(soapCapture.outWatch);
        }
        context.getManagementStrategy().addEventNotifier(new RestCapture());
        context.addRoutes(new OctaneGateway(config, new RateBudgets(limits), StepListener.NONE, json));
        context.start();
        for (OctaneOperation op : operations()) {
            if (op.answer().readOnly()) {
                context.getRouteController().startRoute("call-" + op.name());
            }
        }
        template = context.createProducerTemplate();
    }

    void stop() {
        context.stop();
    }

    DefaultCamelContext context() {
        return context;
    }

    /** The probe's producer (tests: the routes of operations that are not read-only are not running). */
    ProducerTemplate template() {
        return template;
    }

    /** One call on the wire, for a read-only operation only. */
    Exchange call(OctaneOperation op, Object request) {
        if (!op.answer().readOnly()) {
            throw new IllegalArgumentException("the probe makes read-only calls only; " + op.name() + " is not read-only");
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.setVariable(OctaneGateway.REQUEST, request);
        template.send(op.callUri(), exchange);
        return exchange;
    }

    // ------------------------------------------------------------------ WSDLs

    private Map<SoapOperation.Service, WsdlModel> compareWsdls(ProbeReport report) throws Documents.NotAnswered {
        Documents documents = new Documents(config.connectTimeout(), config.readTimeout());
        Map<SoapOperation.Service, WsdlModel> ours = new LinkedHashMap<>();
        for (SoapOperation.Service service : SoapOperation.Service.values()) {
            List<SoapOperation> called = new ArrayList<>();
            Set<String> gaps = new LinkedHashSet<>(List.of("G-WSDL"));
            for (SoapOperation op : SoapOperation.values()) {
                if (op.service() == service) {
                    called.add(op);
                    gaps.addAll(op.answer().gaps());
                }
            }
            WsdlModel mine = WsdlModel.load(documents, "classpath:wsdl/" + service.name() + ".wsdl"); // ours must load: a build error otherwise
            ours.put(service, mine);
            String uri = config.soapUrl() + "/" + service.name() + "?wsdl";
            WsdlModel theirs;
            try {
                theirs = WsdlModel.load(documents, uri);
            } catch (Documents.NotAnswered e) {
                report.add(new Finding(Finding.Kind.NO_ANSWER, service.name() + " WSDL", Documents.display(uri) + "?wsdl", e.getMessage(),
                        List.copyOf(gaps)));
                report.wsdl(String.format("%-18s did not answer (%s)", service.name(), e.getMessage()));
                continue;
            }
            int before = report.findings().size();
            List<String> others = new WsdlDiff(report::add).compare(service, called, mine, theirs);
            int found = report.findings().size() - before;
            report.wsdl(String.format("%-18s %d operation(s) we call compared: %s%s", service.name(), called.size(),
                    found == 0 ? "no difference" : found + " finding(s)",
                    others.isEmpty() ? "" : "; Octane also offers " + String.join(", ", others) + " (not called, not compared)"));
        }
        return ours;
    }

    // ------------------------------------------------------------------ calls

    private void probe(ProbeCall call, Map<SoapOperation.Service, WsdlModel> ours, ProbeReport report) {
        OctaneOperation op = call.op;
        String subject = op instanceof SoapOperation s ? s.service().name() + " " + op.name() + " answer" : op.name() + " answer";
        List<String> gaps = op instanceof SoapOperation ? ProbeReport.gaps(List.of("G-WSDL"), op.answer().gaps()) : op.answer().gaps();
        Map<String, Object> request = call.request(new ProbeCall.Inputs(settings.esimQueryValue(), config.groupNo(),
                settings.connectYouZone(), settings.address(), settings.locationId()));
        String label = String.format("%-22s (%s)", op.name(), call.about);
        int before = report.findings().size();
        long started = System.nanoTime();
        soapCapture.clear(op.name());
        Exchange exchange = call(op, request);
        Exception failure = exchange.getException();
        if (failure instanceof OctaneTransientException t && t.getWaitMillis() > 0) {
            // fault 233 or HTTP 429 with an announced wait: wait it once (the budget holds every other
            // caller of the method meanwhile) if the operator allows that long, then ask again
            if (t.getWaitMillis() > settings.maxWait().toMillis()) {
                report.add(new Finding(Finding.Kind.NOT_CHECKED, subject, "", "rate-limited: Octane asks to wait "
                        + TimeUnit.MILLISECONDS.toSeconds(t.getWaitMillis()) + " s, more than octane.probe.max-wait", gaps));
                report.call(label + " not checked: rate-limited");
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(t.getWaitMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            soapCapture.clear(op.name());
            started = System.nanoTime();
            exchange = call(op, request);
            failure = exchange.getException();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (failure instanceof OctaneTransientException t && t.getWaitMillis() > 0) {
            report.add(new Finding(Finding.Kind.NOT_CHECKED, subject, "", "rate-limited again after the announced wait", gaps));
            report.call(label + " not checked: rate-limited");
            return;
        }
        if (failure != null) {
            String what = op instanceof SoapOperation && soapCapture.take(op.name()) == null
                    ? wire(soapCapture.sendFailure(op.name()), failure) : unanswered(failure);
            report.add(new Finding(Finding.Kind.NO_ANSWER, subject, "", what, gaps));
            report.call(label + " did not answer: " + what);
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = exchange.getIn().getBody(Map.class);
        OctaneBusinessException refusal = OctaneAnswers.refusal(op, answer);
        if (refusal != null) {
            report.add(new Finding(Finding.Kind.REFUSED, subject, "", "errorCode " + refusal.getErrorCode() + ": "
                    + words(refusal.getErrorMessage()), gaps));
        }
        int items;
        try {
            items = op instanceof SoapOperation soap
                    ? checkSoap(soap, subject, ours.get(soap.service()), call.reads, refusal != null, gaps, report)
                    : checkRest((RestOperation) op, subject, exchange, refusal != null, gaps, report);
        } catch (Documents.NotAnswered e) {
            report.add(new Finding(Finding.Kind.TYPED, subject, "", "the answer " + e.getMessage(), gaps));
            items = 0;
        } catch (TooLarge e) {
            report.add(new Finding(Finding.Kind.NOT_CHECKED, subject, "", "the answer is over 1 MB: not compared", gaps));
            items = 0;
        }
        int found = report.findings().size() - before;
        report.call(label + " answered in " + millis + " ms" + (refusal != null ? " with a refusal" : "")
                + (items > 0 ? ", a list of " + items : "") + ": " + (found == 0 ? "no difference" : found + " finding(s)"));
    }

    private int checkSoap(SoapOperation op, String subject, WsdlModel ours, List<String> reads, boolean refused, List<String> gaps,
                          ProbeReport report) throws Documents.NotAnswered {
        byte[] raw = soapCapture.take(op.name());
        if (raw == SoapCapture.TOO_LARGE) {
            throw new TooLarge();
        }
        if (raw == null) {
            throw new Documents.NotAnswered("was not seen on the wire");
        }
        ElementNode wrapper = ours.element(ours.operations().get(op.name()).output());
        return new SoapAnswerCheck(subject, gaps, report::add).check(raw, wrapper, reads, refused);
    }

    private int checkRest(RestOperation op, String subject, Exchange exchange, boolean refused, List<String> gaps, ProbeReport report)
            throws Documents.NotAnswered {
        byte[] raw = exchange.getProperty(RestCapture.RAW, byte[].class);
        if (raw == RestCapture.TOO_LARGE) {
            throw new TooLarge();
        }
        JsonNode answer;
        try {
            answer = json.readTree(raw == null ? new byte[0] : raw);
        } catch (java.io.IOException e) {
            throw new Documents.NotAnswered("is not JSON");
        }
        return new RestAnswerCheck(json, report::add).check(subject, op, answer, refused, gaps);
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /**
     * A SOAP call that got no answer off the wire (none was captured): said from the I/O failure
     * CXF met while sending. With CXF's HttpURLConnection conduit (the application's, see
     * OctaneConfiguration.httpClientSafety) a refused connection surfaces while the request is
     * written, wrapped in the XML writer's exception, and the gateway then classifies it as an
     * unreadable answer; the probe must not tell the operator "unreadable" for "refused".
     */
    private static String wire(Throwable sendFailure, Exception failure) {
        for (Throwable t = sendFailure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused (" + t.getClass().getSimpleName() + ")";
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "no answer within the timeout (" + t.getClass().getSimpleName() + ")";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host (" + t.getClass().getSimpleName() + ")";
            }
        }
        return unanswered(failure);
    }

    /** What a failed call says, for the report: the gateway's words (no URL, no credentials), bounded. */
    private static String unanswered(Exception failure) {
        if (failure instanceof OctaneAccessException) {
            return "Octane refused the login: check octane.username / octane.password (" + words(failure.getMessage()) + ")";
        }
        if (failure instanceof OctaneBusinessException b) {
            return words(b.getErrorMessage()); // e.g. "Octane answered HTTP 404"
        }
        if (failure instanceof OctaneException o) {
            String m = o.getMessage() == null ? "" : o.getMessage();
            String prefix = o.getOperation() + ": ";
            return words(m.startsWith(prefix) ? m.substring(prefix.length()) : m);
        }
        return "unexpected failure " + failure.getClass().getSimpleName();
    }

    /** Octane's own words, one line, at most 160 characters. */
    public static String words(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\p{Cntrl}", " ").trim();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static List<OctaneOperation> operations() {
        List<OctaneOperation> all = new ArrayList<>(List.of(SoapOperation.values()));
        all.addAll(List.of(RestOperation.values()));
        return all;
    }
}
