package io.hookflow.flow.rest;

/** Examples for the OpenAPI document, from the tutorial's flow: a webhook creating a pet in the Petstore. */
final class ApiExamples {

    static final String FLOW_REQUEST = """
            {"name": "Gromit to Petstore",
             "description": "Creates a pet in the Petstore for each webhook",
             "steps": [
              {"id": "step_1", "name": "Webhook", "component": "webhook", "function": "receive",
               "credentialId": "65a1f0c2b7e4d3a2f1e0c9b8", "sample": {"petname": "Gromit", "petstatus": "Sold"}},
              {"id": "step_2", "name": "Create a pet", "component": "petstore", "function": "createPet",
               "credentialId": "65a1f0c2b7e4d3a2f1e0c9b9", "mapping": {"name": "petname", "status": "petstatus"}}],
             "settings": {"rateLimitPerSecond": 5}}""";

    static final String FLOW_RESPONSE = """
            {"id": "6650f1d2a3b4c5d6e7f80912", "name": "Gromit to Petstore",
             "description": "Creates a pet in the Petstore for each webhook",
             "status": "inactive", "activeVersion": null,
             "draft": {"steps": [
              {"id": "step_1", "name": "Webhook", "component": "webhook", "function": "receive",
               "credentialId": "65a1f0c2b7e4d3a2f1e0c9b8", "sample": {"petname": "Gromit", "petstatus": "Sold"}},
              {"id": "step_2", "name": "Create a pet", "component": "petstore", "function": "createPet",
               "credentialId": "65a1f0c2b7e4d3a2f1e0c9b9", "mapping": {"name": "petname", "status": "petstatus"}}],
              "settings": {"rateLimitPerSecond": 5}},
             "webhookUrl": "http://localhost:8080/hook/6650f1d2a3b4c5d6e7f80912",
             "createdAt": "2026-12-04T18:00:00Z", "updatedAt": "2026-12-04T18:00:00Z"}""";

    static final String FLOW_LIST = """
            [{"id": "6650f1d2a3b4c5d6e7f80912", "name": "Gromit to Petstore", "status": "active",
              "activeVersion": 1, "latestVersion": 1,
              "webhookUrl": "http://localhost:8080/hook/6650f1d2a3b4c5d6e7f80912",
              "createdAt": "2026-12-04T18:00:00Z", "updatedAt": "2026-12-04T18:05:00Z"}]""";

    static final String INVALID_FLOW = """
            {"error": "step step_2: mapping.name is required by petstore.createPet"}""";

    static final String FLOW_NOT_FOUND = """
            {"error": "Flow 6650f1d2a3b4c5d6e7f80912 does not exist"}""";

    static final String CONNECTOR_DOWN = """
            {"error": "connector petstore is unavailable"}""";

    static final String SAMPLE = """
            {"petname": "Gromit", "petstatus": "Sold"}""";

    static final String SAMPLE_RESPONSE = """
            {"stepId": "step_1", "source": "manual", "sample": {"petname": "Gromit", "petstatus": "Sold"},
             "updatedAt": "2026-12-04T18:00:00Z"}""";

    static final String GENERATED_SAMPLE = """
            {"stepId": "step_2", "source": "generated", "sample": {"id": 0, "name": "string", "status": "string"},
             "updatedAt": "2026-12-04T18:00:00Z"}""";

    static final String SAMPLE_NOT_OBJECT = """
            {"error": "step step_1: sample must be a JSON object, not an array"}""";

    static final String SAMPLE_TOO_LARGE = """
            {"error": "step step_1: sample is 300000 bytes as JSON; a sample holds at most 262144 bytes"}""";

    static final String NO_SAMPLE = """
            {"error": "Step step_2 of flow 6650f1d2a3b4c5d6e7f80912 has no sample"}""";

    static final String NOTHING_PUBLISHED = """
            {"error": "Flow 6650f1d2a3b4c5d6e7f80912 has no published version: publish the draft first"}""";

    private ApiExamples() {
    }
}
