package io.octaneroutes.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RateBudget} of one Octane account and web method, shared by every instance that
 * calls Octane with that account, in PostgreSQL (tables {@code octane_rate_budget} and
 * {@code octane_rate_slot}, migration V2). The semantics are {@link LocalRateBudget}'s: the
 * minute and hour windows at once, a slot held from sending until one window after its answer,
 * an announced wait holding back every caller of the method, on every instance.
 *
 * <p>Why not bucket4j's PostgreSQL backend: a token bucket refills continuously and lets a
 * full bucket's burst through at any moment, so it can put more calls than the budget into one
 * of Octane's windows, and it has no notion of a call in flight (held until its answer). The
 * two-window, held-until-answered rule is what makes the budget provably safe against Octane's
 * own counting (G-RL), so it is kept here, with a row lock per account and method.
 *
 * <ul>
 * <li>Every acquire locks its budget row ({@code SELECT ... FOR UPDATE}), so the cluster's
 * decisions for one method are taken one at a time; other methods do not contend.</li>
 * <li>Every time is the database's clock ({@code clock_timestamp()}, read after the lock):
 * instances' clocks may differ, the budget does not care.</li>
 * <li>A slot counts in a window of length W while {@code held_until > now - W}. While in
 * flight, {@code held_until} is the latest instant the call can still be running: its start
 * plus the lease (connect + read timeout + margin). A holder that dies without releasing
 * stops holding the budget then, plus one window, instead of leaking it forever.</li>
 * <li>A waiter sleeps exactly until the earliest instant a counted slot can stop counting (a
 * release never lowers the count: it only fixes when the slot stops counting), then looks
 * again; no polling loop, no notification needed.</li>
 * </ul>
 */
public final class SharedRateBudget implements RateBudget {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRateBudget.class);
    // floor, as System.currentTimeMillis(): a cast would round up to half a millisecond into the future
    private static final String DB_NOW = "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)";
    /** longest single sleep: a waiter looks again at least this often (changed limits, clock steps). */
    private static final long MAX_SLEEP_MILLIS = 10_000;
    /** how long acquire waits for an unreachable database before giving up. */
    private static final long DATABASE_WAIT_MILLIS = 30_000;

    private final DataSource dataSource;
    private final String account;
    private final String method;
    private final String holder;
    private final int perMinute;
    private final int perHour;
    private final long minuteMillis;
    private final long hourMillis;
    private final long leaseMillis;
    private final boolean unlimited;
    /** slots this instance holds, oldest first: release() gives back the oldest (any one is equivalent). */
    private final Deque<Long> held = new ConcurrentLinkedDeque<>();
    private final AtomicLong waits = new AtomicLong();

    /**
     * @param account     the hashed Octane account ({@link RateBudgets#accountKey}), never a password
     * @param holder      this instance, for operators reading the slot table
     * @param leaseMillis the longest a call can be in flight; a slot never released counts as answered then
     */
    public SharedRateBudget(DataSource dataSource, String account, String method, String holder, int perMinute, int perHour,
                            long minuteMillis, long hourMillis, long leaseMillis) {
        if (perMinute < 1 || perHour < 1) {
            throw new IllegalArgumentException("budget of " + method + " must allow at least one call per window");
        }
        this.dataSource = dataSource;
        this.account = account;
        this.method = method;
        this.holder = holder.length() > 120 ? holder.substring(0, 120) : holder;
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.minuteMillis = minuteMillis;
        this.hourMillis = hourMillis;
        this.leaseMillis = leaseMillis;
        this.unlimited = perMinute == Integer.MAX_VALUE && perHour == Integer.MAX_VALUE;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO octane_rate_budget (account, method, blocked_until) VALUES (?,?,0)"
                     + " ON CONFLICT (account, method) DO NOTHING")) {
            ps.setString(1, account);
            ps.setString(2, method);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("shared rate budget of " + method + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public int perMinute() {
        return perMinute;
    }

    @Override
    public int perHour() {
        return perHour;
    }

    @Override
    public void acquire() throws InterruptedException {
        boolean waited = false;
        long databaseDownSince = 0;
        while (true) {
            long wait;
            try {
                wait = unlimited ? blockedFor() : tryAcquire();
                databaseDownSince = 0;
            } catch (IllegalStateException e) {
                // nothing has been sent yet, so waiting for the database is safe; past the bound
                // the caller's own retry (a transient failure of the step) takes over
                long now = System.currentTimeMillis();
                if (databaseDownSince == 0) {
                    databaseDownSince = now;
                    LOG.warn("{}: the budget's database cannot be reached ({}); waiting for it up to {} ms", method,
                            e.getMessage(), DATABASE_WAIT_MILLIS);
                } else if (now - databaseDownSince > DATABASE_WAIT_MILLIS) {
                    throw e;
                }
                Thread.sleep(1000);
                continue;
            }
            if (wait <= 0) {
                if (waited) {
                    waits.incrementAndGet();
                }
                return;
            }
            waited = true;
            Thread.sleep(Math.min(wait, MAX_SLEEP_MILLIS));
        }
    }

    /** One decision under the budget row's lock: takes a slot (returns 0) or says how long to wait. */
    private long tryAcquire() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long wait = decide(c);
                c.commit();
                return wait;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("shared rate budget of " + method + ": " + e.getMessage(), e);
        }
    }

    private long decide(Connection c) throws SQLException {
        long blockedUntil;
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT blocked_until FROM octane_rate_budget WHERE account = ? AND method = ? FOR UPDATE")) {
            lock.setString(1, account);
            lock.setString(2, method);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("budget row of " + method + " is missing");
                }
                blockedUntil = rs.getLong(1);
            }
        }
        // the clock is read by this statement, after the lock was granted
        long now;
        int inMinute;
        int inHour;
        long minuteEnd;
        long hourEnd;
        try (PreparedStatement count = c.prepareStatement(
                "WITH t AS (SELECT " + DB_NOW + " AS now)"
                        + " SELECT t.now,"
                        + " COUNT(s.slot_id) FILTER (WHERE s.held_until > t.now - ?),"
                        + " COUNT(s.slot_id),"
                        + " MIN(LEAST(s.held_until, t.now)) FILTER (WHERE s.held_until > t.now - ?),"
                        + " MIN(LEAST(s.held_until, t.now))"
                        + " FROM t LEFT JOIN octane_rate_slot s ON s.account = ? AND s.method = ? AND s.held_until > t.now - ?"
                        + " GROUP BY t.now")) {
            count.setLong(1, minuteMillis);
            count.setLong(2, minuteMillis);
            count.setString(3, account);
            count.setString(4, method);
            count.setLong(5, hourMillis);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                now = rs.getLong(1);
                inMinute = rs.getInt(2);
                inHour = rs.getInt(3);
                minuteEnd = rs.getLong(4);
                hourEnd = rs.getLong(5);
            }
        }
        if (blockedUntil > now) {
            return blockedUntil - now;
        }
        boolean minuteFull = inMinute >= perMinute;
        boolean hourFull = inHour >= perHour;
        if (minuteFull || hourFull) {
            // the earliest a counted slot can stop counting: a released one one window after its
            // answer, one in flight one window after now at the soonest
            long wait = 0;
            if (minuteFull) {
                wait = minuteEnd + minuteMillis - now;
            }
            if (hourFull) {
                wait = Math.max(wait, hourEnd + hourMillis - now);
            }
            return Math.max(1, wait);
        }
        try (PreparedStatement take = c.prepareStatement(
                "INSERT INTO octane_rate_slot (account, method, holder, acquired_at, held_until) VALUES (?,?,?,?,?) RETURNING slot_id")) {
            take.setString(1, account);
            take.setString(2, method);
            take.setString(3, holder);
            take.setLong(4, now);
            take.setLong(5, now + leaseMillis);
            try (ResultSet rs = take.executeQuery()) {
                rs.next();
                held.addLast(rs.getLong(1));
            }
        }
        // slots that count in no window any more: keeps the table as small as the hour's calls
        try (PreparedStatement purge = c.prepareStatement(
                "DELETE FROM octane_rate_slot WHERE account = ? AND method = ? AND held_until <= ?")) {
            purge.setString(1, account);
            purge.setString(2, method);
            purge.setLong(3, now - Math.max(minuteMillis, hourMillis));
            purge.executeUpdate();
        }
        return 0;
    }

    /** How long an announced wait still holds callers back (0: none). */
    private long blockedFor() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT blocked_until - " + DB_NOW + " FROM octane_rate_budget WHERE account = ? AND method = ?")) {
            ps.setString(1, account);
            ps.setString(2, method);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(0, rs.getLong(1)) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("shared rate budget of " + method + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release() {
        if (unlimited) {
            return;
        }
        Long slot = held.pollFirst();
        if (slot == null) {
            return; // a release without an acquire: nothing is held
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE octane_rate_slot SET released_at = " + DB_NOW + ", held_until = " + DB_NOW
                     + " WHERE slot_id = ? RETURNING held_until - acquired_at")) {
            ps.setLong(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > leaseMillis) {
                    LOG.warn("a {} call was answered {} ms after it was sent, longer than the slot lease ({} ms): raise"
                            + " octane.rate-limit.slot-lease", method, rs.getLong(1), leaseMillis);
                }
            }
        } catch (SQLException e) {
            // the slot then counts as in flight until its lease runs out: later, never sooner
            LOG.warn("could not release a {} slot ({}); it counts until its lease runs out", method, e.getMessage());
        }
    }

    @Override
    public void blockFor(long millis) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE octane_rate_budget SET blocked_until = GREATEST(blocked_until, "
                     + DB_NOW + " + ?) WHERE account = ? AND method = ?")) {
            ps.setLong(1, millis);
            ps.setString(2, account);
            ps.setString(3, method);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("shared rate budget of " + method + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long waits() {
        return waits.get();
    }

    @Override
    public int usedThisHour() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM octane_rate_slot WHERE account = ? AND method = ?"
                     + " AND held_until > " + DB_NOW + " - ?")) {
            ps.setString(1, account);
            ps.setString(2, method);
            ps.setLong(3, hourMillis);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("shared rate budget of " + method + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Usage usage() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT"
                     + " (SELECT COUNT(*) FROM octane_rate_slot WHERE account = ? AND method = ? AND held_until > " + DB_NOW + " - ?),"
                     + " (SELECT COUNT(*) FROM octane_rate_slot WHERE account = ? AND method = ? AND held_until > " + DB_NOW + " - ?),"
                     + " (SELECT blocked_until FROM octane_rate_budget WHERE account = ? AND method = ?)")) {
            ps.setString(1, account);
            ps.setString(2, method);
            ps.setLong(3, minuteMillis);
            ps.setString(4, account);
            ps.setString(5, method);
            ps.setLong(6, hourMillis);
            ps.setString(7, account);
            ps.setString(8, method);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Usage(rs.getInt(1), rs.getInt(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("shared rate budget of " + method + ": " + e.getMessage(), e);
        }
    }
}
