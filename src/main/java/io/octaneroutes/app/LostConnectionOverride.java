package io.octaneroutes.app;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells HikariCP that a connection whose database went away is dead. Hikari evicts a connection
 * on its own only for SQLStates of class 08 (connection exceptions); H2 reports a database
 * that closed or restarted under a {@code jdbc:h2:tcp:} connection with its own codes (90121
 * "database is already closed", 90067 "connection is broken"), so such connections went back
 * into the pool and every later use failed the same way: the journal never recovered from a
 * database restart (found by HealthChecksIT). PostgreSQL's 08xxx states are evicted by Hikari
 * itself; everything else is left to Hikari's own rules.
 */
public final class LostConnectionOverride implements SQLExceptionOverride {
    private static final int H2_DATABASE_CLOSED = 90121;
    private static final int H2_CONNECTION_BROKEN = 90067;
    private static final int H2_DATABASE_IS_CLOSED = 90098;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == H2_DATABASE_CLOSED || s.getErrorCode() == H2_CONNECTION_BROKEN
                    || s.getErrorCode() == H2_DATABASE_IS_CLOSED)) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
