package io.octaneroutes.app;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Readiness of the database (journal, order store, rate budgets, Quartz), {@code octane-database}:
 * a connection from the journal's pool that answers {@link Connection#isValid}. DOWN when the
 * pool gives none (within {@code health.timeout}) or it does not answer.
 */
final class DatabaseHealthCheck extends ReadinessCheck {
    private final DataSource database;
    private final int validSeconds;

    DatabaseHealthCheck(DataSource database, Duration timeout) {
        super("octane-database", timeout);
        this.database = database;
        this.validSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    String what() {
        return "the database";
    }

    @Override
    Verdict check() throws Exception {
        try (Connection c = database.getConnection()) {
            return c.isValid(validSeconds) ? Verdict.up(Map.of("database", c.getMetaData().getDatabaseProductName()))
                    : Verdict.down("the database does not answer (Connection.isValid)");
        }
    }
}
