package io.octaneroutes.intake;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Codes and ids made of digits, normalised once at intake (issue 11, item 5). A schema
 * property marked {@code "x-digits": true} is such a field; its {@code type} is the one
 * canonical type (the one Octane is sent: integer for custNo, planNo, lineSeqNo, seqNo,
 * accessLevel, as the WSDLs declare them; string for spendCode, cycleNo, product and bolt-on
 * codes, providerIds and orderIds, G-ID). A client may send either a JSON integer or a string of
 * ASCII digits: PHP and JavaScript clients send ids as strings all the time.
 * <ul>
 * <li>integer field: a string of 1-30 ASCII digits becomes that integer (range checks then
 * apply as for any integer); fractions, exponents, signs, blanks and non-ASCII digits are
 * refused, as is a JSON number that is not an integer literal ({@code 1e5}, {@code 554433.0});</li>
 * <li>string field: a non-negative JSON integer becomes its decimal digits (the field's pattern
 * then applies); negative numbers and fractions are refused.</li>
 * </ul>
 * Fields without the mark (msn, simNo, csn: leading zeros; counts) keep their one type.
 * Reasons name the field, never the value sent.
 */
final class DigitCodes {
    static final String KEYWORD = "x-digits";
    private static final Pattern ASCII_DIGITS = Pattern.compile("[0-9]{1,30}");

    private final JsonNode schema;

    DigitCodes(JsonNode schema) {
        this.schema = schema;
    }

    /**
     * Rewrites the marked fields of {@code doc} in place to their canonical type; returns, by
     * place (a JSON pointer), the reasons for those that cannot be.
     */
    Map<String, String> normalise(ObjectNode doc) {
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        walk(doc, schema, "", reasons);
        return reasons;
    }

    private void walk(JsonNode node, JsonNode schemaNode, String path, Map<String, String> reasons) {
        JsonNode s = resolve(schemaNode);
        if (s == null) {
            return;
        }
        if (node instanceof ObjectNode object && s.has("properties")) {
            JsonNode properties = s.get("properties");
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode fieldSchema = resolve(properties.get(name));
                if (fieldSchema == null) {
                    continue; // unknown here: the schema reports it, without its name
                }
                String where = path + "/" + name;
                if (fieldSchema.path(KEYWORD).asBoolean(false)) {
                    JsonNode canonical = canonical(object.get(name), fieldSchema.path("type").asText(), where, reasons);
                    if (canonical != null) {
                        object.set(name, canonical);
                    }
                } else {
                    walk(object.get(name), fieldSchema, where, reasons);
                }
            }
        } else if (node instanceof ArrayNode array && s.has("items")) {
            JsonNode items = resolve(s.get("items"));
            for (int i = 0; i < array.size(); i++) {
                if (items != null && items.path(KEYWORD).asBoolean(false)) {
                    JsonNode canonical = canonical(array.get(i), items.path("type").asText(), path + "/" + i, reasons);
                    if (canonical != null) {
                        array.set(i, canonical);
                    }
                } else {
                    walk(array.get(i), items, path + "/" + i, reasons);
                }
            }
        }
    }

    /** The value in its canonical type, or null to leave it as it is (the schema then judges it, or a reason was added). */
    private static JsonNode canonical(JsonNode value, String type, String where, Map<String, String> reasons) {
        if ("integer".equals(type)) {
            if (value.isTextual()) {
                String text = value.asText();
                if (ASCII_DIGITS.matcher(text).matches()) {
                    return integer(new BigInteger(text));
                }
                reasons.put(where, where + ": must be a whole number, as a JSON integer or a string of ASCII digits 0-9 "
                        + "(no sign, fraction, exponent, spaces or other digits)");
                return null;
            }
            if (value.isNumber() && !value.isIntegralNumber()) {
                reasons.put(where, where + ": must be a whole number written without fraction or exponent");
            }
            return null;
        }
        if ("string".equals(type)) {
            if (value.isIntegralNumber()) {
                BigInteger n = value.bigIntegerValue();
                if (n.signum() >= 0) {
                    return JsonNodeFactory.instance.textNode(n.toString());
                }
                reasons.put(where, where + ": must be a code, as a string or a non-negative JSON integer");
                return null;
            }
            if (value.isNumber()) {
                reasons.put(where, where + ": must be a code, as a string or a JSON integer without fraction or exponent");
            }
            return null;
        }
        return null;
    }

    /** The smallest Jackson node that holds the number, as Jackson itself reads an integer literal. */
    private static JsonNode integer(BigInteger n) {
        if (n.bitLength() < 32) {
            return JsonNodeFactory.instance.numberNode(n.intValue());
        }
        if (n.bitLength() < 64) {
            return JsonNodeFactory.instance.numberNode(n.longValue());
        }
        return JsonNodeFactory.instance.numberNode(n);
    }

    /** Follows a local {@code $ref} ({@code #/$defs/...}). */
    private JsonNode resolve(JsonNode schemaNode) {
        JsonNode s = schemaNode;
        for (int hops = 0; s != null && s.has("$ref") && hops < 8; hops++) {
            String ref = s.get("$ref").asText();
            s = ref.startsWith("#") ? schema.at(ref.substring(1)) : null;
            if (s != null && s.isMissingNode()) {
                s = null;
            }
        }
        return s;
    }

    /** Every marked field of a schema, as path → type: the schemas' one fact, for tests and docs. */
    static Map<String, String> markedFields(JsonNode schema) {
        Map<String, String> out = new java.util.TreeMap<>();
        collect(schema, "", out);
        return out;
    }

    private static void collect(JsonNode node, String path, Map<String, String> out) {
        if (node == null || !node.isContainerNode()) {
            return;
        }
        if (node.path(KEYWORD).asBoolean(false)) {
            out.put(path, node.path("type").asText());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            collect(f.getValue(), path + "/" + f.getKey(), out);
        }
    }
}
