package io.octaneroutes.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks one intake document against the intake contract: size, UTF-8, one JSON object
 * without duplicate keys or absurd nesting, a valid requestId, a known flow, and the flow's
 * params against {@code schemas/<flow>.json}, after codes and ids made of digits are normalised
 * to their one type ({@link DigitCodes}). Reasons never quote the values sent (they may be
 * personal data), nor the name of a property the schema does not know (it may be one too: an
 * e-mail address as a key), only where the problem is and what was expected; there are at most
 * {@link Reasons#MAX_REASONS} of them.
 */
public class IntakeValidator {
    /** 1-64 characters of A-Z a-z 0-9 . _ : - with at least one letter or digit ({@code .} and {@code ..} cannot be a URL path segment). */
    public static final Pattern REQUEST_ID = Pattern.compile("(?=.*[A-Za-z0-9])[A-Za-z0-9._:-]{1,64}");
    public static final String REQUEST_ID_RULE = "1-64 characters of A-Z a-z 0-9 . _ : - with at least one letter or digit";
    /** More JSON values than any flow's request has (the largest: 100 data-limit consumers, about 300). */
    static final int MAX_VALUES = 2000;
    /** More schema findings than this are counted but not kept: the reasons are bounded anyway. */
    private static final int MAX_MESSAGES = 200;

    private final int maxBytes;
    private final ObjectMapper mapper;
    private final Map<String, JsonSchema> schemas = new LinkedHashMap<>();
    private final Map<String, JsonNode> schemaDocs = new LinkedHashMap<>();

    public IntakeValidator(int maxBytes) {
        this.maxBytes = maxBytes;
        this.mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(30).maxStringLength(maxBytes).build());
        // "x-digits" is our annotation (DigitCodes): known to the meta-schema, so it is not an unknown keyword
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012()).keyword(new AnnotationKeyword(DigitCodes.KEYWORD)).build();
        JsonSchemaFactory factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
                .metaSchema(meta).build();
        for (String flow : Flows.AVAILABLE) {
            try (InputStream in = IntakeValidator.class.getResourceAsStream("/schemas/" + flow + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("no JSON schema for flow " + flow);
                }
                JsonNode schemaDoc = mapper.readTree(in);
                schemaDocs.put(flow, schemaDoc);
                // formats (email, ...) are assertions here, not annotations
                schemas.put(flow, factory.getSchema(schemaDoc, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public IntakeRequest validate(byte[] raw) {
        List<String> reasons = new ArrayList<>();
        if (raw == null || raw.length == 0 || new String(raw, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidRequestException(List.of("empty request: expected one JSON object with requestId, flow and params"));
        }
        if (raw.length > maxBytes) {
            throw new InvalidRequestException(List.of("request is " + raw.length + " bytes; the limit is " + maxBytes + " (intake.max-bytes)"));
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(List.of("request is not valid UTF-8 text"));
        }
        JsonNode doc;
        try {
            doc = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            // Jackson quotes the offending token; it may be personal data, so it is blanked out
            String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().replaceAll("'[^']*'", "'...'");
            if (what != null && what.length() > 160) {
                what = what.substring(0, 160) + "...";
            }
            throw new InvalidRequestException(List.of("not valid JSON" + where + ": " + what));
        } catch (IOException e) {
            throw new InvalidRequestException(List.of("request could not be read: " + e.getClass().getSimpleName()));
        }
        if (doc == null || !doc.isObject()) {
            throw new InvalidRequestException(List.of("expected one JSON object with requestId, flow and params"));
        }
        int values = countValues(doc, MAX_VALUES + 1);
        if (values > MAX_VALUES) {
            // before the schema: validating tens of thousands of items costs seconds of CPU for nothing
            throw new InvalidRequestException(List.of("request has more than " + MAX_VALUES + " JSON values; no flow takes that many "
                    + "(at most 100 items per list)"));
        }
        JsonNode requestId = doc.get("requestId");
        String id = null;
        if (requestId == null || requestId.isNull()) {
            reasons.add("requestId is missing (" + REQUEST_ID_RULE + ")");
        } else if (!requestId.isTextual() || !REQUEST_ID.matcher(requestId.asText()).matches()) {
            reasons.add("requestId must be " + REQUEST_ID_RULE);
        } else {
            id = requestId.asText();
        }
        if (doc.has("continue")) {
            return continuation(doc, id, reasons);
        }
        JsonNode flowNode = doc.get("flow");
        String flow = null;
        if (flowNode == null || flowNode.isNull()) {
            reasons.add("flow is missing; available flows: " + String.join(", ", Flows.AVAILABLE));
        } else if (!flowNode.isTextual()) {
            reasons.add("flow must be a string");
        } else if (Flows.AVAILABLE.contains(flowNode.asText())) {
            flow = flowNode.asText();
        } else if (Flows.CONTRACT.contains(flowNode.asText())) {
            reasons.add("flow '" + flowNode.asText() + "' is not available in this version; available flows: " + String.join(", ", Flows.AVAILABLE));
        } else {
            reasons.add("unknown flow; available flows: " + String.join(", ", Flows.AVAILABLE));
        }
        if (flow != null) {
            Map<String, String> digits = new DigitCodes(schemaDocs.get(flow)).normalise((ObjectNode) doc);
            reasons.addAll(digits.values());
            int before = reasons.size();
            int found = schemaReasons(flow, doc, id == null, digits.keySet(), reasons);
            if (!reasons.isEmpty()) {
                throw new InvalidRequestException(reasons, before + found);
            }
        }
        if (!reasons.isEmpty()) {
            throw new InvalidRequestException(reasons);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = doc.has("params") ? mapper.convertValue(doc.get("params"), Map.class) : Map.of();
        return new IntakeRequest(id, flow, params, null);
    }

    /**
     * Adds the schema's findings to {@code reasons}, the most general first (the shallowest
     * place: "consumers must have at most 100 items" before the items' own problems), at most
     * {@value #MAX_MESSAGES} kept; returns how many distinct findings there were. A property the
     * schema does not know is reported by where it is and what is allowed there, never by its
     * name; places already reported (requestId, a digit code) are not reported twice.
     */
    private int schemaReasons(String flow, JsonNode doc, boolean requestIdReported, Set<String> reported, List<String> reasons) {
        TreeSet<String> kept = new TreeSet<>(java.util.Comparator.comparingLong((String r) -> r.chars().takeWhile(c -> c != ':')
                .filter(c -> c == '/').count()).thenComparing(IntakeValidator::sortKey));
        Map<String, Integer> unknown = new TreeMap<>();
        Map<String, String> allowed = new TreeMap<>();
        int found = 0;
        for (ValidationMessage m : schemas.get(flow).validate(doc)) {
            String where = pointer(m.getInstanceLocation());
            if ((requestIdReported && where.equals("/requestId")) || reported.contains(where)) {
                continue;
            }
            switch (m.getType()) {
                case "additionalProperties", "unevaluatedProperties", "propertyNames" -> {
                    if (unknown.merge(where, 1, Integer::sum) == 1) {
                        allowed.put(where, allowedAt(flow, m));
                    }
                }
                default -> {
                    found++;
                    kept.add(m.getMessage());
                    if (kept.size() > MAX_MESSAGES) {
                        kept.pollLast();
                    }
                }
            }
        }
        unknown.forEach((place, count) -> {
            String names = allowed.get(place);
            kept.add((place.isEmpty() ? "the request" : place) + ": " + (count == 1 ? "a property" : count + " properties")
                    + " not allowed here" + (names.isEmpty() ? "" : "; allowed: " + names));
        });
        reasons.addAll(kept);
        return found + unknown.size();
    }

    /** The number of JSON values in the tree, counting stops at {@code limit}. */
    private static int countValues(JsonNode node, int limit) {
        int count = 1;
        for (java.util.Iterator<JsonNode> children = node.elements(); children.hasNext() && count < limit;) {
            count += countValues(children.next(), limit - count);
        }
        return count;
    }

    /** Items in index order: /consumers/2 before /consumers/10. */
    private static String sortKey(String reason) {
        return INDEX.matcher(reason).replaceAll(m -> "/" + "0".repeat(Math.max(0, 10 - m.group(1).length())) + m.group(1));
    }

    private static final Pattern INDEX = Pattern.compile("/([0-9]{1,10})(?=[/:])");

    /** The property names the schema allows where an unknown one was found (ours, never the sender's). */
    private String allowedAt(String flow, ValidationMessage m) {
        JsonNodePath location = m.getSchemaLocation().getFragment();
        JsonNodePath parent = location == null ? null : location.getParent();
        if (parent == null) {
            return "";
        }
        JsonNode properties = schemaDocs.get(flow).at(pointer(parent)).path("properties");
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String pointer(JsonNodePath path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            b.append('/').append(path.getElement(i));
        }
        return b.toString();
    }

    /** Inputs a continuation may bring, with what each must look like (design.md "Continuations"). */
    static final Map<String, Pattern> INPUTS = Map.of("otpCode", Pattern.compile("[0-9]{4,8}"));

    /** {"requestId": "...", "continue": {"otpCode": "123456"}}: nothing else. */
    private IntakeRequest continuation(JsonNode doc, String id, List<String> reasons) {
        int others = 0;
        for (java.util.Iterator<String> names = doc.fieldNames(); names.hasNext();) {
            String f = names.next();
            if (!f.equals("requestId") && !f.equals("continue")) {
                others++;
            }
        }
        if (others > 0) {
            // the name is not echoed: it may be anything, personal data included
            reasons.add("a continuation has only requestId and continue; it has " + others + " other propert" + (others == 1 ? "y" : "ies"));
        }
        JsonNode inputs = doc.get("continue");
        Map<String, Object> values = new LinkedHashMap<>();
        if (inputs == null || !inputs.isObject() || inputs.isEmpty()) {
            reasons.add("continue must be an object with the awaited input, e.g. {\"otpCode\": \"123456\"}");
        } else {
            inputs.fields().forEachRemaining(e -> {
                Pattern p = INPUTS.get(e.getKey());
                if (p == null) {
                    reasons.add("continue has an input no flow waits for; known inputs: " + String.join(", ", INPUTS.keySet()));
                } else if (!e.getValue().isTextual() || !p.matcher(e.getValue().asText()).matches()) {
                    reasons.add("continue." + e.getKey() + " must be a string matching " + p.pattern());
                } else {
                    values.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        if (!reasons.isEmpty()) {
            throw new InvalidRequestException(reasons);
        }
        return new IntakeRequest(id, null, null, values);
    }

    /** A new request (flow, params) or a continuation of a waiting one (inputs). */
    public record IntakeRequest(String requestId, String flow, Map<String, Object> params, Map<String, Object> inputs) {
        public boolean isContinuation() {
            return inputs != null;
        }
    }
}
