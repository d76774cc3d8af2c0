package io.hookflow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.support.CredentialStubResource;
import io.hookflow.flow.support.FlowChangedReader;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class FlowLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FlowChangedReader reader;

    @BeforeAll
    static void subscribe() {
        reader = new FlowChangedReader();
    }

    @AfterAll
    static void close() {
        reader.close();
    }

    @Test
    void refusesToStartBeforeAnythingIsPublished() {
        String id = TestFlows.createGromit();
        given().when().post("/api/v1/flows/" + id + "/start")
                .then().statusCode(409)
                .body("error", equalTo("Flow " + id + " has no published version: publish the draft first"));
        given().when().get("/api/v1/flows/" + id).then().body("status", equalTo("inactive"));
    }

    @Test
    void publishesStartsRepublishesAndStopsAnnouncingEachLiveState() throws Exception {
        String id = TestFlows.createGromit();
        reader.awaitRecords(id, records -> records.size() == 1);

        given().when().post("/api/v1/flows/" + id + "/publish")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/flows/" + id + "/versions/1$"))
                .body("version", equalTo(1))
                .body("publishedAt", not(nullValue()));
        given().when().get("/api/v1/flows/" + id)
                .then().body("status", equalTo("inactive")).body("activeVersion", nullValue());

        given().when().post("/api/v1/flows/" + id + "/start")
                .then().statusCode(202)
                .body("id", equalTo(id)).body("status", equalTo("active")).body("activeVersion", equalTo(1));
        given().when().post("/api/v1/flows/" + id + "/start")
                .then().statusCode(202).body("status", equalTo("active")).body("activeVersion", equalTo(1));

        given().when().post("/api/v1/flows/" + id + "/publish")
                .then().statusCode(201).body("version", equalTo(2));
        given().when().get("/api/v1/flows/" + id)
                .then().body("status", equalTo("active")).body("activeVersion", equalTo(2));

        given().when().post("/api/v1/flows/" + id + "/stop")
                .then().statusCode(202).body("status", equalTo("inactive"));

        given().when().get("/api/v1/flows/" + id + "/versions")
                .then().statusCode(200)
                .body("version", equalTo(List.of(2, 1)))
                .body("[0].publishedAt", not(nullValue()));
        given().when().get("/api/v1/flows/" + id + "/versions/1")
                .then().statusCode(200).body("steps[1].mapping.status", equalTo("petstatus"));

        // create (inactive), start, start again (resent), publish while active, stop
        List<ConsumerRecord<String, String>> records = reader.awaitRecords(id, r -> r.size() == 5);
        List<JsonNode> events = records.stream().map(r -> read(r.value())).toList();
        assertThat(events).extracting(e -> e.get("status").asText())
                .containsExactly("inactive", "active", "active", "active", "inactive");
        assertThat(events).extracting(e -> e.get("activeVersion").isNull() ? null : e.get("activeVersion").asInt())
                .containsExactly(null, 1, 1, 2, 2);
        JsonNode started = events.get(1);
        assertThat(started.get("flowId").asText()).isEqualTo(id);
        assertThat(started.get("workspace").asText()).isEqualTo("demo");
        assertThat(started.get("name").asText()).isEqualTo("Gromit to Petstore");
        assertThat(started.get("webhook").get("stepId").asText()).isEqualTo("step_1");
        assertThat(started.get("webhook").get("credentialId").asText()).isEqualTo(TestFlows.WEBHOOK_CREDENTIAL);
        assertThat(started.get("settings").get("rateLimitPerSecond").asInt()).isEqualTo(5);
        assertThat(started.get("settings").get("rawData").isBoolean()).isTrue();
        assertThat(started.get("eventId").asText()).isNotBlank();
        assertThat(started.get("occurredAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void refusesToStartAVersionWhoseCredentialWasDeleted() {
        String petstore = TestFlows.newCredentialId();
        CredentialStubResource.register(petstore, "demo", "petstore");
        String id = createWith(petstore);
        given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);

        CredentialStubResource.delete(petstore);
        given().when().post("/api/v1/flows/" + id + "/start")
                .then().statusCode(409)
                .body("error", equalTo("Flow " + id + " cannot go live with version 1: step step_2 uses credential "
                        + petstore + ", which no longer exists in this workspace; choose another credential in the"
                        + " draft and publish it"));
        given().when().get("/api/v1/flows/" + id)
                .then().body("status", equalTo("inactive")).body("activeVersion", nullValue());

        CredentialStubResource.register(petstore, "demo", "petstore");
        given().when().post("/api/v1/flows/" + id + "/start")
                .then().statusCode(202).body("status", equalTo("active")).body("activeVersion", equalTo(1));
        // The refused start announced nothing: only create and the successful start are on the topic.
        List<JsonNode> events = reader.awaitRecords(id, r -> r.stream().anyMatch(e -> status(e).equals("active")))
                .stream().map(r -> read(r.value())).toList();
        assertThat(events).extracting(e -> e.get("status").asText()).containsExactly("inactive", "active");
    }

    @Test
    void refusesToPublishWhileActiveADraftWhoseCredentialWasDeleted() {
        String live = TestFlows.newCredentialId();
        String replacement = TestFlows.newCredentialId();
        CredentialStubResource.register(live, "demo", "petstore");
        CredentialStubResource.register(replacement, "demo", "petstore");
        String id = createWith(live);
        given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);
        given().when().post("/api/v1/flows/" + id + "/start").then().statusCode(202);
        given().contentType(ContentType.JSON).body(TestFlows.flow("Gromit to Petstore", List.of(
                        TestFlows.webhookStep(),
                        TestFlows.withCredential(TestFlows.createPetStep(Map.of("name", "petname")), replacement))))
                .when().put("/api/v1/flows/" + id)
                .then().statusCode(200);

        CredentialStubResource.delete(replacement);
        given().when().post("/api/v1/flows/" + id + "/publish")
                .then().statusCode(409)
                .body("error", equalTo("Flow " + id + " cannot go live with version 2: step step_2 uses credential "
                        + replacement + ", which no longer exists in this workspace; choose another credential in"
                        + " the draft and publish it"));
        given().when().get("/api/v1/flows/" + id + "/versions").then().body("version", equalTo(List.of(1)));
        given().when().get("/api/v1/flows/" + id)
                .then().body("status", equalTo("active")).body("activeVersion", equalTo(1));

        given().when().post("/api/v1/flows/" + id + "/stop").then().statusCode(202);
        // The refused publish announced nothing: create, start and stop only, version 1 live throughout.
        List<JsonNode> events = reader
                .awaitRecords(id, r -> r.size() > 1 && status(r.get(r.size() - 1)).equals("inactive"))
                .stream().map(r -> read(r.value())).toList();
        assertThat(events).extracting(e -> e.get("status").asText()).containsExactly("inactive", "active", "inactive");
        assertThat(events).extracting(e -> e.get("activeVersion").isNull() ? null : e.get("activeVersion").asInt())
                .containsExactly(null, 1, 1);
    }

    @Test
    void announcesADeletedFlowThenATombstone() {
        String id = TestFlows.createGromit();
        given().when().delete("/api/v1/flows/" + id).then().statusCode(204);

        List<ConsumerRecord<String, String>> records = reader.awaitRecords(id, r -> r.size() == 3);
        assertThat(read(records.get(1).value()).get("status").asText()).isEqualTo("deleted");
        assertThat(records.get(2).value()).isNull();
    }

    private static String createWith(String petstoreCredential) {
        return given().contentType(ContentType.JSON).body(TestFlows.flow("Gromit to Petstore", List.of(
                        TestFlows.webhookStep(),
                        TestFlows.withCredential(TestFlows.createPetStep(Map.of("name", "petname")),
                                petstoreCredential))))
                .when().post("/api/v1/flows")
                .then().statusCode(201)
                .extract().path("id");
    }

    private static String status(ConsumerRecord<String, String> record) {
        return record.value() == null ? "" : read(record.value()).path("status").asText();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
