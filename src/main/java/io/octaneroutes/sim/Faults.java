package io.octaneroutes.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Faults to inject, per operation: the next {@code times} calls of that operation get the fault.
 * {@code before}: the call has no effect. {@code after}: the call takes effect, then its answer
 * is lost (the uncertain-create case).
 */
public class Faults {
    /**
     * XXE_RESPONSE: a hostile answer, a SOAP envelope with a DOCTYPE declaring an external entity.
     * MALFORMED_ANSWER: HTTP 200 with an answer cut off in the middle (neither SOAP nor JSON a
     * client can read).
     */
    public enum Kind { LATENCY, HTTP_500, HTTP_503, DROP_CONNECTION, SOAP_FAULT, RATE_LIMIT_233, HTTP_429, XXE_RESPONSE, MALFORMED_ANSWER }

    public static final class Rule {
        public String operation;
        public Kind kind;
        public int times = 1;
        public String when = "before";
        public long latencyMs;
        public int retryAfterSeconds = 1;

        public Rule() {
        }

        public Rule(String operation, Kind kind, int times, String when) {
            this.operation = operation;
            this.kind = kind;
            this.times = times;
            this.when = when;
        }

        public boolean after() {
            return "after".equalsIgnoreCase(when);
        }
    }

    private final Map<String, Deque<Rule>> rules = new HashMap<>();

    public synchronized void add(Rule rule) {
        if (rule.operation == null || rule.kind == null || rule.times < 1) {
            throw new IllegalArgumentException("a fault needs operation, kind and times >= 1");
        }
        rules.computeIfAbsent(rule.operation, k -> new ArrayDeque<>()).addLast(rule);
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** Takes one use of the first fault queued for the operation, if any. */
    public synchronized Rule next(String operation) {
        Deque<Rule> q = rules.get(operation);
        if (q == null || q.isEmpty()) {
            return null;
        }
        Rule r = q.peekFirst();
        if (--r.times <= 0) {
            q.removeFirst();
        }
        return r;
    }
}
