package io.octaneroutes.intake;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;

/**
 * What the JMS intake takes from a message (issue 12, items 2 and 7). The intake endpoint runs
 * with {@code mapJmsMessage=false}, so Camel hands over the JMS message untouched and nothing
 * is converted, let alone deserialized, before this looks at it:
 * <ul>
 * <li>a TextMessage or BytesMessage is the request document, read only when its size is within
 * {@code intake.max-bytes} (a BytesMessage's length and an Artemis message's body size are known
 * before reading);</li>
 * <li>every other kind (ObjectMessage, StreamMessage, MapMessage, a plain Message) is refused
 * with a reason; its body is never read through the JMS API. An ObjectMessage is never
 * deserialized here, and the connection factory's deserialization deny list ({@code *}) makes
 * sure nothing else in this process does it either.</li>
 * </ul>
 * For the error queue the refused message's body is passed on as it travelled: its raw bytes
 * (for an ObjectMessage, the Java serialization stream, never opened) in a BytesMessage, when
 * within the size limit.
 */
public class JmsIntake {
    /** Header on the error queue copy: the JMS type of the refused message. */
    public static final String ORIGINAL_TYPE_HEADER = "OctaneOriginalMessageType";

    private final int maxBytes;

    public JmsIntake(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Replaces the body by the request document (String or byte[]); throws {@link InvalidRequestException} for anything else. */
    public void read(Exchange exchange) throws JMSException {
        Message message = jmsMessage(exchange);
        if (message instanceof TextMessage text) {
            long size = coreBodySize(message);
            // an Artemis text body holds 2 bytes per character; checked before the text is materialised
            if (size > 2L * maxBytes + 64) {
                throw tooLarge(exchange, "TextMessage", size / 2);
            }
            String body = text.getText();
            exchange.getIn().setBody(body == null ? "" : body);
            return;
        }
        if (message instanceof BytesMessage bytes) {
            long length = bytes.getBodyLength();
            if (length > maxBytes) {
                throw tooLarge(exchange, "BytesMessage", length);
            }
            byte[] body = new byte[(int) length];
            bytes.readBytes(body);
            exchange.getIn().setBody(body);
            return;
        }
        String type = typeOf(message);
        exchange.getIn().setBody(rawBody(message));
        exchange.getIn().setHeader(ORIGINAL_TYPE_HEADER, type);
        throw new InvalidRequestException("a JMS " + type + " is not accepted: send the JSON document as a TextMessage (or a BytesMessage "
                + "of UTF-8 text); the body was not read");
    }

    /**
     * Makes the copy for the error queue safe to send, whatever went wrong: a JMS message still
     * in the body (the failure came before {@link #read} replaced it) becomes its raw bytes, never
     * an ObjectMessage Camel would have to serialize again; the broker's own properties of the
     * original are dropped.
     */
    public void forErrorQueue(Exchange exchange) {
        // Artemis' own properties of the original (a large message's _AMQ_LARGE_SIZE among them)
        // would describe a body the copy does not have
        exchange.getIn().removeHeaders("_AMQ*");
        Object body = exchange.getIn().getBody();
        if (body instanceof Message message) {
            exchange.getIn().setHeader(ORIGINAL_TYPE_HEADER, typeOf(message));
            exchange.getIn().setBody(message instanceof TextMessage || message instanceof BytesMessage ? textOrBytes(message) : rawBody(message));
        }
    }

    /** A TextMessage's text (the copy is a TextMessage again), a BytesMessage's bytes; empty beyond the limit. */
    private Object textOrBytes(Message message) {
        try {
            if (message instanceof TextMessage text && coreBodySize(message) <= 2L * maxBytes + 64) {
                String s = text.getText();
                return s == null ? "" : s;
            }
            if (message instanceof BytesMessage bytes && bytes.getBodyLength() <= maxBytes) {
                bytes.reset();
                byte[] body = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(body);
                return body;
            }
        } catch (JMSException | RuntimeException e) {
            // the reason says what failed; the copy goes without a body
        }
        return new byte[0];
    }

    private static Message jmsMessage(Exchange exchange) {
        if (exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            return jms.getJmsMessage();
        }
        if (exchange.getIn().getBody() instanceof Message m) {
            return m;
        }
        throw new IllegalStateException("the JMS intake needs mapJmsMessage=false on its endpoint");
    }

    private InvalidRequestException tooLarge(Exchange exchange, String type, long size) {
        exchange.getIn().setBody(new byte[0]);
        exchange.getIn().setHeader(ORIGINAL_TYPE_HEADER, type);
        return new InvalidRequestException("request is about " + size + " bytes; the limit is " + maxBytes
                + " (intake.max-bytes); the body was not read");
    }

    static String typeOf(Message message) {
        if (message instanceof TextMessage) {
            return "TextMessage";
        }
        if (message instanceof BytesMessage) {
            return "BytesMessage";
        }
        if (message instanceof ObjectMessage) {
            return "ObjectMessage";
        }
        if (message instanceof StreamMessage) {
            return "StreamMessage";
        }
        if (message instanceof MapMessage) {
            return "MapMessage";
        }
        return "Message";
    }

    /** The size of the message body as the broker holds it, -1 when not an Artemis message. */
    private static long coreBodySize(Message message) {
        if (message instanceof ActiveMQMessage artemis && artemis.getCoreMessage() != null) {
            return artemis.getCoreMessage().getBodySize();
        }
        return -1;
    }

    /** The body's bytes as the broker holds them, without decoding them; empty beyond the size limit or when not Artemis. */
    private byte[] rawBody(Message message) {
        try {
            if (message instanceof ActiveMQMessage artemis && artemis.getCoreMessage() != null && !artemis.getCoreMessage().isLargeMessage()
                    && artemis.getCoreMessage().getBodySize() <= maxBytes) {
                ActiveMQBuffer buffer = artemis.getCoreMessage().getReadOnlyBodyBuffer();
                byte[] raw = new byte[buffer.readableBytes()];
                buffer.readBytes(raw);
                return raw;
            }
        } catch (RuntimeException e) {
            // no copy then: the reason still goes to the error queue
        }
        return new byte[0];
    }
}
