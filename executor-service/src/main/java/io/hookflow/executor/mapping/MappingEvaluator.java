package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns a step's mapping (input field → JSONata expression) into the action's input, evaluated over the
 * previous step's output.
 *
 * <p>Compiled expressions are cached per {@link ExpressionKey}, but per thread: a dashjoin {@code Jsonata}
 * object is not safe to share. {@code evaluate(input)} binds {@code $} into the expression's own
 * environment frame (a plain HashMap) and stamps its {@code timestamp} field, and the library keeps a
 * static per-thread "current" instance whose fields it swaps during evaluation. Keeping every compiled
 * expression on the thread that compiled it avoids all of that without a lock; the cost is one compiled
 * copy per worker thread, which is small (the worker pool is bounded) and compiles in microseconds.
 *
 * <p>An expression that yields nothing (JSONata "undefined", e.g. a path to a field the input lacks) or
 * null leaves its field out of the input, as JSONata's own object constructor does; the connector then
 * decides whether the field was required (a 4xx fails the step). An expression that fails to compile or to
 * evaluate, or yields a function, fails the mapping with the JSONata error.
 */
@ApplicationScoped
public class MappingEvaluator {

    private final ObjectMapper mapper;
    private final ThreadLocal<Map<ExpressionKey, Jsonata>> compiled = ThreadLocal.withInitial(HashMap::new);

    MappingEvaluator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Evaluates every field of {@code mapping} over {@code source}. Without a mapping the source itself is the
     * input (an action that wants the previous output as is).
     */
    public JsonNode map(String flowId, int version, String stepId, Map<String, String> mapping, JsonNode source)
            throws MappingException {
        if (mapping == null) {
            return source;
        }
        Object input = source == null || source.isNull() || source.isMissingNode()
                ? null
                : mapper.convertValue(source, Object.class);
        ObjectNode result = mapper.createObjectNode();
        for (Map.Entry<String, String> field : mapping.entrySet()) {
            ExpressionKey key = new ExpressionKey(flowId, version, stepId, field.getKey());
            Object value = evaluate(key, field.getValue(), input);
            if (value != null) {
                result.set(field.getKey(), toJson(field.getKey(), value));
            }
        }
        return result;
    }

    private Object evaluate(ExpressionKey key, String expression, Object input) throws MappingException {
        if (expression == null || expression.isBlank()) {
            throw new MappingException("Mapping of field '" + key.field() + "' has no expression");
        }
        try {
            Jsonata compiledExpression = compiled.get().get(key);
            if (compiledExpression == null) {
                compiledExpression = Jsonata.jsonata(expression);
                compiled.get().put(key, compiledExpression);
            }
            return compiledExpression.evaluate(input);
        } catch (RuntimeException e) {
            throw new MappingException("Mapping of field '" + key.field() + "' failed: " + messageOf(e));
        }
    }

    private JsonNode toJson(String field, Object value) throws MappingException {
        if (Utils.isFunction(value)) {
            throw new MappingException("Mapping of field '" + field + "' yields a function, not a value");
        }
        try {
            return mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new MappingException("Mapping of field '" + field + "' yields a value that is not JSON");
        }
    }

    private static String messageOf(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
