package io.octaneroutes.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the events waiting in the journal's outbox ({@code octane_event} rows whose
 * {@code relay_owner} is this instance, migration V8) on the JMS topic and as one JSON file each
 * in the events folder, in batches, then marks them published.
 *
 * <p>Why a relay of our own rather than a Camel route per event (issue 15): an event used to be
 * a log line, a Jackson marshal, a file and a blocking persistent JMS send each, on the thread of
 * the step that caused it, after that step's commit; a crash between the two lost the event.
 * Now the event is a row of the step's own transaction, and one thread publishes what is
 * pending: one JMS transaction per batch (one broker round trip for up to {@code batch}
 * events), the body the journal already holds (no second marshal). The two commits must come in
 * this order, the broker's and then the journal's, which a transacted Camel route does not
 * give: a crash between them publishes the batch again on the next start, under the same file
 * names (a file is replaced, not doubled) and the same Artemis duplicate id
 * ({@code _AMQ_DUPL_ID}, the broker drops the second copy). So an event is published at least
 * once, never lost, and in practice once.
 *
 * <p>The thread is woken when a step's transaction commits ({@link #wake}), and looks on its own
 * every {@code POLL_MILLIS}. A row another instance left pending longer than
 * {@code takeoverAfterMillis} (flows.lease: that instance is dead, or has lost its broker) is
 * taken over; a single instance ({@code cluster.enabled} unset) takes over its earlier lives'
 * rows at start-up.
 */
public final class EventRelay extends ServiceSupport implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);
    /** org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final long POLL_MILLIS = 1000;
    private static final long TAKEOVER_CHECK_MILLIS = 10_000;
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final DataSource dataSource;
    private final ConnectionFactory broker;
    private final String topic;
    private final Path dir;
    private final String owner;
    private final long takeoverAfterMillis;
    private final boolean takeOverAllAtStart;
    private final int batch;
    private final Semaphore woken = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private Thread thread;
    private long nextTakeover;
    private boolean failing;

    /** after a failed batch: the next one goes one message at a time (see {@link #relayBatch}) */
    private boolean oneByOne;

    private Connection connection;
    private Session session;
    private MessageProducer producer;
    private Session plainSession;
    private MessageProducer plainProducer;

    /**
     * @param owner               this instance (the journal's lease owner), written on every event it records
     * @param takeoverAfterMillis how long another instance's event may stay pending before this one publishes it
     * @param single              this is the only instance: events its earlier lives left pending are published at start
     */
    public EventRelay(DataSource dataSource, ConnectionFactory broker, String topic, Path dir, String owner, long takeoverAfterMillis,
                      boolean single, int batch) {
        this.dataSource = dataSource;
        this.broker = broker;
        this.topic = topic;
        this.dir = dir;
        this.owner = owner;
        this.takeoverAfterMillis = takeoverAfterMillis;
        this.takeOverAllAtStart = single;
        this.batch = batch;
    }

    /** The instance the events it relays are recorded for. */
    public String owner() {
        return owner;
    }

    /** Events recorded by a transaction that has committed: publish them now. */
    public void wake() {
        woken.release();
    }

    /** Events this relay has published since it started. */
    public long published() {
        return published.get();
    }

    @Override
    protected void doStart() throws IOException {
        Files.createDirectories(dir);
        running = true;
        thread = new Thread(this, "octane-event-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes what is still pending (bounded), then closes its broker connection. */
    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        woken.release();
        if (thread != null) {
            thread.join(STOP_WAIT_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("the event relay did not finish within {} ms; what is left is published on the next start", STOP_WAIT_MILLIS);
                thread.interrupt();
            }
        }
    }

    @Override
    public void run() {
        boolean first = true;
        try {
            while (true) {
                boolean last = !running;
                try {
                    long now = System.currentTimeMillis();
                    if (now >= nextTakeover) {
                        takeOver(first && takeOverAllAtStart ? Long.MAX_VALUE : now - takeoverAfterMillis);
                        nextTakeover = now + TAKEOVER_CHECK_MILLIS;
                        first = false;
                    }
                    while (relayBatch() == batch) {
                        // a full batch: more may be waiting
                    }
                    if (failing) {
                        LOG.info("events are published again");
                        failing = false;
                    }
                } catch (SQLException | JMSException | IOException | RuntimeException e) {
                    closeBroker();
                    oneByOne = true;
                    if (duplicate(e)) {
                        LOG.info("a batch of events had been published before its journal mark was written (a crash or a lost"
                                + " connection): publishing it again one event at a time, the broker drops what it has");
                    } else if (!failing) {
                        // the events stay pending in the journal: nothing is lost, they go out once this clears
                        LOG.warn("could not publish events ({}); they stay in the journal and are published once this clears",
                                String.valueOf(e.getMessage()));
                        failing = true;
                    }
                }
                if (last) {
                    break;
                }
                if (woken.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    woken.drainPermits();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeBroker();
        }
    }

    private record Pending(long seq, String requestId, String type, long at, String body) {
        /** {@code <epoch-millis>-<sequence>-<requestId>-<type>.json}: a listing sorts as the events happened. */
        String fileName() {
            // String.format was a tenth of the relay's time (issue 15's profile)
            String time = Long.toString(at);
            String sequence = Long.toString(seq % 1_000_000);
            return "0".repeat(Math.max(0, 13 - time.length())) + time + "-" + "0".repeat(6 - sequence.length()) + sequence + "-" + requestId
                    + "-" + type + ".json";
        }
    }

    /** Publishes the oldest pending events of this instance, up to a batch; returns how many. */
    int relayBatch() throws SQLException, JMSException, IOException {
        List<Pending> rows = new ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, request_id, type, at, body FROM octane_event WHERE relay_owner = ?"
                     + " ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            ps.setString(1, owner);
            ps.setInt(2, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        // A batch is one JMS transaction. But Artemis rolls back a whole transaction in which
        // one message repeats a duplicate id it has seen, so after a failed batch the next goes
        // one message at a time, outside a transaction, where the broker drops just the copy.
        boolean single = oneByOne;
        MessageProducer out = single ? plainProducer() : producer();
        Session on = single ? plainSession : session;
        for (Pending event : rows) {
            String name = event.fileName();
            Path temp = dir.resolve(".writing-" + name);
            Files.writeString(temp, event.body(), StandardCharsets.UTF_8);
            Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            TextMessage message = on.createTextMessage(event.body());
            message.setStringProperty(DUPLICATE_ID, name);
            out.send(message);
        }
        if (!single) {
            session.commit();
        }
        try (java.sql.Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE octane_event SET relay_owner = NULL WHERE seq = ? AND relay_owner = ?")) {
            c.setAutoCommit(false);
            for (Pending event : rows) {
                ps.setLong(1, event.seq());
                ps.setString(2, owner);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
        published.addAndGet(rows.size());
        oneByOne = false;
        return rows.size();
    }

    /**
     * Takes over the pending events of instances that have held one since before
     * {@code before}, one owner at a time: the owner and the age are in the statement, and the
     * takeover sets {@code relay_since}, so two instances taking over at once do not take the
     * rows from each other (a row the other just took is neither the old owner's nor old).
     */
    private void takeOver(long before) throws SQLException {
        List<String> owners = new ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT relay_owner FROM octane_event WHERE relay_owner IS NOT NULL"
                     + " AND relay_owner <> ? AND relay_since < ?")) {
            ps.setString(1, owner);
            ps.setLong(2, before);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.add(rs.getString(1));
                }
            }
            for (String gone : owners) {
                try (PreparedStatement take = c.prepareStatement("UPDATE octane_event SET relay_owner = ?, relay_since = ?"
                        + " WHERE relay_owner = ? AND relay_since < ?")) {
                    take.setString(1, owner);
                    take.setLong(2, System.currentTimeMillis());
                    take.setString(3, gone);
                    take.setLong(4, before);
                    int n = take.executeUpdate();
                    if (n > 0) {
                        LOG.info("publishing {} events that instance {} left unpublished", n, gone);
                    }
                }
            }
        }
    }

    private MessageProducer producer() throws JMSException {
        if (producer == null) {
            connection = broker.createConnection();
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            producer = session.createProducer(session.createTopic(topic));
            connection.start();
        }
        return producer;
    }

    private MessageProducer plainProducer() throws JMSException {
        producer();
        if (plainProducer == null) {
            plainSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            plainProducer = plainSession.createProducer(plainSession.createTopic(topic));
        }
        return plainProducer;
    }

    private static boolean duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException) {
                return true;
            }
        }
        return false;
    }

    private void closeBroker() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                LOG.debug("closing the event relay's broker connection: {}", e.getMessage());
            }
        }
        connection = null;
        session = null;
        producer = null;
        plainSession = null;
        plainProducer = null;
    }
}
