package io.octaneroutes.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;

import io.octaneroutes.sim.SimNbnData.Location;
import io.octaneroutes.sim.SimNbnData.Ntd;
import io.octaneroutes.sim.SimNbnData.Plan;
import io.octaneroutes.sim.SimNbnData.Port;
import io.octaneroutes.sim.SimNbnSlots.Slot;

/**
 * NBN over REST (rest-api.md §7-8, flows.md N1-N7): address search, service qualification,
 * plans, activation / modification / disconnection orders with their lifecycle, withdrawal,
 * appointments, and the NBN services the orders create. Diagnostics and enquiries are in
 * {@link SimNbnEnquiries}. Not thread-safe on its own: {@link SimState#nbn} calls it under the
 * simulator's one lock, after {@link #tick()}. Answers are maps whose keys are the wire names;
 * a refusal is {@code {"success":false,"errorCode":n,"errorMessage":"…"}} (G-ERR), sent with HTTP 200.
 */
public final class SimNbn {
    // G-NBN-ORD: the order statuses
    static final String PENDING = "Pending";
    static final String ACKNOWLEDGED = "Acknowledged";
    static final String IN_PROGRESS = "In Progress";
    static final String SCHEDULED = "Scheduled";
    static final String COMPLETED = "Completed";
    static final String CANCELLED = "Cancelled";
    static final String REJECTED = "Rejected";
    static final List<String> STATUSES = List.of(PENDING, ACKNOWLEDGED, IN_PROGRESS, SCHEDULED, COMPLETED, CANCELLED, REJECTED);
    /** G-NBN-ORD: the statuses an activation can be withdrawn in. */
    static final Set<String> WITHDRAWABLE = Set.of(PENDING, ACKNOWLEDGED, IN_PROGRESS, SCHEDULED);
    // service statuses (assumption G-NBN-ORD: one status; Shaped is the Active service, speed-limited)
    static final String ACTIVE = "Active";
    static final String SUSPENDED = "Suspended";
    static final String SHAPED = "Shaped";
    static final String DISCONNECTED = "Disconnected";
    // order types (rest-api.md §8)
    static final String NEW = "New";
    static final String CHANGE = "Change";
    static final String TERMINATE = "Terminate";
    static final List<String> CHANGE_TYPES = List.of("PlanChange", "Suspend", "Unsuspend", "Shape", "Unshape");
    /** rest-api.md §7: dateSubmitted is dd-MM-yyyy (G-TZ: the Sydney date). */
    private static final DateTimeFormatter SQ_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    /** An NBN service created by a test hook ({@link SimState#seedNbnService}); csn is its service number. */
    public record ServiceRef(int lineSeqNo, String csn) {
    }

    /** What a test can see of an NBN service ({@link SimState#nbnService}). */
    public record ServiceView(long custNo, int lineSeqNo, String csn, int planNo, String status, String locationId) {
    }

    /** One service qualification, remembered so orders can be checked against it (G-NBN-ACT). */
    private record Qualification(String remoteOrderId, String qualificationSearchId, String remoteQualificationSearchId,
                                 String locationId, String serviceClass, boolean pass, Instant at) {
    }

    record Appointment(String appointmentId, Slot slot) {
        Map<String, Object> wire() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("appointmentId", appointmentId);
            a.putAll(slot.wire());
            return a;
        }
    }

    static final class Service {
        final long custNo;
        final int lineSeqNo;
        final String csn;
        final String locationId;
        final String technologyType;
        final String productInstanceId;
        final Port port;
        int planNo;
        String status = ACTIVE;

        Service(long custNo, int lineSeqNo, String csn, int planNo, String locationId, String technologyType, String productInstanceId, Port port) {
            this.custNo = custNo;
            this.lineSeqNo = lineSeqNo;
            this.csn = csn;
            this.planNo = planNo;
            this.locationId = locationId;
            this.technologyType = technologyType;
            this.productInstanceId = productInstanceId;
            this.port = port;
        }
    }

    static final class Order {
        final String orderId;
        final String orderType;
        final String subOrderType;
        final long custNo;
        final Instant createdOn;
        final Instant custReqDate;
        final Integer planNo;
        /**
         * the service number the order is about: a change's or disconnection's service; an
         * activation's future service, numbered when the order is created (G-NBN-ORD lists csn
         * in every order detail, so an in-flight activation has one too: our reading)
         */
        String csn;
        /** activation: the location, the chosen port (null without NTD); change/terminate: the service */
        String locationId;
        Port port;
        Service service;
        Appointment appointment;
        String status = PENDING;
        Instant completedOn;
        String errorMessage;
        /** a status forced by a test hook sticks: the order no longer moves on its own */
        boolean held;

        Order(String orderId, String orderType, String subOrderType, long custNo, Instant createdOn, Instant custReqDate, Integer planNo) {
            this.orderId = orderId;
            this.orderType = orderType;
            this.subOrderType = subOrderType;
            this.custNo = custNo;
            this.createdOn = createdOn;
            this.custReqDate = custReqDate;
            this.planNo = planNo;
        }

        boolean finished() {
            return COMPLETED.equals(status) || CANCELLED.equals(status) || REJECTED.equals(status);
        }
    }

    private final SimNbnConfig config;
    private final SimClock clock;
    private final LongPredicate customerExists;
    final SimNbnData data = new SimNbnData();
    final SimNbnEnquiries enquiries;
    private final Map<String, Qualification> qualifications = new LinkedHashMap<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    /** per customer, by lineSeqNo */
    private final Map<Long, Map<Integer, Service>> services = new LinkedHashMap<>();
    // G-ID: NBN orderId "ORD" + digits; csn "N" + 9 digits; appointmentId "APT" + digits; productInstanceId "PRI" + 12 digits
    private long nextOrder = 10000001;
    private long nextCsn = 100000001;
    private long nextAppointment = 5000001;
    private long nextPri = 380100900001L;

    SimNbn(SimNbnConfig config, SimClock clock, LongPredicate customerExists) {
        this.config = config;
        this.clock = clock;
        this.customerExists = customerExists;
        this.enquiries = new SimNbnEnquiries(this, config, clock);
        // G-TESTDATA: customer 554433 has the active NBN service whose csn is the doc's only enum value, so the doc sample hits it
        Location cezanne = data.locations.get(SimNbnData.SEEDED_SERVICE_LOCATION);
        addService(new Service(554433, 1, "nbn-tc4", 30001, cezanne.id, cezanne.technologyType, SimNbnData.SEEDED_SERVICE_PRI,
                cezanne.ntds.get(0).port("1")));
    }

    // ------------------------------------------------------------ address, SQ, plans

    /** G-ADDR: Search for an Address (V1 and V2 answer alike, assumption G-V2). */
    Map<String, Object> searchAddress(String query) {
        if (SimState.text(query) == null) {
            return error(10, "Validation error: query is required (free text, e.g. a street name)");
        }
        return ok(data.search(query).stream().map(Location::address).toList());
    }

    /** rest-api.md §7: Perform Service Qualification Check; every SQ is remembered for the orders (G-NBN-ACT). */
    Map<String, Object> qualify(Map<String, Object> body) {
        String productSelection = SimState.text(body.get("productSelection"));
        String locationId = SimState.text(body.get("locationId"));
        if (productSelection == null || locationId == null) {
            return error(10, "Validation error: productSelection and locationId are required");
        }
        if (!"nbn".equals(productSelection)) {
            return error(10, "Validation error: productSelection must be nbn, not " + productSelection);
        }
        String sqType = SimState.text(body.get("sqType"));
        if (sqType != null && !"NFAS".equals(sqType)) {
            return error(10, "Validation error: sqType must be NFAS, not " + sqType);
        }
        Location l = data.locations.get(locationId);
        if (l == null) {
            return error(10, "Location " + locationId + " not found: use a locationId from the address search");
        }
        // csn and pri are accepted and not checked (the doc gives no rule for them)
        Instant now = clock.now();
        Qualification q = new Qualification(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                l.id, l.serviceClass, l.serviceable, now);
        qualifications.put(q.qualificationSearchId(), q);
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("productName", "tc4");
        product.put("productResult", l.serviceable ? "Pass" : "Fail");
        product.put("productResultReason", l.serviceable ? "serviceable" : "Location not serviceable");
        product.put("supportedProductFeatures", l.serviceable
                ? List.of(Map.of("name", "AuthenticationType", "value", "IPoE"), Map.of("name", "IPType", "value", "Static")) : List.of());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("remoteOrderId", q.remoteOrderId());
        response.put("qualificationSearchId", q.qualificationSearchId());
        response.put("remoteQualificationSearchId", q.remoteQualificationSearchId());
        response.put("productSelection", "nbn");
        response.put("dateSubmitted", now.atZone(SimServices.SYDNEY).format(SQ_DATE));
        response.put("location", l.wire());
        response.put("product", product);
        response.put("infrastructures", l.ntds.stream().map(Ntd::wire).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorCode", 0);
        out.put("errorMessage", "Service qualification is successful");
        out.put("success", true);
        out.put("response", response);
        return out;
    }

    /**
     * G-PLANS: List Plans, NBN only; technologyType optional. Any groupNo (the simulator has one
     * wholesale group). G-PLANS: the answer is a bare JSON array {@code [{planNo, planName, speed,
     * price}]}; a refusal keeps the validation-error envelope (rest-api.md §1, [INF]).
     */
    Object listPlans(String productSelection, String technologyType) {
        if (!"nbn".equals(SimState.text(productSelection))) {
            return error(10, "Validation error: productSelection=nbn is required (the simulator lists NBN plans only)");
        }
        String tech = SimState.text(technologyType);
        if (tech != null && !SimNbnData.TECHNOLOGIES.containsKey(tech)) {
            return error(10, "Validation error: technologyType must be one of " + String.join(", ", SimNbnData.TECHNOLOGIES.keySet().stream().sorted().toList()));
        }
        return data.plans.values().stream().filter(p -> tech == null || p.supports(tech)).map(Plan::wire).toList();
    }

    // ------------------------------------------------------------ orders

    /** G-NBN-ACT: Create Order (NBN Activation), {@code POST /v1/service/orders/new}. */
    Map<String, Object> createActivation(Map<String, Object> body) {
        Map<String, Object> service = sub(body, "service");
        String missing = missing(body, "orderType", "subOrderType", "serviceClass", "remoteQualificationSearchId", "qualificationSearchId",
                "remoteOrderId", "locationId", "custReqDate");
        if (missing == null && service == null) {
            missing = "service";
        } else if (missing == null) {
            missing = missing(service, "custNo", "planNo");
            missing = missing == null ? null : "service." + missing;
        }
        if (missing != null) {
            return error(10, "Validation error: " + missing + " is required");
        }
        String orderType = SimState.text(body.get("orderType"));
        String subOrderType = SimState.text(body.get("subOrderType"));
        if (!NEW.equals(orderType)) {
            return error(10, "Validation error: orderType must be New for an NBN activation (Change and Terminate orders have their own paths)");
        }
        if (!NEW.equals(subOrderType) && !"Transfer".equals(subOrderType)) {
            return error(10, "Validation error: subOrderType must be New or Transfer for an NBN activation, not " + subOrderType);
        }
        Instant custReqDate = dateTime(body.get("custReqDate"));
        if (custReqDate == null) {
            return error(10, "Validation error: custReqDate must be a date-time such as 2019-08-24T14:15:22Z");
        }
        if (body.get("infrastructureOption") != null && sub(body, "infrastructureOption") == null
                || body.get("contact") != null && sub(body, "contact") == null) {
            return error(10, "Validation error: infrastructureOption and contact must be objects");
        }
        Long custNo = SimState.asLong(service.get("custNo"));
        Long planNo = SimState.asLong(service.get("planNo"));
        if (custNo == null || planNo == null) {
            return error(10, "Validation error: service.custNo and service.planNo must be integers");
        }
        if (!customerExists.test(custNo)) {
            return error(20, "Customer " + custNo + " not found");
        }
        Plan plan = data.plans.get(planNo.intValue());
        if (plan == null) {
            return error(40, "Plan " + planNo + " is not an NBN plan (see GET /v1/group/{groupNo}/plan?productSelection=nbn)");
        }
        String locationId = SimState.text(body.get("locationId"));
        String refusal = checkQualification(body, locationId);
        if (refusal != null) {
            return error(10, refusal);
        }
        Location l = data.locations.get(locationId);
        if (!plan.supports(l.technologyType)) {
            return error(40, "Plan " + planNo + " (" + plan.planName() + ") is not available on " + l.technologyType);
        }
        Port port = null;
        Map<String, Object> option = sub(body, "infrastructureOption");
        if (!l.ntds.isEmpty()) {
            // G-NBN-ACT: at a location with an NTD the order names the NTD and the UNI-D port the SQ offered
            String infrastructureId = option == null ? null : SimState.text(option.get("infrastructureId"));
            String portId = option == null ? null : SimState.text(option.get("portId"));
            if (infrastructureId == null || portId == null) {
                return error(10, "Validation error: infrastructureOption{infrastructureId, portId} is required: location " + l.id + " has NTD "
                        + l.ntds.get(0).id + " (see the SQ's infrastructures)");
            }
            Ntd ntd = l.ntd(infrastructureId);
            port = ntd == null ? null : ntd.port(portId);
            if (port == null) {
                return error(10, "Validation error: location " + l.id + " has no NTD " + infrastructureId + " with port " + portId);
            }
            if (port.used() && !"Transfer".equals(subOrderType)) {
                return error(10, "Port " + portId + " of " + infrastructureId + " is Used by an active service: subOrderType must be Transfer, not " + subOrderType);
            }
            if (!port.used() && "Transfer".equals(subOrderType)) {
                return error(10, "Port " + portId + " of " + infrastructureId + " is Free: subOrderType must be New (Transfer is for a Used port)");
            }
        } else {
            if (option != null) {
                return error(10, "Validation error: location " + l.id + " has no NTD yet: leave infrastructureOption out");
            }
            if ("Transfer".equals(subOrderType)) {
                return error(10, "Location " + l.id + " has no NTD port in use: subOrderType must be New, not Transfer");
            }
        }
        for (Order other : orders.values()) {
            if (NEW.equals(other.orderType) && !other.finished() && l.id.equals(other.locationId) && other.port == port) {
                return error(10, "Order " + other.orderId + " is already activating " + (port == null ? "location " + l.id : "port " + port.portId + " of location " + l.id));
            }
        }
        Order o = newOrder(NEW, subOrderType, custNo, custReqDate, planNo.intValue());
        o.csn = "N" + nextCsn++;
        o.locationId = l.id;
        o.port = port;
        if (l.needsAppointment()) {
            // G-APPT (documented rule): appointment orders take the earliest available appointment, whatever custReqDate says
            o.appointment = new Appointment("APT" + nextAppointment++, SimNbnSlots.earliest(clock.now(), config.appointmentLeadDays, config.appointmentDays));
        }
        return accepted(o);
    }

    /** G-NBN-ACT: the SQ ids must come from one earlier SQ of this location, recent enough, serviceable, with this serviceClass. */
    private String checkQualification(Map<String, Object> body, String locationId) {
        String id = SimState.text(body.get("qualificationSearchId"));
        Qualification q = qualifications.get(id);
        if (q == null) {
            return "qualificationSearchId " + id + " is not from a service qualification: run POST /v1/qualification/check for location " + locationId + " first";
        }
        if (!q.locationId().equals(locationId)) {
            return "qualificationSearchId " + id + " is the SQ of location " + q.locationId() + ", not of " + locationId;
        }
        if (!q.remoteQualificationSearchId().equals(SimState.text(body.get("remoteQualificationSearchId")))
                || !q.remoteOrderId().equals(SimState.text(body.get("remoteOrderId")))) {
            return "remoteQualificationSearchId and remoteOrderId must be those of SQ " + id;
        }
        if (Duration.between(q.at(), clock.now()).compareTo(config.sqValidity) > 0) {
            return "SQ " + id + " is older than " + config.sqValidity.toDays() + " days: run a new service qualification";
        }
        if (!q.pass()) {
            return "Location " + locationId + " is not serviceable (the SQ's productResult is Fail): it cannot be ordered";
        }
        String serviceClass = SimState.text(body.get("serviceClass"));
        if (!q.serviceClass().equals(serviceClass)) {
            return "serviceClass " + serviceClass + " is not the SQ's serviceClass " + q.serviceClass();
        }
        if (!q.serviceClass().equals(data.locations.get(locationId).serviceClass)) {
            return "Location " + locationId + " has changed since SQ " + id + ": run a new service qualification";
        }
        return null;
    }

    /** rest-api.md §8 (seed page 003): Create Order (NBN Modification), {@code POST /v1/service/orders/change}. */
    Map<String, Object> createChange(Map<String, Object> body) {
        if (!CHANGE.equals(SimState.text(body.get("orderType")))) {
            return error(10, "Validation error: orderType must be Change");
        }
        String subOrderType = SimState.text(body.get("subOrderType"));
        if (!CHANGE_TYPES.contains(subOrderType)) {
            return error(10, "Validation error: subOrderType must be one of " + String.join(", ", CHANGE_TYPES) + ", not " + subOrderType);
        }
        Object target = findService(body);
        if (target instanceof Map<?, ?> refusal) {
            return cast(refusal);
        }
        Service s = (Service) target;
        Map<String, Object> service = sub(body, "service");
        boolean planChange = "PlanChange".equals(subOrderType);
        if (!planChange && service.get("planNo") != null) {
            return error(10, "Validation error: service.planNo is only for PlanChange orders, not " + subOrderType);
        }
        Long planNo = SimState.asLong(service.get("planNo"));
        if (planChange && planNo == null) {
            return error(10, "Validation error: service.planNo (an integer) is required for PlanChange");
        }
        Instant custReqDate = dateTime(body.get("custReqDate"));
        if (custReqDate == null) {
            return error(10, "Validation error: custReqDate is required, a date-time such as 2019-08-24T14:15:22Z");
        }
        if (planChange) {
            Plan plan = data.plans.get(planNo.intValue());
            if (plan == null) {
                return error(40, "Plan " + planNo + " is not an NBN plan");
            }
            if (!plan.supports(s.technologyType)) {
                return error(40, "Plan " + planNo + " (" + plan.planName() + ") is not available on " + s.technologyType);
            }
            if (plan.planNo() == s.planNo) {
                return error(10, "Service " + s.csn + " is already on plan " + planNo);
            }
        }
        String needed = switch (subOrderType) {
            case "PlanChange", "Suspend", "Shape" -> ACTIVE; // N2: active service only; Suspend/Shape: not suspended or shaped already
            case "Unsuspend" -> SUSPENDED;
            default -> SHAPED; // Unshape
        };
        if (!needed.equals(s.status)) {
            return error(10, subOrderType + " needs a" + (ACTIVE.equals(needed) ? "n " : " ") + needed + " service: service " + s.csn + " is " + s.status);
        }
        String busy = inFlight(s);
        if (busy != null) {
            return error(10, busy);
        }
        Order o = newOrder(CHANGE, subOrderType, s.custNo, custReqDate, planChange ? planNo.intValue() : s.planNo);
        o.service = s;
        o.csn = s.csn;
        return accepted(o);
    }

    /** G-NBN-ORD: Create Order (NBN Disconnection), {@code POST /v1/service/orders/terminate}. */
    Map<String, Object> createDisconnection(Map<String, Object> body) {
        if (!TERMINATE.equals(SimState.text(body.get("orderType")))) {
            return error(10, "Validation error: orderType must be Terminate");
        }
        if (!"Disconnect".equals(SimState.text(body.get("subOrderType")))) {
            return error(10, "Validation error: subOrderType must be Disconnect");
        }
        Object target = findService(body);
        if (target instanceof Map<?, ?> refusal) {
            return cast(refusal);
        }
        Service s = (Service) target;
        if (sub(body, "service").get("planNo") != null) {
            return error(10, "Validation error: service.planNo is only for PlanChange orders");
        }
        Instant custReqDate = dateTime(body.get("custReqDate"));
        if (custReqDate == null) {
            return error(10, "Validation error: custReqDate is required, a date-time such as 2019-08-24T14:15:22Z");
        }
        if (DISCONNECTED.equals(s.status)) {
            return error(10, "Service " + s.csn + " is already Disconnected");
        }
        String busy = inFlight(s);
        if (busy != null) {
            return error(10, busy);
        }
        Order o = newOrder(TERMINATE, "Disconnect", s.custNo, custReqDate, s.planNo);
        o.service = s;
        o.csn = s.csn;
        return accepted(o);
    }

    /** The body's service{custNo, csn}: the Service, or the refusal (10 missing, 20 customer, 21 service). */
    private Object findService(Map<String, Object> body) {
        Map<String, Object> service = sub(body, "service");
        if (service == null || service.get("custNo") == null || SimState.text(service.get("csn")) == null) {
            return error(10, "Validation error: service{custNo, csn} is required");
        }
        Long custNo = SimState.asLong(service.get("custNo"));
        if (custNo == null) {
            return error(10, "Validation error: service.custNo must be an integer");
        }
        if (!customerExists.test(custNo)) {
            return error(20, "Customer " + custNo + " not found");
        }
        String csn = SimState.text(service.get("csn"));
        Service s = byCsn(custNo, csn);
        if (s == null) {
            return error(21, "NBN service " + csn + " not found for customer " + custNo);
        }
        return s;
    }

    /** Assumption G-NBN-ORD: one change or disconnection at a time per service. */
    private String inFlight(Service s) {
        for (Order o : orders.values()) {
            if (o.service == s && !o.finished()) {
                return "Service " + s.csn + " already has order " + o.orderId + " (" + o.orderType + "/" + o.subOrderType + ") in flight";
            }
        }
        return null;
    }

    /** G-NBN-ORD, seed page 004: Cancel (NBN Activation) Order = withdraw an in-flight activation. */
    Map<String, Object> cancel(Map<String, Object> body) {
        String orderId = SimState.text(body.get("orderId"));
        if (orderId == null) {
            return error(10, "Validation error: orderId is required");
        }
        Order o = orders.get(orderId);
        if (o == null) {
            return error(60, "Order " + orderId + " not found");
        }
        if (!NEW.equals(o.orderType)) {
            return notWithdrawable("Order " + orderId + " is a " + o.orderType + " (" + o.subOrderType + ") order: only NBN activation orders can be withdrawn");
        }
        if (!WITHDRAWABLE.contains(o.status)) {
            return notWithdrawable("Order " + orderId + " is " + o.status + ": only an activation that is Pending, Acknowledged, In Progress or Scheduled can be withdrawn");
        }
        if (o.appointment != null && o.appointment.slot().date().equals(clock.now().atZone(SimServices.SYDNEY).toLocalDate())) {
            return notWithdrawable("Order " + orderId + " is " + o.status + " with its nbn appointment today (" + o.appointment.slot().date()
                    + "): it can no longer be withdrawn");
        }
        o.status = CANCELLED;
        o.held = false;
        return accepted(o);
    }

    /**
     * G-NBN-ORD: an order that cannot be withdrawn is answered {@code {success:false, errorMessage}},
     * without an errorCode. (A missing orderId or an unknown order keeps the validation-error envelope.)
     */
    private static Map<String, Object> notWithdrawable(String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", false);
        out.put("errorMessage", message);
        return out;
    }

    /** G-NBN-ORD: Get Order Detail (NBN), the detail itself at the top level (no envelope). */
    Map<String, Object> order(String orderId) {
        Order o = orderId == null ? null : orders.get(orderId);
        if (o == null) {
            return error(60, "Order " + orderId + " not found");
        }
        return detail(o);
    }

    /** G-NBN-ORD: List Orders (NBN) of a customer, oldest first. The facts give no envelope for it: ours (wrapped, like the SQ). */
    Map<String, Object> orders(String custNoText) {
        Long custNo = SimState.asLong(custNoText);
        if (custNo == null) {
            return error(10, "Validation error: custNo (an integer) is required");
        }
        if (!customerExists.test(custNo)) {
            return error(20, "Customer " + custNo + " not found");
        }
        return ok(orders.values().stream().filter(o -> o.custNo == custNo).map(this::detail).toList());
    }

    /**
     * G-NBN-ORD: {orderId, orderType, subOrderType, status, custNo, csn, planNo, custReqDate,
     * appointment?, createdOn, completedOn?}, in that order and nothing else, but for the reason
     * of a Rejected order (errorMessage: our addition, as G-STATE gives SOAP's REJECTED one, so a
     * person learns why). No lineSeqNo, no locationId: G-NBN-ORD does not give them.
     */
    private Map<String, Object> detail(Order o) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("orderId", o.orderId);
        d.put("orderType", o.orderType);
        d.put("subOrderType", o.subOrderType);
        d.put("status", o.status);
        d.put("custNo", o.custNo);
        d.put("csn", o.csn);
        d.put("planNo", o.planNo);
        d.put("custReqDate", seconds(o.custReqDate));
        if (o.appointment != null) {
            d.put("appointment", o.appointment.wire());
        }
        d.put("createdOn", seconds(o.createdOn));
        if (o.completedOn != null) {
            d.put("completedOn", seconds(o.completedOn));
        }
        if (o.errorMessage != null) {
            d.put("errorMessage", o.errorMessage);
        }
        return d;
    }

    // ------------------------------------------------------------ appointments (G-APPT)

    /**
     * Query Appointment Timeslots: the slots an appointment order can be (re)booked into. G-APPT:
     * a bare JSON array {@code [{slotId, date, slotType, startTime, endTime}]}; a refusal keeps the
     * validation-error envelope.
     */
    Object timeslots(String orderId) {
        Object found = appointmentOrder(orderId);
        if (found instanceof Map<?, ?> refusal) {
            return cast(refusal);
        }
        return SimNbnSlots.available(clock.now(), config.appointmentLeadDays, config.appointmentDays).stream().map(Slot::wire).toList();
    }

    /** Book Appointment: (re)books an order that is Scheduled, or In Progress and needing one; it then completes at the new slot. */
    Map<String, Object> book(Map<String, Object> body) {
        String slotId = SimState.text(body.get("slotId"));
        if (SimState.text(body.get("orderId")) == null || slotId == null) {
            return error(10, "Validation error: orderId and slotId are required");
        }
        Object found = appointmentOrder(SimState.text(body.get("orderId")));
        if (found instanceof Map<?, ?> refusal) {
            return cast(refusal);
        }
        Order o = (Order) found;
        if (!SCHEDULED.equals(o.status) && !IN_PROGRESS.equals(o.status)) {
            return error(61, "Order " + o.orderId + " is " + o.status + ": an appointment can be booked once the order is In Progress or Scheduled");
        }
        Slot slot = SimNbnSlots.available(clock.now(), config.appointmentLeadDays, config.appointmentDays).stream()
                .filter(s -> s.slotId().equals(slotId)).findFirst().orElse(null);
        if (slot == null) {
            return error(10, "slotId " + slotId + " is not an available timeslot: see GET /v1/appointment/timeslots?orderId=" + o.orderId);
        }
        o.appointment = new Appointment("APT" + nextAppointment++, slot);
        o.status = SCHEDULED;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("appointmentId", o.appointment.appointmentId());
        return out;
    }

    /** The in-flight order needing an appointment, or the refusal (10, 60, 61). */
    private Object appointmentOrder(String orderId) {
        if (orderId == null) {
            return error(10, "Validation error: orderId is required");
        }
        Order o = orders.get(orderId);
        if (o == null) {
            return error(60, "Order " + orderId + " not found");
        }
        if (o.appointment == null) {
            return error(61, "Order " + orderId + " (" + o.orderType + "/" + o.subOrderType + ") does not need an nbn appointment");
        }
        if (o.finished()) {
            return error(61, "Order " + orderId + " is " + o.status + ": its appointment can no longer change");
        }
        return o;
    }

    // ------------------------------------------------------------ lifecycle (G-NBN-ORD, G-TIME)

    /** Moves every order and enquiry along the simulated clock; orders in creation order, so each sees the effects of earlier ones. */
    void tick() {
        Instant now = clock.now();
        for (Order o : orders.values()) {
            advance(o, now);
        }
        enquiries.tick(now);
    }

    /**
     * Pending → Acknowledged → In Progress (→ Scheduled for appointment orders) → Completed. An
     * appointment order completes when its slot ends; any other is held until custReqDate (or
     * now, if that is past) and completes a configurable delay later.
     */
    private void advance(Order o, Instant now) {
        if (o.held || o.finished()) {
            return;
        }
        Instant acknowledged = o.createdOn.plus(config.acknowledgeAfter);
        Instant inProgress = acknowledged.plus(config.inProgressAfter);
        Instant scheduled = inProgress.plus(config.scheduleAfter);
        if (PENDING.equals(o.status) && !now.isBefore(acknowledged)) {
            o.status = ACKNOWLEDGED;
        }
        if (ACKNOWLEDGED.equals(o.status) && !now.isBefore(inProgress)) {
            o.status = IN_PROGRESS;
        }
        if (IN_PROGRESS.equals(o.status) && o.appointment != null && !now.isBefore(scheduled)) {
            o.status = SCHEDULED;
        }
        Instant due = o.appointment != null ? latest(o.appointment.slot().end(), scheduled)
                : latest(latest(o.custReqDate, o.createdOn).plus(completeAfter(o)), inProgress);
        boolean ready = SCHEDULED.equals(o.status) || IN_PROGRESS.equals(o.status) && o.appointment == null;
        if (ready && !now.isBefore(due)) {
            complete(o, due);
        }
    }

    private Duration completeAfter(Order o) {
        return switch (o.orderType) {
            case NEW -> config.activationCompleteAfter;
            case TERMINATE -> config.disconnectCompleteAfter;
            default -> config.changeCompleteAfter;
        };
    }

    /** What a completed order does: an activation creates the service, a change or disconnection applies to it. */
    private void complete(Order o, Instant at) {
        o.status = COMPLETED;
        o.completedOn = at;
        switch (o.orderType) {
            case NEW -> activate(o);
            case TERMINATE -> {
                o.service.status = DISCONNECTED;
                if (o.service.port != null && o.service.productInstanceId.equals(o.service.port.productInstanceId)) {
                    o.service.port.free();
                }
            }
            default -> {
                switch (o.subOrderType) {
                    case "PlanChange" -> o.service.planNo = o.planNo;
                    case "Suspend" -> o.service.status = SUSPENDED;
                    case "Shape" -> o.service.status = SHAPED;
                    default -> o.service.status = ACTIVE; // Unsuspend, Unshape
                }
            }
        }
    }

    /** G-NBN-ACT: the new service takes the port (a Transfer replaces the service on it; one of ours is then Disconnected). */
    private void activate(Order o) {
        Location l = data.locations.get(o.locationId);
        Port port = o.port;
        if (port == null && ("FTTP".equals(l.technologyType) || "HFC".equals(l.technologyType))) {
            port = data.installNtd(l).ports.get(0);
        }
        String pri = "PRI" + nextPri++;
        if (port != null) {
            for (Service other : allServices()) {
                if (other.port == port && !DISCONNECTED.equals(other.status)) {
                    other.status = DISCONNECTED;
                }
            }
            port.use(pri, SimNbnData.OUR_SERVICE_PROVIDER_ID);
        }
        Service s = new Service(o.custNo, nextLineSeqNo(o.custNo), o.csn, o.planNo, l.id, l.technologyType, pri, port);
        addService(s);
        o.service = s;
    }

    // ------------------------------------------------------------ services and test hooks

    /**
     * Assumption G-ID: NBN services are numbered per customer in their own series (1, 2, …) so the
     * mobile seed data keeps its numbers; a real Octane account may number all its lines in one series.
     */
    private int nextLineSeqNo(long custNo) {
        return services.getOrDefault(custNo, Map.of()).size() + 1;
    }

    private void addService(Service s) {
        services.computeIfAbsent(s.custNo, k -> new LinkedHashMap<>()).put(s.lineSeqNo, s);
    }

    Service service(long custNo, Long lineSeqNo) {
        return lineSeqNo == null ? null : services.getOrDefault(custNo, Map.of()).get(lineSeqNo.intValue());
    }

    private Service byCsn(long custNo, String csn) {
        return services.getOrDefault(custNo, Map.of()).values().stream().filter(s -> s.csn.equals(csn)).findFirst().orElse(null);
    }

    private List<Service> allServices() {
        List<Service> all = new ArrayList<>();
        services.values().forEach(lines -> all.addAll(lines.values()));
        return all;
    }

    Plan plan(int planNo) {
        return data.plans.get(planNo);
    }

    boolean customerExists(long custNo) {
        return customerExists.test(custNo);
    }

    /** Test hook: an NBN service (no location, FTTP) of that customer on that NBN plan, Active, Suspended or Shaped. */
    ServiceRef seedService(long custNo, int planNo, String status) {
        if (!customerExists.test(custNo)) {
            throw new IllegalArgumentException("Customer " + custNo + " not found");
        }
        if (!data.plans.containsKey(planNo)) {
            throw new IllegalArgumentException("Plan " + planNo + " is not an NBN plan (" + data.plans.keySet() + ")");
        }
        String st = status == null ? ACTIVE : status;
        if (!List.of(ACTIVE, SUSPENDED, SHAPED).contains(st)) {
            throw new IllegalArgumentException("status must be Active, Suspended or Shaped");
        }
        Service s = new Service(custNo, nextLineSeqNo(custNo), "N" + nextCsn++, planNo, null, "FTTP", "PRI" + nextPri++, null);
        s.status = st;
        addService(s);
        return new ServiceRef(s.lineSeqNo, s.csn);
    }

    ServiceView view(long custNo, String csn) {
        Service s = byCsn(custNo, csn);
        return s == null ? null : new ServiceView(s.custNo, s.lineSeqNo, s.csn, s.planNo, s.status, s.locationId);
    }

    /**
     * Test hook: forces an order's status. Completed applies the order (creates or changes the
     * service), Cancelled and Rejected end it (Rejected with errorMessage). Any other status sticks:
     * the order stops moving on its own until it is forced again, including a status that is
     * not in G-NBN-ORD's list (e.g. "On Hold": Octane may have more than the gap assumes, and a
     * client must cope). False for an unknown order.
     */
    boolean forceStatus(String orderId, String status, String errorMessage) {
        Order o = orderId == null ? null : orders.get(orderId);
        if (o == null) {
            return false;
        }
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException("status is required (" + STATUSES + ", or any other to test a client)");
        }
        if (o.finished()) {
            throw new IllegalStateException("Order " + orderId + " is already " + o.status);
        }
        if (SCHEDULED.equals(status) && o.appointment == null) {
            throw new IllegalArgumentException("Order " + orderId + " has no appointment: it cannot be Scheduled");
        }
        switch (status) {
            case COMPLETED -> complete(o, clock.now());
            case REJECTED -> {
                o.status = REJECTED;
                o.errorMessage = errorMessage == null || errorMessage.isBlank() ? "Rejected by nbn" : errorMessage;
            }
            case CANCELLED -> o.status = CANCELLED;
            default -> {
                o.status = status;
                o.held = true;
            }
        }
        return true;
    }

    // ------------------------------------------------------------ helpers

    private Order newOrder(String orderType, String subOrderType, long custNo, Instant custReqDate, Integer planNo) {
        Order o = new Order("ORD" + nextOrder++, orderType, subOrderType, custNo, clock.now(), custReqDate, planNo);
        orders.put(o.orderId, o);
        return o;
    }

    /** rest-api.md §8, envelope B. */
    private static Map<String, Object> accepted(Order o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("orderId", o.orderId);
        out.put("success", true);
        return out;
    }

    static Map<String, Object> ok(Object response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("errorCode", 0);
        out.put("response", response);
        return out;
    }

    static Map<String, Object> error(int code, String message) {
        return SimState.restError(code, message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sub(Map<String, Object> body, String name) {
        return body.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** The first of these fields that is absent or blank, or null. */
    static String missing(Map<String, Object> body, String... names) {
        for (String name : names) {
            if (body.get(name) == null || body.get(name) instanceof String s && s.isBlank()) {
                return name;
            }
        }
        return null;
    }

    /** A date-time with an offset (RFC 3339, as the doc's {@code string <date-time>}); null when absent or not one. */
    static Instant dateTime(Object v) {
        String s = SimState.text(v);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** G-TZ: REST date-times in UTC, to the second. */
    static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
