package io.octaneroutes.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

import io.octaneroutes.app.EmbeddedBroker;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.OperationsStore;
import io.octaneroutes.it.TestDatabase;

/**
 * The events' outbox: an event recorded in a journal transaction is published on the topic and
 * as a file once that transaction committed, never when it rolled back; while the broker
 * refuses, events wait in the journal; a batch published twice (its journal mark lost) leaves
 * one file and one message; another instance's events are taken over only once it left them
 * pending past the takeover age, a single instance's earlier lives' at once, and by exactly one of
 * two instances that take over at the same moment. On H2 and PostgreSQL.
 */
@ParameterizedClass(name = "on {0}")
@FieldSource("io.octaneroutes.it.TestDatabase#VENDORS")
class EventRelayTest {
    private static final String TOPIC = "octane.events.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String vendor;
    private TestDatabase db;
    private EmbeddedBroker broker;
    private ActiveMQConnectionFactory factory;
    private jakarta.jms.Connection subscriber;
    private MessageConsumer topic;
    private Journal journal;
    private OperationsStore store;
    private Path dir;
    private EventRelay relay;

    EventRelayTest(String vendor) {
        this.vendor = vendor;
    }

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker(Files.createTempDirectory("octane-relay-broker").toString(), "relay-test", 0);
        broker.start();
        factory = new ActiveMQConnectionFactory(broker.clientUrl());
        subscriber = factory.createConnection();
        Session s = subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE);
        topic = s.createConsumer(s.createTopic(TOPIC));
        subscriber.start();
        db = TestDatabase.fresh(vendor, "relay");
        journal = new Journal(db.pool("instance-1"), JSON);
        journal.createSchema();
        store = new OperationsStore(journal);
        dir = Files.createTempDirectory("octane-relay-outbox");
    }

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.stop();
        }
        subscriber.close();
        factory.close();
        broker.stop();
        db.close();
    }

    private EventRelay relay(ConnectionFactory to, String owner, boolean single) {
        EventRelay r = new EventRelay(journal.dataSource(), to, TOPIC, dir, owner, 30_000, single, 200);
        r.start();
        return r;
    }

    @Test
    void aStepsEventIsPublishedOnceOnTheTopicAndAsAFileWhenItsTransactionCommits() throws Exception {
        relay = relay(factory, "me", false);
        Events events = new Events(store, relay);
        journal.accept("r-1", "mobile.change.plan", Map.of(), "http");
        Events.Prepared done = events.prepare("completed", journal.loadState("r-1"), null, Map.of("orderId", "o-1"));
        journal.complete("r-1", Map.of(), c -> events.record(c, done));
        events.publish(done);

        TextMessage message = (TextMessage) topic.receive(10_000);
        assertThat(message).as("the event on the topic").isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(message.getText(), Map.class);
        assertThat(body).containsEntry("type", "completed").containsEntry("requestId", "r-1").containsEntry("orderId", "o-1");
        assertThat(files()).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).matches("\\d{13}-\\d{6}-r-1-completed\\.json");
            assertThat(JSON.readValue(Files.readString(f), Map.class)).isEqualTo(body);
        });
        await().until(() -> pending() == 0);
        assertThat(topic.receive(500)).as("published once").isNull();
        assertThat(store.events("r-1")).containsExactly(body);
    }

    @Test
    void anEventWhoseTransactionRolledBackIsNeverPublished() throws Exception {
        relay = relay(factory, "me", false);
        Events events = new Events(store, relay);
        journal.accept("r-2", "mobile.change.plan", Map.of(), "http");
        Events.Prepared lost = events.prepare("completed", journal.loadState("r-2"), null, Map.of());
        assertThatThrownBy(() -> journal.complete("r-2", Map.of(), c -> {
            events.record(c, lost);
            throw new SQLException("disk full");
        })).hasMessageContaining("disk full");
        events.publish(lost);
        events.emit("failed", "r-2", "mobile.change.plan", null, Map.of(), Map.of("errorCode", "X"));

        TextMessage message = (TextMessage) topic.receive(10_000);
        assertThat(message.getText()).contains("\"failed\"");
        assertThat(files()).extracting(f -> f.getFileName().toString()).singleElement().asString().endsWith("-r-2-failed.json");
        assertThat(topic.receive(500)).isNull();
    }

    @Test
    void whileTheBrokerRefusesEventsWaitInTheJournalAndArePublishedWhenItIsBack() throws Exception {
        AtomicBoolean refusing = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        ConnectionFactory flaky = new ActiveMQConnectionFactory(broker.clientUrl()) {
            @Override
            public jakarta.jms.Connection createConnection() throws JMSException {
                attempts.incrementAndGet();
                if (refusing.get()) {
                    throw new JMSException("broker unreachable (test)");
                }
                return super.createConnection();
            }
        };
        relay = relay(flaky, "me", false);
        Events events = new Events(store, relay);
        events.emit("accepted", "r-3", "mobile.change.plan", null, Map.of(), Map.of("intake", "http"));
        await().until(() -> attempts.get() >= 1);
        assertThat(pending()).as("kept in the journal").isEqualTo(1);
        assertThat(topic.receiveNoWait()).isNull();

        refusing.set(false);
        relay.wake();
        TextMessage message = (TextMessage) topic.receive(10_000);
        assertThat(message).as("published once the broker took it").isNotNull();
        assertThat(message.getText()).contains("\"r-3\"");
        await().until(() -> pending() == 0);
    }

    @Test
    void aBatchPublishedAgainAfterItsJournalMarkWasLostLeavesOneFileAndOneMessage() throws Exception {
        relay = relay(factory, "me", false);
        Events events = new Events(store, relay);
        events.emit("accepted", "r-4", "mobile.change.plan", null, Map.of(), Map.of("intake", "http"));
        assertThat(topic.receive(10_000)).isNotNull();
        await().until(() -> pending() == 0 && relay.published() == 1);

        // as if the instance died between the broker's commit and the journal's
        update("UPDATE octane_event SET relay_owner = 'me'");
        relay.wake();
        await().until(() -> relay.published() == 2 && pending() == 0);
        assertThat(files()).hasSize(1);
        assertThat(topic.receive(1_000)).as("the broker dropped the second copy (duplicate id)").isNull();
    }

    @Test
    void anotherInstancesEventsAreTakenOverOnlyOnceLeftPendingLongerThanTheTakeoverAge() throws Exception {
        long now = System.currentTimeMillis();
        insertPending("r-dead", "dead-instance", now - 60_000);
        insertPending("r-alive", "live-instance", now);
        relay = relay(factory, "me", false);

        TextMessage message = (TextMessage) topic.receive(10_000);
        assertThat(message.getText()).contains("r-dead");
        await().until(() -> ownerOf("r-dead") == null);
        assertThat(ownerOf("r-alive")).as("a live instance's recent event stays its own").isEqualTo("live-instance");
        assertThat(topic.receive(500)).isNull();
    }

    @Test
    void aSingleInstancePublishesWhatItsEarlierLivesLeftPendingAtStart() throws Exception {
        insertPending("r-before", "earlier-life", System.currentTimeMillis());
        relay = relay(factory, "me", true);

        TextMessage message = (TextMessage) topic.receive(10_000);
        assertThat(message).isNotNull();
        assertThat(message.getText()).contains("r-before");
        await().until(() -> ownerOf("r-before") == null);
        assertThat(files()).hasSize(1);
    }

    @Test
    void twoInstancesTakingOverADeadOnesEventsAtOnceEachPublishDifferentOnes() throws Exception {
        long old = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < 50; i++) {
            insertPending("r-orphan-" + i, "dead-instance", old);
        }
        Path otherDir = Files.createTempDirectory("octane-relay-outbox-2");
        Journal second = new Journal(db.pool("instance-2"), JSON);
        relay = relay(factory, "instance-1", false);
        EventRelay other = new EventRelay(second.dataSource(), factory, TOPIC, otherDir, "instance-2", 30_000, false, 200);
        other.start();
        try {
            await().until(() -> pending() == 0);
            java.util.Set<String> mine = new java.util.HashSet<>(names(dir));
            java.util.Set<String> theirs = new java.util.HashSet<>(names(otherDir));
            assertThat(mine.size() + theirs.size()).as("each event published by one of them").isEqualTo(50);
            java.util.Set<String> both = new java.util.HashSet<>(mine);
            both.retainAll(theirs);
            assertThat(both).as("published by both").isEmpty();
            assertThat(relay.published() + other.published()).isEqualTo(50);
        } finally {
            other.stop();
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
    }

    private void insertPending(String requestId, String owner, long at) {
        Map<String, Object> body = Events.body("accepted", requestId, "mobile.change.plan", null, java.time.Instant.ofEpochMilli(at),
                Map.of(), Map.of());
        store.recordEvent(requestId, "accepted", at, body, owner);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    private int pending() throws SQLException {
        try (Connection c = journal.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM octane_event WHERE relay_owner IS NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String ownerOf(String requestId) throws SQLException {
        try (Connection c = journal.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT relay_owner FROM octane_event WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection c = journal.dataSource().getConnection()) {
            c.createStatement().executeUpdate(sql);
        }
    }
}
