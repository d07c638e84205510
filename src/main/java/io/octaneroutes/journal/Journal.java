package io.octaneroutes.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The journal and order store (JDBC). A request is written here before it is acknowledged;
 * every step's outcome is written here before the next step starts; submitted orders wait
 * here for the poller. Plain JDBC on purpose: a handful of short statements, each in its own
 * transaction, portable between H2 and PostgreSQL.
 */
public class Journal {
    public static final String ACCEPTED = "ACCEPTED";
    public static final String RUNNING = "RUNNING";
    public static final String WAITING = "WAITING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String PARKED = "PARKED";
    /** waiting for a person (e.g. the OTP code); retry_at is when it expires. */
    public static final String AWAITING_INPUT = "AWAITING_INPUT";
    /** the pseudo-step under which continuations' inputs are journaled. */
    public static final String INPUT_STEP = "input";

    public static final String STEP_STARTED = "STARTED";
    public static final String STEP_DONE = "DONE";

    public static final String ORDER_PENDING = "PENDING";
    public static final String ORDER_DONE = "DONE";
    public static final String ORDER_REJECTED = "REJECTED";
    /** its request ended (completed or failed) before it did: no longer read, its budget goes to orders a flow waits for. */
    public static final String ORDER_UNFOLLOWED = "UNFOLLOWED";
    /** the poller gave up reading it (unreadable answers, or followed too long): a person must look. */
    public static final String ORDER_STUCK = "STUCK";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json;

    public Journal(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Creates or migrates the schema with Flyway (idempotent): see {@link Schema}. */
    public void createSchema() {
        Schema.migrate(dataSource);
    }

    // ---------------------------------------------------------------- requests

    /**
     * Journals a new request. Returns empty when it was written, or the existing record when
     * the requestId is already known (the caller's idempotency key): nothing is written then.
     */
    public Optional<RequestRecord> accept(String requestId, String flow, Map<String, Object> params, String intake) {
        return accept(requestId, flow, params, intake, null);
    }

    /** {@link #accept}, for {@code client}: the HTTP client (or intake path's client) the request belongs to, or null. */
    public Optional<RequestRecord> accept(String requestId, String flow, Map<String, Object> params, String intake, String client) {
        return accept(requestId, flow, params, intake, client, null);
    }

    /** As above; {@code also} (the record of the accepted event, or null) commits with the new request's row, or not at all. */
    public Optional<RequestRecord> accept(String requestId, String flow, Map<String, Object> params, String intake, String client,
                                          AlsoWrite also) {
        Optional<RequestRecord> existing = find(requestId);
        if (existing.isPresent()) {
            return existing;
        }
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO octane_request (request_id, flow, status, intake, params, state, created_at, updated_at, client) VALUES (?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, requestId);
                ps.setString(2, flow);
                ps.setString(3, ACCEPTED);
                ps.setString(4, intake);
                ps.setString(5, write(params));
                ps.setString(6, write(Map.of("ids", Map.of())));
                ps.setLong(7, now);
                ps.setLong(8, now);
                ps.setString(9, client);
                ps.executeUpdate();
                if (also != null) {
                    also.write(c);
                }
                c.commit();
                return Optional.empty();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // a concurrent intake of the same requestId won the insert: report it as known
            Optional<RequestRecord> raced = find(requestId);
            if (raced.isPresent()) {
                return raced;
            }
            throw new IllegalStateException("journal insert failed: " + e.getMessage(), e);
        }
    }

    static final String REQUEST_COLUMNS = "SELECT request_id, flow, status, intake, params, state, error_code, error_message, retry_at,"
            + " created_at, updated_at, client, lease_owner";

    RequestRecord request(ResultSet rs) throws SQLException {
        return new RequestRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                read(rs.getString(5)), read(rs.getString(6)), rs.getString(7), rs.getString(8),
                (Long) rs.getObject(9, Long.class), rs.getLong(10), rs.getLong(11), rs.getString(12), rs.getString(13));
    }

    public Optional<RequestRecord> find(String requestId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     REQUEST_COLUMNS + " FROM octane_request WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(request(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rebuilds the flow state of a request: params, ids and the results of every completed step. */
    @SuppressWarnings("unchecked")
    public FlowState loadState(String requestId) {
        RequestRecord r = find(requestId).orElseThrow(() -> new IllegalStateException("unknown request " + requestId));
        FlowState state = new FlowState();
        state.setRequestId(r.requestId());
        state.setFlow(r.flow());
        state.setParams(new LinkedHashMap<>(r.params()));
        Object ids = r.state().get("ids");
        if (ids instanceof Map<?, ?> m) {
            state.setIds(new LinkedHashMap<>((Map<String, Object>) m));
        }
        for (StepRecord s : steps(requestId)) {
            if (STEP_DONE.equals(s.status()) && s.result() != null) {
                state.getResults().put(s.step(), s.result());
            }
        }
        return state;
    }

    /** Forgets the STARTED marker of a step that has been proven not to have happened on Octane's side. */
    public void clearStartedStep(String requestId, String step) {
        update("DELETE FROM octane_step WHERE request_id = ? AND step = ? AND status = 'STARTED'", ps -> {
            ps.setString(1, requestId);
            ps.setString(2, step);
        });
    }

    /** Moves an order's next query (used when a query failed: it still counts as a query for R1). */
    public void reschedule(String orderId, long nextPollAt) {
        update("UPDATE octane_order SET next_poll_at = ? WHERE order_id = ? AND status = 'PENDING'", ps -> {
            ps.setLong(1, nextPollAt);
            ps.setString(2, orderId);
        });
    }

    /**
     * Completes a request, with the ids its completed event carries (the status API shows them
     * too). Orders of it still pending (one the flow did not wait for, e.g. a SIP trunk's
     * configuration order) are no longer read.
     */
    public void complete(String requestId, Map<String, Object> ids) {
        complete(requestId, ids, null);
    }

    /** Completes a request and unfollows its pending orders in one transaction, with {@code also} (or null). */
    public void complete(String requestId, Map<String, Object> ids, AlsoWrite also) {
        transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE octane_request SET status = 'COMPLETED', state = ?, error_code = NULL,"
                    + " error_message = NULL, retry_at = NULL, updated_at = ? WHERE request_id = ?")) {
                st.setString(1, write(Map.of("ids", ids)));
                st.setLong(2, System.currentTimeMillis());
                st.setString(3, requestId);
                st.executeUpdate();
            }
            unfollowOrders(c, requestId);
            if (also != null) {
                also.write(c);
            }
        });
    }

    private void unfollowOrders(String requestId) {
        transaction(c -> unfollowOrders(c, requestId));
    }

    private static void unfollowOrders(Connection c, String requestId) throws SQLException {
        try (PreparedStatement o = c.prepareStatement("UPDATE octane_order SET status = 'UNFOLLOWED' WHERE request_id = ? AND status = 'PENDING'")) {
            o.setString(1, requestId);
            o.executeUpdate();
        }
    }

    /** Runs {@code work} in one transaction on one connection: committed, or rolled back if it throws. */
    private void transaction(AlsoWrite work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.write(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("journal write failed: " + e.getMessage(), e);
        }
    }

    public void setStatus(String requestId, String status) {
        update(requestId, status, null, null, null);
    }

    /** Fails a request; its orders still pending are no longer read. */
    public void fail(String requestId, String errorCode, String errorMessage) {
        update(requestId, FAILED, errorCode, errorMessage, null);
        unfollowOrders(requestId);
    }

    /** Parks a request until a person answers (a continuation), at most until {@code expiresAt}. */
    public void awaitInput(String requestId, String reason, long expiresAt) {
        update(requestId, AWAITING_INPUT, "AWAITING_INPUT", reason, expiresAt);
    }

    /**
     * Journals a continuation's inputs and makes the request runnable again, only if it is
     * still waiting for input: true when this call took it out of AWAITING_INPUT.
     */
    public boolean continueWith(String requestId, Map<String, Object> inputs) {
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement(
                        "UPDATE octane_request SET status = 'ACCEPTED', error_code = NULL, error_message = NULL, retry_at = NULL, updated_at = ?"
                                + " WHERE request_id = ? AND status = 'AWAITING_INPUT'")) {
                    st.setLong(1, now);
                    st.setString(2, requestId);
                    if (st.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM octane_step WHERE request_id = ? AND step = ?")) {
                    del.setString(1, requestId);
                    del.setString(2, INPUT_STEP);
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO octane_step (request_id, step, operation, status, attempts, result, started_at, finished_at) VALUES (?,?,?,?,1,?,?,?)")) {
                    ins.setString(1, requestId);
                    ins.setString(2, INPUT_STEP);
                    ins.setString(3, "continue");
                    ins.setString(4, STEP_DONE);
                    ins.setString(5, write(inputs));
                    ins.setLong(6, now);
                    ins.setLong(7, now);
                    ins.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("journal write failed: " + e.getMessage(), e);
        }
    }

    /** Requests waiting for a person's input whose wait ran out (retry_at is the expiry). */
    public List<String> expiredWaits(long now) {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT request_id FROM octane_request WHERE status = 'AWAITING_INPUT'"
                     + " AND retry_at IS NOT NULL AND retry_at <= ? ORDER BY retry_at")) {
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** Fails a request whose wait for input ran out; false when a continuation got there first. */
    public boolean expireInput(String requestId, String message) {
        update("UPDATE octane_request SET status = 'FAILED', error_code = 'INPUT_EXPIRED', error_message = ?, retry_at = NULL, updated_at = ?"
                + " WHERE request_id = ? AND status = 'AWAITING_INPUT'", ps -> {
            ps.setString(1, truncate(message));
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, requestId);
        });
        return find(requestId).map(r -> FAILED.equals(r.status()) && "INPUT_EXPIRED".equals(r.errorCode())).orElse(false);
    }

    /** Forgets the inputs a continuation brought (they were refused: a new one must come). */
    public void clearInput(String requestId) {
        update("DELETE FROM octane_step WHERE request_id = ? AND step = ?", ps -> {
            ps.setString(1, requestId);
            ps.setString(2, INPUT_STEP);
        });
    }

    /**
     * Parks a request: with a retry time it resumes by itself (counted: see {@link #parkCount}),
     * without one it waits for an operator.
     */
    public void park(String requestId, String reasonCode, String reason, Long retryAt) {
        update("UPDATE octane_request SET status = ?, error_code = ?, error_message = ?, retry_at = ?, updated_at = ?,"
                + " park_count = park_count + ? WHERE request_id = ?", ps -> {
            ps.setString(1, PARKED);
            ps.setString(2, reasonCode);
            ps.setString(3, truncate(reason));
            ps.setObject(4, retryAt);
            ps.setLong(5, System.currentTimeMillis());
            ps.setInt(6, retryAt == null ? 0 : 1);
            ps.setString(7, requestId);
        });
    }

    /** How many times the request was parked to resume by itself (the bound on automatic resumes). */
    public int parkCount(String requestId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT park_count FROM octane_request WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String requestId, String status, String code, String message, Long retryAt) {
        update("UPDATE octane_request SET status = ?, error_code = ?, error_message = ?, retry_at = ?, updated_at = ? WHERE request_id = ?", ps -> {
            ps.setString(1, status);
            ps.setString(2, code);
            ps.setString(3, truncate(message));
            ps.setObject(4, retryAt);
            ps.setLong(5, System.currentTimeMillis());
            ps.setString(6, requestId);
        });
    }

    // ---------------------------------------------------------------- leases

    /** The lease of an unfinished request nobody holds, whose holder's lease expired (binds now), or that the owner holds (binds owner). */
    private static final String LEASE_TAKEABLE =
            " AND status NOT IN ('COMPLETED','FAILED') AND (lease_owner IS NULL OR lease_until < ? OR lease_owner = ?)";

    /**
     * Takes the lease of a request for {@code owner} (an instance) until {@code until}: only when
     * nobody holds it, or its holder's lease expired (that instance is gone). True when taken.
     * One instance runs a request at a time, however many instances got its message.
     */
    public boolean acquireLease(String requestId, String owner, long until, long now) {
        return update("UPDATE octane_request SET lease_owner = ?, lease_until = ? WHERE request_id = ?"
                + LEASE_TAKEABLE, ps -> {
            ps.setString(1, owner);
            ps.setLong(2, until);
            ps.setString(3, requestId);
            ps.setLong(4, now);
            ps.setString(5, owner);
        }) == 1;
    }

    /**
     * {@link #acquireLease} for a run that starts now: in the same statement the request becomes
     * RUNNING and loses the error and resume time of an earlier park, as {@link #setStatus}
     * would do (one transaction instead of two per run, issue 15). True when taken.
     */
    public boolean acquireLeaseToRun(String requestId, String owner, long until, long now) {
        // a RUNNING request taken over keeps its updated_at, as it did when setStatus was skipped for it
        return update("UPDATE octane_request SET lease_owner = ?, lease_until = ?,"
                + " updated_at = CASE WHEN status = 'RUNNING' THEN updated_at ELSE ? END, status = 'RUNNING', error_code = NULL,"
                + " error_message = NULL, retry_at = NULL WHERE request_id = ?"
                + LEASE_TAKEABLE, ps -> {
            ps.setString(1, owner);
            ps.setLong(2, until);
            ps.setLong(3, now);
            ps.setString(4, requestId);
            ps.setLong(5, now);
            ps.setString(6, owner);
        }) == 1;
    }

    /** Gives a lease back at the end of a run (only the holder can). */
    public void releaseLease(String requestId, String owner) {
        update("UPDATE octane_request SET lease_owner = NULL, lease_until = NULL WHERE request_id = ? AND lease_owner = ?", ps -> {
            ps.setString(1, requestId);
            ps.setString(2, owner);
        });
    }

    /** Keeps every lease {@code owner} holds alive until {@code until} (one statement, however many). */
    public int heartbeat(String owner, long until) {
        return update("UPDATE octane_request SET lease_until = ? WHERE lease_owner = ?", ps -> {
            ps.setLong(1, until);
            ps.setString(2, owner);
        });
    }

    /**
     * Runs whose instance died: requests whose lease expired, each taken out of its dead
     * holder's hands by exactly one caller (a conditional update per row: of several instances
     * sweeping at once, one gets it). Every instance calls this on its own timer, so a takeover
     * waits for the lease and one tick, never for a clustered trigger the dead instance may have
     * held (Quartz recovers those only after its check-in grace) nor behind a poll tick waiting
     * for the orderQuery budget. Returns the requests to queue for a run.
     */
    public List<String> takeExpiredLeases(long now) {
        List<String> expired = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT request_id FROM octane_request WHERE lease_owner IS NOT NULL AND lease_until < ?"
                        + " AND status IN ('ACCEPTED','RUNNING','WAITING') ORDER BY lease_until")) {
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expired.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<String> taken = new ArrayList<>();
        for (String id : expired) {
            int n = update("UPDATE octane_request SET lease_owner = NULL, lease_until = NULL, updated_at = ?"
                    + " WHERE request_id = ? AND lease_owner IS NOT NULL AND lease_until < ?", ps -> {
                ps.setLong(1, now);
                ps.setString(2, id);
                ps.setLong(3, now);
            });
            if (n == 1) {
                taken.add(id);
            }
        }
        return taken;
    }

    /**
     * The sweep (a clustered poller tick): requests to queue for a run again, each taken out of
     * the sweep until {@code requeueAfter} has passed (a queued run may wait behind a backlog):
     * <ul>
     * <li>a lease expired: its instance died running it (the broker redelivers its message too;
     * whichever comes first runs it, the lease keeps it to one);</li>
     * <li>accepted or running, without a lease, untouched for {@code requeueAfter}: its hand-off to
     * the work queue was lost (a crash between journaling and queueing);</li>
     * <li>waiting for an order that is done for {@code requeueAfter}: its dispatch was lost;</li>
     * <li>parked to resume by itself, whose retry time has come.</li>
     * </ul>
     */
    public List<String> requeue(long now, long requeueAfter) {
        long before = now - requeueAfter;
        List<String> ids = new ArrayList<>();
        String sql = "SELECT request_id FROM octane_request r WHERE"
                + " (lease_owner IS NOT NULL AND lease_until < ? AND status IN ('ACCEPTED','RUNNING','WAITING'))"
                + " OR (lease_owner IS NULL AND status IN ('ACCEPTED','RUNNING') AND updated_at < ?)"
                + " OR (lease_owner IS NULL AND status = 'WAITING' AND EXISTS (SELECT 1 FROM octane_order o WHERE o.request_id = r.request_id"
                + " AND o.status IN ('DONE','REJECTED','STUCK') AND o.last_polled_at < ?))"
                + " OR (status = 'PARKED' AND retry_at IS NOT NULL AND retry_at <= ?)"
                + " ORDER BY created_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, before);
            ps.setLong(3, before);
            ps.setLong(4, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        for (String id : ids) {
            // out of the sweep for a while: the queued run takes the lease, or comes back here later
            update("UPDATE octane_request SET lease_owner = CASE WHEN lease_until < ? THEN NULL ELSE lease_owner END,"
                    + " lease_until = CASE WHEN lease_until < ? THEN NULL ELSE lease_until END, updated_at = ?,"
                    + " retry_at = CASE WHEN status = 'PARKED' AND retry_at <= ? THEN ? ELSE retry_at END"
                    + " WHERE request_id = ?", ps -> {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.setLong(5, now + requeueAfter);
                ps.setString(6, id);
            });
        }
        return ids;
    }

    // ---------------------------------------------------------------- steps

    public Optional<StepRecord> step(String requestId, String step) {
        return steps(requestId).stream().filter(s -> s.step().equals(step)).findFirst();
    }

    public List<StepRecord> steps(String requestId) {
        List<StepRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT step, operation, status, attempts, result, started_at, finished_at FROM octane_step WHERE request_id = ? ORDER BY started_at, step")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String result = rs.getString(5);
                    out.add(new StepRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            result == null ? null : read(result), rs.getLong(6), (Long) rs.getObject(7, Long.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Writes the STARTED marker of a step before its Octane call goes out (G-IDEMP: a crash after this is "uncertain"). */
    public void startStep(String requestId, String step, String operation) {
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE octane_step SET attempts = attempts + 1, status = ? WHERE request_id = ? AND step = ?")) {
                up.setString(1, STEP_STARTED);
                up.setString(2, requestId);
                up.setString(3, step);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO octane_step (request_id, step, operation, status, attempts, started_at) VALUES (?,?,?,?,1,?)")) {
                        ins.setString(1, requestId);
                        ins.setString(2, step);
                        ins.setString(3, operation);
                        ins.setString(4, STEP_STARTED);
                        ins.setLong(5, now);
                        ins.executeUpdate();
                    }
                }
                try (PreparedStatement st = c.prepareStatement(
                        "UPDATE octane_request SET status = 'RUNNING', updated_at = ? WHERE request_id = ? AND status <> 'RUNNING'")) {
                    st.setLong(1, now);
                    st.setString(2, requestId);
                    st.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records a completed step, the ids it produced and (for an order create) the order to
     * follow, in one transaction: either all of it is journaled or none.
     */
    public void completeStep(String requestId, String step, String operation, Map<String, Object> result,
                             Map<String, Object> ids, String orderId, long firstPollAt) {
        completeStep(requestId, step, operation, result, ids, orderId, firstPollAt, 0, 1, null);
    }

    /** Another write that commits in a journal transaction (the record of the event a step causes). */
    @FunctionalInterface
    public interface AlsoWrite {
        void write(Connection c) throws SQLException;
    }

    /**
     * As above, for a step without a STARTED row (a read, which writes no marker before it is
     * sent): {@code startedAt} (0: now) and {@code attempts} are those of the row it inserts;
     * {@code also} (or null) commits with it.
     */
    public void completeStep(String requestId, String step, String operation, Map<String, Object> result,
                             Map<String, Object> ids, String orderId, long firstPollAt, long startedAt, int attempts, AlsoWrite also) {
        long now = System.currentTimeMillis();
        transaction(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE octane_step SET status = ?, result = ?, finished_at = ? WHERE request_id = ? AND step = ?")) {
                up.setString(1, STEP_DONE);
                up.setString(2, write(result));
                up.setLong(3, now);
                up.setString(4, requestId);
                up.setString(5, step);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO octane_step (request_id, step, operation, status, attempts, result, started_at, finished_at) VALUES (?,?,?,?,?,?,?,?)")) {
                        ins.setString(1, requestId);
                        ins.setString(2, step);
                        ins.setString(3, operation);
                        ins.setString(4, STEP_DONE);
                        ins.setInt(5, attempts);
                        ins.setString(6, write(result));
                        ins.setLong(7, startedAt > 0 ? startedAt : now);
                        ins.setLong(8, now);
                        ins.executeUpdate();
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE octane_request SET state = ?, updated_at = ? WHERE request_id = ?")) {
                st.setString(1, write(Map.of("ids", ids)));
                st.setLong(2, now);
                st.setString(3, requestId);
                st.executeUpdate();
            }
            if (orderId != null) {
                try (PreparedStatement o = c.prepareStatement(
                        "INSERT INTO octane_order (order_id, request_id, status, submitted_at, next_poll_at, poll_count) VALUES (?,?,?,?,?,0)")) {
                    o.setString(1, orderId);
                    o.setString(2, requestId);
                    o.setString(3, ORDER_PENDING);
                    o.setLong(4, now);
                    o.setLong(5, firstPollAt);
                    o.executeUpdate();
                }
            }
            if (also != null) {
                also.write(c);
            }
        });
    }

    // ---------------------------------------------------------------- orders

    private static final String ORDER_COLUMNS = "SELECT order_id, request_id, status, octane_status, error_message, result, submitted_at,"
            + " next_poll_at, last_polled_at, poll_count, unreadable_count";

    public Optional<OrderRecord> order(String orderId) {
        List<OrderRecord> list = queryOrders(ORDER_COLUMNS + " FROM octane_order WHERE order_id = ?",
                ps -> ps.setString(1, orderId));
        return list.stream().findFirst();
    }

    /** The orders a request made, in the order it made them. */
    public List<OrderRecord> orders(String requestId) {
        return queryOrders(ORDER_COLUMNS + " FROM octane_order WHERE request_id = ? ORDER BY submitted_at, order_id", ps -> ps.setString(1, requestId));
    }

    /** The orders due for a poll, oldest due first; reads only due rows (index octane_order_due). */
    public List<OrderRecord> dueOrders(long now, int limit) {
        return queryOrders(ORDER_COLUMNS + " FROM octane_order WHERE status = 'PENDING' AND next_poll_at <= ? ORDER BY next_poll_at, order_id FETCH FIRST " + limit + " ROWS ONLY",
                ps -> ps.setLong(1, now));
    }

    /**
     * Claims a due order for one poll: moves its next_poll_at forward before the query is sent
     * (by the minimum interval plus the read timeout, so that even if this instance dies with
     * the query in flight the next one is at least an interval after it was sent). Only one
     * claimer (thread or instance) can win (rule R1).
     */
    public boolean claimPoll(String orderId, long expectedNextPollAt, long now, long nextPollAt) {
        return update("UPDATE octane_order SET next_poll_at = ?, last_polled_at = ?, poll_count = poll_count + 1"
                + " WHERE order_id = ? AND status = 'PENDING' AND next_poll_at = ?", ps -> {
            ps.setLong(1, nextPollAt);
            ps.setLong(2, now);
            ps.setString(3, orderId);
            ps.setLong(4, expectedNextPollAt);
        }) == 1;
    }

    /** Records what a query learnt; the next query is due one interval after this one was answered. */
    public void updateOrder(String orderId, String status, String octaneStatus, String errorMessage, Map<String, Object> result,
                            long nextPollAt) {
        updateOrder(orderId, status, octaneStatus, errorMessage, result, nextPollAt, null);
    }

    /** As above; {@code also} (the record of the order-status event, or null) commits with it. */
    public void updateOrder(String orderId, String status, String octaneStatus, String errorMessage, Map<String, Object> result,
                            long nextPollAt, AlsoWrite also) {
        transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE octane_order SET status = ?, octane_status = ?, error_message = ?,"
                    + " result = ?, next_poll_at = ?, unreadable_count = 0 WHERE order_id = ?")) {
                ps.setString(1, status);
                ps.setString(2, octaneStatus);
                ps.setString(3, truncate(errorMessage));
                ps.setString(4, result == null ? null : write(result));
                ps.setLong(5, nextPollAt);
                ps.setString(6, orderId);
                ps.executeUpdate();
            }
            if (also != null) {
                also.write(c);
            }
        });
    }

    /** The flow of a request, without reading its params and state; empty when it is unknown. */
    public Optional<String> flowOf(String requestId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT flow FROM octane_request WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts an answer to a read of the order that could not be read; returns how many in a row. */
    public int recordUnreadable(String orderId, long nextPollAt) {
        update("UPDATE octane_order SET unreadable_count = unreadable_count + 1, next_poll_at = ? WHERE order_id = ? AND status = 'PENDING'", ps -> {
            ps.setLong(1, nextPollAt);
            ps.setString(2, orderId);
        });
        return order(orderId).map(OrderRecord::unreadableCount).orElse(0);
    }

    /** The poller gives up on the order: it is no longer due, and its request parks with the reason. */
    public void markStuck(String orderId, String reason) {
        update("UPDATE octane_order SET status = 'STUCK', error_message = ? WHERE order_id = ? AND status = 'PENDING'", ps -> {
            ps.setString(1, truncate(reason));
            ps.setString(2, orderId);
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** One statement in its own transaction; returns the rows it changed. */
    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("journal write failed: " + e.getMessage(), e);
        }
    }

    private List<OrderRecord> queryOrders(String sql, Binder binder) {
        List<OrderRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String result = rs.getString(6);
                    out.add(new OrderRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            result == null ? null : read(result), rs.getLong(7), rs.getLong(8),
                            (Long) rs.getObject(9, Long.class), rs.getInt(10), rs.getInt(11)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> read(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    /** A request; {@code client} the HTTP client it belongs to (null: an operator's to read), {@code leaseOwner} the instance running it. */
    public record RequestRecord(String requestId, String flow, String status, String intake, Map<String, Object> params,
                                Map<String, Object> state, String errorCode, String errorMessage, Long retryAt,
                                long createdAt, long updatedAt, String client, String leaseOwner) {
    }

    public record StepRecord(String step, String operation, String status, int attempts, Map<String, Object> result,
                             long startedAt, Long finishedAt) {
    }

    public record OrderRecord(String orderId, String requestId, String status, String octaneStatus, String errorMessage,
                              Map<String, Object> result, long submittedAt, long nextPollAt, Long lastPolledAt, int pollCount,
                              int unreadableCount) {
    }
}
