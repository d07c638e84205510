package io.octaneroutes.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads values out of an Octane answer (the map JaxbJson makes of a SOAP {@code return}, or the
 * canonical REST map of {@link OctaneAnswers#canonicalRest}) by a dotted path, the tolerant way:
 * a list is walked through item by item, a single object stands for a list of one (soap-api.md:
 * {@code reservedPooledResources} is "a single object when one"), {@code *} is every value of an
 * object (e.g. whichever item element an order echo holds), and a missing step is simply no value.
 */
public final class AnswerPaths {
    private AnswerPaths() {
    }

    /** The first value at {@code path}, or null. */
    public static Object first(Object root, String path) {
        List<Object> all = all(root, path);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The first value at {@code path} as text, or null. */
    public static String text(Object root, String path) {
        Object v = first(root, path);
        return v == null || v instanceof Map || v instanceof List ? null : String.valueOf(v);
    }

    /** Every non-null value at {@code path}, in document order. */
    public static List<Object> all(Object root, String path) {
        List<Object> current = new ArrayList<>();
        addFlat(current, root);
        if (path == null || path.isEmpty()) {
            return current;
        }
        for (String step : path.split("\\.")) {
            List<Object> next = new ArrayList<>();
            for (Object node : current) {
                if (node instanceof Map<?, ?> m) {
                    if ("*".equals(step)) {
                        for (Object v : m.values()) {
                            addFlat(next, v);
                        }
                    } else {
                        addFlat(next, m.get(step));
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /** The value as a list: a list as it is, a single object as a list of one, nothing as an empty list. */
    public static List<?> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? l : List.of(value);
    }

    private static void addFlat(List<Object> out, Object value) {
        if (value instanceof List<?> l) {
            for (Object o : l) {
                if (o != null) {
                    out.add(o);
                }
            }
        } else if (value != null) {
            out.add(value);
        }
    }
}
