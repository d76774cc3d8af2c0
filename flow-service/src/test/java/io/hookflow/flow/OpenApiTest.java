package io.hookflow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.support.PlatformTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** /q/openapi documents every admin operation: a summary, the roles it needs, and its error answers' body. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void everyAdminOperationHasASummaryItsRolesAndItsErrorBodies() throws Exception {
        JsonNode doc = document();
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = op.getValue();
                checked.add(name);
                // Quarkus makes a one-word summary from the method's name ("Put") when there is none.
                assertThat(operation.path("summary").asText()).as(name + " summary").contains(" ");
                JsonNode scopes = operation.path("security").path(0).path("SecurityScheme");
                assertThat(scopes.isArray() && !scopes.isEmpty()).as(name + " security scopes").isTrue();
                assertThat(operation.path("description").asText())
                        .as(name + " description").startsWith("Role: `" + scopes.get(0).asText() + "`");
                JsonNode responses = operation.path("responses");
                assertThat(responses.has("401") && responses.has("403")).as(name + " 401 and 403").isTrue();
                if (path.getKey().contains("{")) {
                    assertThat(responses.has("404")).as(name + " 404").isTrue();
                }
                for (Iterator<String> codes = responses.fieldNames(); codes.hasNext(); ) {
                    String code = codes.next();
                    if (code.startsWith("4") || code.startsWith("5")) {
                        JsonNode answer = responses.get(code);
                        assertThat(answer.path("description").asText()).as(name + " " + code).isNotBlank();
                        assertThat(answer.at("/content/application~1json/schema/$ref").asText())
                                .as(name + " " + code + " body").isEqualTo("#/components/schemas/ErrorResponse");
                    }
                }
            }
        }
        assertThat(checked).contains("POST /api/v1/flows", "GET /api/v1/flows/{id}",
                "PUT /api/v1/flows/{id}/steps/{stepId}/sample", "POST /api/v1/flows/{id}/steps/{stepId}/generate-sample",
                "GET /api/v1/flows/{flowId}/executions", "POST /api/v1/dead-letters/{id}/replay");
        assertThat(checked).hasSizeGreaterThanOrEqualTo(21);
        assertThat(doc.at("/components/schemas/ErrorResponse/required/0").asText()).isEqualTo("error");
    }

    @Test
    void documentsTheRolesAndAnswersOfTheSampleEndpoints() throws Exception {
        JsonNode sample = document().at("/paths/~1api~1v1~1flows~1{id}~1steps~1{stepId}~1sample");
        assertThat(sample.at("/get/security/0/SecurityScheme/0").asText()).isEqualTo("flows.read");
        assertThat(sample.at("/put/security/0/SecurityScheme/0").asText()).isEqualTo("flows.write");
        assertThat(sample.at("/put/responses").fieldNames()).toIterable()
                .contains("200", "400", "401", "403", "404", "413", "415");
        assertThat(sample.at("/put/requestBody/content/application~1json/examples/tutorial/value/petname").asText())
                .isEqualTo("Gromit");
    }

    @Test
    void theExamplesAreTheTutorialsFlow() throws Exception {
        JsonNode create = document().at("/paths/~1api~1v1~1flows/post");
        JsonNode example = create.at("/requestBody/content/application~1json/examples/tutorial/value");
        assertThat(example.path("name").asText()).isEqualTo("Gromit to Petstore");
        assertThat(example.at("/steps/0/component").asText()).isEqualTo("webhook");
        assertThat(example.at("/steps/1/function").asText()).isEqualTo("createPet");
        assertThat(example.at("/steps/1/mapping/name").asText()).isEqualTo("petname");
        assertThat(example.at("/steps/1/mapping/status").asText()).isEqualTo("petstatus");
        assertThat(create.at("/responses/400/content/application~1json/examples/unmapped/value/error").asText())
                .isEqualTo("step step_2: mapping.name is required by petstore.createPet");
        assertThat(create.at("/security/0/SecurityScheme/0").asText()).isEqualTo("flows.write");
    }

    private static JsonNode document() throws Exception {
        return new ObjectMapper().readTree(given().when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
    }
}
