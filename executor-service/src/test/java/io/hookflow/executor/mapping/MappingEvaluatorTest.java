package io.hookflow.executor.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
}
