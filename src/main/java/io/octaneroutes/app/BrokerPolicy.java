package io.octaneroutes.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * What the broker does with a message of the request queue ({@code intake.queue}) or the work
 * queue ({@value #WORK_QUEUE}) whose consumer rolled back: redeliver it after
 * {@code broker.redelivery-delay} (growing by {@code broker.redelivery-multiplier} up to
 * {@code broker.max-redelivery-delay}), at most {@code broker.max-delivery-attempts} deliveries,
 * then move it to {@code broker.dead-letter-address} (queue {@code DLQ.<queue>} there) instead
 * of dropping it.
 *
 * <p>In Artemis these are address settings, kept by the broker, not by its clients: the
 * embedded broker gets them in its configuration; an external broker gets them from its
 * broker.xml (README, "Scaling out"), or, with {@code broker.apply-address-settings=true} and
 * a broker user allowed to {@code manage}, from this application over Artemis's management
 * API at start-up ({@code addAddressSettings}, persisted by the broker).
 */
public record BrokerPolicy(long redeliveryDelayMillis, double redeliveryMultiplier, long maxRedeliveryDelayMillis,
                           int maxDeliveryAttempts, String deadLetterAddress) {
    /** the queue of work handed from intake to the flows (competing consumers on every instance). */
    public static final String WORK_QUEUE = "octane.work";
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    /** message-group buckets of the work queue (Artemis default-group-buckets). */
    static final int GROUP_BUCKETS = 1024;

    public static BrokerPolicy from(Settings settings) {
        Duration delay = settings.duration("broker.redelivery-delay", "1s");
        Duration max = settings.duration("broker.max-redelivery-delay", "60s");
        double multiplier = Double.parseDouble(settings.get("broker.redelivery-multiplier", "2"));
        int attempts = settings.getInt("broker.max-delivery-attempts", 10);
        if (attempts < 1 || multiplier < 1 || max.compareTo(delay) < 0) {
            throw new IllegalStateException("broker.max-delivery-attempts must be at least 1, broker.redelivery-multiplier at"
                    + " least 1 and broker.max-redelivery-delay at least broker.redelivery-delay");
        }
        return new BrokerPolicy(delay.toMillis(), multiplier, max.toMillis(), attempts, settings.get("broker.dead-letter-address", "DLQ"));
    }

    /** The two queues this policy is for, by address name (Artemis maps a JMS queue to the address of the same name). */
    public static Map<String, BrokerPolicy> byQueue(Settings settings) {
        BrokerPolicy policy = from(settings);
        Map<String, BrokerPolicy> queues = new LinkedHashMap<>();
        queues.put(settings.get("intake.queue", "octane.requests"), policy);
        queues.put(settings.get("flows.work-queue", WORK_QUEUE), policy);
        return queues;
    }

    public AddressSettings addressSettings() {
        return new AddressSettings()
                .setRedeliveryDelay(redeliveryDelayMillis)
                .setRedeliveryMultiplier(redeliveryMultiplier)
                .setMaxRedeliveryDelay(maxRedeliveryDelayMillis)
                .setMaxDeliveryAttempts(maxDeliveryAttempts)
                .setDeadLetterAddress(SimpleString.of(deadLetterAddress))
                .setAutoCreateDeadLetterResources(true)
                // the work queue's message groups (one per requestId) hashed into a bounded number of
                // buckets: the broker's group table does not grow with every request ever run
                .setDefaultGroupBuckets(GROUP_BUCKETS);
    }

    /**
     * Sets the settings on an external broker over its management API; fails with the broker's
     * own reason (typically: the user may not {@code manage}).
     */
    public static void applyRemotely(ActiveMQConnectionFactory factory, Map<String, BrokerPolicy> queues) throws Exception {
        try (QueueConnection connection = factory.createQueueConnection()) {
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue management = ActiveMQJMSClient.createQueue(MANAGEMENT_ADDRESS);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageProducer producer = session.createProducer(management);
            MessageConsumer consumer = session.createConsumer(replies);
            connection.start();
            for (Map.Entry<String, BrokerPolicy> q : queues.entrySet()) {
                Message m = session.createMessage();
                JMSManagementHelper.putOperationInvocation(m, ResourceNames.BROKER, "addAddressSettings", q.getKey(),
                        q.getValue().addressSettings().toJSON());
                m.setJMSReplyTo(replies);
                producer.send(m);
                Message reply = consumer.receive(10_000);
                if (reply == null) {
                    throw new IllegalStateException("the broker did not answer the management request for " + q.getKey());
                }
                if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                    throw new IllegalStateException("the broker refused the address settings of " + q.getKey() + ": "
                            + JMSManagementHelper.getResult(reply));
                }
            }
        }
    }

    /** The settings as read back from a broker's management API (for tests and operators). */
    public static String remoteSettingsJson(ActiveMQConnectionFactory factory, String address) throws Exception {
        try (QueueConnection connection = factory.createQueueConnection()) {
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            connection.start();
            Message m = session.createMessage();
            JMSManagementHelper.putOperationInvocation(m, ResourceNames.BROKER, "getAddressSettingsAsJSON", address);
            m.setJMSReplyTo(replies);
            session.createProducer(ActiveMQJMSClient.createQueue(MANAGEMENT_ADDRESS)).send(m);
            Message reply = consumer.receive(10_000);
            if (reply == null || !JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("could not read the address settings of " + address);
            }
            return String.valueOf(JMSManagementHelper.getResult(reply));
        }
    }
}
