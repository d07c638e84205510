package io.octaneroutes.sim;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.octaneroutes.sim.SimServices.Service;
import io.octaneroutes.sim.SimState.Order;
import io.octaneroutes.sim.SimState.Resource;

/**
 * The mobile orderCreate actions (soap-api.md 3.2, flows.md M1-M7) after SimState's common
 * checks (orderType, known action, item present, customer exists). Each method validates its
 * item, claims resources, creates the order and says what happens when it COMMITS. Not
 * thread-safe on its own: every call happens under the {@link SimState} lock.
 */
final class SimOrderActions {
    /** [CODE] buroflow: the once-off bolt-on codes seen. */
    static final Set<String> ONCE_OFF_CODES = Set.of("CF01", "CF02");
    private static final DateTimeFormatter DD_MM_YYYY = DateTimeFormatter.ofPattern("dd-MM-uuuu").withResolverStyle(ResolverStyle.STRICT);

    private final SimState state;

    SimOrderActions(SimState state) {
        this.state = state;
    }

    /** ADD_WME_NEW + wmeNewReqItem (M1, M3): a selected MSN (G-RES), a ready SIM (R2) or an eSIM from stock (R5). */
    Map<String, Object> addNew(long custNo, Map<String, Object> item) {
        Long planNo = SimState.asLong(item.get("planNo"));
        if (planNo == null || !state.plans.containsKey(planNo.intValue())) {
            return SimState.orderError(40, "Invalid plan " + planNo + " for this group");
        }
        String msn = SimState.text(item.get("msn"));
        Resource m = msn == null ? null : state.msns.get(msn);
        if (m == null || !SimState.SELECTED.equals(m.internalStatus)) {
            return SimState.orderError(31, "MSN " + msn + " has not been selected");
        }
        Claim claim = claimSim(item, "isEsim");
        if (claim.error != null) {
            return claim.error;
        }
        Order o = state.newOrder(custNo, "ADD_WME_NEW", item, planNo.intValue(), msn);
        m.internalStatus = SimState.ASSIGNED; // G-RES: the selected MSN is consumed by the order
        o.msnResource = m;
        claim.attach(o);
        o.echo("wmeNewReqItem", newEcho(item, msn, o));
        o.onCommit = () -> state.services.create(custNo, msn, o.planNo, o.sim, o.esim, o.committedOn); // G-SVC
        return SimState.accepted(o);
    }

    /**
     * ADD_WME_NEW + WmeNewDataPoolReqItem (M6 step 1). R9: a pool is created with an eSIM from
     * the stock; assumption G-POOL-RULES: the pool takes the first AVAILABLE MSN itself (the
     * client reads it from orderQuery). On COMMIT: the pool's service and the pool (memberId).
     */
    Map<String, Object> addDataPool(long custNo, Map<String, Object> item) {
        Long planNo = SimState.asLong(item.get("planNo"));
        if (planNo == null || !SimPools.PROVIDER_PLANS.contains(planNo.intValue())) {
            return SimState.orderError(40, "Plan " + planNo + " is not a data pool provider plan");
        }
        String poolName = SimState.text(item.get("poolName"));
        if (poolName == null) {
            return SimState.orderError(10, "poolName is required");
        }
        Resource esim = state.freeEsim();
        if (esim == null) {
            return SimState.orderError(30, "Resources not available"); // R9, G-ESIM-STOCK
        }
        Resource m = state.msns.values().stream().filter(r -> SimState.AVAILABLE.equals(r.internalStatus)).findFirst().orElse(null);
        if (m == null) {
            return SimState.orderError(30, "Resources not available");
        }
        Order o = state.newOrder(custNo, "ADD_WME_NEW", item, planNo.intValue(), m.value);
        m.internalStatus = SimState.ASSIGNED;
        o.msnResource = m;
        esim.internalStatus = SimState.SELECTED;
        esim.orderId = o.orderId;
        o.esim = esim;
        // flows.md M6 step 2: the echo uses wmeNewReqItem even for a pool; soap-api.md 3.4: it is the
        // request item, with the msn Octane gave the pool
        Map<String, Object> echo = new LinkedHashMap<>(item);
        echo.remove("poolName"); // not a field of wmeNewReqItem, the element the echo uses (our reading)
        echo.put("msn", m.value);
        echo.put("isEsim", true);
        o.echo("wmeNewReqItem", SimState.echoOf(echo, SimState.NEW_ITEM_ORDER));
        o.onCommit = () -> {
            Service s = state.services.create(custNo, m.value, o.planNo, null, o.esim, o.committedOn);
            s.poolProvider = true;
            state.pools.create(s, poolName);
        };
        return SimState.accepted(o);
    }

    /**
     * ADD_WME_PORT + wmePortInReqItem (M2, M4; G-PORT). msn = the number being ported (leading 0).
     * Exactly one of dob (prepaid) / arn (postpaid). OTP is optional server-side (R7, G-OTP).
     * A losing-carrier rejection registered with {@link SimState#rejectPort} rejects it at commit.
     */
    Map<String, Object> portIn(long custNo, Map<String, Object> item) {
        Long planNo = SimState.asLong(item.get("planNo"));
        if (planNo == null || !state.plans.containsKey(planNo.intValue())) {
            return SimState.orderError(40, "Invalid plan " + planNo + " for this group");
        }
        String msn = SimState.text(item.get("msn"));
        if (msn == null || !msn.matches("0\\d{9}")) {
            return SimState.orderError(10, "msn must be the 10-digit number being ported, with its leading 0");
        }
        if (state.msns.containsKey(msn)) {
            return SimState.orderError(10, "msn " + msn + " is one of our own numbers; it cannot be ported in"); // G-PORT
        }
        if (state.services.activeByNumber(msn) != null) {
            return SimState.orderError(10, "msn " + msn + " is already an active service");
        }
        if (state.pending("ADD_WME_PORT", msn)) {
            return SimState.orderError(10, "A port-in order for msn " + msn + " is already in progress");
        }
        boolean dob = SimState.text(item.get("dob")) != null;
        boolean arn = SimState.text(item.get("arn")) != null;
        if (dob && arn) {
            return SimState.orderError(10, "Send exactly one of dob (prepaid losing service) or arn (postpaid losing account), not both"); // G-PORT
        }
        if (!dob && !arn) {
            return SimState.orderError(10, "dob (prepaid losing service) or arn (postpaid losing account) is required"); // G-PORT
        }
        Claim claim = claimSim(item, "isEsim");
        if (claim.error != null) {
            return claim.error;
        }
        Map<String, Object> kept = new LinkedHashMap<>(item);
        kept.remove("dob"); // personal data: not kept with the order
        kept.remove("arn");
        Order o = state.newOrder(custNo, "ADD_WME_PORT", kept, planNo.intValue(), msn);
        claim.attach(o);
        Map<String, Object> echo = newEcho(item, msn, o); // never echoes dob/arn (personal data)
        o.echo("wmePortInReqItem", echo);
        o.rejection = () -> state.portRejections.remove(msn); // G-PORT: the losing carrier's answer, at commit time
        o.onCommit = () -> state.services.create(custNo, msn, o.planNo, o.sim, o.esim, o.committedOn);
        return SimState.accepted(o);
    }

    /** CHANGE_WME_PLAN + wmeModifyPlanReqItem{lineSeqNo, planno, custReqDate dd-MM-yyyy} (M7). */
    Map<String, Object> changePlan(long custNo, Map<String, Object> item) {
        Service s = state.services.active(custNo, SimState.asLong(item.get("lineSeqNo")));
        if (s == null) {
            return noService(custNo, item);
        }
        Long planNo = SimState.asLong(item.get("planno"));
        if (planNo == null || !state.plans.containsKey(planNo.intValue())) {
            return SimState.orderError(40, "Invalid plan " + item.get("planno") + " for this group");
        }
        String date = SimState.text(item.get("custReqDate"));
        if (date != null && !isDdMmYyyy(date)) {
            return SimState.orderError(10, "custReqDate must be dd-MM-yyyy for CHANGE_WME_PLAN, got '" + date + "'");
        }
        Order o = state.newOrder(custNo, "CHANGE_WME_PLAN", item, planNo.intValue(), s.serviceNumber);
        o.echo("wmeModifyPlanReqItem", SimState.echoOf(item));
        // G-TIME: applied when the order commits (custReqDate is recorded, not waited for)
        o.onCommit = () -> {
            if (s.active()) {
                s.planNo = o.planNo;
            }
        };
        return SimState.accepted(o);
    }

    /** CHANGE_WME_PRODUCT + wmeChangeProductReqItem{lineSeqNo, productCodes{products[]{accessLevel, classCode, productCode}}} (M7). */
    @SuppressWarnings("unchecked")
    Map<String, Object> changeProduct(long custNo, Map<String, Object> item) {
        Service s = state.services.active(custNo, SimState.asLong(item.get("lineSeqNo")));
        if (s == null) {
            return noService(custNo, item);
        }
        Object raw = item.get("productCodes") instanceof Map<?, ?> pc ? pc.get("products") : null;
        List<Object> list = raw instanceof List<?> l ? (List<Object>) l : raw == null ? List.of() : List.of(raw);
        if (list.isEmpty()) {
            return SimState.orderError(10, "productCodes/products needs at least one product");
        }
        List<Map<String, Object>> products = new ArrayList<>();
        for (Object p : list) {
            Map<String, Object> product = p instanceof Map<?, ?> pm ? (Map<String, Object>) pm : Map.of();
            if (SimState.text(product.get("productCode")) == null || SimState.text(product.get("classCode")) == null) {
                return SimState.orderError(10, "every product needs productCode and classCode");
            }
            if (product.get("accessLevel") != null && SimState.asLong(product.get("accessLevel")) == null) {
                return SimState.orderError(10, "accessLevel must be a number");
            }
            products.add(SimState.pick(product, "accessLevel", "classCode", "productCode"));
        }
        Order o = state.newOrder(custNo, "CHANGE_WME_PRODUCT", item, 0, s.serviceNumber);
        o.echo("wmeChangeProductReqItem", SimState.echoOf(item));
        o.onCommit = () -> {
            for (Map<String, Object> p : products) {
                s.products.removeIf(x -> x.get("productCode").equals(p.get("productCode")));
                s.products.add(p);
            }
        };
        return SimState.accepted(o);
    }

    /** CHANGE_WME_EXCESS + wmeExcessSpendReqItem{lineSeqNo, spendCode, seqNo} (M7). */
    Map<String, Object> changeExcess(long custNo, Map<String, Object> item) {
        Service s = state.services.active(custNo, SimState.asLong(item.get("lineSeqNo")));
        if (s == null) {
            return noService(custNo, item);
        }
        String spendCode = SimState.text(item.get("spendCode"));
        if (spendCode == null) {
            return SimState.orderError(10, "spendCode is required");
        }
        if (item.get("seqNo") != null && SimState.asLong(item.get("seqNo")) == null) {
            return SimState.orderError(10, "seqNo must be a number");
        }
        Long seqNo = SimState.asLong(item.get("seqNo"));
        Order o = state.newOrder(custNo, "CHANGE_WME_EXCESS", item, 0, s.serviceNumber);
        o.echo("wmeExcessSpendReqItem", SimState.echoOf(item));
        o.onCommit = () -> {
            s.spendCode = spendCode;
            s.spendSeqNo = seqNo;
        };
        return SimState.accepted(o);
    }

    /** ADD_ONCEOFF + wmeOnceOffBoltonReqItem{lineSeqNo, onceOffBoltonCode} (M7): known codes CF01, CF02. */
    Map<String, Object> onceOff(long custNo, Map<String, Object> item) {
        Service s = state.services.active(custNo, SimState.asLong(item.get("lineSeqNo")));
        if (s == null) {
            return noService(custNo, item);
        }
        String code = SimState.text(item.get("onceOffBoltonCode"));
        if (code == null || !ONCE_OFF_CODES.contains(code)) {
            return SimState.orderError(10, "Unknown onceOffBoltonCode " + code);
        }
        Order o = state.newOrder(custNo, "ADD_ONCEOFF", item, 0, s.serviceNumber);
        o.echo("wmeOnceOffBoltonReqItem", SimState.echoOf(item));
        o.onCommit = () -> s.onceOffBoltons.add(code);
        return SimState.accepted(o);
    }

    /**
     * CHANGE_WME_SIM + wmeSimSwapReqItem{lineSeqNo, simNo | esim=true, qrcode} — G-ACT
     * PLACEHOLDER: "Replace a SIM Card" was not captured; action and item names are assumed
     * (the Reset eSIM flow names esim/qrcode). On COMMIT the service moves to the new SIM/eSIM
     * (eSIM profileState LINKED) and the old one is released: a stock eSIM goes back to stock
     * (AVAILABLE), a seeded eSIM is left RELEASED, a physical SIM is left AVAILABLE/'d' (G-SIM).
     */
    Map<String, Object> simSwap(long custNo, Map<String, Object> item) {
        Service s = state.services.active(custNo, SimState.asLong(item.get("lineSeqNo")));
        if (s == null) {
            return noService(custNo, item);
        }
        Claim claim = claimSim(item, "esim");
        if (claim.error != null) {
            return claim.error;
        }
        Order o = state.newOrder(custNo, "CHANGE_WME_SIM", item, 0, s.serviceNumber);
        claim.attach(o);
        // soap-api.md 3.4: the echo is the request item as sent
        Map<String, Object> echo = SimState.echoOf(item);
        if (o.sim != null) {
            echo.put("simNo", o.sim.value);
        }
        echo.put("esim", o.esim != null);
        o.echo("wmeSimSwapReqItem", echo);
        o.onCommit = () -> {
            if (!s.active()) {
                return;
            }
            state.release(s.esim);
            if (s.sim != null) {
                s.sim.internalStatus = SimState.AVAILABLE;
                s.sim.providerStatus = "d";
            }
            s.esim = o.esim;
            s.sim = o.sim;
        };
        return SimState.accepted(o);
    }

    // ------------------------------------------------------------ helpers

    /** The SIM side of an order: R5 (eSIM: no simNo, one from stock) or R2 (simNo AVAILABLE and 'r'). */
    private Claim claimSim(Map<String, Object> item, String esimFlag) {
        boolean esim = SimState.isTrue(item.get(esimFlag));
        String simNo = SimState.text(item.get("simNo"));
        Claim c = new Claim();
        if (esim) {
            if (simNo != null) {
                c.error = SimState.orderError(10, "simNo must not be provided for an eSIM order"); // R5
                return c;
            }
            c.esim = state.freeEsim();
            if (c.esim == null) {
                c.error = SimState.orderError(30, "Resources not available"); // G-ESIM-STOCK
            }
            return c;
        }
        Resource sim = simNo == null ? null : state.sims.get(simNo);
        if (sim == null || !SimState.AVAILABLE.equals(sim.internalStatus) || !"r".equals(sim.providerStatus)) {
            c.error = SimState.orderError(30, "SIM " + simNo + " is not available"); // R2
            return c;
        }
        c.sim = sim;
        return c;
    }

    private static final class Claim {
        Map<String, Object> error;
        Resource sim;
        Resource esim;

        void attach(Order o) {
            if (sim != null) {
                sim.internalStatus = SimState.ASSIGNED;
                o.sim = sim;
            }
            if (esim != null) {
                esim.internalStatus = SimState.SELECTED;
                esim.orderId = o.orderId;
                o.esim = esim;
            }
        }
    }

    /** The wmeNewReqItem / wmePortInReqItem echo, in their declared order (never dob/arn). */
    /**
     * soap-api.md 3.4: the Query Order echo of a new line or port-in is the request item as sent
     * ({@code msn, simNo, isEsim, …}), with the msn, the SIM and isEsim as Octane holds them.
     * Never dob/arn (personal data; the order does not keep them: our choice).
     */
    private static Map<String, Object> newEcho(Map<String, Object> item, String msn, Order o) {
        Map<String, Object> echo = new LinkedHashMap<>(item);
        echo.remove("dob");
        echo.remove("arn");
        echo.put("msn", msn);
        if (o.sim != null) {
            echo.put("simNo", o.sim.value);
        }
        echo.put("isEsim", o.esim != null);
        return SimState.echoOf(echo, SimState.NEW_ITEM_ORDER);
    }

    private static Map<String, Object> noService(long custNo, Map<String, Object> item) {
        return SimState.orderError(21, "Service " + custNo + "/" + item.get("lineSeqNo") + " not found or not active");
    }

    private static boolean isDdMmYyyy(String s) {
        try {
            LocalDate.parse(s, DD_MM_YYYY);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
