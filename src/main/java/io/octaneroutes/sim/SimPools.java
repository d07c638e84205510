package io.octaneroutes.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.octaneroutes.sim.SimServices.Service;
import io.octaneroutes.sim.SimState.Order;

/**
 * Mobile data pools (flows.md M6): pools, their consumers and the rules of G-POOL-RULES, for
 * the SOAP opt-in/opt-out orders and the REST datapool operations. Not thread-safe on its own:
 * every call happens under the {@link SimState} lock. Every change is an order that takes
 * effect when it COMMITS (G-TIME, G-STATE).
 */
final class SimPools {
    static final String OPTED_IN_PENDING = "OPTED-IN PENDING";
    static final String OPTED_IN = "OPTED-IN";
    static final String OPTED_OUT_PENDING = "OPTED-OUT PENDING";
    static final String OPTED_OUT = "OPTED-OUT";
    /** G-POOL-PLAN: the seeded plans a pool can be created on / a consumer must be on. */
    static final Set<Integer> PROVIDER_PLANS = Set.of(23045, 23046);
    static final Set<Integer> CONSUMER_PLANS = Set.of(23047);
    /**
     * G-ACT: the REST data-pool operations create orders whose orderAction the sources never
     * show; these names are placeholders (orderQuery reports them as {@code action}).
     */
    static final String ACTION_DATA_LIMIT = "MODIFY_CONSUMER_DATA_LIMIT";
    static final String ACTION_TRANSFER = "TRANSFER_CONSUMER";
    static final String ACTION_DISCONNECT = "DISCONNECT_DATA_POOL";
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    static final class Pool {
        final String memberId;
        final Service service;
        final String poolName;
        /** the provider's dataPoolStatus: OPTED-IN while usable, OPTED-OUT PENDING → OPTED-OUT once disconnected (G-POOL-LIST) */
        String status = OPTED_IN;
        final List<Consumer> consumers = new ArrayList<>();

        Pool(String memberId, Service service, String poolName) {
            this.memberId = memberId;
            this.service = service;
            this.poolName = poolName;
        }

        boolean usable() {
            return OPTED_IN.equals(status);
        }
    }

    static final class Consumer {
        final Pool pool;
        final Service service;
        String status;
        /** bytes; null = no limit */
        Long dataLimit;
        /** a limit requested by an order that has not committed yet */
        Long pendingDataLimit;

        Consumer(Pool pool, Service service, String status) {
            this.pool = pool;
            this.service = service;
            this.status = status;
        }

        boolean in() {
            return OPTED_IN.equals(status) || OPTED_IN_PENDING.equals(status);
        }
    }

    private final SimState state;
    private final Map<String, Pool> byMemberId = new LinkedHashMap<>();
    /** G-ID: memberId (providerId) is a numeric string */
    private long nextMemberId = 310001;

    SimPools(SimState state) {
        this.state = state;
    }

    Pool create(Service service, String poolName) {
        Pool p = new Pool(String.valueOf(nextMemberId++), service, poolName);
        byMemberId.put(p.memberId, p);
        return p;
    }

    int count() {
        return byMemberId.size();
    }

    private Pool byLine(long custNo, Long lineSeqNo) {
        for (Pool p : byMemberId.values()) {
            if (p.service.custNo == custNo && lineSeqNo != null && p.service.lineSeqNo == lineSeqNo) {
                return p;
            }
        }
        return null;
    }

    /** The service's membership that counts: OPTED-IN or OPTED-IN PENDING; null when it is in no pool. */
    private Consumer current(Service s) {
        for (Pool p : byMemberId.values()) {
            for (Consumer c : p.consumers) {
                if (c.service == s && c.in()) {
                    return c;
                }
            }
        }
        return null;
    }

    /** G-POOL-RULES: a service is "in a pool" from its opt-in request until its opt-out commits. */
    private Consumer anyMembership(Service s) {
        for (Pool p : byMemberId.values()) {
            for (Consumer c : p.consumers) {
                if (c.service == s && !OPTED_OUT.equals(c.status)) {
                    return c;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------ SOAP (orderCreateBulk items)

    /** WME_OPT_IN_CONSUMER / WmeOptInConsumerReqItem{providerId, serviceNumber}; order-level custReqDate yyyy-MM-dd. */
    Map<String, Object> optIn(long custNo, Map<String, Object> req, Map<String, Object> item) {
        String custReqDate = SimState.text(req.get("custReqDate"));
        if (custReqDate != null && !isDate(custReqDate)) {
            return SimState.orderError(10, "custReqDate must be yyyy-MM-dd for " + req.get("orderAction"));
        }
        String providerId = SimState.text(item.get("providerId"));
        Pool pool = providerId == null ? null : byMemberId.get(providerId);
        if (pool == null || !pool.usable()) {
            return SimState.orderError(10, "Data pool providerId " + providerId + " does not exist");
        }
        String serviceNumber = SimState.text(item.get("serviceNumber"));
        Service s = activeOf(custNo, serviceNumber);
        if (s == null) {
            return SimState.orderError(21, "Service " + serviceNumber + " is not an active service of customer " + custNo);
        }
        if (!CONSUMER_PLANS.contains(s.planNo)) {
            return SimState.orderError(41, "Plan " + s.planNo + " of service " + serviceNumber + " is not a data pool consumer plan");
        }
        Consumer existing = anyMembership(s);
        if (existing != null) {
            return SimState.orderError(10, "Service " + serviceNumber + " is already in data pool " + existing.pool.memberId + " (" + existing.status + ")");
        }
        Consumer c = new Consumer(pool, s, OPTED_IN_PENDING); // G-POOL-RULES: pending until the order commits
        pool.consumers.add(c);
        Order o = state.newOrder(custNo, "WME_OPT_IN_CONSUMER", item, 0, serviceNumber);
        o.echo("WmeOptInConsumerReqItem", SimState.echoOf(item));
        o.onCommit = () -> c.status = OPTED_IN;
        return SimState.accepted(o);
    }

    /** WME_OPT_OUT_CONSUMER / WmeOptOutConsumerReqItem{serviceNumber}. */
    Map<String, Object> optOut(long custNo, Map<String, Object> req, Map<String, Object> item) {
        String custReqDate = SimState.text(req.get("custReqDate"));
        if (custReqDate != null && !isDate(custReqDate)) {
            return SimState.orderError(10, "custReqDate must be yyyy-MM-dd for " + req.get("orderAction"));
        }
        String serviceNumber = SimState.text(item.get("serviceNumber"));
        Service s = activeOf(custNo, serviceNumber);
        if (s == null) {
            return SimState.orderError(21, "Service " + serviceNumber + " is not an active service of customer " + custNo);
        }
        Consumer c = current(s);
        if (c == null) {
            return SimState.orderError(10, "Service " + serviceNumber + " is not in a data pool");
        }
        if (!OPTED_IN.equals(c.status)) {
            return SimState.orderError(10, "Service " + serviceNumber + " cannot opt out while " + c.status); // G-POOL-RULES
        }
        c.status = OPTED_OUT_PENDING;
        Order o = state.newOrder(custNo, "WME_OPT_OUT_CONSUMER", item, 0, serviceNumber);
        o.echo("WmeOptOutConsumerReqItem", SimState.echoOf(item));
        o.onCommit = () -> c.status = OPTED_OUT;
        return SimState.accepted(o);
    }

    private Service activeOf(long custNo, String serviceNumber) {
        Service s = serviceNumber == null ? null : state.services.byNumber(custNo, serviceNumber);
        return s != null && s.active() ? s : null;
    }

    // ------------------------------------------------------------ REST

    /**
     * Get Data Pool (rest-api.md §5, G-POOL-LIST); lineseqno is the POOL's line. success is the
     * string "true", as client code reads it (envelope C).
     */
    Map<String, Object> getDataPool(String custno, String lineseqno) {
        Long custNo = SimState.asLong(custno);
        Long lineSeqNo = SimState.asLong(lineseqno);
        if (custNo == null || lineSeqNo == null) {
            return SimState.restError(10, "custno and lineseqno are required");
        }
        Pool p = byLine(custNo, lineSeqNo);
        if (p == null) {
            return SimState.restError(21, "Service " + custNo + "/" + lineSeqNo + " is not a data pool");
        }
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("memberId", p.memberId);
        provider.put("dataPoolStatus", p.status);
        provider.put("dataMaxCap", p.service.planNo == 23046 ? "200 GB" : "100 GB"); // G-POOL-LIST: a cap per provider plan
        provider.put("dataUsage", "0 GB");
        provider.put("poolName", p.poolName);
        provider.put("serviceNumber", p.service.serviceNumber);
        List<Map<String, Object>> consumers = new ArrayList<>();
        for (Consumer c : p.consumers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("custNo", c.service.custNo);
            m.put("lineSeqNo", c.service.lineSeqNo);
            m.put("serviceNumber", c.service.serviceNumber);
            m.put("dataPoolStatus", c.status);
            m.put("dataLimit", c.dataLimit);
            m.put("dataUsage", "0 GB");
            consumers.add(m);
        }
        // rest-api.md §5: {"success":"true","provider":{…}} (no errorCode), plus G-POOL-LIST's consumerCount and consumers[]
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", "true");
        out.put("provider", provider);
        // G-POOL-LIST: the list keeps OPTED-OUT consumers (so the end of an opt-out is visible); the count is those still in
        out.put("consumerCount", p.consumers.stream().filter(c -> !OPTED_OUT.equals(c.status)).count());
        out.put("consumers", consumers);
        return out;
    }

    /** Update Data Limit: all items are checked first; any invalid item rejects the whole request and nothing changes. */
    Map<String, Object> modifyConsumerDataLimit(Map<String, Object> body) {
        if (!(body.get("consumerServices") instanceof List<?> items) || items.isEmpty()) {
            return SimState.restError(10, "consumerServices must be a non-empty list");
        }
        List<Consumer> targets = new ArrayList<>();
        List<Long> limits = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof Map<?, ?> item)) {
                return SimState.restError(10, "each consumerServices item must be an object");
            }
            Long custNo = SimState.asLong(item.get("custNo"));
            Long lineSeqNo = SimState.asLong(item.get("lineSeqNo"));
            if (custNo == null || lineSeqNo == null) {
                return SimState.restError(10, "custNo and lineSeqNo are required in each consumerServices item");
            }
            Service s = state.services.find(custNo, lineSeqNo);
            Consumer c = s == null ? null : current(s);
            if (c == null) {
                return SimState.restError(21, "Service " + custNo + "/" + lineSeqNo + " is not a consumer of a data pool");
            }
            Object raw = item.get("dataLimit");
            Long limit = SimState.asLong(raw);
            if ((raw != null && limit == null) || (limit != null && limit < 0)) {
                return SimState.restError(10, "dataLimit must be a number of bytes");
            }
            boolean removing = limit == null || limit == 0;
            if (removing && (c.dataLimit != null || c.pendingDataLimit != null)) {
                // [DOC] M6 step 7: once set, a limit can only be raised or lowered
                return SimState.restError(51, "data limit cannot be removed for service " + custNo + "/" + lineSeqNo + "; it can only be raised or lowered");
            }
            targets.add(c);
            limits.add(removing ? null : limit);
        }
        List<Map<String, Object>> details = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Consumer c = targets.get(i);
            Long limit = limits.get(i);
            Order order = state.newOrder(c.service.custNo, ACTION_DATA_LIMIT, Map.of(), 0, c.service.serviceNumber);
            if (limit != null) {
                c.pendingDataLimit = limit;
            }
            order.onCommit = () -> {
                if (limit != null) {
                    c.dataLimit = limit;
                    if (limit.equals(c.pendingDataLimit)) {
                        c.pendingDataLimit = null;
                    }
                }
            };
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("success", true);
            d.put("orderId", order.orderId);
            details.add(d);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", 0);
        out.put("orderDetails", details);
        return out;
    }

    /**
     * Transfer Services to Another Pool. Our choice: per service, its membership of the source
     * pool goes OPTED-OUT PENDING and a membership of the target pool starts OPTED-IN PENDING (its
     * data limit carried over); when the service's order commits they become OPTED-OUT and
     * OPTED-IN (G-POOL-RULES).
     */
    Map<String, Object> transfer(Map<String, Object> body) {
        Long custNo = SimState.asLong(body.get("custno"));
        Long lineSeqNo = SimState.asLong(body.get("lineseqno"));
        if (custNo == null || lineSeqNo == null) {
            return SimState.restError(10, "custno and lineseqno are required");
        }
        String newProviderId = SimState.text(body.get("newProviderId"));
        if (newProviderId == null) {
            return SimState.restError(10, "newProviderId is mandatory");
        }
        Pool source = byLine(custNo, lineSeqNo);
        if (source == null) {
            return SimState.restError(21, "Service " + custNo + "/" + lineSeqNo + " is not a data pool");
        }
        Pool target = byMemberId.get(newProviderId);
        Long newLine = SimState.asLong(body.get("newProviderLineseqno"));
        if (target == null || !target.usable() || (body.get("newProviderLineseqno") != null && (newLine == null || target.service.lineSeqNo != newLine))) {
            return SimState.restError(10, "target pool does not exist: providerId " + newProviderId + ", lineseqno " + body.get("newProviderLineseqno"));
        }
        if (target == source) {
            return SimState.restError(10, "target pool is the source pool");
        }
        if (!(body.get("serviceNumbers") instanceof List<?> numbers) || numbers.isEmpty()) {
            return SimState.restError(10, "serviceNumbers must be a non-empty list");
        }
        List<Consumer> moving = new ArrayList<>();
        for (Object n : numbers) {
            String sn = SimState.text(n);
            Consumer c = source.consumers.stream().filter(x -> x.service.serviceNumber.equals(sn) && OPTED_IN.equals(x.status)).findFirst().orElse(null);
            if (c == null || moving.contains(c)) {
                return SimState.restError(10, "Service " + sn + " is not OPTED-IN in data pool " + source.memberId);
            }
            moving.add(c);
        }
        List<Map<String, Object>> details = new ArrayList<>();
        for (Consumer from : moving) {
            from.status = OPTED_OUT_PENDING;
            Consumer to = new Consumer(target, from.service, OPTED_IN_PENDING);
            to.dataLimit = from.dataLimit;
            target.consumers.add(to);
            Order order = state.newOrder(from.service.custNo, ACTION_TRANSFER, Map.of(), 0, from.service.serviceNumber);
            order.onCommit = () -> {
                from.status = OPTED_OUT;
                to.status = OPTED_IN;
            };
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("success", "true");
            d.put("orderId", order.orderId);
            details.add(d);
        }
        return Map.of("orderDetails", details);
    }

    /** Disconnect a Data Pool: the pool must be empty (G-POOL-RULES: no consumer OPTED-IN or OPTED-IN PENDING → 50). */
    Map<String, Object> disconnect(Map<String, Object> body) {
        Long custNo = SimState.asLong(body.get("custno"));
        Long lineSeqNo = SimState.asLong(body.get("lineseqno"));
        if (custNo == null || lineSeqNo == null) {
            return SimState.restError(10, "custno and lineseqno are required");
        }
        Pool p = byLine(custNo, lineSeqNo);
        if (p == null) {
            return SimState.restError(21, "Service " + custNo + "/" + lineSeqNo + " is not a data pool");
        }
        if (!p.usable()) {
            return SimState.restError(10, "Data pool " + p.memberId + " is already " + p.status);
        }
        long in = p.consumers.stream().filter(Consumer::in).count();
        if (in > 0) {
            return SimState.restError(50, "Data pool " + p.memberId + " is not empty: " + in + " consumer(s) opted in; remove them first");
        }
        p.status = OPTED_OUT_PENDING;
        Order order = state.newOrder(custNo, ACTION_DISCONNECT, Map.of(), 0, p.service.serviceNumber);
        order.onCommit = () -> {
            p.status = OPTED_OUT;
            p.service.status = SimServices.DISCONNECTED;
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("orderId", order.orderId);
        return out;
    }

    private static boolean isDate(String s) {
        if (!ISO_DATE.matcher(s).matches()) {
            return false;
        }
        try {
            java.time.LocalDate.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}
