package io.hookflow.petstore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What {@code GET /component} answers: the component, its credential fields, actions and triggers. */
public record ComponentDescriptor(String id, String title, String description, Credential credential,
        List<Operation> actions, List<Operation> triggers) {

    /** The credential type the component needs and its fields. */
    public record Credential(String type, List<Field> fields) {
    }

    /** An action or trigger with its input and output fields. */
    public record Operation(String id, String title, List<Field> input, List<Field> output) {
    }

    /** One field; attributes that do not apply to it are left out of the JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(String name, String title, String type, Boolean required, Boolean secret,
            @JsonProperty("enum") List<String> allowedValues) {

        public static Field output(String name, String type) {
            return new Field(name, null, type, null, null, null);
        }
    }
}
