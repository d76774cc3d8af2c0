package io.hookflow.flow.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** What a component offers (connector protocol {@code GET /component}), as far as validation needs it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComponentDescriptor(
        String id,
        String title,
        String description,
        JsonNode credential,
        List<Function> actions,
        List<Function> triggers) {

    /** The action with this id, if the component has it. */
    public Optional<Function> action(String id) {
        return actions == null ? Optional.empty()
                : actions.stream().filter(a -> a.id() != null && a.id().equals(id)).findFirst();
    }

    /** The trigger with this id, if the component has it. */
    public Optional<Function> trigger(String id) {
        return triggers == null ? Optional.empty()
                : triggers.stream().filter(t -> t.id() != null && t.id().equals(id)).findFirst();
    }

    /** An action or trigger with its input and output fields. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Function(String id, String title, List<Field> input, List<Field> output) {

        /** The input fields, never null. */
        public List<Field> inputs() {
            return input == null ? List.of() : input;
        }

        /** The output fields, never null. */
        public List<Field> outputs() {
            return output == null ? List.of() : output;
        }
    }

    /** One input or output field; {@code values} are its {@code enum}, when it has one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Field(String name, String type, boolean required, @JsonProperty("enum") List<JsonNode> values) {
    }
}
