package io.hookflow.flow.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookflow.flow.ExecutionStep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Makes run records fit PostgreSQL, so that a run is stored whatever its content. {@code text} and {@code jsonb}
 * cannot hold the character U+0000 (a webhook body may well carry {@code "\u0000"}): it is replaced by the six
 * characters {@code \u0000}, and the step says so in its {@code note}.
 */
public final class StorableSteps {

    /** What a NUL character becomes: its JSON escape as plain text. */
    static final String NUL_REPLACEMENT = "\\u0000";
    public static final String ALTERED_NOTE =
            "Content altered to be stored: each U+0000 character (which the database cannot hold) is shown as the text \\u0000.";
    public static final String DROPPED_NOTE =
            "Input and output dropped: the database refused to store them.";

    private StorableSteps() {
    }

    /**
     * The error of a minimal record, stored in place of the run data (error and steps) the database refused even
     * without the steps' input and output.
     */
    public static String unstorableNote(String sqlState) {
        return "The run data of this attempt could not be stored: the database refused it (SQL state " + sqlState
                + "). Only its status and times are kept.";
    }

    /** The text with every U+0000 replaced; the same instance when it has none. */
    public static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", NUL_REPLACEMENT);
    }

    /** The steps with every U+0000 of their strings (values and keys alike) replaced, and a note on each step altered. */
    public static List<ExecutionStep> storable(List<ExecutionStep> steps) {
        if (steps == null) {
            return List.of();
        }
        List<ExecutionStep> result = new ArrayList<>(steps.size());
        for (ExecutionStep step : steps) {
            result.add(step == null ? null : storable(step));
        }
        return result;
    }

    /**
     * The steps without their input and output, each with a note saying so, and their error as text: the last resort
     * for a record the database refuses even once made {@link #storable}.
     */
    public static List<ExecutionStep> withoutData(List<ExecutionStep> steps) {
        if (steps == null) {
            return List.of();
        }
        List<ExecutionStep> result = new ArrayList<>(steps.size());
        for (ExecutionStep step : storable(steps)) {
            if (step == null) {
                continue;
            }
            JsonNode error = step.error() == null || step.error().isNull() || step.error().isTextual()
                    ? step.error() : TextNode.valueOf(text(step.error().toString()));
            result.add(new ExecutionStep(step.stepId(), step.name(), step.status(), step.startedAt(), step.finishedAt(),
                    null, null, error, step.attempts(), joined(step.note(), DROPPED_NOTE)));
        }
        return result;
    }

    private static ExecutionStep storable(ExecutionStep step) {
        JsonNode input = node(step.input());
        JsonNode output = node(step.output());
        JsonNode error = node(step.error());
        String stepId = text(step.stepId());
        String name = text(step.name());
        String status = text(step.status());
        String note = text(step.note());
        boolean altered = input != step.input() || output != step.output() || error != step.error()
                || stepId != step.stepId() || name != step.name() || status != step.status() || note != step.note();
        if (!altered) {
            return step;
        }
        return new ExecutionStep(stepId, name, status, step.startedAt(), step.finishedAt(), input, output, error,
                step.attempts(), joined(note, ALTERED_NOTE));
    }

    /** The node with every U+0000 replaced; the same instance when it has none. */
    static JsonNode node(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String text = text(node.textValue());
            return text == node.textValue() ? node : TextNode.valueOf(text);
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                JsonNode storable = node(element);
                if (storable != element && copy == null) {
                    copy = JsonNodeFactory.instance.arrayNode(node.size());
                    for (int j = 0; j < i; j++) {
                        copy.add(node.get(j));
                    }
                }
                if (copy != null) {
                    copy.add(storable);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isObject()) {
            boolean changed = false;
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = text(field.getKey());
                JsonNode value = node(field.getValue());
                changed |= key != field.getKey() || value != field.getValue();
                copy.set(key, value);
            }
            return changed ? copy : node;
        }
        return node;
    }

    private static String joined(String note, String addition) {
        return note == null || note.isBlank() ? addition : note + " " + addition;
    }
}
