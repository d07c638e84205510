package io.octaneroutes.sim;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mobile services the simulated Octane has provisioned, per customer (G-SVC). Not
 * thread-safe on its own: every call happens under the {@link SimState} lock.
 */
final class SimServices {
    static final String ACTIVE = "ACTIVE";
    static final String DISCONNECTED = "DISCONNECTED";
    /** G-TZ: SOAP timestamps are Australia/Sydney with their offset. */
    static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    /** G-TZ, soap-api.md §7: {@code 2024-02-15T00:00:00+11:00}, seconds always written (OffsetDateTime.toString drops :00). */
    private static final DateTimeFormatter SOAP_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** One service line. {@code sim} or {@code esim} is set, never both. */
    static final class Service {
        final long custNo;
        final int lineSeqNo;
        final String serviceNumber;
        final Instant connectDate;
        int planNo;
        String status = ACTIVE;
        SimState.Resource sim;
        SimState.Resource esim;
        /** the data pool's own service (provider), not a handset line */
        boolean poolProvider;
        /** CHANGE_WME_PRODUCT results: {accessLevel, classCode, productCode}, one per productCode */
        final List<Map<String, Object>> products = new ArrayList<>();
        String spendCode;
        Long spendSeqNo;
        /** ADD_ONCEOFF codes, in order of their orders' commits */
        final List<String> onceOffBoltons = new ArrayList<>();

        Service(long custNo, int lineSeqNo, String serviceNumber, int planNo, Instant connectDate) {
            this.custNo = custNo;
            this.lineSeqNo = lineSeqNo;
            this.serviceNumber = serviceNumber;
            this.planNo = planNo;
            this.connectDate = connectDate;
        }

        boolean active() {
            return ACTIVE.equals(status);
        }
    }

    private final Map<Long, Map<Integer, Service>> byCustomer = new LinkedHashMap<>();

    /** G-ID: lineSeqNo is a small integer per customer, starting at 1 and never reused. */
    Service create(long custNo, String serviceNumber, int planNo, SimState.Resource sim, SimState.Resource esim, Instant connectDate) {
        Map<Integer, Service> lines = byCustomer.computeIfAbsent(custNo, k -> new LinkedHashMap<>());
        Service s = new Service(custNo, lines.size() + 1, serviceNumber, planNo, connectDate);
        s.sim = sim;
        s.esim = esim;
        lines.put(s.lineSeqNo, s);
        return s;
    }

    /** Any status; null when the customer has no such line. */
    Service find(long custNo, Long lineSeqNo) {
        if (lineSeqNo == null) {
            return null;
        }
        Map<Integer, Service> lines = byCustomer.get(custNo);
        return lines == null ? null : lines.get(lineSeqNo.intValue());
    }

    /** The customer's ACTIVE line, or null. */
    Service active(long custNo, Long lineSeqNo) {
        Service s = find(custNo, lineSeqNo);
        return s != null && s.active() ? s : null;
    }

    /** The ACTIVE service with that number, whichever customer holds it, or null. */
    Service activeByNumber(String serviceNumber) {
        if (serviceNumber == null) {
            return null;
        }
        for (Map<Integer, Service> lines : byCustomer.values()) {
            for (Service s : lines.values()) {
                if (s.active() && serviceNumber.equals(s.serviceNumber)) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The customer's latest line with that number, any status (so a disconnected line can still be looked up), or null. */
    Service byNumber(long custNo, String serviceNumber) {
        Map<Integer, Service> lines = byCustomer.get(custNo);
        Service found = null;
        if (lines != null && serviceNumber != null) {
            for (Service s : lines.values()) {
                if (serviceNumber.equals(s.serviceNumber) && (found == null || s.active() || !found.active())) {
                    found = s;
                }
            }
        }
        return found;
    }

    List<Service> of(long custNo) {
        Map<Integer, Service> lines = byCustomer.get(custNo);
        return lines == null ? List.of() : List.copyOf(lines.values());
    }

    List<Service> all() {
        List<Service> all = new ArrayList<>();
        byCustomer.values().forEach(lines -> all.addAll(lines.values()));
        return all;
    }

    int count() {
        return byCustomer.values().stream().mapToInt(Map::size).sum();
    }

    /** A SOAP timestamp: Australia/Sydney with its offset, to the second (G-TZ). */
    static String soapTime(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).atZone(SYDNEY).format(SOAP_TIME);
    }

    /**
     * G-SVC: one {@code serviceNumberDetail}, in the order UtbServiceV3.wsdl declares:
     * lineSeqno, serviceNumber, status, planNo, planName, simNo, isEsim, connectDate.
     * Assumption G-SVC: an eSIM line reports its eSIM's ICCID as simNo.
     */
    static Map<String, Object> detail(Service s, String planName) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lineSeqno", s.lineSeqNo);
        d.put("serviceNumber", s.serviceNumber);
        d.put("status", s.status);
        d.put("planNo", s.planNo);
        d.put("planName", planName);
        d.put("simNo", s.esim != null ? s.esim.value : s.sim != null ? s.sim.value : null);
        d.put("isEsim", s.esim != null);
        d.put("connectDate", soapTime(s.connectDate));
        return d;
    }
}
