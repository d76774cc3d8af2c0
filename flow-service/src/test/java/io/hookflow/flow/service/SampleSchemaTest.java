package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.flow.client.ComponentDescriptor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SampleSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void describesEachTypeAndAnObjectsProperties() throws Exception {
        JsonNode sample = JSON.readTree("""
                {"petname":"Gromit","age":3,"weight":10.5,"good":true,"owner":null,"tags":[],"home":{"town":"Wigan"}}""");
        assertThat(SampleSchema.infer(sample)).isEqualTo(JSON.readTree("""
                {"type":"object","properties":{
                  "petname":{"type":"string"},"age":{"type":"integer"},"weight":{"type":"number"},
                  "good":{"type":"boolean"},"owner":{"type":"null"},"tags":{"type":"array"},
                  "home":{"type":"object","properties":{"town":{"type":"string"}}}}}"""));
    }

    @Test
    void mergesTheSchemasOfAnArraysElements() throws Exception {
        JsonNode sample = JSON.readTree("""
                [{"name":"Gromit","age":3},{"name":"Feathers","age":2.5,"beak":true},{"name":null}]""");
        assertThat(SampleSchema.infer(sample)).isEqualTo(JSON.readTree("""
                {"type":"array","items":{"type":"object","properties":{
                  "name":{"type":["null","string"]},"age":{"type":"number"},"beak":{"type":"boolean"}}}}"""));
    }

    @Test
    void listsTheTypesOfMixedElementsAndMergesNestedArrays() throws Exception {
        assertThat(SampleSchema.infer(JSON.readTree("[1, \"two\", 3.5, [4]]"))).isEqualTo(JSON.readTree("""
                {"type":"array","items":{"type":["array","number","string"]}}"""));
        assertThat(SampleSchema.infer(JSON.readTree("[[1],[2.5],[]]"))).isEqualTo(JSON.readTree("""
                {"type":"array","items":{"type":"array","items":{"type":"number"}}}"""));
    }

    @Test
    void describesLevelsBelowTheDepthBoundByTheirTypeAlone() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode level = root;
        for (int i = 0; i < 100; i++) {
            level = level.putObject("next");
        }
        JsonNode schema = SampleSchema.infer(root);
        int depth = 0;
        while (schema.has("properties")) {
            schema = schema.get("properties").get("next");
            depth++;
        }
        assertThat(depth).isEqualTo(SampleSchema.MAX_DEPTH);
        assertThat(schema).isEqualTo(JSON.createObjectNode().put("type", "object"));
    }

    @Test
    void generatesAnExampleValueForEachDeclaredOutputField() throws Exception {
        List<ComponentDescriptor.Field> fields = List.of(
                new ComponentDescriptor.Field("id", "number", false, null),
                new ComponentDescriptor.Field("count", "integer", false, null),
                new ComponentDescriptor.Field("name", "string", false, null),
                new ComponentDescriptor.Field("status", "string", false,
                        List.of(JSON.valueToTree("available"), JSON.valueToTree("sold"))),
                new ComponentDescriptor.Field("sold", "boolean", false, null),
                new ComponentDescriptor.Field("owner", "object", false, null),
                new ComponentDescriptor.Field("tags", "array", false, null),
                new ComponentDescriptor.Field("photo", "binary", false, null));
        assertThat(SampleService.example(fields)).isEqualTo(JSON.readTree("""
                {"id":0,"count":0,"name":"string","status":"available","sold":false,"owner":{},"tags":[],"photo":null}"""));
    }
}
