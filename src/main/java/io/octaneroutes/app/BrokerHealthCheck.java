package io.octaneroutes.app;

import java.time.Duration;
import java.util.Map;

import jakarta.jms.ConnectionFactory;

/**
 * Readiness of the JMS broker (request and work queues, events), {@code octane-broker}: a new
 * connection from the broker's own factory (not the caching one the routes share, which would
 * hand out its open connection) that answers for its metadata.
 */
final class BrokerHealthCheck extends ReadinessCheck {
    private final ConnectionFactory broker;

    BrokerHealthCheck(ConnectionFactory broker, Duration timeout) {
        super("octane-broker", timeout);
        this.broker = broker;
    }

    @Override
    String what() {
        return "the broker";
    }

    @Override
    Verdict check() throws Exception {
        try (jakarta.jms.Connection c = broker.createConnection()) {
            return Verdict.up(Map.of("broker", c.getMetaData().getJMSProviderName()));
        }
    }
}
