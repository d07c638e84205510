package io.octaneroutes.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ConnectYou in the simulator. ASSUMED SHAPES throughout (gap G-CY: the docs give titles only):
 * a stock of geographic numbers by zone, number reservations, SIP trunks and Unite Calling
 * services created by orders, trunk numbers that can be out of service and brought back.
 * Called under SimState's lock.
 */
final class SimConnectYou {
    /** G-CY: plans a SIP trunk / Unite Calling service may be on (seed data, our assumption). */
    static final Map<Integer, String> PLANS = Map.of(40001, "BUSINESS SIP TRUNK", 40002, "UNITE CALLING");
    static final String ACTIVE = "Active";
    static final String INACTIVE = "Inactive";

    /** a geographic number: AVAILABLE, RESERVED (by reservationId) or ASSIGNED (to a service). */
    static final class Number {
        final String value;
        final String zone;
        String status = SimState.AVAILABLE;
        String reservationId;
        long custNo;

        Number(String value, String zone) {
            this.value = value;
            this.zone = zone;
        }
    }

    /** a SIP trunk or Unite Calling service of a customer. */
    static final class Service {
        final long custNo;
        final int lineSeqNo;
        final String kind;
        String status = ACTIVE;
        int channels;
        String primaryNumber;
        final Map<String, String> numbers = new LinkedHashMap<>(); // number -> Active/Inactive

        Service(long custNo, int lineSeqNo, String kind) {
            this.custNo = custNo;
            this.lineSeqNo = lineSeqNo;
            this.kind = kind;
        }
    }

    private final SimState state;
    private final Map<String, Number> numbers = new LinkedHashMap<>();
    private final List<Service> services = new ArrayList<>();
    private long nextReservation = 500001;
    /** G-ID: per-customer lines; ConnectYou's count from 501 so they never meet the mobile and NBN lines here. */
    private final Map<Long, Integer> lines = new LinkedHashMap<>();

    SimConnectYou(SimState state) {
        this.state = state;
        for (int i = 0; i < 30; i++) {
            add(String.format("029000%04d", 1000 + i), "NSW");
        }
        for (int i = 0; i < 10; i++) {
            add(String.format("039000%04d", 1000 + i), "VIC");
        }
    }

    private void add(String value, String zone) {
        numbers.put(value, new Number(value, zone));
    }

    /** Get Available Numbers {zone?, quantity 1..20}. */
    Map<String, Object> availableNumbers(String zone, Integer quantity) {
        int q = quantity == null ? 1 : quantity;
        if (q < 1 || q > 20) {
            return error(10, "quantity must be 1 to 20");
        }
        List<String> out = numbers.values().stream()
                .filter(n -> SimState.AVAILABLE.equals(n.status) && (zone == null || zone.equalsIgnoreCase(n.zone)))
                .limit(q).map(n -> n.value).toList();
        Map<String, Object> answer = ok();
        answer.put("numbers", out);
        return answer;
    }

    /** Create a Number Reservation {custNo, numbers[]}: every number AVAILABLE (30 otherwise). */
    Map<String, Object> reserve(Long custNo, List<String> wanted) {
        if (custNo == null || state.getCustomer(custNo).get("custNo") == null) {
            return error(20, "Customer " + custNo + " not found");
        }
        if (wanted.isEmpty()) {
            return error(10, "numbers is required");
        }
        for (String w : wanted) {
            Number n = numbers.get(w);
            if (n == null || !SimState.AVAILABLE.equals(n.status)) {
                return error(30, "Number " + w + " is not available");
            }
        }
        String reservationId = String.valueOf(nextReservation++);
        for (String w : wanted) {
            Number n = numbers.get(w);
            n.status = SimState.RESERVED;
            n.reservationId = reservationId;
            n.custNo = custNo;
        }
        Map<String, Object> answer = ok();
        answer.put("reservationId", reservationId);
        return answer;
    }

    /** Query a Business SIP Trunk Service {custNo, lineSeqNo}. */
    Map<String, Object> queryTrunk(Long custNo, Long lineSeqNo) {
        Service s = find(custNo, lineSeqNo, "SIP_TRUNK");
        if (s == null) {
            return error(21, "No SIP trunk " + lineSeqNo + " for customer " + custNo);
        }
        Map<String, Object> answer = ok();
        answer.put("lineSeqNo", s.lineSeqNo);
        answer.put("status", s.status);
        answer.put("channels", s.channels);
        List<Map<String, Object>> list = new ArrayList<>();
        s.numbers.forEach((n, st) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", n);
            m.put("status", st);
            list.add(m);
        });
        answer.put("numbers", list);
        return answer;
    }

    /** ADD_SIP_TRUNK / ADD_UNITE_CALLING: a valid plan, the numbers of one reservation of this customer. */
    Map<String, Object> newService(long custNo, String action, String echoName, Map<String, Object> item) {
        Long planNo = SimState.asLong(item.get("planNo"));
        String kind = "ADD_SIP_TRUNK".equals(action) ? "SIP_TRUNK" : "UNITE_CALLING";
        int expectedPlan = "SIP_TRUNK".equals(kind) ? 40001 : 40002;
        if (planNo == null || planNo.intValue() != expectedPlan) {
            return SimState.orderError(40, "Plan " + planNo + " is not a " + PLANS.get(expectedPlan) + " plan");
        }
        int channels = 0;
        if ("SIP_TRUNK".equals(kind)) {
            Long c = SimState.asLong(item.get("channels"));
            if (c == null || c < 1 || c > 1000) {
                return SimState.orderError(10, "channels must be 1 to 1000");
            }
            channels = c.intValue();
            if (SimState.text(item.get("trunkName")) == null) {
                return SimState.orderError(10, "trunkName is required");
            }
        }
        String reservationId = SimState.text(item.get("reservationId"));
        List<String> wanted = strings(item.get("numbers"));
        if (wanted.isEmpty()) {
            return SimState.orderError(10, "numbers is required");
        }
        for (String w : wanted) {
            Number n = numbers.get(w);
            if (n == null || !SimState.RESERVED.equals(n.status) || !n.reservationId.equals(reservationId) || n.custNo != custNo) {
                return SimState.orderError(31, "Number " + w + " is not reserved under reservation " + reservationId + " for this customer");
            }
        }
        SimState.Order o = state.newOrder(custNo, action, item, planNo.intValue(), wanted.get(0));
        for (String w : wanted) {
            numbers.get(w).status = SimState.ASSIGNED;
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("planNo", planNo.intValue());
        echo.put("numbers", wanted);
        o.echo(echoName, echo);
        int ch = channels;
        o.onCommit = () -> {
            Service s = new Service(custNo, nextLine(custNo), kind);
            s.channels = ch;
            for (String w : wanted) {
                s.numbers.put(w, ACTIVE);
            }
            services.add(s);
            echo.put("lineSeqNo", s.lineSeqNo); // G-CY: the echo carries the new service's lineSeqNo
            Map<String, Object> ordered = new LinkedHashMap<>();
            ordered.put("lineSeqNo", s.lineSeqNo);
            ordered.putAll(echo);
            echo.clear();
            echo.putAll(ordered);
        };
        return SimState.accepted(o);
    }

    /** CHANGE_SIP_TRUNK_CONFIG: an active trunk; the primary number must be one of its numbers. */
    Map<String, Object> configure(long custNo, Map<String, Object> item) {
        Service s = find(custNo, SimState.asLong(item.get("lineSeqNo")), "SIP_TRUNK");
        if (s == null || !ACTIVE.equals(s.status)) {
            return SimState.orderError(21, "No active SIP trunk " + item.get("lineSeqNo") + " for customer " + custNo);
        }
        Long channels = SimState.asLong(item.get("channels"));
        String primary = SimState.text(item.get("primaryNumber"));
        if (channels == null || channels < 1 || channels > 1000) {
            return SimState.orderError(10, "channels must be 1 to 1000");
        }
        if (primary == null || !s.numbers.containsKey(primary)) {
            return SimState.orderError(10, "primaryNumber must be a number of the trunk");
        }
        SimState.Order o = state.newOrder(custNo, "CHANGE_SIP_TRUNK_CONFIG", item, 0, primary);
        o.echo("sipTrunkConfigReqItem", new LinkedHashMap<>(item));
        o.onCommit = () -> {
            s.channels = channels.intValue();
            s.primaryNumber = primary;
        };
        return SimState.accepted(o);
    }

    /** PORT_SIP_TRUNK_NUMBERS: numbers of the trunk that are out of service come back (reactivate direct indials). */
    Map<String, Object> reactivate(long custNo, Map<String, Object> item) {
        Service s = find(custNo, SimState.asLong(item.get("lineSeqNo")), "SIP_TRUNK");
        if (s == null) {
            return SimState.orderError(21, "No SIP trunk " + item.get("lineSeqNo") + " for customer " + custNo);
        }
        List<String> wanted = strings(item.get("numbers"));
        if (wanted.isEmpty()) {
            return SimState.orderError(10, "numbers is required");
        }
        for (String w : wanted) {
            if (!INACTIVE.equals(s.numbers.get(w))) {
                return SimState.orderError(10, "Number " + w + " is not an inactive number of this trunk");
            }
        }
        SimState.Order o = state.newOrder(custNo, "PORT_SIP_TRUNK_NUMBERS", item, 0, wanted.get(0));
        o.echo("sipTrunkPortReqItem", new LinkedHashMap<>(item));
        o.onCommit = () -> wanted.forEach(w -> s.numbers.put(w, ACTIVE));
        return SimState.accepted(o);
    }

    /** Test hook: an active SIP trunk with the given numbers, some out of service. */
    Map<String, Object> seedTrunk(long custNo, int count, int inactive) {
        Service s = new Service(custNo, nextLine(custNo), "SIP_TRUNK");
        s.channels = 10;
        List<Number> free = numbers.values().stream().filter(n -> SimState.AVAILABLE.equals(n.status)).limit(count).toList();
        for (int i = 0; i < free.size(); i++) {
            Number n = free.get(i);
            n.status = SimState.ASSIGNED;
            n.custNo = custNo;
            s.numbers.put(n.value, i < inactive ? INACTIVE : ACTIVE);
        }
        services.add(s);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lineSeqNo", s.lineSeqNo);
        out.put("numbers", new LinkedHashMap<>(s.numbers));
        return out;
    }

    private Service find(Long custNo, Long lineSeqNo, String kind) {
        return services.stream().filter(s -> custNo != null && lineSeqNo != null && s.custNo == custNo
                && s.lineSeqNo == lineSeqNo && s.kind.equals(kind)).findFirst().orElse(null);
    }

    static List<String> strings(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return o == null ? List.of() : List.of(String.valueOf(o));
    }

    private int nextLine(long custNo) {
        return lines.merge(custNo, 501, (a, b) -> a + 1);
    }

    private static Map<String, Object> error(int code, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", false);
        out.put("errorCode", code);
        out.put("errorMessage", message);
        return out;
    }

    private static Map<String, Object> ok() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("errorCode", 0);
        return out;
    }
}
