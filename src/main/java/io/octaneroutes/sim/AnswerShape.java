package io.octaneroutes.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How the simulator shapes its answers beyond the facts, to prove a client reads tolerantly
 * (issue 11: "read what it knows and ignore what it does not"). The default,
 * {@link #AS_DOCUMENTED}, changes nothing: answers are exactly what the facts describe. The
 * options are applied generically, where the simulator serializes, to every SOAP {@code return}
 * tree and every HTTP-200 REST answer; faults (233, InvalidLogin) and the HTTP 403/404/429
 * bodies are never reshaped.
 *
 * <p>SOAP: {@code extraElements} inserts unknown elements at every level of the return tree
 * (a leaf after the first child and a nested complex element at the end of every complex
 * element, list items included); {@code reorder} writes the children of every element in
 * reverse order (the items of a repeated element stay in their order: their position carries
 * meaning, e.g. orderCreateBulk's answers follow the orders); {@code qualifiedChildren}
 * qualifies {@code return} and everything under it with the service's {@code ns2} prefix;
 * {@code soapEnvPrefix} writes the real sample's envelope (soap-api.md section 1: xml declaration,
 * {@code SOAP-ENV} declared, an empty {@code SOAP-ENV:Header}).
 *
 * <p>REST: {@code envelope} {@code wrapped} moves a flat answer's payload under {@code response}
 * (a bare array becomes {@code {"response":[…]}}); {@code flat} moves a wrapped answer's payload
 * to the top level (a wrapped list becomes the bare array: an array cannot keep success and
 * errorCode beside it); both keep {@code success}, {@code errorCode} and {@code errorMessage} at
 * the top level. {@code extraFields} adds unknown fields to every object at every level;
 * {@code singleForList} writes a list of one item as that item (soap-api.md: "a single object
 * when one"). Immutable; the transformations never change the maps they are given.
 */
public final class AnswerShape {
    /** The REST envelope option. */
    public enum Envelope {
        AS_DOCUMENTED, WRAPPED, FLAT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Envelope of(String wire) {
            for (Envelope e : values()) {
                if (e.wire().equals(wire)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("rest.envelope must be as-documented, wrapped or flat, not " + wire);
        }
    }

    /** The names of the unknown elements and fields: no WSDL type and no documented answer has them. */
    static final String EXTRA = "octaneExtra";
    static final String EXTRA_GROUP = "octaneExtraGroup";
    static final String EXTRA_TEXT = "ignore me";
    /** The envelope fields that stay at the top level whatever the envelope option. */
    private static final List<String> HEAD = List.of("success", "errorCode", "errorMessage");
    private static final Set<String> SOAP_KEYS = Set.of("extraElements", "reorder", "qualifiedChildren", "soapEnvPrefix");
    private static final Set<String> REST_KEYS = Set.of("envelope", "extraFields", "singleForList");

    public static final AnswerShape AS_DOCUMENTED = new AnswerShape(false, false, false, false, Envelope.AS_DOCUMENTED, false, false);

    public final boolean extraElements;
    public final boolean reorder;
    public final boolean qualifiedChildren;
    public final boolean soapEnvPrefix;
    public final Envelope envelope;
    public final boolean extraFields;
    public final boolean singleForList;

    public AnswerShape(boolean extraElements, boolean reorder, boolean qualifiedChildren, boolean soapEnvPrefix,
                       Envelope envelope, boolean extraFields, boolean singleForList) {
        this.extraElements = extraElements;
        this.reorder = reorder;
        this.qualifiedChildren = qualifiedChildren;
        this.soapEnvPrefix = soapEnvPrefix;
        this.envelope = envelope;
        this.extraFields = extraFields;
        this.singleForList = singleForList;
    }

    /** The shape of the admin API's {@code POST /sim/shape} body; options not named are off. Unknown options are refused (a typo would test nothing). */
    @SuppressWarnings("unchecked")
    static AnswerShape fromJson(Map<String, Object> body) {
        for (String k : body.keySet()) {
            if (!"soap".equals(k) && !"rest".equals(k)) {
                throw new IllegalArgumentException("unknown shape section " + k + ": use soap and rest");
            }
        }
        Map<String, Object> soap = section(body, "soap", SOAP_KEYS);
        Map<String, Object> rest = section(body, "rest", REST_KEYS);
        Object envelope = rest.getOrDefault("envelope", Envelope.AS_DOCUMENTED.wire());
        if (!(envelope instanceof String e)) {
            throw new IllegalArgumentException("rest.envelope must be a string");
        }
        return new AnswerShape(flag(soap, "extraElements"), flag(soap, "reorder"), flag(soap, "qualifiedChildren"), flag(soap, "soapEnvPrefix"),
                Envelope.of(e), flag(rest, "extraFields"), flag(rest, "singleForList"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> body, String name, Set<String> keys) {
        Object v = body.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(name + " must be an object");
        }
        for (Object k : m.keySet()) {
            if (!keys.contains(k)) {
                throw new IllegalArgumentException("unknown " + name + " option " + k + ": use " + String.join(", ", keys.stream().sorted().toList()));
            }
        }
        return (Map<String, Object>) m;
    }

    private static boolean flag(Map<String, Object> section, String name) {
        Object v = section.get(name);
        if (v != null && !(v instanceof Boolean)) {
            throw new IllegalArgumentException(name + " must be true or false");
        }
        return Boolean.TRUE.equals(v);
    }

    /**
     * The {@code octane.simulator.shape.*} keys: {@code soap.extra-elements}, {@code soap.reorder},
     * {@code soap.qualified-children}, {@code soap.env-prefix}, {@code rest.envelope},
     * {@code rest.extra-fields}, {@code rest.single-for-list}.
     */
    static AnswerShape fromProperties(Function<String, String> lookup, String prefix) {
        return new AnswerShape(bool(lookup, prefix + "soap.extra-elements"), bool(lookup, prefix + "soap.reorder"),
                bool(lookup, prefix + "soap.qualified-children"), bool(lookup, prefix + "soap.env-prefix"),
                Envelope.of(value(lookup, prefix + "rest.envelope", Envelope.AS_DOCUMENTED.wire())),
                bool(lookup, prefix + "rest.extra-fields"), bool(lookup, prefix + "rest.single-for-list"));
    }

    private static String value(Function<String, String> lookup, String key, String def) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? def : v.trim();
    }

    private static boolean bool(Function<String, String> lookup, String key) {
        String v = value(lookup, key, "false");
        if (!"true".equals(v) && !"false".equals(v)) {
            throw new IllegalArgumentException(key + " must be true or false, not " + v);
        }
        return Boolean.parseBoolean(v);
    }

    /** As the admin API shows it (the same form {@link #fromJson} reads). */
    Map<String, Object> toJson() {
        Map<String, Object> soap = new LinkedHashMap<>();
        soap.put("extraElements", extraElements);
        soap.put("reorder", reorder);
        soap.put("qualifiedChildren", qualifiedChildren);
        soap.put("soapEnvPrefix", soapEnvPrefix);
        Map<String, Object> rest = new LinkedHashMap<>();
        rest.put("envelope", envelope.wire());
        rest.put("extraFields", extraFields);
        rest.put("singleForList", singleForList);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("soap", soap);
        out.put("rest", rest);
        return out;
    }

    // ------------------------------------------------------------------ SOAP

    /** The return tree as this shape writes it (extra elements, reversed children); the same map when neither option is on. */
    Map<String, Object> soapReturn(Map<String, Object> result) {
        if (!extraElements && !reorder) {
            return result;
        }
        return soapElement(result);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> soapElement(Map<String, Object> element) {
        List<Map.Entry<String, Object>> children = new ArrayList<>();
        for (Map.Entry<String, Object> e : element.entrySet()) {
            children.add(Map.entry(e.getKey(), e.getValue() == null ? NULL : soapValue(e.getValue())));
        }
        if (extraElements) {
            children.add(Math.min(1, children.size()), Map.entry(EXTRA, EXTRA_TEXT));
            Map<String, Object> group = new LinkedHashMap<>();
            group.put(EXTRA, EXTRA_TEXT);
            group.put(EXTRA + "Code", "0");
            children.add(Map.entry(EXTRA_GROUP, group));
        }
        if (reorder) {
            Collections.reverse(children);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> c : children) {
            out.put(c.getKey(), c.getValue() == NULL ? null : c.getValue());
        }
        return out;
    }

    /** Map.entry takes no null: a stand-in for absent (null) values, which the writer skips anyway. */
    private static final Object NULL = new Object();

    @SuppressWarnings("unchecked")
    private Object soapValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return soapElement((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(this::soapValue).toList();
        }
        return v;
    }

    // ------------------------------------------------------------------ REST

    /** The answer as this shape writes it; the same object when every REST option is off. */
    Object rest(Object answer) {
        Object out = answer;
        if (envelope == Envelope.WRAPPED) {
            out = wrapped(out);
        } else if (envelope == Envelope.FLAT) {
            out = flat(out);
        }
        if (singleForList) {
            out = single(out);
        }
        if (extraFields) {
            out = withExtras(out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object wrapped(Object answer) {
        if (answer instanceof List<?>) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("response", answer);
            return out;
        }
        if (!(answer instanceof Map<?, ?> m) || m.containsKey("response")) {
            return answer;
        }
        Map<String, Object> head = new LinkedHashMap<>();
        Map<String, Object> payload = new LinkedHashMap<>();
        ((Map<String, Object>) m).forEach((k, v) -> (HEAD.contains(k) ? head : payload).put(k, v));
        if (payload.isEmpty()) {
            return answer; // a refusal: nothing to move
        }
        head.put("response", payload);
        return head;
    }

    @SuppressWarnings("unchecked")
    private static Object flat(Object answer) {
        if (!(answer instanceof Map<?, ?> m) || !m.containsKey("response")) {
            return answer;
        }
        Object response = m.get("response");
        if (response instanceof List<?>) {
            return response;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<String, Object>) m).forEach((k, v) -> {
            if (!"response".equals(k)) {
                out.put(k, v);
            }
        });
        if (response instanceof Map<?, ?> payload) {
            ((Map<String, Object>) payload).forEach(out::putIfAbsent);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object single(Object v) {
        if (v instanceof List<?> l) {
            List<Object> items = l.stream().map(AnswerShape::single).toList();
            return items.size() == 1 ? items.get(0) : items;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, single(x)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Object withExtras(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(AnswerShape::withExtras).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(EXTRA, EXTRA_TEXT);
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, withExtras(x)));
            Map<String, Object> group = new LinkedHashMap<>();
            group.put(EXTRA, EXTRA_TEXT);
            group.put(EXTRA + "List", List.of(1, 2));
            out.put(EXTRA_GROUP, group);
            return out;
        }
        return v;
    }
}
