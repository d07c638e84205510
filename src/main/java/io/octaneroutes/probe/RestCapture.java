package io.octaneroutes.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Keeps the raw body of each REST answer the probe's calls get, on the exchange (property
 * {@link #RAW}), as camel-http handed it over and before the gateway reads it into its canonical
 * form (which merges the two envelopes, OctaneAnswers.canonicalRest): the probe must see which
 * envelope Octane used. An event notifier on the exchange-sent event of the http endpoint, so the
 * gateway's routes stay as they are; added only to the probe's own CamelContext. At most
 * {@link #MAX_BYTES} are kept; a longer body is marked {@link #TOO_LARGE} and left as it is.
 */
final class RestCapture extends EventNotifierSupport {
    static final String RAW = "octaneProbeRawAnswer";
    static final int MAX_BYTES = 1024 * 1024;
    static final byte[] TOO_LARGE = new byte[0];

    RestCapture() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        // the sending event stays on: Camel emits a sent event only for a send it notified as sending
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return (event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint() instanceof HttpEndpoint)
                || (event instanceof CamelEvent.ExchangeSendingEvent sending && sending.getEndpoint() instanceof HttpEndpoint);
    }

    @Override
    public void notify(CamelEvent event) throws IOException {
        if (!(event instanceof CamelEvent.ExchangeSentEvent)) {
            return;
        }
        Exchange exchange = ((CamelEvent.ExchangeSentEvent) event).getExchange();
        Object body = exchange.getMessage().getBody();
        byte[] raw;
        if (body instanceof StreamCache cache) {
            Bounded out = new Bounded();
            try {
                cache.writeTo(out);
            } catch (Bounded.Full e) {
                out.full = true;
            }
            cache.reset(); // the gateway reads it next
            raw = out.full ? TOO_LARGE : out.toByteArray();
        } else if (body instanceof InputStream in) {
            // not cached: read once here and hand the gateway the bytes instead of the spent stream
            raw = in.readNBytes(MAX_BYTES + 1);
            boolean more = raw.length > MAX_BYTES;
            if (!more) {
                exchange.getMessage().setBody(raw);
            } else {
                exchange.getMessage().setBody(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(raw), in));
                raw = TOO_LARGE;
            }
        } else if (body instanceof byte[] bytes) {
            raw = bytes.length > MAX_BYTES ? TOO_LARGE : bytes;
        } else {
            String text = body == null ? "" : exchange.getMessage().getBody(String.class);
            byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            raw = bytes.length > MAX_BYTES ? TOO_LARGE : bytes;
        }
        exchange.setProperty(RAW, raw);
    }

    /** A byte sink that stops at the bound. */
    private static final class Bounded extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean full;

        static final class Full extends IOException {
            Full() {
                super("answer over " + MAX_BYTES + " bytes", null);
            }
        }

        @Override
        public void write(int b) throws IOException {
            if (bytes.size() >= MAX_BYTES) {
                throw new Full();
            }
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (bytes.size() + len > MAX_BYTES) {
                throw new Full();
            }
            bytes.write(b, off, len);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
