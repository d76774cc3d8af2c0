package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.executor.config.ExecutorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Turns a step's mapping (input field → JSONata expression) into the action's input, evaluated over the
 * previous step's output.
 *
 * <p>Every evaluation runs within {@link MappingBounds} ({@code executor.mapping.*}), kept by the thread's
 * {@link EvaluationGuard}: a time limit, a limit on how deeply evaluation nests, and a limit on the size of every value
 * it produces, checked at each step so that a value growing in a loop is stopped before it fills the heap. A mapping
 * that breaks one fails with a message naming the field and the bound. Whatever else an evaluation throws, errors
 * such as {@link StackOverflowError} included, fails the mapping too and goes no further: one flow's mapping must not
 * take the executor down.
 *
 * <p>Compiled expressions are cached per {@link ExpressionKey}, but per thread: a dashjoin {@code Jsonata}
 * object is not safe to share. Evaluating it stamps its {@code timestamp} field (and, without a bindings frame, binds
 * {@code $} into its own environment frame, a plain HashMap), and the library keeps a static per-thread "current"
 * instance whose fields it swaps during evaluation. Keeping every compiled expression on the thread that compiled it
 * avoids all of that without a lock; the cost is one compiled copy per worker thread, which is small (the worker pool
 * is bounded) and compiles in microseconds. The guard is per thread for the same reason.
 *
 * <p>An expression that yields nothing (JSONata "undefined", e.g. a path to a field the input lacks) or
 * null leaves its field out of the input, as JSONata's own object constructor does; the connector then
 * decides whether the field was required (a 4xx fails the step). An expression that fails to compile or to
 * evaluate, or yields a function, fails the mapping with the JSONata error.
 *
 * <p>Most mappings are plain field paths ({@code petname}, {@code customer.name}). Over an object those are
 * answered straight from the JSON tree, which yields what JSONata yields (the value as it is; nothing when a
 * field is missing or a step on the way is not an object) without turning the whole previous output into
 * JSONata's Map/List form first, and they need no bounds: they build nothing. Any other expression, or a path that
 * crosses an array, goes to JSONata.
 */
@ApplicationScoped
public class MappingEvaluator {

    /** A dotted path of plain names; JSONata reads each name as a field of the object before it. */
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    /** Names that JSONata reads as operators or literals, not as fields. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "in", "true", "false", "null", "function");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] NOT_A_PATH = new String[0];
    /** A marker, compared by identity. */
    private static final JsonNode CROSSES_ARRAY = NODES.textNode("(crosses an array)");

    private final ObjectMapper mapper;
    private final ThreadLocal<Map<ExpressionKey, Jsonata>> compiled = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<EvaluationGuard> guards;
    /** Expression text → its field names ({@link #NOT_A_PATH} when it is not a plain path); shared, immutable. */
    private final ConcurrentMap<String, String[]> paths = new ConcurrentHashMap<>();

    @Inject
    MappingEvaluator(ObjectMapper mapper, ExecutorConfig config) {
        this(mapper, new MappingBounds(config.mapping().timeout(), config.mapping().maxDepth(),
                config.mapping().maxResultBytes()));
    }

    MappingEvaluator(ObjectMapper mapper, MappingBounds bounds) {
        this.mapper = mapper;
        this.guards = ThreadLocal.withInitial(() -> new EvaluationGuard(bounds));
    }

    /**
     * Evaluates every field of {@code mapping} over {@code source}. Without a mapping the source itself is the
     * input (an action that wants the previous output as is).
     */
    public JsonNode map(String flowId, int version, String stepId, Map<String, String> mapping, JsonNode source)
            throws MappingException {
        return map(flowId, version, stepId, mapping, source, null);
    }

    /**
     * Like {@link #map(String, int, String, Map, JsonNode)}, with the webhook's attachments' metadata (an array of
     * {@code {"name","contentType","size"}}) bound as {@code $attachments}; an empty array when null.
     */
    public JsonNode map(String flowId, int version, String stepId, Map<String, String> mapping, JsonNode source,
                        JsonNode attachments) throws MappingException {
        if (mapping == null) {
            return source;
        }
        boolean hasInput = source != null && !source.isNull() && !source.isMissingNode();
        Object input = null;
        Object attachmentsValue = null;
        List<String> longStrings = null;
        ObjectNode result = mapper.createObjectNode();
        for (Map.Entry<String, String> field : mapping.entrySet()) {
            String expression = field.getValue();
            if (expression == null || expression.isBlank()) {
                throw new MappingException("Mapping of field '" + field.getKey() + "' has no expression");
            }
            String[] path = source instanceof ObjectNode ? path(expression) : null;
            JsonNode found = path == null ? CROSSES_ARRAY : follow((ObjectNode) source, path);
            if (found != CROSSES_ARRAY) {
                if (found != null && !found.isNull()) {
                    result.set(field.getKey(), found);
                }
                continue;
            }
            // a preview's expressions are not a published version's: compiled afresh, never cached
            ExpressionKey key = flowId == null ? null : new ExpressionKey(flowId, version, stepId, field.getKey());
            try {
                if (longStrings == null) {
                    longStrings = new ArrayList<>(0);
                    input = hasInput ? toJava(source, longStrings, guards.get().maxResultBytes()) : null;
                    attachmentsValue = attachments == null || !attachments.isArray() ? new InputArray(0)
                            : toJava(attachments, longStrings, guards.get().maxResultBytes());
                }
                Object value = evaluate(key, expression, input, attachmentsValue, longStrings);
                if (value != null) {
                    result.set(field.getKey(), toJson(field.getKey(), value));
                }
            } catch (EvaluationGuard.Exceeded e) {
                throw new MappingException("Mapping of field '" + field.getKey() + "' " + e.getMessage());
            } catch (MappingException e) {
                throw e;
            } catch (Throwable e) {
                // errors too (a StackOverflowError in the library, an OutOfMemoryError): they end this mapping only
                throw new MappingException("Mapping of field '" + field.getKey() + "' failed: " + messageOf(e));
            }
        }
        return result;
    }

    /** What a mapping makes of a sample: the input it yields and, per field, why a field failed. */
    public record Preview(ObjectNode input, Map<String, String> errors) {
    }

    /**
     * Evaluates each field of {@code mapping} over {@code source} on its own, within the same bounds as at run
     * time, for a designer's preview: a failing field is reported by name and the others still evaluated. Nothing
     * is cached, since a draft's expressions change from one call to the next.
     */
    public Preview preview(Map<String, String> mapping, JsonNode source, JsonNode attachments) {
        ObjectNode input = mapper.createObjectNode();
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> field : mapping.entrySet()) {
            Map<String, String> one = new java.util.LinkedHashMap<>();
            one.put(field.getKey(), field.getValue());
            try {
                JsonNode mapped = map(null, 0, null, one, source, attachments);
                if (mapped.has(field.getKey())) {
                    input.set(field.getKey(), mapped.get(field.getKey()));
                }
            } catch (MappingException e) {
                errors.put(field.getKey(), e.getMessage());
            }
        }
        return new Preview(input, errors);
    }

    /** The names of {@code expression} when it is a plain field path, else null. */
    private String[] path(String expression) {
        String[] path = paths.get(expression);
        if (path == null) {
            path = NOT_A_PATH;
            if (FIELD_PATH.matcher(expression).matches()) {
                String[] names = expression.split("\\.");
                boolean plain = true;
                for (String name : names) {
                    plain &= !KEYWORDS.contains(name);
                }
                if (plain) {
                    path = names;
                }
            }
            paths.putIfAbsent(expression, path);
        }
        return path == NOT_A_PATH ? null : path;
    }

    /**
     * The value at {@code path}, or null for JSONata's "nothing" (a missing field, or a scalar on the way), or
     * {@link #CROSSES_ARRAY} when an array is on the way: JSONata maps the rest of the path over it.
     */
    private static JsonNode follow(ObjectNode source, String[] path) {
        JsonNode node = source;
        for (String name : path) {
            if (node == null || node.isValueNode()) {
                return null;
            }
            if (!node.isObject()) {
                return CROSSES_ARRAY;
            }
            node = node.get(name);
        }
        return node;
    }

    private Object evaluate(ExpressionKey key, String expression, Object input, Object attachments,
                            List<String> longStrings) {
        EvaluationGuard guard = guards.get();
        if (key == null) {
            return guard.evaluate(guard.compile(expression), input, attachments, longStrings);
        }
        Map<ExpressionKey, Jsonata> mine = compiled.get();
        Jsonata compiledExpression = mine.get(key);
        if (compiledExpression == null) {
            compiledExpression = guard.compile(expression);
            mine.put(key, compiledExpression);
        }
        return guard.evaluate(compiledExpression, input, attachments, longStrings);
    }

    /**
     * JSONata's view of JSON, as Jackson's {@code convertValue(node, Object.class)} makes it, without its buffering;
     * its strings longer than {@code longerThan} are added to {@code longStrings}.
     */
    static Object toJava(JsonNode node, List<String> longStrings, int longerThan) {
        switch (node.getNodeType()) {
            case OBJECT: {
                InputObject map = new InputObject(Math.max(4, node.size() * 4 / 3 + 1));
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    map.put(field.getKey(), toJava(field.getValue(), longStrings, longerThan));
                }
                return map;
            }
            case ARRAY: {
                InputArray list = new InputArray(node.size());
                for (JsonNode element : node) {
                    list.add(toJava(element, longStrings, longerThan));
                }
                return list;
            }
            case STRING:
                if (node.textValue().length() > longerThan) {
                    longStrings.add(node.textValue());
                }
                return node.textValue();
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            default:
                return null;
        }
    }

    private JsonNode toJson(String field, Object value) throws MappingException {
        if (Utils.isFunction(value)) {
            throw new MappingException("Mapping of field '" + field + "' yields a function, not a value");
        }
        try {
            return toNode(value);
        } catch (IllegalArgumentException e) {
            throw new MappingException("Mapping of field '" + field + "' yields a value that is not JSON");
        }
    }

    /** Jackson's {@code valueToTree} for what JSONata answers (maps, lists, strings, numbers, booleans). */
    private JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name) || Utils.isFunction(entry.getValue())) {
                    return mapper.valueToTree(value);
                }
                object.set(name, toNode(entry.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object element : list) {
                if (Utils.isFunction(element)) {
                    return mapper.valueToTree(value);
                }
                array.add(toNode(element));
            }
            return array;
        }
        return mapper.valueToTree(value);
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        if (e instanceof Error) {
            return message == null || message.isBlank() ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + message;
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
