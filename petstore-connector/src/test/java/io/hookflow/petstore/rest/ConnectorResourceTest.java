package io.hookflow.petstore.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PetstoreStubResource.class)
class ConnectorResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "petstore.base-url")
    String petstoreUrl;

    private static RequestSpecification internal() {
        return given();
    }

    private static String createPetBody(String apiKey, String name, String status) {
        String statusField = status == null ? "" : ",\"status\":\"" + status + "\"";
        return "{\"credentials\":{\"apiKey\":\"" + apiKey + "\"},\"input\":{\"name\":\"" + name + "\"" + statusField
                + "},\"executionId\":\"" + UUID.randomUUID().toString().replace("-", "") + "\",\"stepId\":\"step_2\"}";
    }

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID();
    }

    private List<Map<String, Object>> petstorePets() {
        return given().header("api-key", PetstoreStubResource.KEY)
                .when().get(petstoreUrl + "/v2/pet")
                .then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    @Test
    void describesComponentAsDocumented() throws Exception {
        String body = internal().when().get("/component")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();

        JsonNode descriptor = JSON.readTree(body);
        JsonNode expected = JSON.readTree("""
                {"id":"petstore","title":"Petstore",
                 "credential":{"type":"petstore","fields":[{"name":"apiKey","title":"API key","type":"string","required":true,"secret":true}]},
                 "actions":[{"id":"createPet","title":"Create a pet",
                             "input":[{"name":"name","type":"string","required":true},
                                      {"name":"status","type":"string","required":false,"enum":["available","pending","sold"]}],
                             "output":[{"name":"id","type":"number"},{"name":"name","type":"string"},{"name":"status","type":"string"}]}],
                 "triggers":[]}
                """);
        assertThat(descriptor.path("description").asText()).isNotBlank();
        ((com.fasterxml.jackson.databind.node.ObjectNode) descriptor).remove("description");
        assertThat(descriptor).isEqualTo(expected);
    }

    @Test
    void verifiesAcceptedApiKey() {
        internal().contentType(ContentType.JSON).body("{\"credentials\":{\"apiKey\":\"secret\"}}")
                .when().post("/verify")
                .then().statusCode(200)
                .body("verified", equalTo(true))
                .body("message", notNullValue());
    }

    @Test
    void reportsRejectedApiKeyAsNotVerifiedWithoutEchoingIt() {
        internal().contentType(ContentType.JSON).body("{\"credentials\":{\"apiKey\":\"wrong-key-4711\"}}")
                .when().post("/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", containsString("rejected"))
                .body("message", not(containsString("wrong-key-4711")));
    }

    @Test
    void reportsFailingPetstoreAsNotVerified() {
        internal().contentType(ContentType.JSON).body("{\"credentials\":{\"apiKey\":\"boom\"}}")
                .when().post("/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", containsString("500"));
    }

    @Test
    void reportsSlowPetstoreAsTimedOut() {
        internal().contentType(ContentType.JSON).body("{\"credentials\":{\"apiKey\":\"slow\"}}")
                .when().post("/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", equalTo("Petstore API timed out"));
    }

    @Test
    void rejectsVerifyWithoutApiKey() {
        internal().contentType(ContentType.JSON).body("{\"credentials\":{}}")
                .when().post("/verify")
                .then().statusCode(400)
                .body("error", containsString("credentials.apiKey"));
    }

    @Test
    void createsPetWithLowerCasedStatus() {
        String name = unique("Gromit");
        internal().contentType(ContentType.JSON).body(createPetBody("secret", name, "Sold"))
                .when().post("/actions/createPet")
                .then().statusCode(200)
                .body("output.id", notNullValue())
                .body("output.name", equalTo(name))
                .body("output.status", equalTo("sold"));
    }

    @Test
    void createsPetWithoutStatus() {
        String name = unique("Wallace");
        internal().contentType(ContentType.JSON).body(createPetBody("secret", name, null))
                .when().post("/actions/createPet")
                .then().statusCode(200)
                .body("output.name", equalTo(name))
                .body("output.status", equalTo("available"));
    }

    @Test
    void forwardsIdempotencyKeySoARetryCreatesNothing() {
        String name = unique("Shaun");
        String key = UUID.randomUUID().toString().replace("-", "") + ":step_2";
        int first = internal().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(createPetBody("secret", name, "pending"))
                .when().post("/actions/createPet")
                .then().statusCode(200)
                .extract().path("output.id");

        internal().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(createPetBody("secret", name, "pending"))
                .when().post("/actions/createPet")
                .then().statusCode(200)
                .body("output.id", equalTo(first));

        List<Map<String, Object>> created = petstorePets().stream().filter(pet -> name.equals(pet.get("name"))).toList();
        assertThat(created).hasSize(1);
        assertThat(created.get(0)).containsEntry("idempotencyKey", key);
    }

    @Test
    void usesExecutionAndStepAsIdempotencyKeyWhenHeaderIsMissing() {
        String name = unique("Feathers");
        String body = "{\"credentials\":{\"apiKey\":\"secret\"},\"input\":{\"name\":\"" + name
                + "\"},\"executionId\":\"abc123\",\"stepId\":\"step_9\"}";
        internal().contentType(ContentType.JSON).body(body).when().post("/actions/createPet")
                .then().statusCode(200);

        assertThat(petstorePets()).filteredOn(pet -> name.equals(pet.get("name")))
                .singleElement()
                .satisfies(pet -> assertThat(pet).containsEntry("idempotencyKey", "abc123:step_9"));
    }

    @Test
    void createsAPetPerCallWithoutAnyIdempotencyKey() {
        String name = unique("Preston");
        String body = "{\"credentials\":{\"apiKey\":\"secret\"},\"input\":{\"name\":\"" + name + "\"}}";
        int first = internal().contentType(ContentType.JSON).body(body).when().post("/actions/createPet")
                .then().statusCode(200).extract().path("output.id");
        int second = internal().contentType(ContentType.JSON).body(body).when().post("/actions/createPet")
                .then().statusCode(200).extract().path("output.id");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void rejectsInvalidStatusWith400NamingTheField() {
        internal().contentType(ContentType.JSON).body(createPetBody("secret", unique("Hutch"), "lost"))
                .when().post("/actions/createPet")
                .then().statusCode(400)
                .body("error", containsString("input.status"));
    }

    @Test
    void rejectsMissingOrNonStringNameWith400() {
        internal().contentType(ContentType.JSON)
                .body("{\"credentials\":{\"apiKey\":\"secret\"},\"input\":{\"status\":\"sold\"}}")
                .when().post("/actions/createPet")
                .then().statusCode(400)
                .body("error", containsString("input.name"));
        internal().contentType(ContentType.JSON)
                .body("{\"credentials\":{\"apiKey\":\"secret\"},\"input\":{\"name\":42}}")
                .when().post("/actions/createPet")
                .then().statusCode(400)
                .body("error", containsString("input.name"));
    }

    @Test
    void rejectsActionWithoutApiKeyWith400() {
        internal().contentType(ContentType.JSON).body("{\"input\":{\"name\":\"Piella\"}}")
                .when().post("/actions/createPet")
                .then().statusCode(400)
                .body("error", containsString("credentials.apiKey"));
    }

    @Test
    void answersUnknownActionWith404() {
        internal().contentType(ContentType.JSON).body(createPetBody("secret", "Gromit", "sold"))
                .when().post("/actions/deletePet")
                .then().statusCode(404)
                .body("error", containsString("deletePet"));
    }

    @Test
    void mapsRejectedApiKeyTo422WithoutEchoingIt() {
        internal().contentType(ContentType.JSON).body(createPetBody("wrong-key-4711", unique("Gromit"), "sold"))
                .when().post("/actions/createPet")
                .then().statusCode(422)
                .body("error", containsString("API key was rejected"))
                .body("error", not(containsString("wrong-key-4711")));
    }

    @Test
    void mapsPetstoreValidationErrorTo422WithItsReason() {
        internal().contentType(ContentType.JSON).body(createPetBody("secret", "!Gromit", "sold"))
                .when().post("/actions/createPet")
                .then().statusCode(422)
                .body("error", equalTo("Petstore rejected the pet: Field 'name' must not start with '!'"));
    }

    @Test
    void mapsPetstoreServerErrorTo502() {
        internal().contentType(ContentType.JSON).body(createPetBody("boom", unique("Gromit"), "sold"))
                .when().post("/actions/createPet")
                .then().statusCode(502)
                .body("error", containsString("500"));
    }

    @Test
    void mapsSlowPetstoreTo502() {
        internal().contentType(ContentType.JSON).body(createPetBody("slow", unique("Gromit"), "sold"))
                .when().post("/actions/createPet")
                .then().statusCode(502)
                .body("error", equalTo("Petstore API timed out"));
    }

    @Test
    void mapsUnreadablePetstoreAnswerTo502() {
        internal().contentType(ContentType.JSON).body(createPetBody("garbage", unique("Gromit"), "sold"))
                .when().post("/actions/createPet")
                .then().statusCode(502)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Petstore API unreachable"));
    }

    @Test
    void answersMalformedJsonWith400Json() {
        for (String path : List.of("/verify", "/actions/createPet")) {
            internal().contentType(ContentType.JSON).body("{\"credentials\":")
                    .when().post(path)
                    .then().statusCode(400)
                    .contentType(ContentType.JSON)
                    .body("error", notNullValue());
        }
        internal().contentType(ContentType.JSON).body("[1,2]")
                .when().post("/actions/createPet")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
    }

    @Test
    void takesCallsWithoutAnyPlatformToken() {
        // connectors get no platform token (docs/adr/0007-service-identities.md): the network protects them
        given().when().get("/component")
                .then().statusCode(200)
                .body("id", equalTo("petstore"));
        given().contentType(ContentType.JSON)
                .body(createPetBody("secret", "Gromit", "sold"))
                .when().post("/actions/createPet")
                .then().statusCode(200);
    }

    @Test
    void answersUnknownPathWith404Json() {
        internal().when().get("/actions")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
    }

    @Test
    void servesHealthWithoutAToken() {
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
