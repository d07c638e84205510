package io.octaneroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker applies {@link BrokerPolicy} to the work queue: a message whose
 * consumer keeps rolling back is redelivered after the delay, at most max-delivery-attempts
 * times, and then waits in the dead-letter address's queue {@code DLQ.octane.work}.
 */
class BrokerPolicyTest {
    private EmbeddedBroker broker;
    private ActiveMQConnectionFactory factory;

    @BeforeEach
    void start() throws Exception {
        Path dir = Files.createTempDirectory("octane-broker-policy");
        broker = new EmbeddedBroker(dir.toString(), "policy-test", 0);
        BrokerPolicy policy = new BrokerPolicy(200, 1, 200, 3, "DLQ");
        broker.setQueueSettings(Map.of(BrokerPolicy.WORK_QUEUE, policy.addressSettings()));
        broker.start();
        factory = new ActiveMQConnectionFactory(broker.clientUrl());
    }

    @AfterEach
    void stop() throws Exception {
        factory.close();
        broker.stop();
    }

    @Test
    void aMessageRolledBackMaxDeliveryAttemptsTimesGoesToTheDeadLetterQueue() throws Exception {
        try (Connection c = factory.createConnection()) {
            c.start();
            Session producer = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer.createProducer(producer.createQueue(BrokerPolicy.WORK_QUEUE)).send(producer.createTextMessage("work-1"));

            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(tx.createQueue(BrokerPolicy.WORK_QUEUE));
            long last = 0;
            for (int delivery = 1; delivery <= 3; delivery++) {
                Message m = consumer.receive(5_000);
                assertThat(m).as("delivery %d", delivery).isNotNull();
                assertThat(m.getIntProperty("JMSXDeliveryCount")).isEqualTo(delivery);
                long now = System.currentTimeMillis();
                if (last > 0) {
                    assertThat(now - last).as("redelivery delay").isGreaterThanOrEqualTo(180);
                }
                last = now;
                tx.rollback();
            }
            assertThat(consumer.receive(1_000)).as("no fourth delivery").isNull();

            Session dlq = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message dead = dlq.createConsumer(dlq.createQueue("DLQ::DLQ." + BrokerPolicy.WORK_QUEUE)).receive(5_000);
            assertThat(dead).isNotNull();
            assertThat(((TextMessage) dead).getText()).isEqualTo("work-1");
        }
        JsonNode settings = new ObjectMapper().readTree(BrokerPolicy.remoteSettingsJson(factory, BrokerPolicy.WORK_QUEUE));
        assertThat(settings.path("maxDeliveryAttempts").asInt()).isEqualTo(3);
    }
}
