package io.octaneroutes.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.octaneroutes.sim.SimNbn.Service;

/**
 * NBN diagnostics and enquiries (assumption G-DIAG, flows N6/N7 of G-NBN-FLOWS): the tests a
 * service offers, and enquiries that run one (DiagnosticTest) or a health check
 * (ServiceHealthCheck). An enquiry is Pending, In Progress after a short while, then Completed
 * (or Failed when its service is Suspended) after a random delay between the configured bounds.
 * Not thread-safe on its own: called under the {@link SimState} lock.
 */
final class SimNbnEnquiries {
    static final String HEALTH_CHECK = "Service Health Check";
    /** G-DIAG: the tests every NBN service offers. */
    static final List<String> TESTS = List.of("NTD Status", "UNI-D Status", "Line State", "Port Reset", HEALTH_CHECK);
    static final List<String> TYPES = List.of("DiagnosticTest", "ServiceHealthCheck");

    private static final class Enquiry {
        final String enquiryId;
        final String enquiryType;
        final String testName;
        final Service service;
        final Instant createdOn;
        final Instant startAt;
        final Instant doneAt;
        String status = "Pending";
        Instant completedOn;
        Map<String, Object> result;

        Enquiry(String enquiryId, String enquiryType, String testName, Service service, Instant createdOn, Instant startAt, Instant doneAt) {
            this.enquiryId = enquiryId;
            this.enquiryType = enquiryType;
            this.testName = testName;
            this.service = service;
            this.createdOn = createdOn;
            this.startAt = startAt;
            this.doneAt = doneAt;
        }
    }

    private final SimNbn nbn;
    private final SimNbnConfig config;
    private final SimClock clock;
    private final Map<String, Enquiry> enquiries = new LinkedHashMap<>();
    private final Random random = new Random();
    /** G-ID: enquiryId "ENQ" + digits */
    private long nextEnquiry = 20000001;

    SimNbnEnquiries(SimNbn nbn, SimNbnConfig config, SimClock clock) {
        this.nbn = nbn;
        this.config = config;
        this.clock = clock;
    }

    /** Get Available Diagnostic Tests. G-DIAG names the tests but gives no shape: ours, the SQ's envelope with [{testName}]. */
    Map<String, Object> diagnostics(String custNo, String lineSeqNo) {
        Object found = service(custNo, lineSeqNo);
        if (found instanceof Map<?, ?> refusal) {
            return cast(refusal);
        }
        return SimNbn.ok(TESTS.stream().map(t -> Map.of("testName", t)).toList());
    }

    /** Create Enquiry (NBN Diagnostic Test / Service Health Check). */
    Map<String, Object> create(Map<String, Object> body) {
        Object custNo = body.get("custNo");
        Object lineSeqNo = body.get("lineSeqNo");
        String type = SimState.text(body.get("enquiryType"));
        String testName = SimState.text(body.get("testName"));
        if (custNo == null || lineSeqNo == null || type == null) {
            return SimNbn.error(10, "Validation error: custNo, lineSeqNo and enquiryType are required");
        }
        if (!TYPES.contains(type)) {
            return SimNbn.error(10, "Validation error: enquiryType must be DiagnosticTest or ServiceHealthCheck, not " + type);
        }
        if ("DiagnosticTest".equals(type) && (testName == null || !TESTS.contains(testName))) {
            return SimNbn.error(10, "Validation error: a DiagnosticTest needs a testName from GET /v1/nbn/diagnostics: " + String.join(", ", TESTS));
        }
        if ("ServiceHealthCheck".equals(type) && testName != null && !HEALTH_CHECK.equals(testName)) {
            return SimNbn.error(10, "Validation error: a ServiceHealthCheck takes no testName (or \"" + HEALTH_CHECK + "\")");
        }
        Object found = service(String.valueOf(custNo), String.valueOf(lineSeqNo));
        if (found instanceof Map<?, ?> refusal) {
            return cast(refusal);
        }
        Instant now = clock.now();
        long min = config.enquiryCompleteAfter.toMillis();
        long max = Math.max(min, config.enquiryCompleteAfterMax.toMillis());
        Duration took = Duration.ofMillis(min + (max > min ? (long) (random.nextDouble() * (max - min)) : 0));
        Instant startAt = now.plus(config.enquiryStartAfter.compareTo(took) < 0 ? config.enquiryStartAfter : took);
        Enquiry e = new Enquiry("ENQ" + nextEnquiry++, type, "ServiceHealthCheck".equals(type) ? HEALTH_CHECK : testName, (Service) found,
                now, startAt, now.plus(took));
        enquiries.put(e.enquiryId, e);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enquiryId", e.enquiryId);
        out.put("success", true);
        return out;
    }

    /**
     * Get Enquiry Detail. G-DIAG: {@code {status, result{summary, details[]}}} at the top level
     * and nothing else; result once the enquiry has one (Completed or Failed: a Pending enquiry
     * has no result yet, our reading).
     */
    Map<String, Object> get(String enquiryId) {
        Enquiry e = enquiryId == null ? null : enquiries.get(enquiryId);
        if (e == null) {
            return SimNbn.error(60, "Enquiry " + enquiryId + " not found");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("status", e.status);
        if (e.result != null) {
            d.put("result", e.result);
        }
        return d;
    }

    /** List Enquiries of a customer (optionally of one lineSeqNo), oldest first. The facts give no shape for it: ours (wrapped). */
    Map<String, Object> list(String custNoText, String lineSeqNoText) {
        Long custNo = SimState.asLong(custNoText);
        if (custNo == null) {
            return SimNbn.error(10, "Validation error: custNo (an integer) is required");
        }
        if (!nbn.customerExists(custNo)) {
            return SimNbn.error(20, "Customer " + custNo + " not found");
        }
        Long lineSeqNo = SimState.asLong(lineSeqNoText);
        return SimNbn.ok(enquiries.values().stream().filter(e -> e.service.custNo == custNo && (lineSeqNo == null || e.service.lineSeqNo == lineSeqNo))
                .map(this::detail).toList());
    }

    void tick(Instant now) {
        for (Enquiry e : enquiries.values()) {
            if ("Pending".equals(e.status) && !now.isBefore(e.startAt)) {
                e.status = "In Progress";
            }
            if ("In Progress".equals(e.status) && !now.isBefore(e.doneAt)) {
                finish(e);
            }
        }
    }

    /** Assumption G-DIAG: a test on a Suspended (or since disconnected) service fails; otherwise everything is fine. */
    private void finish(Enquiry e) {
        e.completedOn = e.doneAt;
        Map<String, Object> result = new LinkedHashMap<>();
        if (!SimNbn.ACTIVE.equals(e.service.status) && !SimNbn.SHAPED.equals(e.service.status)) {
            e.status = "Failed";
            result.put("summary", "Test could not run: service " + e.service.csn + " is " + e.service.status);
            result.put("details", List.of(detail("Service Status", e.service.status)));
        } else {
            e.status = "Completed";
            SimNbnData.Plan plan = nbn.plan(e.service.planNo);
            String speed = plan == null ? "unknown" : plan.speed() + " Mbps";
            String portName = e.service.port == null ? "n/a" : e.service.port.portName;
            switch (e.testName) {
                case "NTD Status" -> {
                    result.put("summary", "NTD is online");
                    result.put("details", List.of(detail("NTD Status", "Online"), detail("Power", "AC"), detail("Battery", "Not present")));
                }
                case "UNI-D Status" -> {
                    result.put("summary", "UNI-D port is up");
                    result.put("details", List.of(detail("Port", portName), detail("Link", "Up"), detail("Negotiated Speed", "1000 Mbps Full Duplex")));
                }
                case "Line State" -> {
                    result.put("summary", "Line is in sync");
                    result.put("details", List.of(detail("Line State", "Up"), detail("Sync Rate", speed)));
                }
                case "Port Reset" -> {
                    result.put("summary", "Port reset completed");
                    result.put("details", List.of(detail("Port Reset", "Success"), detail("Port", portName)));
                }
                default -> {
                    result.put("summary", "Service is healthy");
                    result.put("details", List.of(detail("Authentication", "IPoE OK"), detail("Sync Rate", speed), detail("Outages", "None")));
                }
            }
        }
        e.result = result;
    }

    private static Map<String, Object> detail(String name, String value) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("value", value);
        return d;
    }

    private Map<String, Object> detail(Enquiry e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("enquiryId", e.enquiryId);
        d.put("enquiryType", e.enquiryType);
        d.put("testName", e.testName);
        d.put("custNo", e.service.custNo);
        d.put("lineSeqNo", e.service.lineSeqNo);
        d.put("status", e.status);
        d.put("createdOn", SimNbn.seconds(e.createdOn));
        if (e.completedOn != null) {
            d.put("completedOn", SimNbn.seconds(e.completedOn));
        }
        if (e.result != null) {
            d.put("result", e.result);
        }
        return d;
    }

    /** The service custNo/lineSeqNo name, or the refusal: 10 missing, 20 customer, 21 no such service or Disconnected. */
    private Object service(String custNoText, String lineSeqNoText) {
        Long custNo = SimState.asLong(custNoText);
        Long lineSeqNo = SimState.asLong(lineSeqNoText);
        if (custNo == null || lineSeqNo == null) {
            return SimNbn.error(10, "Validation error: custNo and lineSeqNo (integers) are required");
        }
        if (!nbn.customerExists(custNo)) {
            return SimNbn.error(20, "Customer " + custNo + " not found");
        }
        Service s = nbn.service(custNo, lineSeqNo);
        if (s == null) {
            return SimNbn.error(21, "NBN service " + lineSeqNo + " not found for customer " + custNo);
        }
        if (SimNbn.DISCONNECTED.equals(s.status)) {
            return SimNbn.error(21, "NBN service " + lineSeqNo + " of customer " + custNo + " is Disconnected");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
