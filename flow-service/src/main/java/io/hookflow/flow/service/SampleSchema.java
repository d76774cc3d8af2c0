package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * Infers a JSON Schema from a JSON value: {@code type}, an object's {@code properties}, an array's {@code items} (the
 * schemas of all its elements merged). What a captured sample too large to keep is kept as: the shape to map from,
 * without the data.
 */
public final class SampleSchema {

    /** Deeper values are described by their type alone; a schema is for mapping, not for a document's every level. */
    static final int MAX_DEPTH = 32;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SampleSchema() {
    }

    public static ObjectNode infer(JsonNode value) {
        return infer(value, 0);
    }

    private static ObjectNode infer(JsonNode value, int depth) {
        ObjectNode schema = NODES.objectNode();
        switch (value.getNodeType()) {
            case OBJECT -> {
                schema.put("type", "object");
                if (depth < MAX_DEPTH) {
                    ObjectNode properties = schema.putObject("properties");
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = it.next();
                        properties.set(field.getKey(), infer(field.getValue(), depth + 1));
                    }
                }
            }
            case ARRAY -> {
                schema.put("type", "array");
                if (depth < MAX_DEPTH && !value.isEmpty()) {
                    ObjectNode items = null;
                    for (JsonNode element : value) {
                        ObjectNode one = infer(element, depth + 1);
                        items = items == null ? one : merge(items, one);
                    }
                    schema.set("items", items);
                }
            }
            case NUMBER -> schema.put("type", value.isIntegralNumber() ? "integer" : "number");
            case BOOLEAN -> schema.put("type", "boolean");
            case NULL -> schema.put("type", "null");
            default -> schema.put("type", "string");
        }
        return schema;
    }

    /** One schema that both values fit: same-typed objects and arrays merge their parts, other types are listed. */
    static ObjectNode merge(ObjectNode a, ObjectNode b) {
        JsonNode typeA = a.get("type");
        JsonNode typeB = b.get("type");
        if (typeA.isTextual() && typeB.isTextual()) {
            String ta = typeA.textValue();
            String tb = typeB.textValue();
            if (ta.equals(tb)) {
                if ("object".equals(ta)) {
                    return mergeObjects(a, b);
                }
                if ("array".equals(ta)) {
                    return mergeArrays(a, b);
                }
                return a;
            }
            if (numeric(ta) && numeric(tb)) {
                return NODES.objectNode().put("type", "number");
            }
        }
        TreeSet<String> types = new TreeSet<>();
        addTypes(types, typeA);
        addTypes(types, typeB);
        if (types.contains("number")) {
            types.remove("integer");
        }
        ObjectNode merged = NODES.objectNode();
        if (types.size() == 1) {
            merged.put("type", types.first());
        } else {
            ArrayNode list = merged.putArray("type");
            types.forEach(list::add);
        }
        return merged;
    }

    private static ObjectNode mergeObjects(ObjectNode a, ObjectNode b) {
        JsonNode propsA = a.get("properties");
        JsonNode propsB = b.get("properties");
        if (propsA == null || propsB == null) {
            return propsA == null ? b : a;
        }
        ObjectNode merged = NODES.objectNode().put("type", "object");
        ObjectNode properties = merged.putObject("properties");
        properties.setAll((ObjectNode) propsA);
        for (Iterator<Map.Entry<String, JsonNode>> it = propsB.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = properties.get(field.getKey());
            properties.set(field.getKey(), existing == null ? field.getValue()
                    : merge((ObjectNode) existing, (ObjectNode) field.getValue()));
        }
        return merged;
    }

    private static ObjectNode mergeArrays(ObjectNode a, ObjectNode b) {
        JsonNode itemsA = a.get("items");
        JsonNode itemsB = b.get("items");
        if (itemsA == null || itemsB == null) {
            return itemsA == null ? b : a;
        }
        ObjectNode merged = NODES.objectNode().put("type", "array");
        merged.set("items", merge((ObjectNode) itemsA, (ObjectNode) itemsB));
        return merged;
    }

    private static boolean numeric(String type) {
        return "integer".equals(type) || "number".equals(type);
    }

    private static void addTypes(TreeSet<String> types, JsonNode type) {
        if (type.isArray()) {
            type.forEach(t -> types.add(t.textValue()));
        } else {
            types.add(type.textValue());
        }
    }
}
