package io.octaneroutes.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the simulated Octane knows: customers, plans, SIMs, the MSN pool, the eSIM stock,
 * orders, services ({@link SimServices}), data pools ({@link SimPools}) and OTPs
 * ({@link SimOtp}). Every operation takes this object's lock (the helper classes have none
 * of their own and are only called under it); answers are maps whose keys are the wire names,
 * in the order the WSDLs declare them. Each rule names the gap it assumes.
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
        /** the service number the order is about (for a port-in: the number being ported) */
        public final String msn;
        public Resource esim;
        public String internalStatus = "IN_PROG";
        public String errorMessage;
        public Instant committedOn;
        /** resources the order claimed: released when it is REJECTED, taken for good when it COMMITS */
        Resource msnResource;
        Resource sim;
        /** the orderQuery echo: orderItems/{echoName}{echo} */
        String echoName;
        Map<String, Object> echo;
        /** at commit time: a rejection reason, or null to commit */
        Supplier<String> rejection;
        /** what the order does when it COMMITS */
        Runnable onCommit;

        Order(String orderId, long custNo, String action, Instant createdOn, Map<String, Object> item, int planNo, String msn) {
            this.orderId = orderId;
            this.custNo = custNo;
            this.action = action;
            this.createdOn = createdOn;
            this.item = item;
            this.planNo = planNo;
            this.msn = msn;
        }

        void echo(String name, Map<String, Object> values) {
            this.echoName = name;
            this.echo = values;
        }
    }

    /** An active service created for a test ({@link #seedService}). */
    public record ServiceRef(int lineSeqNo, String serviceNumber) {
    }

    /** The latest OTP of a destination ({@link #latestOtp}); test hook only. */
    public record OtpRef(String transactionId, String code) {
    }

    private final SimulatorConfig config;
    private final SimClock clock;
    private final Map<Long, Map<String, Object>> customers = new LinkedHashMap<>();
    final Map<Integer, String> plans = new LinkedHashMap<>();
    final Map<String, Resource> sims = new LinkedHashMap<>();
    final Map<String, Resource> msns = new LinkedHashMap<>();
    private final List<Resource> esims = new ArrayList<>();
    /** eSIMs of services seeded for tests: outside the small stock, so tests do not exhaust it (G-ESIM-STOCK) */
    private final List<Resource> seededEsims = new ArrayList<>();
    final Map<String, Order> orders = new LinkedHashMap<>();
    /**
     * What {@link #tick()} must look at: orders not final yet (IN_PROG, COMMITTED) in creation
     * order, and MSNs under a reservation that can expire. Kept apart so a call costs the same
     * with 100 or 100,000 orders behind it (the benchmarks hold that many).
     */
    private final TreeMap<Long, Order> liveOrders = new TreeMap<>();
    private final Set<Resource> reservedMsns = new LinkedHashSet<>();
    private final Set<Integer> rejectedPlans = ConcurrentHashMap.newKeySet();
    /** G-PORT: msn → the losing carrier's rejection reason, used once by the next port-in of that msn to commit */
    final Map<String, String> portRejections = new LinkedHashMap<>();
    final SimServices services = new SimServices();
    final SimPools pools = new SimPools(this);
    private final SimOtp otp;
    /** NBN over REST; only ever used through {@link #nbn}, under this object's lock */
    private final SimNbn nbn;
    private final SimOrderActions actions = new SimOrderActions(this);
    /** ConnectYou: assumed shapes (G-CY). */
    final SimConnectYou connectYou = new SimConnectYou(this);
    private final SimEsims esimRest = new SimEsims(this);
    private long nextCustNo = 600001;
    private long nextOrderId = 700001;
    private long nextReservation = 900001;
    private int nextEsim;
    private int nextSeeded;

    public SimState(SimulatorConfig config, SimClock clock) {
        this.config = config;
        this.clock = clock;
        this.otp = new SimOtp(config, clock);
        seed();
        this.nbn = new SimNbn(config.nbn, clock, customers::containsKey);
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

    /**
     * G-ESIM-STOCK: the test-only recycle (Telcoinabox recycles used test eSIMs on request). R9:
     * they disconnect the test services using them, so a service on a recycled eSIM is DISCONNECTED.
     */
    public synchronized int recycleEsims() {
        int n = 0;
        for (Resource e : esims) {
            if (ASSIGNED.equals(e.internalStatus)) {
                e.internalStatus = AVAILABLE;
                e.providerStatus = "r";
                e.profileState = "AVAILABLE";
                e.orderId = null;
                n++;
                for (SimServices.Service s : services.all()) {
                    if (s.esim == e && s.active()) {
                        s.status = SimServices.DISCONNECTED;
                    }
                }
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
        for (List<Resource> list : List.of(esims, seededEsims)) {
            for (Resource e : list) {
                if (e.value.equals(value)) {
                    return e;
                }
            }
        }
        return null;
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
        c.put("services", services.count());
        c.put("dataPools", pools.count());
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
            reservedMsns.add(m);
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

    /**
     * The orderItems element each orderAction takes (soap-api.md 3.2). G-ACT: CHANGE_WME_SIM /
     * wmeSimSwapReqItem is a PLACEHOLDER for "Replace a SIM Card" (not captured).
     */
    private static final Map<String, List<String>> ITEMS = Map.ofEntries(
            Map.entry("ADD_WME_NEW", List.of("wmeNewReqItem", "WmeNewDataPoolReqItem")),
            Map.entry("ADD_WME_PORT", List.of("wmePortInReqItem")),
            Map.entry("CHANGE_WME_PLAN", List.of("wmeModifyPlanReqItem")),
            Map.entry("CHANGE_WME_PRODUCT", List.of("wmeChangeProductReqItem")),
            Map.entry("CHANGE_WME_EXCESS", List.of("wmeExcessSpendReqItem")),
            Map.entry("ADD_ONCEOFF", List.of("wmeOnceOffBoltonReqItem")),
            Map.entry("CHANGE_WME_SIM", List.of("wmeSimSwapReqItem")),
            Map.entry("WME_OPT_IN_CONSUMER", List.of("WmeOptInConsumerReqItem")),
            Map.entry("WME_OPT_OUT_CONSUMER", List.of("WmeOptOutConsumerReqItem")),
            // G-CY placeholders (ConnectYou orders were not captured)
            Map.entry("ADD_SIP_TRUNK", List.of("sipTrunkNewReqItem")),
            Map.entry("CHANGE_SIP_TRUNK_CONFIG", List.of("sipTrunkConfigReqItem")),
            Map.entry("PORT_SIP_TRUNK_NUMBERS", List.of("sipTrunkPortReqItem")),
            Map.entry("ADD_UNITE_CALLING", List.of("uniteCallingNewReqItem")));

    /** orderCreate (and each orderCreate of orderCreateBulk): the checks every action shares, then the action's own (G-ERR codes). */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> orderCreate(Map<String, Object> req) {
        tick();
        if (req == null) {
            return orderError(10, "createRequest is missing");
        }
        if (!"SRVC_ORD".equals(req.get("orderType"))) {
            return orderError(10, "orderType must be SRVC_ORD");
        }
        String action = text(req.get("orderAction"));
        Long custNo = asLong(req.get("custNo"));
        List<String> itemNames = action == null ? null : ITEMS.get(action);
        if (itemNames == null) {
            return orderError(10, "orderAction " + action + " is not supported");
        }
        Map<String, Object> items = req.get("orderItems") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String itemName = null;
        Map<String, Object> item = null;
        for (String name : itemNames) {
            if (items.get(name) instanceof Map<?, ?> m) {
                if (item != null) {
                    return orderError(10, "orderItems must hold one of " + String.join(", ", itemNames) + ", not several");
                }
                itemName = name;
                item = (Map<String, Object>) m;
            }
        }
        if (item == null) {
            return orderError(10, "orderItems/" + String.join(" or orderItems/", itemNames) + " is missing");
        }
        if (custNo == null || !customers.containsKey(custNo)) {
            return orderError(20, "Customer " + custNo + " not found");
        }
        return switch (itemName) {
            case "wmeNewReqItem" -> actions.addNew(custNo, item);
            case "WmeNewDataPoolReqItem" -> actions.addDataPool(custNo, item);
            case "wmePortInReqItem" -> actions.portIn(custNo, item);
            case "wmeModifyPlanReqItem" -> actions.changePlan(custNo, item);
            case "wmeChangeProductReqItem" -> actions.changeProduct(custNo, item);
            case "wmeExcessSpendReqItem" -> actions.changeExcess(custNo, item);
            case "wmeOnceOffBoltonReqItem" -> actions.onceOff(custNo, item);
            case "wmeSimSwapReqItem" -> actions.simSwap(custNo, item);
            case "WmeOptInConsumerReqItem" -> pools.optIn(custNo, req, item);
            case "WmeOptOutConsumerReqItem" -> pools.optOut(custNo, req, item);
            case "sipTrunkNewReqItem" -> connectYou.newService(custNo, action, itemName, item);
            case "uniteCallingNewReqItem" -> connectYou.newService(custNo, action, itemName, item);
            case "sipTrunkConfigReqItem" -> connectYou.configure(custNo, item);
            case "sipTrunkPortReqItem" -> connectYou.reactivate(custNo, item);
            default -> orderError(10, "orderItems/" + itemName + " is not supported");
        };
    }

    /** A new IN_PROG order (G-ID: numeric, monotonic orderId). Callers hold the lock and attach claims and hooks. */
    Order newOrder(long custNo, String action, Map<String, Object> item, int planNo, String msn) {
        return addOrder(new Order(String.valueOf(nextOrderId++), custNo, action, clock.now(), new LinkedHashMap<>(item), planNo, msn));
    }

    /** Orders not final yet (IN_PROG, COMMITTED), oldest first. */
    Collection<Order> liveOrders() {
        return liveOrders.values();
    }

    private Order addOrder(Order o) {
        orders.put(o.orderId, o);
        liveOrders.put(Long.parseLong(o.orderId), o);
        return o;
    }

    /**
     * Benchmarks: an order of {@code action} for a known customer, created at {@code createdOn}
     * on the simulated clock, claiming no resources; it commits after the action's G-TIME
     * duration like any other. Returns its orderId.
     */
    public synchronized String seedOrder(long custNo, String action, Instant createdOn) {
        if (!customers.containsKey(custNo)) {
            throw new IllegalArgumentException("customer " + custNo + " is not known");
        }
        return addOrder(new Order(String.valueOf(nextOrderId++), custNo, action, createdOn, Map.of(), 23371, null)).orderId;
    }

    /** Whether an order of that action for that msn is still IN_PROG. */
    boolean pending(String action, String msn) {
        return liveOrders().stream().anyMatch(o -> action.equals(o.action) && msn.equals(o.msn) && "IN_PROG".equals(o.internalStatus));
    }

    static Map<String, Object> accepted(Order o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", 0);
        out.put("orderId", o.orderId);
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
        detail.put("createdOn", SimServices.soapTime(o.createdOn)); // G-TZ: Sydney time with its offset, as SOAP timestamps are
        detail.put("planName", plans.get(o.planNo));
        detail.put("status", "REJECTED".equals(o.internalStatus) || "COMPLETE".equals(o.internalStatus) ? "CLOSED" : "OPEN"); // G-STATE
        detail.put("internalStatus", o.internalStatus);
        if (o.errorMessage != null) {
            detail.put("errorMessage", o.errorMessage);
        }
        if (o.echo != null) {
            // the REST-created data-pool orders have no item element in UtbOrder.wsdl: no orderItems
            detail.put("orderItems", Map.of(o.echoName, o.echo));
        }
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
        liveOrders.put(Long.parseLong(o.orderId), o);
        o.errorMessage = null;
        return ok();
    }

    /**
     * G-STATE lifecycle on the simulated clock: IN_PROG → COMMITTED → COMPLETE, or REJECTED (a
     * plan set to be rejected, or the order's own rejection such as a losing carrier's, G-PORT).
     * Orders are visited in creation order, so an order sees the effects of earlier commits.
     */
    private void tick() {
        Instant now = clock.now();
        for (Iterator<Resource> it = reservedMsns.iterator(); it.hasNext();) {
            Resource m = it.next();
            if (!RESERVED.equals(m.internalStatus)) {
                it.remove(); // selected or released meanwhile
            } else if (Duration.between(m.reservedAt, now).compareTo(config.reservationExpiry) >= 0) {
                m.internalStatus = AVAILABLE; // R3: back to AVAILABLE after 24 h (reservationId kept: select then says 32)
                it.remove();
            }
        }
        for (Iterator<Order> it = liveOrders.values().iterator(); it.hasNext();) {
            Order o = it.next();
            Instant due = o.createdOn.plus(config.commitAfter(o.action));
            if ("IN_PROG".equals(o.internalStatus) && !now.isBefore(due)) {
                String reason = rejectedPlans.contains(o.planNo) ? "Provisioning rejected by the network for plan " + o.planNo : null;
                if (reason == null && o.rejection != null) {
                    reason = o.rejection.get();
                }
                if (reason != null) {
                    o.internalStatus = "REJECTED";
                    o.errorMessage = reason;
                    release(o);
                } else {
                    o.internalStatus = "COMMITTED";
                    o.committedOn = due;
                    commit(o);
                }
            }
            if ("COMMITTED".equals(o.internalStatus) && !now.isBefore(o.committedOn.plus(config.completeAfter))) {
                o.internalStatus = "COMPLETE";
            }
            if (!"IN_PROG".equals(o.internalStatus) && !"COMMITTED".equals(o.internalStatus)) {
                it.remove(); // final: nothing more happens to it unless orderReset brings it back
            }
        }
    }

    /** A committed order takes its claimed resources for good (G-SIM: ASSIGNED/'a'; eSIM profile LINKED), then does its action. */
    private void commit(Order o) {
        if (o.msnResource != null) {
            o.msnResource.internalStatus = ASSIGNED; // again, after an orderReset
        }
        if (o.sim != null) {
            o.sim.internalStatus = ASSIGNED;
            o.sim.providerStatus = "a";
        }
        if (o.esim != null) {
            o.esim.internalStatus = ASSIGNED;
            o.esim.providerStatus = "a";
            o.esim.profileState = "LINKED";
        }
        if (o.onCommit != null) {
            o.onCommit.run();
        }
    }

    /** A rejected order gives back what it claimed. */
    private void release(Order o) {
        if (o.msnResource != null) {
            o.msnResource.internalStatus = AVAILABLE;
        }
        if (o.sim != null) {
            o.sim.internalStatus = AVAILABLE;
        }
        if (o.esim != null) {
            o.esim.internalStatus = AVAILABLE;
            o.esim.orderId = null;
        }
    }

    /** An eSIM a service no longer uses: a stock eSIM goes back to stock; a seeded one is just left RELEASED (G-ESIM-STOCK). */
    void release(Resource esim) {
        if (esim == null) {
            return;
        }
        esim.profileState = "RELEASED";
        if (esims.contains(esim)) {
            esim.internalStatus = AVAILABLE;
            esim.providerStatus = "r";
            esim.profileState = "AVAILABLE";
            esim.orderId = null;
        }
    }

    /** The eSIM an eSIM order is given: the first in stock that is AVAILABLE and 'r' (G-ESIM-STOCK); null when none. */
    Resource freeEsim() {
        return esims.stream().filter(e -> AVAILABLE.equals(e.internalStatus) && "r".equals(e.providerStatus)).findFirst().orElse(null);
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

    // ------------------------------------------------------------ ConnectYou (G-CY, assumed)

    public synchronized Map<String, Object> getAvailableNumbers(Map<String, Object> request) {
        Long q = asLong(request.get("quantity"));
        return connectYou.availableNumbers(text(request.get("zone")), q == null ? null : q.intValue());
    }

    public synchronized Map<String, Object> createNumberReservation(Map<String, Object> request) {
        return connectYou.reserve(asLong(request.get("custNo")), SimConnectYou.strings(request.get("numbers")));
    }

    public synchronized Map<String, Object> queryBusinessSipTrunk(Map<String, Object> request) {
        tick();
        return connectYou.queryTrunk(asLong(request.get("custNo")), asLong(request.get("lineSeqNo")));
    }

    /** Test hook: an active SIP trunk of {@code count} numbers, the first {@code inactive} out of service. */
    public synchronized Map<String, Object> seedSipTrunk(long custNo, int count, int inactive) {
        return connectYou.seedTrunk(custNo, count, inactive);
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

    /** G-ESIM: Get eSIM Details (see {@link SimEsims#details}). */
    public synchronized Map<String, Object> getEsimDetails(Map<String, Object> body) {
        tick();
        return esimRest.details(body);
    }

    /** G-ESIM: Manage eSIM, Reset Esim (see {@link SimEsims#reset}). */
    public synchronized Map<String, Object> manageEsim(Map<String, Object> body) {
        tick();
        return esimRest.reset(body);
    }

    /** Test hook (G-ESIM): sets the profileState of an msn's eSIM; false when the msn has none. */
    public synchronized boolean setEsimProfileState(String msn, String profileState) {
        tick();
        return esimRest.setProfileState(msn, profileState);
    }

    // ------------------------------------------------------------ services, port-in, OTP, data pools

    /**
     * Test hook (G-SVC, G-TESTDATA): an ACTIVE service, connected now, on an AVAILABLE MSN from the
     * pool (then ASSIGNED). Its SIM does not come from the stock, so tests cannot exhaust the small
     * eSIM stock or the 8 ready SIMs: an eSIM line gets a new eSIM (ICCID 8961995…, profileState
     * LINKED), a SIM line a new serial (8961000001…), both ASSIGNED/'a'. A provider plan gives a
     * plain line, not a data pool (create pools with an order).
     */
    public synchronized ServiceRef seedService(long custNo, int planNo, boolean esim) {
        tick();
        if (!customers.containsKey(custNo)) {
            throw new IllegalArgumentException("Customer " + custNo + " not found");
        }
        if (!plans.containsKey(planNo)) {
            throw new IllegalArgumentException("Unknown plan " + planNo);
        }
        Resource m = msns.values().stream().filter(r -> AVAILABLE.equals(r.internalStatus)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No AVAILABLE MSN left"));
        m.internalStatus = ASSIGNED;
        int n = nextSeeded++;
        Resource sim = null;
        Resource e = null;
        if (esim) {
            e = new Resource("WME_ESIM", String.format("8961995000%09d", n), ASSIGNED, "a");
            e.eid = String.format("8904903200000000000001%010d", n);
            e.profileState = "LINKED";
            seededEsims.add(e);
        } else {
            sim = new Resource("WME_SIM", String.format("8961000001%09d", n), ASSIGNED, "a");
            sims.put(sim.value, sim);
        }
        SimServices.Service s = services.create(custNo, m.value, planNo, sim, e, clock.now());
        return new ServiceRef(s.lineSeqNo, s.serviceNumber);
    }

    /** G-PORT test hook: the next port-in of this msn to commit is REJECTED with this reason (used once). */
    public synchronized void rejectPort(String msn, String reason) {
        portRejections.put(msn, reason == null || reason.isBlank() ? "number not portable" : reason);
    }

    /**
     * UtbServiceV3.getServiceDetail (G-SVC): the customer's service with that number (any
     * status); without a serviceNumber, all the customer's services. Unknown customer → 20,
     * unknown service → 21 (G-ERR).
     */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> getServiceDetail(Map<String, Object> serviceDetail) {
        tick();
        Map<String, Object> details = serviceDetail != null && serviceDetail.get("serviceDetails") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        Long custNo = asLong(details.get("custno"));
        String serviceNumber = text(details.get("serviceNumber"));
        if (custNo == null || !customers.containsKey(custNo)) {
            return orderError(20, "Customer " + details.get("custno") + " not found");
        }
        List<SimServices.Service> found = new ArrayList<>();
        if (serviceNumber == null) {
            found.addAll(services.of(custNo));
        } else if (services.byNumber(custNo, serviceNumber) != null) {
            found.add(services.byNumber(custNo, serviceNumber));
        }
        if (found.isEmpty()) {
            return orderError(21, "Service " + serviceNumber + " not found for customer " + custNo);
        }
        List<Map<String, Object>> instances = new ArrayList<>();
        for (SimServices.Service s : found) {
            instances.add(Map.of("serviceNumberDetail", SimServices.detail(s, plans.get(s.planNo))));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", 0);
        out.put("Instances", Map.of("Instance", instances));
        return out;
    }

    /** UtbPlan.getGroupPlans: the seeded plans of the group (soap-api.md section 6, {@link SimPlans}). */
    public synchronized Map<String, Object> getGroupPlans(Map<String, Object> group) {
        return SimPlans.groupPlans(config.groupNo, plans, group.get("groupNo"));
    }

    /** UtbOTP.manageOtp (G-OTP). */
    public synchronized Map<String, Object> manageOtp(Map<String, Object> manageOtpRequest) {
        return otp.manage(manageOtpRequest, customers::containsKey);
    }

    /** Test hook (G-OTP): the latest OTP sent to a destination; null when none. */
    public synchronized OtpRef latestOtp(String destination) {
        return otp.latest(destination);
    }

    /** REST Get Data Pool (G-POOL-LIST). */
    public synchronized Map<String, Object> getDataPool(String custno, String lineseqno) {
        tick();
        return pools.getDataPool(custno, lineseqno);
    }

    /** REST Update Data Limit (G-POOL-RULES). */
    public synchronized Map<String, Object> modifyConsumerDataLimit(Map<String, Object> body) {
        tick();
        return pools.modifyConsumerDataLimit(body);
    }

    /** REST Transfer Services to Another Pool (G-POOL-RULES). */
    public synchronized Map<String, Object> transferDataPool(Map<String, Object> body) {
        tick();
        return pools.transfer(body);
    }

    /** REST Disconnect a Data Pool (G-POOL-RULES). */
    public synchronized Map<String, Object> disconnectDataPool(Map<String, Object> body) {
        tick();
        return pools.disconnect(body);
    }

    // ------------------------------------------------------------ NBN (SimNbn)

    /** Runs an NBN call under this object's lock, after moving NBN orders and enquiries along the simulated clock. */
    <T> T nbn(Function<SimNbn, T> call) {
        synchronized (this) {
            nbn.tick();
            return call.apply(nbn);
        }
    }

    /** Test hook (G-TESTDATA): an Active NBN service of that customer on that NBN plan (30001-30004), without a location. */
    public SimNbn.ServiceRef seedNbnService(long custNo, int planNo) {
        return seedNbnService(custNo, planNo, null);
    }

    /** Test hook: an NBN service in that status (Active, Suspended or Shaped; null = Active). */
    public SimNbn.ServiceRef seedNbnService(long custNo, int planNo, String status) {
        return nbn(n -> n.seedService(custNo, planNo, status));
    }

    /** Test hook: what the simulator holds for the customer's NBN service with that csn; null when none. */
    public SimNbn.ServiceView nbnService(long custNo, String csn) {
        return nbn(n -> n.view(custNo, csn));
    }

    /**
     * Test hook (G-NBN-ORD): forces an NBN order's status; see {@link SimNbn#forceStatus}. False for
     * an unknown order; IllegalArgumentException / IllegalStateException for a status it cannot take.
     */
    public boolean setNbnOrderStatus(String orderId, String status) {
        return setNbnOrderStatus(orderId, status, null);
    }

    public boolean setNbnOrderStatus(String orderId, String status, String errorMessage) {
        return nbn(n -> n.forceStatus(orderId, status, errorMessage));
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

    static Map<String, Object> orderError(int code, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", code);
        out.put("errorMessage", message);
        return out;
    }

    static Map<String, Object> restError(int code, String message) {
        return error(code, message);
    }

    /** The trimmed text of a value; null when absent or blank. */
    static String text(Object v) {
        if (v == null || v instanceof Map || v instanceof List) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    static boolean isTrue(Object v) {
        return "true".equalsIgnoreCase(String.valueOf(v).trim());
    }

    /**
     * soap-api.md 3.4: Query Order's orderItems is an "echo of the request item": a copy of the
     * item as parsed from the request (nested elements copied too), in the order it was sent.
     */
    static Map<String, Object> echoOf(Map<String, Object> item) {
        return echoOf(item, List.of());
    }

    /**
     * The declared order of wmeNewReqItem / wmePortInReqItem (soap-api.md 3.2, UtbOrder.wsdl): a
     * JAX-WS server writes a bean's fields in its declared order, not in the order they came.
     */
    static final List<String> NEW_ITEM_ORDER = List.of("lineType", "lineName", "department", "planNo", "agentId", "orderNotes",
            "serviceNotes", "orderItemAddress", "msn", "simNo", "isEsim", "isQRcode", "cycleNo", "spendCode", "notificationEmail");

    /** {@link #echoOf(Map)} with the fields named in {@code order} first, in that order, then any others as sent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> echoOf(Map<String, Object> item, List<String> order) {
        Map<String, Object> sorted = new LinkedHashMap<>();
        order.forEach(name -> copy(item, sorted, name));
        item.forEach(sorted::putIfAbsent);
        Map<String, Object> copy = new LinkedHashMap<>();
        sorted.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? echoOf((Map<String, Object>) m)
                : v instanceof List<?> l ? l.stream().map(x -> x instanceof Map<?, ?> xm ? echoOf((Map<String, Object>) xm) : x).toList() : v));
        return copy;
    }

    /** The named values of a map that are present, in the given order. */
    static Map<String, Object> pick(Map<String, Object> from, String... names) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names) {
            copy(from, out, name);
        }
        return out;
    }

    static void copy(Map<String, Object> from, Map<String, Object> to, String name) {
        if (from.get(name) != null) {
            to.put(name, from.get(name));
        }
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
