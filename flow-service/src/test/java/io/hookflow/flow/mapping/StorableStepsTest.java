package io.hookflow.flow.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookflow.flow.ExecutionStep;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StorableStepsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void leavesContentWithoutNulCharactersAsItIs() throws Exception {
        ExecutionStep step = step(JSON.readTree("{\"a\":[1,\"x\",{\"b\":null}]}"), null, "Connector answered 400");

        assertThat(StorableSteps.storable(List.of(step))).containsExactly(step);
        assertThat(StorableSteps.storable(List.of(step)).get(0)).isSameAs(step);
        assertThat(StorableSteps.text("plain")).isEqualTo("plain");
    }

    @Test
    void replacesNulCharactersInValuesKeysAndNestedArraysAndNotesTheStep() throws Exception {
        JsonNode output = JSON.readTree("{\"pet\\u0000name\":\"Gro\\u0000mit\",\"tags\":[\"ok\",[\"\\u0000\"]],\"n\":1}");
        ExecutionStep step = step(null, output, "bad \u0000 byte");

        ExecutionStep stored = StorableSteps.storable(List.of(step)).get(0);

        assertThat(stored.output().toString())
                .isEqualTo("{\"pet\\\\u0000name\":\"Gro\\\\u0000mit\",\"tags\":[\"ok\",[\"\\\\u0000\"]],\"n\":1}");
        assertThat(stored.error().textValue()).isEqualTo("bad \\u0000 byte");
        assertThat(stored.note()).isEqualTo(StorableSteps.ALTERED_NOTE);
        assertThat(output.get("pet\u0000name").textValue()).isEqualTo("Gro\u0000mit"); // the original is untouched
    }

    @Test
    void keepsTheExecutorsNoteBeforeItsOwn() {
        ExecutionStep step = new ExecutionStep("step_1", "Webhook", "succeeded", Instant.EPOCH, Instant.EPOCH,
                null, TextNode.valueOf("\u0000"), null, 1, "Input and output were too large for Kafka.");

        assertThat(StorableSteps.storable(List.of(step)).get(0).note())
                .isEqualTo("Input and output were too large for Kafka. " + StorableSteps.ALTERED_NOTE);
    }

    @Test
    void dropsInputAndOutputAndKeepsTheErrorAsText() throws Exception {
        ExecutionStep step = new ExecutionStep("step_2", "Create a pet", "failed", Instant.EPOCH, Instant.EPOCH,
                JSON.readTree("{\"name\":\"Gromit\"}"), JSON.readTree("{\"id\":1}"), JSON.readTree("{\"code\":400}"),
                2, null);

        ExecutionStep stored = StorableSteps.withoutData(List.of(step)).get(0);

        assertThat(stored.input()).isNull();
        assertThat(stored.output()).isNull();
        assertThat(stored.error().textValue()).isEqualTo("{\"code\":400}");
        assertThat(stored.note()).isEqualTo(StorableSteps.DROPPED_NOTE);
        assertThat(stored.attempts()).isEqualTo(2);
        assertThat(stored.stepId()).isEqualTo("step_2");
    }

    @Test
    void answersNoStepsForMissingSteps() {
        assertThat(StorableSteps.storable(null)).isEmpty();
        assertThat(StorableSteps.withoutData(null)).isEmpty();
    }

    private static ExecutionStep step(JsonNode input, JsonNode output, String error) {
        return new ExecutionStep("step_1", "Webhook", "succeeded", Instant.EPOCH, Instant.EPOCH, input, output,
                error == null ? null : TextNode.valueOf(error), 1, null);
    }
}
