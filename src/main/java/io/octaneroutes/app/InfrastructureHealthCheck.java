package io.octaneroutes.app;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness (not liveness) of what this instance shares with the others: the database
 * (journal, order store, rate budgets, Quartz) and the broker. {@code /observe/health/ready}
 * is DOWN while either cannot be reached, so Kubernetes routes no HTTP intake to an instance
 * that could not journal it; the instance is not restarted for it (liveness stays UP), it
 * recovers when they are back. Camel's health registry picks the bean up from the registry.
 */
public final class InfrastructureHealthCheck extends AbstractHealthCheck {
    private final DataSource database;
    private final ConnectionFactory broker;

    public InfrastructureHealthCheck(DataSource database, ConnectionFactory broker) {
        super("octane", "infrastructure");
        this.database = database;
        this.broker = broker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        try (Connection c = database.getConnection()) {
            if (!c.isValid(2)) {
                builder.down().message("the database does not answer");
                return;
            }
        } catch (Exception e) {
            builder.down().message("the database cannot be reached: " + e.getMessage());
            return;
        }
        try (jakarta.jms.Connection c = broker.createConnection()) {
            c.getMetaData();
        } catch (Exception e) {
            builder.down().message("the broker cannot be reached: " + e.getMessage());
        }
    }
}
