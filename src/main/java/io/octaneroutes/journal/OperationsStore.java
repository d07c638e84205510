package io.octaneroutes.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.octaneroutes.journal.Journal.RequestRecord;

/**
 * What operators look at and change beside the journal proper (issue 14): the events of each
 * request (its timeline), the audit trail of their actions, the request list with its filters,
 * and the few state changes an action makes. Same database and JSON as the {@link Journal}.
 */
public class OperationsStore {
    /** The columns a request list may be sorted by, by the name the API uses. */
    public static final Map<String, String> SORTS = Map.of("createdAt", "created_at", "updatedAt", "updated_at",
            "requestId", "request_id", "status", "status", "flow", "flow");

    private final DataSource dataSource;
    private final Journal journal;

    public OperationsStore(Journal journal) {
        this.journal = journal;
        this.dataSource = journal.dataSource();
    }

    // ---------------------------------------------------------------- events

    /**
     * Keeps an event for the request's timeline and, with {@code relayOwner} (the instance's
     * EventRelay), as the outbox's row that relay publishes; null: kept only, published already.
     */
    public void recordEvent(String requestId, String type, long at, Map<String, Object> event, String relayOwner) {
        try (Connection c = dataSource.getConnection()) {
            recordEvent(c, requestId, type, at, event, relayOwner);
        } catch (SQLException e) {
            throw new IllegalStateException("journal write failed: " + e.getMessage(), e);
        }
    }

    /** As above, on the caller's connection: it commits with the caller's transaction. */
    public void recordEvent(Connection c, String requestId, String type, long at, Map<String, Object> event, String relayOwner)
            throws SQLException {
        String body = journal.write(event);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO octane_event (request_id, type, at, body, relay_owner, relay_since) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, requestId);
            ps.setString(2, type);
            ps.setLong(3, at);
            ps.setString(4, body.length() <= 100_000 ? body : journal.write(Map.of("type", type, "truncated", true)));
            ps.setString(5, relayOwner);
            if (relayOwner == null) {
                ps.setNull(6, java.sql.Types.BIGINT);
            } else {
                ps.setLong(6, at);
            }
            ps.executeUpdate();
        }
    }

    /** Events journaled and not yet published by a relay (of any instance). */
    public long unpublishedEvents() {
        long[] n = {0};
        query("SELECT COUNT(*) FROM octane_event WHERE relay_owner IS NOT NULL", ps -> { }, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    /** A request's events, in the order they happened. */
    public List<Map<String, Object>> events(String requestId) {
        List<Map<String, Object>> out = new ArrayList<>();
        query("SELECT body FROM octane_event WHERE request_id = ? ORDER BY seq", ps -> ps.setString(1, requestId),
                rs -> out.add(journal.read(rs.getString(1))));
        return out;
    }

    // ---------------------------------------------------------------- audit

    /** One operator action on a request: who, why, and what came of it. */
    public record AuditEntry(long at, String actor, String action, String reason, String result) {
    }

    public void audit(String requestId, String actor, String action, String reason, String result) {
        update("INSERT INTO octane_audit (request_id, at, actor, action, reason, result) VALUES (?,?,?,?,?,?)", ps -> {
            ps.setString(1, requestId);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, actor);
            ps.setString(4, action);
            ps.setString(5, cut(reason));
            ps.setString(6, cut(result));
        });
    }

    public List<AuditEntry> auditTrail(String requestId) {
        List<AuditEntry> out = new ArrayList<>();
        query("SELECT at, actor, action, reason, result FROM octane_audit WHERE request_id = ? ORDER BY seq", ps -> ps.setString(1, requestId),
                rs -> out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))));
        return out;
    }

    // ---------------------------------------------------------------- the request list

    /** Filters of the request list; null or empty means "any". {@code text} is a part of the requestId. */
    public record Filter(List<String> statuses, String flow, Long createdBefore, Long createdAfter, String text,
                         String sort, boolean descending, int page, int size) {
    }

    public record Page(List<RequestRecord> items, long total) {
    }

    public Page list(Filter f) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.statuses() != null && !f.statuses().isEmpty()) {
            where.append(" AND status IN (").append("?,".repeat(f.statuses().size()), 0, f.statuses().size() * 2 - 1).append(')');
            args.addAll(f.statuses());
        }
        if (f.flow() != null && !f.flow().isBlank()) {
            where.append(" AND flow = ?");
            args.add(f.flow());
        }
        if (f.createdBefore() != null) {
            where.append(" AND created_at < ?");
            args.add(f.createdBefore());
        }
        if (f.createdAfter() != null) {
            where.append(" AND created_at >= ?");
            args.add(f.createdAfter());
        }
        if (f.text() != null && !f.text().isBlank()) {
            // LIKE with its own escape: the requestId alphabet has no % or _ of its own but '_'
            where.append(" AND request_id LIKE ? ESCAPE '!'");
            args.add("%" + f.text().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        long[] total = {0};
        query("SELECT COUNT(*) FROM octane_request" + where, ps -> bind(ps, args), rs -> total[0] = rs.getLong(1));
        String order = SORTS.getOrDefault(f.sort(), "created_at") + (f.descending() ? " DESC" : " ASC") + ", request_id";
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add((long) f.page() * f.size());
        pageArgs.add(f.size());
        List<RequestRecord> items = new ArrayList<>();
        query(Journal.REQUEST_COLUMNS + " FROM octane_request" + where + " ORDER BY " + order + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                ps -> bind(ps, pageArgs), rs -> items.add(journal.request(rs)));
        return new Page(items, total[0]);
    }

    /** How many requests there are in each status. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        query("SELECT status, COUNT(*) FROM octane_request GROUP BY status ORDER BY status", ps -> {
        }, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** The poller's backlog: orders due now, and since when the oldest of them has been due. */
    public record Backlog(long due, Long oldestDueSince, long followed) {
    }

    public Backlog backlog(long now) {
        long[] n = {0, 0};
        Long[] oldest = {null};
        query("SELECT COUNT(*), MIN(next_poll_at) FROM octane_order WHERE status = 'PENDING' AND next_poll_at <= ?", ps -> ps.setLong(1, now), rs -> {
            n[0] = rs.getLong(1);
            oldest[0] = (Long) rs.getObject(2, Long.class);
        });
        query("SELECT COUNT(*) FROM octane_order WHERE status = 'PENDING'", ps -> {
        }, rs -> n[1] = rs.getLong(1));
        return new Backlog(n[0], oldest[0], n[1]);
    }

    // ---------------------------------------------------------------- what actions change

    /**
     * Makes a parked request runnable again (resume): its retries and automatic resumes start
     * over, and an order the poller gave up on is followed again from now. True when it was parked.
     */
    public boolean unpark(String requestId) {
        long now = System.currentTimeMillis();
        int changed = update("UPDATE octane_request SET status = 'ACCEPTED', error_code = NULL, error_message = NULL, retry_at = NULL,"
                + " park_count = 0, updated_at = ? WHERE request_id = ? AND status = 'PARKED'", ps -> {
            ps.setLong(1, now);
            ps.setString(2, requestId);
        });
        if (changed == 1) {
            update("UPDATE octane_order SET status = 'PENDING', unreadable_count = 0, next_poll_at = ? WHERE request_id = ? AND status = 'STUCK'", ps -> {
                ps.setLong(1, now);
                ps.setString(2, requestId);
            });
        }
        return changed == 1;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("journal write failed: " + e.getMessage(), e);
        }
    }

    private void query(String sql, Binder binder, Row row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
