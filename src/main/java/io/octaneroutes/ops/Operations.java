package io.octaneroutes.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.util.TimeUtils;

import io.octaneroutes.events.Events;
import io.octaneroutes.gateway.OctaneOperation;
import io.octaneroutes.gateway.RateBudget;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.gateway.TrackedKind;
import io.octaneroutes.intake.HttpAuth.Caller;
import io.octaneroutes.intake.Intake;
import io.octaneroutes.intake.InvalidRequestException;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.OrderRecord;
import io.octaneroutes.journal.Journal.RequestRecord;
import io.octaneroutes.journal.Journal.StepRecord;
import io.octaneroutes.journal.OperationsStore;
import io.octaneroutes.journal.OperationsStore.AuditEntry;

/**
 * The operations API (issue 14): what operators see (the request list, a request's timeline, the
 * rate budgets, the poller's backlog) and the three actions that need a person: <b>resume</b> a
 * parked request, <b>resolve</b> an uncertain create ("Octane has it, orderId X" / "Octane does
 * not have it"), <b>abandon</b> a request. Each action is journaled in the audit trail with who
 * did it and why, is idempotent (done again, it changes nothing and says so), and is refused
 * with the reason when it does not apply. No params (personal data) leave through it.
 */
public class Operations {
    /** Statuses of a request that needs a person (the console's "needs action"). */
    public static final Set<String> NEEDS_ACTION = Set.of(Journal.PARKED);
    private static final int MAX_PAGE = 200;

    private final Journal journal;
    private final OperationsStore store;
    private final Events events;
    private final RateBudgets budgets;

    public Operations(Journal journal, OperationsStore store, Events events, RateBudgets budgets) {
        this.journal = journal;
        this.store = store;
        this.events = events;
        this.budgets = budgets;
    }

    // ---------------------------------------------------------------- looking

    /**
     * {@code GET /api/ops/requests?status=PARKED,FAILED&flow=&olderThan=1h&newerThan=1d&q=&sort=createdAt&order=desc&page=0&size=50}
     * (the query parameters arrive as headers).
     */
    public Map<String, Object> list(@Header("status") String status, @Header("flow") String flow,
                                    @Header("olderThan") String olderThan, @Header("newerThan") String newerThan,
                                    @Header("q") String text, @Header("sort") String sort, @Header("order") String order,
                                    @Header("page") String page, @Header("size") String size) {
        List<String> reasons = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            for (String s : status.split(",")) {
                String v = s.trim().toUpperCase();
                if (!STATUSES.contains(v)) {
                    reasons.add("status must be among " + STATUSES);
                    break;
                }
                statuses.add(v);
            }
        }
        long now = System.currentTimeMillis();
        Long before = age(olderThan, "olderThan", reasons, now);
        Long after = age(newerThan, "newerThan", reasons, now);
        if (sort != null && !sort.isBlank() && !OperationsStore.SORTS.containsKey(sort)) {
            reasons.add("sort must be one of " + OperationsStore.SORTS.keySet());
        }
        if (text != null && !text.isBlank() && !text.matches("[A-Za-z0-9._:-]{1,64}")) {
            reasons.add("q is a part of a requestId: 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        int p = number(page, "page", 0, Integer.MAX_VALUE, 0, reasons);
        int n = number(size, "size", 1, MAX_PAGE, 50, reasons);
        if (!reasons.isEmpty()) {
            throw new InvalidRequestException(reasons);
        }
        OperationsStore.Page result = store.list(new OperationsStore.Filter(statuses, flow, before, after, text,
                sort == null || sort.isBlank() ? "createdAt" : sort, !"asc".equalsIgnoreCase(order), p, n));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", result.items().stream().map(this::summary).toList());
        out.put("total", result.total());
        out.put("page", p);
        out.put("size", n);
        return out;
    }

    private static final Set<String> STATUSES = Set.of(Journal.ACCEPTED, Journal.RUNNING, Journal.WAITING, Journal.COMPLETED,
            Journal.FAILED, Journal.PARKED, Journal.AWAITING_INPUT);

    /** {@code GET /api/ops/requests/{requestId}}: everything about one request but its params. */
    public Map<String, Object> timeline(@Variable("requestId") String requestId) {
        RequestRecord r = journal.find(requestId).orElse(null);
        if (r == null) {
            return null;
        }
        Map<String, Object> out = summary(r);
        Object ids = r.state().get("ids");
        out.put("ids", ids == null ? Map.of() : ids);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepRecord s : journal.steps(requestId)) {
            if (Journal.INPUT_STEP.equals(s.step())) {
                continue; // a person's input (the OTP code) is never shown
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", s.step());
            step.put("operation", s.operation());
            step.put("outcome", Journal.STEP_DONE.equals(s.status()) ? "done" : "sent, answer never recorded");
            step.put("attempts", s.attempts());
            step.put("startedAt", iso(s.startedAt()));
            step.put("finishedAt", s.finishedAt() == null ? null : iso(s.finishedAt()));
            step.put("millis", s.finishedAt() == null ? null : s.finishedAt() - s.startedAt());
            steps.add(step);
        }
        out.put("steps", steps);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (OrderRecord o : journal.orders(requestId)) {
            TrackedKind kind = TrackedKind.ofKey(o.orderId());
            Map<String, Object> order = new LinkedHashMap<>();
            order.put(kind.idName(), kind.octaneId(o.orderId()));
            order.put("kind", kind.name());
            order.put("status", o.status());
            order.put("octaneStatus", o.octaneStatus());
            order.put("polls", o.pollCount());
            order.put("submittedAt", iso(o.submittedAt()));
            order.put("lastPolledAt", o.lastPolledAt() == null ? null : iso(o.lastPolledAt()));
            order.put("nextPollAt", Journal.ORDER_PENDING.equals(o.status()) ? iso(o.nextPollAt()) : null);
            order.put("unreadableInARow", o.unreadableCount());
            order.put("error", o.errorMessage());
            orders.add(order);
        }
        out.put("orders", orders);
        out.put("events", store.events(requestId));
        out.put("audit", store.auditTrail(requestId).stream().map(Operations::audit).toList());
        out.put("actions", actions(r));
        return out;
    }

    /** {@code GET /api/ops/overview}: counts by status, what needs a person, budgets and backlog (the console's page). */
    public Map<String, Object> overview() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", store.countByStatus());
        OperationsStore.Page needing = store.list(new OperationsStore.Filter(List.copyOf(NEEDS_ACTION), null, null, null, null,
                "updatedAt", true, 0, 50));
        out.put("needsAction", needing.items().stream().map(this::summary).toList());
        out.put("needsActionTotal", needing.total());
        Map<String, Object> budgetView = budgets();
        out.put("budgets", budgetView.get("budgets"));
        out.put("poller", budgetView.get("poller"));
        out.put("at", Instant.now().toString());
        return out;
    }

    /** {@code GET /api/ops/budgets}: per web method, calls in the current minute and hour against the limit, and Octane's last announced wait. */
    public Map<String, Object> budgets() {
        List<Map<String, Object>> list = new ArrayList<>();
        long now = System.currentTimeMillis();
        budgets.all().values().stream().sorted((a, b) -> a.method().compareTo(b.method())).forEach(b -> list.add(budget(b, now, "SOAP")));
        budgets.rest().values().stream().sorted((a, b) -> a.method().compareTo(b.method()))
                .map(b -> budget(b, now, "REST")).filter(m -> m.get("blockedUntil") != null).forEach(list::add);
        OperationsStore.Backlog backlog = store.backlog(now);
        Map<String, Object> poller = new LinkedHashMap<>();
        poller.put("followed", backlog.followed());
        poller.put("due", backlog.due());
        poller.put("oldestDueSince", backlog.oldestDueSince() == null ? null : iso(backlog.oldestDueSince()));
        poller.put("lagMillis", backlog.oldestDueSince() == null ? 0 : now - backlog.oldestDueSince());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("budgets", list);
        out.put("poller", poller);
        return out;
    }

    private static Map<String, Object> budget(RateBudget b, long now, String api) {
        RateBudget.Usage u = b.usage();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", b.method());
        m.put("api", api);
        m.put("perMinute", b.perMinute() == Integer.MAX_VALUE ? null : b.perMinute());
        m.put("perHour", b.perHour() == Integer.MAX_VALUE ? null : b.perHour());
        m.put("thisMinute", u.minute());
        m.put("thisHour", u.hour());
        m.put("blockedUntil", u.blockedUntil() > now ? iso(u.blockedUntil()) : null);
        m.put("waits", b.waits());
        return m;
    }

    // ---------------------------------------------------------------- acting

    /**
     * {@code POST /api/ops/requests/{id}/resume {"reason"}}: a parked request runs again now (its
     * retries and automatic resumes start over; an order the poller gave up on is read again).
     */
    public void resume(Exchange exchange, @Variable("requestId") String requestId, @Variable("caller") Caller caller) {
        String reason = reason(exchange);
        RequestRecord r = known(requestId);
        if (Journal.PARKED.equals(r.status()) && "UNCERTAIN".equals(r.errorCode())) {
            refuse(requestId, caller, "resume", reason, "its create's outcome is unknown (UNCERTAIN): resolve it instead,"
                    + " saying whether Octane has the order");
        }
        if (store.unpark(requestId)) {
            done(exchange, requestId, caller, "resume", reason, "resumed: queued to run now", true);
        } else if (lastAction(requestId, "resume") && !final_(r)) {
            done(exchange, requestId, caller, "resume", reason, "no change: already resumed, the request is " + r.status(), false);
        } else {
            refuse(requestId, caller, "resume", reason, "the request is " + r.status() + ": only a parked request can be resumed");
        }
    }

    /**
     * {@code POST /api/ops/requests/{id}/resolve {"outcome": "created", "orderId": "X", "reason"}} or
     * {@code {"outcome": "not-created", "reason"}}: an uncertain create (G-IDEMP) is settled by a
     * person who looked in Octane. Created: the step is journaled with the id given and the flow
     * goes on (following order X). Not created: the create is sent again.
     */
    @SuppressWarnings("unchecked")
    public void resolve(Exchange exchange, @Variable("requestId") String requestId, @Variable("caller") Caller caller) {
        Map<String, Object> body = body(exchange);
        String reason = reason(body);
        Object outcome = body.get("outcome");
        if (!"created".equals(outcome) && !"not-created".equals(outcome)) {
            throw new InvalidRequestException(List.of("outcome must be \"created\" (Octane has it; give its orderId) or \"not-created\""));
        }
        RequestRecord r = known(requestId);
        if (!(Journal.PARKED.equals(r.status()) && "UNCERTAIN".equals(r.errorCode()))) {
            if (lastAction(requestId, "resolve") && !final_(r)) {
                done(exchange, requestId, caller, "resolve", reason, "no change: already resolved, the request is " + r.status(), false);
                return;
            }
            refuse(requestId, caller, "resolve", reason, "the request is " + r.status() + (r.errorCode() == null ? "" : " (" + r.errorCode() + ")")
                    + ": only a request parked with an uncertain create (UNCERTAIN) can be resolved");
        }
        StepRecord started = journal.steps(requestId).stream().filter(s -> Journal.STEP_STARTED.equals(s.status()))
                .filter(s -> OctaneOperation.byName(s.operation()).map(OctaneOperation::create).orElse(false)).findFirst().orElse(null);
        if ("not-created".equals(outcome)) {
            if (started != null) {
                journal.clearStartedStep(requestId, started.step());
            }
            store.unpark(requestId);
            done(exchange, requestId, caller, "resolve", reason, "not created in Octane: "
                    + (started == null ? "the request runs again" : "step " + started.step() + " (" + started.operation() + ") will be sent again"), true);
            return;
        }
        if (started == null) {
            refuse(requestId, caller, "resolve", reason, "no create step is waiting for its outcome: resume the request instead");
        }
        OctaneOperation op = OctaneOperation.byName(started.operation()).orElseThrow();
        TrackedKind kind = op.answer().tracks();
        Map<String, Object> ids = new LinkedHashMap<>();
        if (kind != null) {
            Object id = body.get(kind.idName());
            if (!(id instanceof String s) || !s.matches("[A-Za-z0-9._:-]{1,40}")) {
                throw new InvalidRequestException(List.of(kind.idName() + " is required for a created " + op.name()
                        + ": 1-40 characters of A-Z a-z 0-9 . _ : -"));
            }
            ids.put(kind.idName(), id);
        }
        Map<String, Object> answer = new LinkedHashMap<>(ids);
        answer.put("resolvedBy", caller.name());
        Map<String, Object> allIds = new LinkedHashMap<>(r.state().get("ids") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
        allIds.putAll(ids);
        // the order is read at the next tick: its create happened at an unknown time before the crash
        journal.completeStep(requestId, started.step(), op.name(), answer, allIds,
                kind == null ? null : kind.key(ids.get(kind.idName())), System.currentTimeMillis());
        store.unpark(requestId);
        done(exchange, requestId, caller, "resolve", reason, "created in Octane" + (ids.isEmpty() ? "" : " as " + ids)
                + ": the flow goes on from step " + started.step(), true);
    }

    /** {@code POST /api/ops/requests/{id}/abandon {"reason"}}: the request ends failed (ABANDONED), with a failed event carrying the reason. */
    public void abandon(Exchange exchange, @Variable("requestId") String requestId, @Variable("caller") Caller caller) {
        String reason = reason(exchange);
        RequestRecord r = known(requestId);
        if (Journal.FAILED.equals(r.status()) && "ABANDONED".equals(r.errorCode())) {
            done(exchange, requestId, caller, "abandon", reason, "no change: already abandoned", false);
            return;
        }
        if (final_(r)) {
            refuse(requestId, caller, "abandon", reason, "the request is " + r.status() + " already: nothing to abandon");
        }
        // not while an instance runs it: the lease keeps the run and the abandon apart
        String owner = "operator:" + caller.name();
        long now = System.currentTimeMillis();
        if (!journal.acquireLease(requestId, owner, now + 60_000, now)) {
            refuse(requestId, caller, "abandon", reason, "an instance is running the request right now: try again when it waits");
        }
        try {
            String message = "abandoned by " + caller.name() + ": " + reason;
            journal.fail(requestId, "ABANDONED", message);
            events.emit("failed", requestId, r.flow(), null, journal.loadState(requestId).getIds(),
                    Map.of("errorCode", "ABANDONED", "errorMessage", message));
        } finally {
            journal.releaseLease(requestId, owner);
        }
        done(exchange, requestId, caller, "abandon", reason, "abandoned: the request is FAILED (ABANDONED)", false);
    }

    // ---------------------------------------------------------------- helpers

    private RequestRecord known(String requestId) {
        if (requestId == null || !requestId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new InvalidRequestException(List.of("requestId in the path must be 1-64 characters of A-Z a-z 0-9 . _ : -"));
        }
        return journal.find(requestId).orElseThrow(() -> new ActionRefusedException(404, "unknown requestId"));
    }

    private void done(Exchange exchange, String requestId, Caller caller, String action, String reason, String result, boolean run) {
        store.audit(requestId, caller.name(), action, reason, result);
        if (run) {
            exchange.setVariable(Intake.RUN_REQUEST, requestId); // the route queues the run
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("action", action);
        body.put("result", result);
        body.put("status", journal.find(requestId).map(RequestRecord::status).orElse(null));
        exchange.getIn().setBody(body);
    }

    private void refuse(String requestId, Caller caller, String action, String reason, String why) {
        store.audit(requestId, caller.name(), action, reason, "refused: " + why);
        throw new ActionRefusedException(409, why);
    }

    private boolean lastAction(String requestId, String action) {
        List<AuditEntry> trail = store.auditTrail(requestId);
        for (int i = trail.size() - 1; i >= 0; i--) {
            if (!trail.get(i).result().startsWith("refused")) {
                return trail.get(i).action().equals(action);
            }
        }
        return false;
    }

    private static boolean final_(RequestRecord r) {
        return Journal.COMPLETED.equals(r.status()) || Journal.FAILED.equals(r.status());
    }

    /** The actions that apply to a request now (the console shows these buttons). */
    private static List<String> actions(RequestRecord r) {
        List<String> out = new ArrayList<>();
        if (Journal.PARKED.equals(r.status())) {
            out.add("UNCERTAIN".equals(r.errorCode()) ? "resolve" : "resume");
        }
        if (!final_(r)) {
            out.add("abandon");
        }
        return out;
    }

    private Map<String, Object> summary(RequestRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", r.requestId());
        m.put("flow", r.flow());
        m.put("status", r.status());
        m.put("client", r.client());
        m.put("intake", r.intake());
        m.put("errorCode", r.errorCode());
        // why it waits or failed (never a param: reasons are built from names and Octane's words)
        m.put("reason", r.errorMessage());
        m.put("retryAt", r.retryAt() == null ? null : iso(r.retryAt()));
        m.put("runningOn", r.leaseOwner());
        m.put("createdAt", iso(r.createdAt()));
        m.put("updatedAt", iso(r.updatedAt()));
        m.put("actions", actions(r));
        return m;
    }

    private static Map<String, Object> audit(AuditEntry a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", iso(a.at()));
        m.put("by", a.actor());
        m.put("action", a.action());
        m.put("reason", a.reason());
        m.put("result", a.result());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Exchange exchange) {
        Object b = exchange.getIn().getBody(Object.class);
        if (b instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        byte[] raw = exchange.getIn().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            return Map.of();
        }
        try {
            Object parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(raw, Object.class);
            if (parsed instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        throw new InvalidRequestException(List.of("the body must be a JSON object, e.g. {\"reason\": \"...\"}"));
    }

    private static String reason(Exchange exchange) {
        return reason(body(exchange));
    }

    /** Every action says why (it goes into the audit trail and, for abandon, the failed event). */
    private static String reason(Map<String, Object> body) {
        Object r = body.get("reason");
        if (!(r instanceof String s) || s.isBlank() || s.length() > 500) {
            throw new InvalidRequestException(List.of("reason is required: why (1-500 characters), for the audit trail"));
        }
        return s.strip();
    }

    private static Long age(String value, String name, List<String> reasons, long now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Duration d = TimeUtils.toDuration(value.trim());
            return now - d.toMillis();
        } catch (RuntimeException e) {
            reasons.add(name + " must be a duration such as 30m, 2h, 1d");
            return null;
        }
    }

    private static int number(String value, String name, int min, int max, int dflt, List<String> reasons) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        reasons.add(name + " must be a number from " + min + " to " + max);
        return dflt;
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** An action that does not apply (409), or a request that is not there (404), with the reason. */
    public static class ActionRefusedException extends RuntimeException {
        private final int status;

        public ActionRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int getStatus() {
            return status;
        }
    }
}
