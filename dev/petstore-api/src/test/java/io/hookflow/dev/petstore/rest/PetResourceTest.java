package io.hookflow.dev.petstore.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PetResourceTest {

    private static RequestSpecification withKey() {
        return given().header("api-key", "secret");
    }

    private static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID();
    }

    @Test
    void createsPetAndReadsItBack() {
        String name = uniqueName("Gromit");
        int id = withKey().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"status\":\"sold\"}")
                .when().post("/v2/pet")
                .then().statusCode(200)
                .body("id", notNullValue())
                .body("name", equalTo(name))
                .body("status", equalTo("sold"))
                .extract().path("id");

        withKey().when().get("/v2/pet/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo(name))
                .body("status", equalTo("sold"));
    }

    @Test
    void givesPetWithoutStatusTheStatusAvailable() {
        withKey().contentType(ContentType.JSON).body("{\"name\":\"" + uniqueName("Wallace") + "\"}")
                .when().post("/v2/pet")
                .then().statusCode(200)
                .body("status", equalTo("available"));
    }

    @Test
    void rejectsPetWithoutName() {
        withKey().contentType(ContentType.JSON).body("{\"status\":\"sold\"}")
                .when().post("/v2/pet")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", containsString("name"));
    }

    @Test
    void rejectsUnknownAndUpperCaseStatus() {
        for (String status : List.of("lost", "Sold")) {
            withKey().contentType(ContentType.JSON)
                    .body("{\"name\":\"" + uniqueName("Feathers") + "\",\"status\":\"" + status + "\"}")
                    .when().post("/v2/pet")
                    .then().statusCode(400)
                    .body("error", containsString("status"));
        }
    }

    @Test
    void repeatedIdempotencyKeyReturnsFirstPetAndCreatesNothing() {
        String key = UUID.randomUUID() + ":step_2";
        String name = uniqueName("Shaun");
        int first = withKey().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"status\":\"pending\"}")
                .when().post("/v2/pet")
                .then().statusCode(200)
                .extract().path("id");
        int countAfterFirst = withKey().when().get("/v2/pet").then().statusCode(200).extract().path("size()");

        withKey().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"status\":\"pending\"}")
                .when().post("/v2/pet")
                .then().statusCode(200)
                .body("id", equalTo(first))
                .body("name", equalTo(name))
                .body("status", equalTo("pending"));

        List<String> names = withKey().when().get("/v2/pet").then().statusCode(200).extract().path("name");
        assertThat(names).hasSize(countAfterFirst);
        assertThat(names).containsOnlyOnce(name);
    }

    @Test
    void differentIdempotencyKeysCreateDifferentPets() {
        String name = uniqueName("Preston");
        int first = withKey().header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}").when().post("/v2/pet")
                .then().statusCode(200).extract().path("id");
        int second = withKey().header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}").when().post("/v2/pet")
                .then().statusCode(200).extract().path("id");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void findsPetsByStatus() {
        String name = uniqueName("Hutch");
        withKey().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"status\":\"pending\"}")
                .when().post("/v2/pet").then().statusCode(200);

        withKey().queryParam("status", "pending")
                .when().get("/v2/pet/findByStatus")
                .then().statusCode(200)
                .body("name", hasItem(name))
                .body("status", everyItem(equalTo("pending")));
    }

    @Test
    void rejectsFindByUnknownStatus() {
        withKey().queryParam("status", "lost")
                .when().get("/v2/pet/findByStatus")
                .then().statusCode(400)
                .body("error", containsString("status"));
    }

    @Test
    void listsAllPets() {
        String name = uniqueName("Piella");
        withKey().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"status\":\"available\"}")
                .when().post("/v2/pet").then().statusCode(200);

        withKey().when().get("/v2/pet")
                .then().statusCode(200)
                .body("name", hasItem(name));
    }

    @Test
    void answersUnknownPetWith404Json() {
        withKey().when().get("/v2/pet/987654321")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", containsString("987654321"));
    }

    @Test
    void rejectsMissingApiKeyWith401Json() {
        given().when().get("/v2/pet")
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error", containsString("api-key"));
    }

    @Test
    void rejectsWrongApiKeyWith401JsonOnEveryEndpoint() {
        given().header("api-key", "wrong").contentType(ContentType.JSON).body("{\"name\":\"Nope\"}")
                .when().post("/v2/pet")
                .then().statusCode(401)
                .body("error", notNullValue());
        given().header("api-key", "wrong").when().get("/v2/user/me")
                .then().statusCode(401)
                .body("error", notNullValue());
        given().header("api-key", "wrong").when().get("/v2/pet/1")
                .then().statusCode(401);
    }

    @Test
    void acceptsEachConfiguredApiKey() {
        given().header("api-key", "second-key").when().get("/v2/user/me")
                .then().statusCode(200);
        given().header("api-key", "secret,second-key").when().get("/v2/user/me")
                .then().statusCode(401);
    }

    @Test
    void answersCurrentUser() {
        withKey().when().get("/v2/user/me")
                .then().statusCode(200)
                .body("username", equalTo("demo"));
    }

    @Test
    void answersMalformedJsonWith400Json() {
        withKey().contentType(ContentType.JSON).body("{\"name\":")
                .when().post("/v2/pet")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
        withKey().contentType(ContentType.JSON).body("[1]")
                .when().post("/v2/pet")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
    }

    @Test
    void answersUnknownPathWith404Json() {
        withKey().when().get("/v2/store/inventory")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
    }

    @Test
    void answersWrongMethodWith405Json() {
        withKey().when().delete("/v2/user/me")
                .then().statusCode(405)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
    }

    @Test
    void servesHealthWithoutApiKey() {
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
