package io.octaneroutes.probe;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.octaneroutes.gateway.OctaneAnswers;
import io.octaneroutes.gateway.RestOperation;

/**
 * Compares a raw REST answer with the JSON Schema of its documented shape
 * ({@code octane-shapes/rest/<operation>.json}, written from rest-api.md and gaps.md, open to
 * unknown fields): the envelope first (bare list, flat, or payload wrapped in {@code response};
 * the client reads either, OctaneAnswers.canonicalRest, so an answer in the other envelope is
 * reported once and then compared in the documented one), then the fields, with the schema's
 * objects closed ({@code additionalProperties: false}) so that json-schema-validator names every
 * unknown field. Validation messages become findings: required → missing, additionalProperties →
 * unknown, type → list / single / differently typed, pattern/enum/format/const → differently typed.
 * Only field names, paths and JSON types are reported, never a value.
 */
final class RestAnswerCheck {
    enum Envelope {
        BARE("a bare list"), FLAT("flat (payload at the top level)"), WRAPPED("wrapped (payload under response)");

        final String words;

        Envelope(String words) {
            this.words = words;
        }
    }

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig FORMATS = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH).build();

    private final ObjectMapper json;
    private final Consumer<Finding> sink;

    RestAnswerCheck(ObjectMapper json, Consumer<Finding> sink) {
        this.json = json;
        this.sink = sink;
    }

    /** The documented envelope of an operation, read off its schema. */
    static Envelope documented(JsonNode schema) {
        if ("array".equals(schema.path("type").asText())) {
            return Envelope.BARE;
        }
        return schema.path("properties").has(OctaneAnswers.PAYLOAD) ? Envelope.WRAPPED : Envelope.FLAT;
    }

    static Envelope actual(JsonNode answer) {
        return answer.isArray() ? Envelope.BARE : answer.has(OctaneAnswers.PAYLOAD) ? Envelope.WRAPPED : Envelope.FLAT;
    }

    /**
     * @return the number of items of the payload's list (counted, never shown), 0 when it is no list
     */
    int check(String subject, RestOperation op, JsonNode answer, boolean refusal, List<String> gaps) {
        if (refusal) {
            // the answer every operation may give instead of its own (_refusal.json)
            report(subject, schema("_refusal", false).validate(answer), gaps);
            return 0;
        }
        JsonNode doc = document(op.name());
        Envelope documented = documented(doc);
        Envelope actual = actual(answer);
        JsonNode instance = answer;
        if (documented != actual) {
            sink.accept(new Finding(Finding.Kind.ENVELOPE, subject, "", "the answer is " + actual.words + "; the docs give it "
                    + documented.words + " (read either way)", gaps));
            instance = reshape(answer, documented, subject, gaps);
        }
        report(subject, schema(op.name(), true).validate(instance), gaps);
        JsonNode payload = documented == Envelope.WRAPPED ? instance.path(OctaneAnswers.PAYLOAD) : instance;
        return payload.isArray() ? payload.size() : 0;
    }

    /** The answer in the documented envelope, as the client reads it (canonicalRest, then laid out as documented). */
    @SuppressWarnings("unchecked")
    private JsonNode reshape(JsonNode answer, Envelope documented, String subject, List<String> gaps) {
        Map<String, Object> canonical = OctaneAnswers.canonicalRest(json.convertValue(answer, Object.class));
        Object payload = canonical.get(OctaneAnswers.PAYLOAD);
        return switch (documented) {
            case WRAPPED -> json.valueToTree(canonical);
            case BARE -> {
                // a bare list has no room for anything beside it: what the answer put there is unknown
                canonical.keySet().stream().filter(k -> !OctaneAnswers.PAYLOAD.equals(k)).forEach(k -> sink.accept(
                        new Finding(Finding.Kind.UNKNOWN, subject, k, "a field beside the list the docs give bare", gaps)));
                yield json.valueToTree(payload);
            }
            case FLAT -> {
                if (!(payload instanceof Map<?, ?> fields)) {
                    yield json.valueToTree(payload);
                }
                Map<String, Object> flat = new LinkedHashMap<>(canonical);
                flat.remove(OctaneAnswers.PAYLOAD);
                ((Map<String, Object>) fields).forEach(flat::putIfAbsent);
                yield json.valueToTree(flat);
            }
        };
    }

    private void report(String subject, Set<ValidationMessage> errors, List<String> gaps) {
        for (ValidationMessage m : errors) {
            String at = path(m);
            String field = m.getProperty() == null ? at : at.isEmpty() ? m.getProperty() : at + "." + m.getProperty();
            switch (m.getType()) {
                case "required" -> sink.accept(new Finding(Finding.Kind.MISSING, subject, field, "the docs require it; the answer has none", gaps));
                case "additionalProperties" -> sink.accept(new Finding(Finding.Kind.UNKNOWN, subject, field,
                        "a field the docs do not give (the client ignores it)", gaps));
                case "type" -> {
                    String found = jsonType(m.getInstanceNode());
                    String expected = expected(m);
                    if ("array".equals(expected) && !"array".equals(found)) {
                        sink.accept(new Finding(Finding.Kind.SINGLE, subject, at, "a single " + found + " where the docs give a list", gaps));
                    } else if ("array".equals(found)) {
                        sink.accept(new Finding(Finding.Kind.LIST, subject, at, "a list where the docs give " + expected, gaps));
                    } else {
                        sink.accept(new Finding(Finding.Kind.TYPED, subject, at, found + " where the docs give " + expected, gaps));
                    }
                }
                default -> sink.accept(new Finding(Finding.Kind.TYPED, subject, at,
                        "a " + jsonType(m.getInstanceNode()) + " that does not fit the documented " + m.getType(), gaps));
            }
        }
    }

    /** The JSON type(s) the failed {@code type} keyword asked for. */
    private static String expected(ValidationMessage m) {
        Object[] args = m.getArguments();
        if (args != null && args.length > 0) {
            String last = String.valueOf(args[args.length - 1]).replaceAll("[\\[\\]\"]", "").trim();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return "another type";
    }

    private static String jsonType(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT -> "object";
            case STRING -> "string";
            case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> "value";
        };
    }

    /** {@code $.response[3].locationId} → {@code response[].locationId}: list items alike, so one finding covers them. */
    private static String path(ValidationMessage m) {
        String p = m.getInstanceLocation() == null ? "$" : m.getInstanceLocation().toString();
        p = p.replaceAll("\\[\\d+]", "[]");
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        return p.startsWith(".") ? p.substring(1) : p;
    }

    private JsonNode document(String name) {
        try (InputStream in = RestAnswerCheck.class.getClassLoader().getResourceAsStream("octane-shapes/rest/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no documented shape octane-shapes/rest/" + name + ".json");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("octane-shapes/rest/" + name + ".json cannot be read", e);
        }
    }

    /** The operation's schema; {@code closed}: every object with properties made additionalProperties:false, to name unknown fields. */
    JsonSchema schema(String name, boolean closed) {
        JsonNode doc = document(name).deepCopy();
        if (closed) {
            close(doc);
        }
        return FACTORY.getSchema(doc, FORMATS);
    }

    private static void close(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && o.path("properties").isObject()) {
                o.put("additionalProperties", false);
            }
            o.forEach(RestAnswerCheck::close);
        } else if (node != null && node.isArray()) {
            node.forEach(RestAnswerCheck::close);
        }
    }
}
