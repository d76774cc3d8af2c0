package io.hookflow.executor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Last line of defence for "no secret in a record, a log or the DLQ": masks any credential value that a
 * connector or a service echoed back into an error message or an output.
 */
final class SecretRedactor {

    static final String MASK = "****";
    /** Shorter values (enum-like settings such as "hex") are not secrets worth masking and would mangle text. */
    private static final int MIN_SECRET_LENGTH = 6;

    private SecretRedactor() {
    }

    /** Collects every textual value of a credential config that is long enough to be a secret. */
    static void collect(JsonNode config, Set<String> into) {
        if (config == null) {
            return;
        }
        if (config.isTextual()) {
            String value = config.asText();
            if (value.length() >= MIN_SECRET_LENGTH) {
                into.add(value);
            }
        } else if (config.isContainerNode()) {
            config.elements().forEachRemaining(child -> collect(child, into));
        }
    }

    static String redact(String text, Set<String> secrets) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /** {@code node} with every secret in its text values masked; the node itself when none is in it (the usual case). */
    static JsonNode redact(JsonNode node, Set<String> secrets) {
        if (node == null || secrets.isEmpty() || !containsAny(node, secrets)) {
            return node;
        }
        return copyRedacted(node, secrets);
    }

    private static boolean containsAny(JsonNode node, Set<String> secrets) {
        if (node.isTextual()) {
            String text = node.textValue();
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    return true;
                }
            }
            return false;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (containsAny(child, secrets)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode copyRedacted(JsonNode node, Set<String> secrets) {
        if (node.isTextual()) {
            String redacted = redact(node.asText(), secrets);
            return redacted.equals(node.asText()) ? node : TextNode.valueOf(redacted);
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), copyRedacted(field.getValue(), secrets));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.elements().forEachRemaining(element -> copy.add(copyRedacted(element, secrets)));
            return copy;
        }
        return node;
    }
}
