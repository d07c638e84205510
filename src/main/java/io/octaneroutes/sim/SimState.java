package io.octaneroutes.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the simulated Octane knows: customers, plans, SIMs, the MSN pool, the eSIM stock,
 * orders and services. Every operation takes the object's lock; answers are maps whose keys
 * are the wire names, in the order the WSDLs declare them. Each rule names the gap it
 * assumes.
 */
public class SimState {
    public static final String AVAILABLE = "AVAILABLE";
    public static final String RESERVED = "RESERVED";
    public static final String SELECTED = "SELECTED";
    public static final String ASSIGNED = "ASSIGNED";

    public static final class Resource {
        public final String type;
        public final String value;
        public String internalStatus;
        public String providerStatus;
        public String reservationId;
        public Instant reservedAt;
        public String eid;
        public String profileState;
        public String orderId;

        Resource(String type, String value, String internalStatus, String providerStatus) {
            this.type = type;
            this.value = value;
            this.internalStatus = internalStatus;
            this.providerStatus = providerStatus;
        }
    }

    public static final class Order {
        public final String orderId;
        public final long custNo;
        public final String action;
        public final Instant createdOn;
        public final Map<String, Object> item;
        public final int planNo;
        public final String msn;
        public Resource esim;
        public String internalStatus = "IN_PROG";
        public String errorMessage;
        public Instant committedOn;

        Order(String orderId, long custNo, String action, Instant createdOn, Map<String, Object> item, int planNo, String msn) {
            this.orderId = orderId;
            this.custNo = custNo;
            this.action = action;
            this.createdOn = createdOn;
            this.item = item;
            this.planNo = planNo;
            this.msn = msn;
        }
    }

    private final SimulatorConfig config;
    private final SimClock clock;
    private final Map<Long, Map<String, Object>> customers = new LinkedHashMap<>();
    private final Map<Integer, String> plans = new LinkedHashMap<>();
    private final Map<String, Resource> sims = new LinkedHashMap<>();
    private final Map<String, Resource> msns = new LinkedHashMap<>();
    private final List<Resource> esims = new ArrayList<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Set<Integer> rejectedPlans = ConcurrentHashMap.newKeySet();
    private long nextCustNo = 600001;
    private long nextOrderId = 700001;
    private long nextReservation = 900001;
    private int nextEsim;

    public SimState(SimulatorConfig config, SimClock clock) {
        this.config = config;
        this.clock = clock;
        seed();
    }

    /** G-TESTDATA: the seed data set. */
    private void seed() {
        for (long custNo : new long[] {554433, 123456}) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("custNo", custNo);
            c.put("groupNo", config.groupNo);
            c.put("customerStatus", "ACT");
            customers.put(custNo, c);
        }
        plans.put(23371, "MOBILE POSTPAID 23371");
        plans.put(23372, "MOBILE NON-POOL 23372");
        plans.put(23045, "POOL MANUAL TOP UP");
        plans.put(23046, "POOL AUTO TOP UP");
        plans.put(23047, "POOL CONSUMER");
        for (int i = 0; i < 10; i++) {
            String serial = String.format("8961000000000000%03d", i);
            String internal = i == 8 ? ASSIGNED : AVAILABLE;
            String provider = i == 8 ? "a" : i == 9 ? "d" : "r";
            sims.put(serial, new Resource("WME_SIM", serial, internal, provider));
        }
        for (int i = 0; i < config.msnPool; i++) {
            String msn = String.format("04%08d", 12000000 + i);
            msns.put(msn, new Resource("WME_MSN", msn, AVAILABLE, "r"));
        }
        setEsimStock(config.esimStock);
    }

    public synchronized void setEsimStock(int size) {
        esims.removeIf(e -> !ASSIGNED.equals(e.internalStatus) && !SELECTED.equals(e.internalStatus));
        for (int i = 0; i < size; i++) {
            addEsim();
        }
    }

    private void addEsim() {
        int n = nextEsim++;
        Resource e = new Resource("WME_ESIM", String.format("8961990000%09d", n), AVAILABLE, "r");
        e.eid = String.format("8904903200000000000000%010d", n);
        e.profileState = "AVAILABLE";
        esims.add(e);
    }

    /** G-ESIM-STOCK: the test-only recycle (Telcoinabox recycles used test eSIMs on request). */
    public synchronized int recycleEsims() {
        int n = 0;
        for (Resource e : esims) {
            if (ASSIGNED.equals(e.internalStatus)) {
                e.internalStatus = AVAILABLE;
                e.providerStatus = "r";
                e.profileState = "AVAILABLE";
                e.orderId = null;
                n++;
            }
        }
        return n;
    }

    public synchronized void rejectPlan(int planNo) {
        rejectedPlans.add(planNo);
    }

    /** Sets the status of a SIM, MSN or eSIM by value; for the value {@code WME_ESIM}, the eSIM next in stock. */
    public synchronized boolean setResourceStatus(String value, String internalStatus, String providerStatus) {
        Resource r = "WME_ESIM".equals(value) ? nextEsim() : find(value);
        if (r == null) {
            return false;
        }
        if (internalStatus != null) {
            r.internalStatus = internalStatus;
        }
        if (providerStatus != null) {
            r.providerStatus = providerStatus;
        }
        return true;
    }

    private Resource find(String value) {
        if (sims.containsKey(value)) {
            return sims.get(value);
        }
        if (msns.containsKey(value)) {
            return msns.get(value);
        }
        return esims.stream().filter(e -> e.value.equals(value)).findFirst().orElse(null);
    }

    /** The eSIM the next eSIM order would be given: the first in stock not taken by an order. */
    private Resource nextEsim() {
        return esims.stream().filter(e -> !ASSIGNED.equals(e.internalStatus) && !SELECTED.equals(e.internalStatus)).findFirst().orElse(null);
    }

    public synchronized Map<String, Object> counts() {
        tick();
        Map<String, Object> c = new LinkedHashMap<>();
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        orders.values().forEach(o -> byStatus.merge(o.internalStatus, 1, Integer::sum));
        c.put("orders", byStatus);
        c.put("esimAvailable", esims.stream().filter(e -> AVAILABLE.equals(e.internalStatus) && "r".equals(e.providerStatus)).count());
        c.put("msnAvailable", msns.values().stream().filter(m -> AVAILABLE.equals(m.internalStatus)).count());
        c.put("customers", customers.size());
        return c;
    }

    // ------------------------------------------------------------ pooled resources

    /** G-SIM: queryResources by SIM serial or MSN; {@code WME_ESIM} = the eSIM Octane would allocate next (our decision). */
    public synchronized Map<String, Object> queryResources(String queryValue) {
        tick();
        Resource r = "WME_ESIM".equals(queryValue) ? nextEsim() : queryValue == null ? null : find(queryValue);
        if (r == null) {
            return error(30, "WME_ESIM".equals(queryValue) ? "Resources not available" : "Resource not found");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("resourceType", r.type);
        res.put("resourceValue", r.value);
        res.put("internalStatus", r.internalStatus);
        res.put("providerStatus", r.providerStatus);
        if (r.reservationId != null) {
            res.put("reservationId", r.reservationId);
        }
        Map<String, Object> out = ok();
        out.put("pooledResources", List.of(res));
        return out;
    }

    /** R3 / G-RES: 1-5 MSNs; they return to AVAILABLE after the reservation expiry. */
    public synchronized Map<String, Object> reserveResources(String resourceType, Integer num) {
        tick();
        if (!"WME_MSN".equals(resourceType)) {
            return error(10, "resourceType must be WME_MSN");
        }
        if (num == null || num < 1 || num > 5) {
            return error(10, "numResources must be 1 to 5");
        }
        List<Resource> free = msns.values().stream().filter(m -> AVAILABLE.equals(m.internalStatus)).limit(num).toList();
        if (free.size() < num) {
            return error(30, "Resources not available");
        }
        String reservationId = String.valueOf(nextReservation++);
        List<Map<String, Object>> reserved = new ArrayList<>();
        for (Resource m : free) {
            m.internalStatus = RESERVED;
            m.reservationId = reservationId;
            m.reservedAt = clock.now();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("reservationId", reservationId);
            r.put("resourceValue", m.value);
            reserved.add(r);
        }
        Map<String, Object> out = ok();
        out.put("reservedPooledResources", reserved);
        return out;
    }

    public synchronized Map<String, Object> selectResource(String resource, String resourceType) {
        tick();
        Resource m = resource == null ? null : msns.get(resource);
        if (m == null || !"WME_MSN".equals(resourceType)) {
            return error(31, "Resource " + resource + " is not reserved");
        }
        if (SELECTED.equals(m.internalStatus)) {
            return ok(); // G-RES: selecting your own selected MSN again is harmless
        }
        if (!RESERVED.equals(m.internalStatus)) {
            return error(m.reservationId != null && AVAILABLE.equals(m.internalStatus) ? 32 : 31,
                    m.reservationId != null && AVAILABLE.equals(m.internalStatus) ? "Reservation expired" : "Resource " + resource + " is not reserved");
        }
        m.internalStatus = SELECTED;
        return ok();
    }

    public synchronized Map<String, Object> unreserveResources(String resourceType, String value) {
        tick();
        Resource m = value == null ? null : msns.get(value);
        if (m == null || !(RESERVED.equals(m.internalStatus) || SELECTED.equals(m.internalStatus))) {
            return error(31, "Resource " + value + " is not reserved");
        }
        m.internalStatus = AVAILABLE;
        m.reservationId = null;
        return ok();
    }

    // ------------------------------------------------------------ orders

    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> orderCreate(Map<String, Object> req) {
        tick();
        if (req == null) {
            return orderError(10, "createRequest is missing");
        }
        if (!"SRVC_ORD".equals(req.get("orderType"))) {
            return orderError(10, "orderType must be SRVC_ORD");
        }
        String action = (String) req.get("orderAction");
        Long custNo = asLong(req.get("custNo"));
        if (!"ADD_WME_NEW".equals(action)) {
            return orderError(10, "orderAction " + action + " is not supported");
        }
        Map<String, Object> items = req.get("orderItems") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> item = items.get("wmeNewReqItem") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        if (item == null) {
            return orderError(10, "orderItems/wmeNewReqItem is missing");
        }
        if (custNo == null || !customers.containsKey(custNo)) {
            return orderError(20, "Customer " + custNo + " not found");
        }
        Long planNo = asLong(item.get("planNo"));
        if (planNo == null || !plans.containsKey(planNo.intValue())) {
            return orderError(40, "Invalid plan " + planNo + " for this group");
        }
        String msn = (String) item.get("msn");
        Resource m = msn == null ? null : msns.get(msn);
        if (m == null || !SELECTED.equals(m.internalStatus)) {
            return orderError(31, "MSN " + msn + " has not been selected");
        }
        boolean esim = "true".equals(String.valueOf(item.get("isEsim")));
        Object simNo = item.get("simNo");
        Resource esimResource = null;
        if (esim) {
            if (simNo != null && !String.valueOf(simNo).isBlank()) {
                return orderError(10, "simNo must not be provided for an eSIM order"); // R5
            }
            esimResource = esims.stream().filter(e -> AVAILABLE.equals(e.internalStatus) && "r".equals(e.providerStatus)).findFirst().orElse(null);
            if (esimResource == null) {
                return orderError(30, "Resources not available"); // G-ESIM-STOCK
            }
        } else {
            Resource sim = simNo == null ? null : sims.get(String.valueOf(simNo));
            if (sim == null || !AVAILABLE.equals(sim.internalStatus) || !"r".equals(sim.providerStatus)) {
                return orderError(30, "SIM " + simNo + " is not available");
            }
            sim.internalStatus = ASSIGNED;
        }
        String orderId = String.valueOf(nextOrderId++);
        m.internalStatus = ASSIGNED; // G-RES: the selected MSN is consumed by the order
        Order o = new Order(orderId, custNo, action, clock.now(), new LinkedHashMap<>(item), planNo.intValue(), msn);
        if (esimResource != null) {
            esimResource.internalStatus = SELECTED;
            esimResource.orderId = orderId;
            o.esim = esimResource;
        }
        orders.put(orderId, o);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", 0);
        out.put("orderId", orderId);
        return out;
    }

    public synchronized Map<String, Object> orderQuery(String orderId) {
        tick();
        Order o = orderId == null ? null : orders.get(orderId);
        if (o == null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("errorCode", 60);
            out.put("errorMessage", "Order " + orderId + " not found");
            return out;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("orderId", o.orderId);
        detail.put("action", o.action);
        detail.put("createdOn", o.createdOn.toString());
        detail.put("planName", plans.get(o.planNo));
        detail.put("status", "REJECTED".equals(o.internalStatus) || "COMPLETE".equals(o.internalStatus) ? "CLOSED" : "OPEN"); // G-STATE
        detail.put("internalStatus", o.internalStatus);
        if (o.errorMessage != null) {
            detail.put("errorMessage", o.errorMessage);
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("planNo", o.planNo);
        echo.put("msn", o.msn);
        if (o.item.get("simNo") != null) {
            echo.put("simNo", o.item.get("simNo"));
        }
        echo.put("isEsim", o.esim != null);
        if (o.item.get("isQRcode") != null) {
            echo.put("isQRcode", o.item.get("isQRcode"));
        }
        detail.put("orderItems", Map.of("wmeNewReqItem", echo));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", 0);
        out.put("orderQueryResponse", detail);
        return out;
    }

    public synchronized Map<String, Object> orderReset(String orderId, Object retry) {
        tick();
        Order o = orderId == null ? null : orders.get(orderId);
        if (o == null) {
            return resultError(60, "Order " + orderId + " not found");
        }
        if (!"REJECTED".equals(o.internalStatus) || !"true".equals(String.valueOf(retry))) {
            return resultError(61, "Order " + orderId + " cannot be reset in status " + o.internalStatus);
        }
        o.internalStatus = "IN_PROG"; // G-STATE
        o.errorMessage = null;
        return ok();
    }

    /** G-STATE lifecycle on the simulated clock: IN_PROG → COMMITTED → COMPLETE, or REJECTED for a rejected plan. */
    private void tick() {
        Instant now = clock.now();
        for (Resource m : msns.values()) {
            if (RESERVED.equals(m.internalStatus) && m.reservedAt != null
                    && Duration.between(m.reservedAt, now).compareTo(config.reservationExpiry) >= 0) {
                m.internalStatus = AVAILABLE; // R3: back to AVAILABLE after 24 h (reservationId kept: select then says 32)
            }
        }
        for (Order o : orders.values()) {
            if ("IN_PROG".equals(o.internalStatus) && !now.isBefore(o.createdOn.plus(config.commitAfter))) {
                if (rejectedPlans.contains(o.planNo)) {
                    o.internalStatus = "REJECTED";
                    o.errorMessage = "Provisioning rejected by the network for plan " + o.planNo;
                    Resource m = msns.get(o.msn);
                    if (m != null) {
                        m.internalStatus = AVAILABLE;
                    }
                    if (o.esim != null) {
                        o.esim.internalStatus = AVAILABLE;
                        o.esim.orderId = null;
                    }
                } else {
                    o.internalStatus = "COMMITTED";
                    o.committedOn = o.createdOn.plus(config.commitAfter);
                    if (o.esim != null) {
                        o.esim.internalStatus = ASSIGNED;
                        o.esim.providerStatus = "a";
                        o.esim.profileState = "LINKED";
                    }
                }
            }
            if ("COMMITTED".equals(o.internalStatus) && !now.isBefore(o.committedOn.plus(config.completeAfter))) {
                o.internalStatus = "COMPLETE";
            }
        }
    }

    // ------------------------------------------------------------ REST

    /** G-CUST: Add Customer. */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> addCustomer(Map<String, Object> body) {
        Map<String, Object> identity = body.get("customerIdentity") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        String missing = null;
        if (identity == null || identity.get("customerType") == null) {
            missing = "customerIdentity.customerType";
        } else if (identity.get("company") == null && (identity.get("customerGivenNames") == null || identity.get("customerSurname") == null)) {
            missing = "customerIdentity.customerGivenNames/customerSurname or customerIdentity.company";
        } else if (!(body.get("address") instanceof Map)) {
            missing = "address";
        } else if (!(body.get("contactMedium") instanceof List<?> l) || l.isEmpty()) {
            missing = "contactMedium";
        }
        if (missing != null) {
            return restError(10, "Validation error: " + missing + " is required");
        }
        long custNo = nextCustNo++;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("custNo", custNo);
        c.put("groupNo", config.groupNo);
        c.put("customerStatus", "ACT");
        customers.put(custNo, c);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("errorCode", 0);
        out.put("custNo", custNo);
        return out;
    }

    public synchronized Map<String, Object> getCustomer(long custNo) {
        Map<String, Object> c = customers.get(custNo);
        if (c == null) {
            return restError(20, "Customer " + custNo + " not found");
        }
        Map<String, Object> out = new LinkedHashMap<>(c);
        out.put("success", true);
        out.put("errorCode", 0);
        return out;
    }

    /** G-ESIM: Get eSIM Details; the QR code exists once the order is COMMITTED or COMPLETE. */
    public synchronized Map<String, Object> getEsimDetails(Map<String, Object> body) {
        tick();
        String type = String.valueOf(body.get("requestType"));
        String msn = body.get("msn") == null ? null : String.valueOf(body.get("msn"));
        String orderId = body.get("orderId") == null ? null : String.valueOf(body.get("orderId"));
        Order order = null;
        if (orderId != null) {
            order = orders.get(orderId);
        } else if (msn != null) {
            for (Order o : orders.values()) {
                if (msn.equals(o.msn) && o.esim != null && !"REJECTED".equals(o.internalStatus)) {
                    order = o;
                }
            }
        }
        if (order == null || order.esim == null) {
            return restError(21, "No eSIM service found for " + (orderId != null ? "order " + orderId : "msn " + msn));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("msn", order.msn);
        if ("QR Code".equals(type)) {
            if (!"COMMITTED".equals(order.internalStatus) && !"COMPLETE".equals(order.internalStatus)) {
                return restError(30, "QR code not available: order " + order.orderId + " is " + order.internalStatus);
            }
            response.put("activationCode", "LPA:1$smdp.sim.example$" + order.esim.value.substring(order.esim.value.length() - 8) + order.orderId);
            response.put("qrCode", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        } else if ("SIM Details".equals(type)) {
            response.put("iccid", order.esim.value);
            response.put("eid", order.esim.eid);
            response.put("profileState", order.esim.profileState);
        } else {
            return restError(10, "requestType must be 'QR Code' or 'SIM Details'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("errorCode", 0);
        out.put("response", response);
        return out;
    }

    // ------------------------------------------------------------ helpers

    private static Map<String, Object> ok() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("errorCode", 0);
        return out;
    }

    private static Map<String, Object> error(int code, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", false);
        out.put("errorCode", code);
        out.put("errorMessage", message);
        return out;
    }

    private static Map<String, Object> resultError(int code, String message) {
        return error(code, message);
    }

    private static Map<String, Object> orderError(int code, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", code);
        out.put("errorMessage", message);
        return out;
    }

    private static Map<String, Object> restError(int code, String message) {
        return error(code, message);
    }

    static Long asLong(Object v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
