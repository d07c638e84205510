package io.octaneroutes.gateway;

/**
 * One Octane operation the gateway calls: a SOAP web method ({@link SoapOperation}) or a REST
 * operation ({@link RestOperation}). Its name is the wire name (SOAP) or our name for the REST
 * path, and the suffix of its routes: {@code direct:octane-<name>} (the journaled step flows call)
 * and {@code direct:call-<name>} (one call on the wire).
 */
public interface OctaneOperation {
    String name();

    /** The call makes something on Octane's side: never re-sent after an uncertain outcome (G-IDEMP). */
    boolean create();

    /** What its answer carries and how to read it. */
    AnswerFacts answer();

    /** The operation of this wire name (SOAP) or REST operation name, as the journal records it. */
    static java.util.Optional<OctaneOperation> byName(String name) {
        for (SoapOperation op : SoapOperation.values()) {
            if (op.name().equals(name)) {
                return java.util.Optional.of(op);
            }
        }
        for (RestOperation op : RestOperation.values()) {
            if (op.name().equals(name)) {
                return java.util.Optional.of(op);
            }
        }
        return java.util.Optional.empty();
    }

    /** The route a flow calls for this operation. */
    default String stepUri() {
        return "direct:octane-" + name();
    }

    /** The route that makes one call on the wire. */
    default String callUri() {
        return "direct:call-" + name();
    }
}
