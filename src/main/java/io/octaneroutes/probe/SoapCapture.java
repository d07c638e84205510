package io.octaneroutes.probe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;

/**
 * A CXF in-interceptor the probe adds to its own SOAP endpoints (never the application's): it
 * keeps the first {@link #MAX_BYTES} of each answer as it came off the wire, before JAXB reads it
 * and drops the elements it does not know (on purpose: LenientSoapReading, issue 11), so the
 * probe can compare the raw tree with our WSDL. The rest of the stream is handed on untouched;
 * an answer longer than the bound is marked, not kept.
 *
 * <p>Keyed by operation name: the probe makes one call at a time and takes the answer right after
 * its call returns, so no two calls share a slot.
 */
final class SoapCapture extends AbstractPhaseInterceptor<Message> {
    static final int MAX_BYTES = 1024 * 1024;
    /** what an answer over the bound leaves in its slot */
    static final byte[] TOO_LARGE = new byte[0];

    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    private final Map<String, Throwable> sendFailures = new ConcurrentHashMap<>();
    /** Its companion in the out chain: what failed while the request was being sent (see {@link #sendFailure}). */
    final AbstractPhaseInterceptor<Message> outWatch = new AbstractPhaseInterceptor<>(Phase.SETUP) {
        @Override
        public void handleMessage(Message message) {
        }

        @Override
        public void handleFault(Message message) {
            BindingOperationInfo op = message.getExchange() == null ? null : message.getExchange().getBindingOperationInfo();
            Exception e = message.getContent(Exception.class);
            if (op != null && e != null) {
                sendFailures.put(op.getName().getLocalPart(), e);
            }
        }
    };

    SoapCapture() {
        super(Phase.RECEIVE);
    }

    @Override
    public void handleMessage(Message message) {
        InputStream in = message.getContent(InputStream.class);
        BindingOperationInfo op = message.getExchange() == null ? null : message.getExchange().getBindingOperationInfo();
        if (in == null || op == null) {
            return;
        }
        try {
            byte[] head = in.readNBytes(MAX_BYTES + 1);
            answers.put(op.getName().getLocalPart(), head.length > MAX_BYTES ? TOO_LARGE : head);
            message.setContent(InputStream.class, new SequenceInputStream(new ByteArrayInputStream(head), in));
        } catch (IOException e) {
            throw new Fault(e);
        }
    }

    /** Forgets what an earlier call of the operation left. */
    void clear(String operation) {
        answers.remove(operation);
        sendFailures.remove(operation);
    }

    /**
     * What failed while the operation's request was being sent, as CXF saw it (a refused
     * connection surfaces there, wrapped in the XML writer's exception), or null.
     */
    Throwable sendFailure(String operation) {
        return sendFailures.remove(operation);
    }

    /** The raw answer of the operation's last call, {@link #TOO_LARGE}, or null when none came (a fault, no connection). */
    byte[] take(String operation) {
        return answers.remove(operation);
    }
}
