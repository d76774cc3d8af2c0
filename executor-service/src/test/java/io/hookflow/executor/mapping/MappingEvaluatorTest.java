package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSONata mapping on its own: semantics of missing values and errors, and use from many threads. */
class MappingEvaluatorTest {

    private final ObjectMapper json = new ObjectMapper();
    private final MappingEvaluator evaluator = new MappingEvaluator(json);

    @Test
    void mapsFieldsOverThePreviousOutput() throws Exception {
        JsonNode input = evaluator.map("f", 1, "step_2",
                Map.of("name", "petname", "tags", "[petstatus, 'x']", "count", "$count(items)"),
                json.readTree("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\",\"items\":[1,2,3]}"));

        assertThat(input).isEqualTo(json.readTree("{\"name\":\"Gromit\",\"tags\":[\"Sold\",\"x\"],\"count\":3}"));
    }

    @Test
    void leavesOutFieldsWhoseExpressionYieldsNothing() throws Exception {
        JsonNode input = evaluator.map("f", 1, "step_2", Map.of("name", "petname", "status", "missing.field"),
                json.readTree("{\"petname\":\"Gromit\"}"));

        assertThat(input).isEqualTo(json.readTree("{\"name\":\"Gromit\"}"));
    }

    @Test
    void reportsEvaluationAndCompileErrorsWithTheField() {
        assertThatThrownBy(() -> evaluator.map("f", 1, "step_2", Map.of("name", "petname + 1"),
                json.readTree("{\"petname\":\"Gromit\"}")))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("Mapping of field 'name' failed: ");
        assertThatThrownBy(() -> evaluator.map("f", 1, "step_3", Map.of("status", "petname +"),
                json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("Mapping of field 'status' failed: ");
    }

    /** {@code $$} reads the root binding that a shared Jsonata object would let threads overwrite. */
    @Test
    void givesEachThreadTheRightAnswerWhenManyEvaluateAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                int n = task;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        int value = n * 1000 + i;
                        JsonNode input = evaluator.map("f", 1, "step_" + (n % 3),
                                Map.of("double", "$$.value * 2", "label", "'v' & $string($$.value)"),
                                json.readTree("{\"value\":" + value + "}"));
                        if (input.get("double").asLong() != value * 2L
                                || !input.get("label").asText().equals("v" + value)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Plain field paths are answered from the JSON tree and everything else by JSONata over a converted copy;
     * both must give exactly what JSONata over Jackson's {@code convertValue} gives (the mapping as it was first
     * written), for every kind of value on the path.
     */
    @Test
    void answersLikeJsonataOverJacksonsMapView() throws Exception {
        List<String> bodies = List.of("{\"v\":5}", "{\"v\":5.0}", "{\"v\":1.5}", "{\"v\":12345678901}",
                "{\"v\":123456789012345678901234567890}", "{\"v\":-0.0}", "{\"v\":true}", "{\"v\":\"x\"}",
                "{\"v\":null}", "{\"v\":{}}", "{\"v\":[]}", "{\"v\":[1]}", "{\"v\":[[1],[2]]}", "{\"v\":[null]}",
                "{\"v\":[{\"w\":1}]}", "{\"v\":{\"w\":3}}", "{\"v\":{\"w\":[3]}}", "{\"v\":{\"w\":null}}",
                "{\"v\":{\"w\":{\"x\":[1,[2]],\"y\":\"z\"}}}", "{\"v\":[{\"w\":1},{\"w\":2}]}", "{\"w\":1}", "{}",
                "{\"true\":1,\"and\":2,\"null\":3}", "[{\"v\":1},{\"v\":2}]", "\"text\"", "7");
        List<String> expressions = List.of("v", "v.w", "v.w.x", "v.w.y", "v.w.x.y", "nosuch", "nosuch.w", "true",
                "null", "and", "v.true", "v & ''", "$string(v)", "v[0]", "$$", "$count(v)", "{'a': v}", "v.w[0]");
        for (String body : bodies) {
            JsonNode source = json.readTree(body);
            for (String expression : expressions) {
                Map<String, String> mapping = new LinkedHashMap<>();
                mapping.put("f", expression);
                String expected;
                try {
                    expected = json.writeValueAsString(reference(expression, source));
                } catch (RuntimeException e) {
                    expected = "error";
                }
                String actual;
                try {
                    // compiled expressions are cached by flow, version, step and field: one step per expression
                    actual = json.writeValueAsString(evaluator.map("f", 1, "s" + expressions.indexOf(expression),
                            mapping, source));
                } catch (MappingException e) {
                    actual = "error";
                }
                assertThat(actual).as("%s over %s", expression, body).isEqualTo(expected);
            }
        }
    }

    /** The mapping as first written: JSONata over {@code convertValue(source, Object.class)}, back with {@code valueToTree}. */
    private JsonNode reference(String expression, JsonNode source) {
        Object input = source == null || source.isNull() ? null : json.convertValue(source, Object.class);
        Object value = Jsonata.jsonata(expression).evaluate(input);
        ObjectNode result = json.createObjectNode();
        if (value != null) {
            result.set("f", json.valueToTree(value));
        }
        return result;
    }
}
