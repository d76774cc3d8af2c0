package io.hookflow.petstore.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(PetstoreUnreachableTest.PetstoreDown.class)
class PetstoreUnreachableTest {

    /** Points the connector at a port nothing listens on. */
    public static class PetstoreDown implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            String url = "http://localhost:" + closedPort();
            return Map.of("petstore.base-url", url);
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void reportsUnreachablePetstoreAsNotVerified() {
        given()
                .contentType(ContentType.JSON).body("{\"credentials\":{\"apiKey\":\"secret\"}}")
                .when().post("/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", equalTo("Petstore API unreachable"));
    }

    @Test
    void answersCreatePetWith502WhenPetstoreIsDown() {
        given().header("Idempotency-Key", "e1:step_2")
                .contentType(ContentType.JSON)
                .body("{\"credentials\":{\"apiKey\":\"secret\"},\"input\":{\"name\":\"Gromit\",\"status\":\"sold\"},"
                        + "\"executionId\":\"e1\",\"stepId\":\"step_2\"}")
                .when().post("/actions/createPet")
                .then().statusCode(502)
                .body("error", equalTo("Petstore API unreachable"));
    }
}
