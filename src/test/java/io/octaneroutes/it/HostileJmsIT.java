package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.jms.JmsComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;

/**
 * The JMS intake against every kind of JMS message (issue 12, items 2, 5 and 7): only a
 * TextMessage or a BytesMessage is read; an ObjectMessage (of JSON text, of an unknown class, a
 * nested-HashSet bomb), a StreamMessage, a MapMessage and a plain Message each go to the error
 * queue with a reason on their first delivery, without their body being deserialized or read,
 * and nothing is dead-lettered; no ObjectMessage can be deserialized in this process at all.
 */
class HostileJmsIT {
    static TestApp app;
    static ConnectionFactory factory;

    /** A class that notices being deserialized. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean TRIPPED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            TRIPPED.set(true);
            in.defaultReadObject();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(Map.of("octane.simulator.esim-stock", "50"));
        // the broker's own factory: the app's caching one shares a connection whose close() does nothing
        factory = ((org.springframework.jms.connection.CachingConnectionFactory) app.context().getComponent("jms", JmsComponent.class)
                .getConnectionFactory()).getTargetConnectionFactory();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void everyKindButTextAndBytesIsRefusedOnFirstDeliveryWithoutBeingRead() throws Exception {
        Map<String, String> kinds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("octane.requests"));
            send(p, s.createObjectMessage(TestApp.esimRequest("h-obj-json", 554433, 23371, false)), "object-json", kinds, "ObjectMessage");
            send(p, s.createObjectMessage(new Tripwire()), "object-tripwire", kinds, "ObjectMessage");
            send(p, s.createObjectMessage((Serializable) hashSetBomb()), "object-bomb", kinds, "ObjectMessage");
            StreamMessage stream = s.createStreamMessage();
            stream.writeString(TestApp.esimRequest("h-stream", 554433, 23371, false));
            send(p, stream, "stream", kinds, "StreamMessage");
            MapMessage map = s.createMapMessage();
            map.setString("requestId", "h-map");
            send(p, map, "map", kinds, "MapMessage");
            send(p, s.createMessage(), "plain", kinds, "Message");

            MessageConsumer errors = s.createConsumer(s.createQueue("octane.requests.error"));
            Map<String, Message> refused = new HashMap<>();
            for (int i = 0; i < kinds.size(); i++) {
                Message m = errors.receive(20_000);
                assertThat(m).as("refusal " + (i + 1) + " of " + kinds.size()).isNotNull();
                refused.put(m.getStringProperty("hostileCase"), m);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("JMS-KINDS: " + kinds.size() + " messages of other kinds refused in " + millis + " ms");
            assertThat(millis).as("no redelivery rounds").isLessThan(15_000);
            for (Map.Entry<String, String> k : kinds.entrySet()) {
                Message m = refused.get(k.getKey());
                assertThat(m).as(k.getKey()).isNotNull();
                assertThat(m.getStringProperty("OctaneRejectReason")).as(k.getKey())
                        .contains("a JMS " + k.getValue() + " is not accepted: send the JSON document as a TextMessage");
                assertThat(m.getStringProperty("OctaneOriginalMessageType")).isEqualTo(k.getValue());
            }
            // the object copies are the serialized bytes as they came (stream magic AC ED), never objects
            BytesMessage copy = (BytesMessage) refused.get("object-tripwire");
            byte[] raw = new byte[(int) copy.getBodyLength()];
            copy.readBytes(raw);
            assertThat(indexOf(raw, new byte[] {(byte) 0xAC, (byte) 0xED})).isNotNegative();
            assertThat(new String(raw, StandardCharsets.ISO_8859_1)).contains(Tripwire.class.getName());

            assertThat(queueSize(s, "octane.requests")).as("the originals are consumed").isZero();
            assertThat(queueSize(s, "DLQ")).as("nothing dead-lettered").isZero();
        }
        assertThat(Tripwire.TRIPPED).as("never deserialized").isFalse();
        assertThat(app.journal().find("h-obj-json")).isEmpty();
        assertThat(app.journal().find("h-stream")).isEmpty();
        stillServing("after-kinds");
    }

    @Test
    void aBytesMessageOfUtf8JsonIsTaken() throws Exception {
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(TestApp.esimRequest("bytes-ok", 554433, 23371, false).getBytes(StandardCharsets.UTF_8));
            s.createProducer(s.createQueue("octane.requests")).send(m);
        }
        assertThat(app.awaitFinal("bytes-ok", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
    }

    @Test
    void oversizedMessagesAreRefusedWithoutTheirBodyBeingRead() throws Exception {
        String pad = "x".repeat(10 * 1024 * 1024);
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("octane.requests"));
            Message text = s.createTextMessage("{\"requestId\":\"h-big-text\",\"pad\":\"" + pad + "\"}");
            text.setStringProperty("hostileCase", "text");
            p.send(text);
            BytesMessage bytes = s.createBytesMessage();
            bytes.writeBytes(("{\"requestId\":\"h-big-bytes\",\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8));
            bytes.setStringProperty("hostileCase", "bytes");
            p.send(bytes);
            MessageConsumer errors = s.createConsumer(s.createQueue("octane.requests.error"));
            for (int i = 0; i < 2; i++) {
                Message m = errors.receive(30_000);
                assertThat(m).isNotNull();
                assertThat(m.getStringProperty("OctaneRejectReason")).as(m.getStringProperty("hostileCase"))
                        .contains("the limit is 262144 (intake.max-bytes); the body was not read");
                assertThat(m.getStringProperty("OctaneRejectReason").length()).isLessThan(400);
            }
            assertThat(queueSize(s, "DLQ")).isZero();
        }
        assertThat(app.journal().find("h-big-text")).isEmpty();
        stillServing("after-oversized");
    }

    @Test
    void noObjectMessageCanBeDeserializedInThisProcess() throws Exception {
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("hostile.scratch")).send(s.createObjectMessage(new Tripwire()));
            ObjectMessage back = (ObjectMessage) s.createConsumer(s.createQueue("hostile.scratch")).receive(10_000);
            assertThat(back).isNotNull();
            assertThat(catchThrowable(back::getObject)).as("the deserialization deny list is *").isInstanceOf(JMSException.class);
        }
        assertThat(Tripwire.TRIPPED).isFalse();
    }

    @Test
    void aMessageThatKeepsFailingForAnotherReasonEndsInTheErrorQueueWithAReasonNotInTheDlq() throws Exception {
        // a failure that is not the request's fault (say the journal's database is away): only for marked messages
        AdviceWith.adviceWith(app.context(), "intake-jms", a -> a.weaveAddFirst().process(e -> {
            if (e.getIn().getHeader("poison") != null) {
                throw new IllegalStateException("simulated outage with private detail ECHO-CANARY");
            }
        }));
        long t0 = System.nanoTime();
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message poison = s.createTextMessage(TestApp.esimRequest("h-poison", 554433, 23371, false));
            poison.setStringProperty("poison", "yes");
            s.createProducer(s.createQueue("octane.requests")).send(poison);
            Message m = s.createConsumer(s.createQueue("octane.requests.error")).receive(30_000);
            assertThat(m).as("in the error queue, with its reason").isNotNull();
            System.out.println("JMS-POISON: in the error queue after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertThat(m.getStringProperty("OctaneRejectReason"))
                    .contains("request could not be accepted: IllegalStateException; it was not journaled").doesNotContain("ECHO-CANARY");
            assertThat(m.getIntProperty("JMSXDeliveryCount")).as("the copy is new").isEqualTo(1);
            assertThat(((jakarta.jms.TextMessage) m).getText()).contains("h-poison");
            assertThat(queueSize(s, "DLQ")).isZero();
            assertThat(queueSize(s, "octane.requests")).isZero();
        }
        assertThat(app.journal().find("h-poison")).isEmpty();
        stillServing("after-poison");
    }

    private static void send(MessageProducer p, Message m, String name, Map<String, String> kinds, String kind) throws JMSException {
        m.setStringProperty("hostileCase", name);
        p.send(m);
        kinds.put(name, kind);
    }

    /** Nested HashSets whose deserialization takes forever (2^100 hashCode calls). */
    static Set<Object> hashSetBomb() {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    private static int queueSize(Session s, String queue) throws JMSException {
        int n = 0;
        try (QueueBrowser browser = s.createBrowser(s.createQueue(queue))) {
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); e.nextElement()) {
                n++;
            }
        }
        return n;
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            boolean match = true;
            for (int j = 0; j < part.length && match; j++) {
                match = data[i + j] == part[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }

    private static void stillServing(String id) throws Exception {
        app.sendJms(TestApp.esimRequest(id, 554433, 23371, false));
        assertThat(app.awaitFinal(id, Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
    }
}
