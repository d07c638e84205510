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
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks one intake document against the intake contract: size, UTF-8, one JSON object
 * without duplicate keys or absurd nesting, a valid requestId, a known flow, and the flow's
 * params against {@code schemas/<flow>.json}. Reasons never quote the values sent (they may be
 * personal data), only where the problem is and what was expected.
 */
public class IntakeValidator {
    public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final int maxBytes;
    private final ObjectMapper mapper;
    private final Map<String, JsonSchema> schemas = new LinkedHashMap<>();

    public IntakeValidator(int maxBytes) {
        this.maxBytes = maxBytes;
        this.mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(30).maxStringLength(maxBytes).build());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (String flow : Flows.AVAILABLE) {
            try (InputStream in = IntakeValidator.class.getResourceAsStream("/schemas/" + flow + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("no JSON schema for flow " + flow);
                }
                // formats (email, ...) are assertions here, not annotations
                schemas.put(flow, factory.getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build()));
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
        JsonNode requestId = doc.get("requestId");
        String id = null;
        if (requestId == null || requestId.isNull()) {
            reasons.add("requestId is missing (1-64 characters of A-Z a-z 0-9 . _ : -)");
        } else if (!requestId.isTextual() || !REQUEST_ID.matcher(requestId.asText()).matches()) {
            reasons.add("requestId must be 1-64 characters of A-Z a-z 0-9 . _ : -");
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
            Set<String> messages = new TreeSet<>();
            for (ValidationMessage m : schemas.get(flow).validate(doc)) {
                messages.add(m.getMessage());
            }
            reasons.addAll(messages);
        }
        if (!reasons.isEmpty()) {
            throw new InvalidRequestException(reasons);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = doc.has("params") ? mapper.convertValue(doc.get("params"), Map.class) : Map.of();
        return new IntakeRequest(id, flow, params, null);
    }

    /** Inputs a continuation may bring, with what each must look like (design.md "Continuations"). */
    static final Map<String, Pattern> INPUTS = Map.of("otpCode", Pattern.compile("[0-9]{4,8}"));

    /** {"requestId": "...", "continue": {"otpCode": "123456"}}: nothing else. */
    private IntakeRequest continuation(JsonNode doc, String id, List<String> reasons) {
        doc.fieldNames().forEachRemaining(f -> {
            if (!f.equals("requestId") && !f.equals("continue")) {
                reasons.add("a continuation has only requestId and continue; unexpected property '" + f + "'");
            }
        });
        JsonNode inputs = doc.get("continue");
        Map<String, Object> values = new LinkedHashMap<>();
        if (inputs == null || !inputs.isObject() || inputs.isEmpty()) {
            reasons.add("continue must be an object with the awaited input, e.g. {\"otpCode\": \"123456\"}");
        } else {
            inputs.fields().forEachRemaining(e -> {
                Pattern p = INPUTS.get(e.getKey());
                if (p == null) {
                    reasons.add("continue." + e.getKey() + " is not an input any flow waits for; known: " + String.join(", ", INPUTS.keySet()));
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
