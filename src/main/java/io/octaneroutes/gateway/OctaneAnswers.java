package io.octaneroutes.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that reads an Octane answer: its envelope, whether Octane said no, the ids it
 * carries and, for a multi-order answer, which of its orders Octane refused. Every operation's
 * facts ({@link AnswerFacts}) drive it; nothing here is written per operation.
 *
 * <p>Read tolerantly (README "Decisions"): fields we do not know are ignored; a field may be at
 * the top level or under {@code response} (the docs show both envelopes: the SQ answer wraps its
 * payload in {@code response}, the Modification answer is a flat {@code {orderId, success}}, and
 * are silent elsewhere); a list may be bare, wrapped, or a single object; {@code success} may be
 * a boolean or the string {@code "true"} (both occur, rest-api.md section 5).
 */
public final class OctaneAnswers {
    /** The envelope fields of a REST answer; everything else is payload. */
    static final Set<String> ENVELOPE = Set.of("success", "errorCode", "errorMessage", "error", "isError");
    public static final String PAYLOAD = "response";

    private OctaneAnswers() {
    }

    /**
     * The canonical form of a REST answer: the envelope fields at the top level and the payload
     * under {@code response}, whichever envelope Octane used. A bare JSON array is the payload; an
     * object's non-envelope fields are merged into its {@code response} object (or become it).
     * Idempotent, so a journaled answer can be read again the same way.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> canonicalRest(Object parsed) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (parsed instanceof List<?> list) {
            out.put(PAYLOAD, list);
            return out;
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            out.put(PAYLOAD, Map.of());
            return out;
        }
        Map<String, Object> top = (Map<String, Object>) map;
        Object inner = top.get(PAYLOAD);
        Map<String, Object> rest = new LinkedHashMap<>();
        top.forEach((k, v) -> {
            if (ENVELOPE.contains(k)) {
                out.put(k, v);
            } else if (!PAYLOAD.equals(k)) {
                rest.put(k, v);
            }
        });
        if (inner instanceof Map<?, ?> innerMap) {
            Map<String, Object> payload = new LinkedHashMap<>(rest);
            ((Map<String, Object>) innerMap).forEach((k, v) -> {
                if (ENVELOPE.contains(k)) {
                    out.putIfAbsent(k, v); // an envelope written inside the payload still counts
                } else {
                    payload.put(k, v);
                }
            });
            out.put(PAYLOAD, payload);
        } else if (inner instanceof List<?>) {
            out.putAll(rest);
            out.put(PAYLOAD, inner);
        } else {
            out.put(PAYLOAD, rest);
        }
        return out;
    }

    /**
     * The payload of an answer: the {@code response} of a canonical REST answer, the SOAP
     * {@code return} itself (or an answer journaled before answers were made canonical).
     */
    public static Object payload(Map<String, Object> answer) {
        if (answer == null) {
            return Map.of();
        }
        Object p = answer.get(PAYLOAD);
        return p != null ? p : answer;
    }

    /** The payload as an object (a list's first item when Octane sent a list), never null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> payloadObject(Map<String, Object> answer) {
        Object p = payload(answer);
        if (p instanceof List<?> l) {
            p = l.isEmpty() ? null : l.get(0);
        }
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * Octane saying no, or null: {@code errorCode} other than 0, {@code success} false (boolean or
     * string), an {@code error} object (client code, rest-api.md section 6), {@code isError} true
     * (statement operations, soap-api.md 9.3).
     */
    public static OctaneBusinessException refusal(OctaneOperation op, Map<String, Object> answer) {
        if (answer == null) {
            return new OctaneBusinessException(op.name(), "EMPTY", "Octane returned no result");
        }
        Object code = answer.get("errorCode");
        Object error = answer.get("error");
        boolean refused = codeBad(code) || isFalse(answer.get("success")) || isTrue(answer.get("isError")) || error instanceof Map;
        if (!refused) {
            return null;
        }
        String message = answer.get("errorMessage") != null ? String.valueOf(answer.get("errorMessage"))
                : error instanceof Map<?, ?> e && e.get("message") != null ? String.valueOf(e.get("message"))
                : "Octane reported a failure";
        return new OctaneBusinessException(op.name(), code == null || String.valueOf(code).isBlank() ? "UNKNOWN" : String.valueOf(code), message);
    }

    /** The Octane ids the answer carries, by the operation's facts (absent ones left out). */
    public static Map<String, Object> ids(OctaneOperation op, Map<String, Object> answer) {
        Map<String, Object> ids = new LinkedHashMap<>();
        Object payload = payload(answer);
        for (AnswerFacts.Id id : op.answer().ids()) {
            if (id.all()) {
                List<Object> values = new ArrayList<>();
                for (Object v : AnswerPaths.all(payload, id.path())) {
                    if (!(v instanceof Map) && !(v instanceof List)) {
                        values.add(v);
                    }
                }
                if (!values.isEmpty()) {
                    ids.put(id.name(), values);
                }
            } else {
                Object v = AnswerPaths.first(payload, id.path());
                if (v != null && !(v instanceof Map) && !(v instanceof List)) {
                    ids.put(id.name(), v);
                }
            }
        }
        return ids;
    }

    /** The refusals inside a multi-order answer ("2 of 3 orders refused by Octane: …"), or null when all were accepted. */
    public static String refusedOrders(OctaneOperation op, Map<String, Object> answer) {
        String path = op.answer().orders();
        if (path == null) {
            return null;
        }
        List<String> refused = new ArrayList<>();
        int n = 0;
        for (Object o : AnswerPaths.all(payload(answer), path)) {
            n++;
            if (o instanceof Map<?, ?> m) {
                Object code = m.get("errorCode");
                if (codeBad(code) || isFalse(m.get("success"))) {
                    refused.add("order " + n + ": " + (m.get("errorMessage") != null ? m.get("errorMessage") : "refused (errorCode " + code + ")"));
                }
            }
        }
        return refused.isEmpty() ? null : refused.size() + " of " + n + " orders refused by Octane: " + String.join("; ", refused);
    }

    private static boolean codeBad(Object code) {
        return code != null && !String.valueOf(code).isBlank() && !"0".equals(String.valueOf(code).trim());
    }

    private static boolean isFalse(Object v) {
        return v != null && "false".equalsIgnoreCase(String.valueOf(v).trim());
    }

    private static boolean isTrue(Object v) {
        return v != null && "true".equalsIgnoreCase(String.valueOf(v).trim());
    }
}
