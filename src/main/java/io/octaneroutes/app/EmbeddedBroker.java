package io.octaneroutes.app;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The embedded Artemis broker used when {@code broker.url} is unset: persistent (messages
 * survive a restart), in-VM for this process, and on 127.0.0.1:{@code broker.port} for
 * local tools when that port is not 0. A message that keeps failing ends in {@code DLQ}
 * rather than being dropped.
 */
public class EmbeddedBroker extends ServiceSupport {
    private final String dataDir;
    private final String vmId;
    private final int tcpPort;
    private EmbeddedActiveMQ server;
    private java.util.Map<String, AddressSettings> queueSettings = java.util.Map.of();

    public EmbeddedBroker(String dataDir, String vmId, int tcpPort) {
        this.dataDir = dataDir;
        this.vmId = vmId;
        this.tcpPort = tcpPort;
    }

    /** Address settings of named queues (redelivery, dead-letter address: {@link BrokerPolicy}), set before start. */
    public void setQueueSettings(java.util.Map<String, AddressSettings> queueSettings) {
        this.queueSettings = java.util.Map.copyOf(queueSettings);
    }

    public String clientUrl() {
        return "vm://" + vmId;
    }

    /**
     * Artemis' own deserialization lists (JVM-wide system properties, read by every
     * ObjectInputStreamWithClassLoader, the broker's and the clients'): deny every class, so no
     * ObjectMessage body is ever turned back into objects in this process (issue 12). An operator
     * who sets them on the command line keeps theirs.
     */
    static void denyDeserialization() {
        if (System.getProperty(DENY_LIST) == null && System.getProperty(ALLOW_LIST) == null) {
            System.setProperty(DENY_LIST, "*");
        }
    }

    static final String DENY_LIST = "org.apache.activemq.artemis.jms.deserialization.denylist";
    static final String ALLOW_LIST = "org.apache.activemq.artemis.jms.deserialization.allowlist";

    @Override
    protected void doStart() throws Exception {
        denyDeserialization();
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir + "/journal")
                .setBindingsDirectory(dataDir + "/bindings")
                .setLargeMessagesDirectory(dataDir + "/large-messages")
                .setPagingDirectory(dataDir + "/paging")
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", "vm://" + vmId);
        if (tcpPort > 0) {
            config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + tcpPort);
        }
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateExpiryResources(true)
                .setAutoCreateDeadLetterResources(true)
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000));
        queueSettings.forEach(config::addAddressSetting);
        server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
