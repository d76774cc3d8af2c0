package io.hookflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StructuralSchemaValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCHEMA = """
            {"type": "object", "required": ["name"], "properties": {
              "name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 5},
              "port": {"x-kubernetes-int-or-string": true},
              "replicas": {"type": "integer", "minimum": 1, "maximum": 3},
              "ratio": {"type": "number", "nullable": true},
              "labels": {"type": "object", "additionalProperties": {"type": "string"}},
              "config": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
              "items": {"type": "array", "maxItems": 2, "items": {"type": "object", "properties": {"a": {"type": "boolean"}}}},
              "source": {"type": "object", "properties": {"value": {"type": "string"}, "valueFrom": {"type": "object"}},
                         "oneOf": [{"required": ["value"]}, {"required": ["valueFrom"]}]}
            }}
            """;

    private static List<String> problems(String value) throws JsonProcessingException {
        JsonNode schema = JSON.readTree(SCHEMA);
        return StructuralSchemaValidator.validate(schema, JSON.readTree(value), "");
    }

    @Test
    void acceptsWhatTheSchemaAllows() throws JsonProcessingException {
        assertThat(problems("""
                {"name": "abc", "port": "http", "replicas": 2, "ratio": null, "labels": {"x": "y"},
                 "config": {"anything": {"goes": [1]}}, "items": [{"a": true}], "source": {"value": "v"}}
                """)).isEmpty();
        assertThat(problems("{\"name\": \"abc\", \"port\": 8080, \"ratio\": 0.5}")).isEmpty();
    }

    @Test
    void rejectsUnknownFieldsWrongTypesAndBrokenBounds() throws JsonProcessingException {
        assertThat(problems("""
                {"nam": "x", "port": true, "replicas": 4, "labels": {"x": 1}, "items": [{"b": 1}, {}, {}],
                 "source": {"value": "v", "valueFrom": {}}}
                """)).containsExactlyInAnyOrder(
                "(root): missing required field name",
                "nam: unknown field",
                "port: expected an integer or a string, found a boolean (true)",
                "replicas: 4 is above the maximum 3",
                "labels.x: expected string, found an integer (1)",
                "items: more than 2 items",
                "items[0].b: unknown field",
                "source: matches 2 of oneOf [{\"required\":[\"value\"]},{\"required\":[\"valueFrom\"]}], not exactly one");
    }

    @Test
    void rejectsAStringAgainstItsPatternAndLength() throws JsonProcessingException {
        assertThat(problems("{\"name\": \"Abcdef\"}")).containsExactlyInAnyOrder(
                "name: \"Abcdef\" does not match ^[a-z]+$", "name: longer than 5 characters");
    }

    @Test
    void rejectsNullWhereTheSchemaIsNotNullable() throws JsonProcessingException {
        assertThat(problems("{\"name\": \"a\", \"replicas\": null}"))
                .containsExactly("replicas: null is not allowed here (the API server drops it)");
    }
}
