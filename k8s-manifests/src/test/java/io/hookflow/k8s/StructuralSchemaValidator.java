package io.hookflow.k8s;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates a value against a CRD's structural {@code openAPIV3Schema} as the API server would before storing it:
 * a field the schema does not name is refused (the API server would drop it silently, which hides typos) unless
 * the schema keeps unknown fields ({@code x-kubernetes-preserve-unknown-fields} or {@code additionalProperties}).
 * Checks type, properties, additionalProperties, required, enum, items, int-or-string, nullable, pattern, the
 * numeric and length bounds, and oneOf/anyOf/allOf/not. Not checked: {@code format} and the CEL rules
 * ({@code x-kubernetes-validations}), which need the operator's own semantics.
 */
final class StructuralSchemaValidator {

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private StructuralSchemaValidator() {
    }

    /** The problems of {@code value} at {@code path}; empty when it is valid. */
    static List<String> validate(JsonNode schema, JsonNode value, String path) {
        List<String> problems = new ArrayList<>();
        validate(schema, value, path, true, problems);
        return problems;
    }

    /**
     * @param structural false inside oneOf/anyOf/allOf/not: there a structural schema may only restrict values
     *                   (required, enum, bounds), so a field it does not name is not unknown
     */
    private static void validate(JsonNode schema, JsonNode value, String path, boolean structural, List<String> problems) {
        String at = path.isEmpty() ? "(root)" : path;
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(at + ": null is not allowed here (the API server drops it)");
            }
            return;
        }
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(at + ": expected an integer or a string, found " + describe(value));
                return;
            }
        } else if (schema.has("type") && !hasType(schema.get("type").asText(), value)) {
            problems.add(at + ": expected " + schema.get("type").asText() + ", found " + describe(value));
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value) || allowed.isNumber() && value.isNumber()
                        && allowed.decimalValue().compareTo(value.decimalValue()) == 0;
            }
            if (!listed) {
                problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (schema.has("pattern") && !matches(schema.get("pattern").asText(), text)) {
                problems.add(at + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
            }
            if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asInt()) {
                problems.add(at + ": shorter than " + schema.get("minLength").asInt() + " characters");
            }
            if (schema.has("maxLength") && text.codePointCount(0, text.length()) > schema.get("maxLength").asInt()) {
                problems.add(at + ": longer than " + schema.get("maxLength").asInt() + " characters");
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum")) {
                int c = value.decimalValue().compareTo(schema.get("minimum").decimalValue());
                if (c < 0 || c == 0 && schema.path("exclusiveMinimum").asBoolean(false)) {
                    problems.add(at + ": " + value + " is below the minimum " + schema.get("minimum"));
                }
            }
            if (schema.has("maximum")) {
                int c = value.decimalValue().compareTo(schema.get("maximum").decimalValue());
                if (c > 0 || c == 0 && schema.path("exclusiveMaximum").asBoolean(false)) {
                    problems.add(at + ": " + value + " is above the maximum " + schema.get("maximum"));
                }
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                problems.add(at + ": fewer than " + schema.get("minItems").asInt() + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                problems.add(at + ": more than " + schema.get("maxItems").asInt() + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    validate(schema.get("items"), value.get(i), path + "[" + i + "]", structural, problems);
                }
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(at + ": missing required field " + required.asText());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    validate(properties.get(field.getKey()), field.getValue(), fieldPath, structural, problems);
                } else if (additional.isObject()) {
                    validate(additional, field.getValue(), fieldPath, structural, problems);
                } else if (structural && !preserveUnknown && !additional.asBoolean(false)) {
                    problems.add(fieldPath + ": unknown field");
                }
            }
        }
        combinators(schema, value, path, at, problems);
    }

    private static void combinators(JsonNode schema, JsonNode value, String path, String at, List<String> problems) {
        if (schema.has("allOf")) {
            for (JsonNode branch : schema.get("allOf")) {
                validate(branch, value, path, false, problems);
            }
        }
        if (schema.has("anyOf") && count(schema.get("anyOf"), value, path) == 0) {
            problems.add(at + ": matches none of anyOf " + schema.get("anyOf"));
        }
        if (schema.has("oneOf")) {
            int matching = count(schema.get("oneOf"), value, path);
            if (matching != 1) {
                problems.add(at + ": matches " + matching + " of oneOf " + schema.get("oneOf") + ", not exactly one");
            }
        }
        if (schema.has("not") && count(List.of(schema.get("not")), value, path) == 1) {
            problems.add(at + ": matches the schema under not " + schema.get("not"));
        }
    }

    private static int count(Iterable<JsonNode> branches, JsonNode value, String path) {
        int matching = 0;
        for (JsonNode branch : branches) {
            List<String> branchProblems = new ArrayList<>();
            validate(branch, value, path, false, branchProblems);
            matching += branchProblems.isEmpty() ? 1 : 0;
        }
        return matching;
    }

    private static boolean hasType(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalArgumentException("Unknown schema type " + type);
        };
    }

    private static boolean matches(String pattern, String text) {
        Pattern compiled;
        try {
            compiled = PATTERNS.computeIfAbsent(pattern, Pattern::compile);
        } catch (PatternSyntaxException e) {
            // An ECMA or RE2 construct Java does not read: not checked rather than guessed.
            return true;
        }
        return compiled.matcher(text).find();
    }

    private static String describe(JsonNode value) {
        String type = value.isObject() ? "an object" : value.isArray() ? "an array" : value.isTextual() ? "a string"
                : value.isIntegralNumber() ? "an integer" : value.isNumber() ? "a number" : value.isBoolean() ? "a boolean"
                : value.getNodeType().toString();
        return type + (value.isValueNode() ? " (" + value + ")" : "");
    }
}
