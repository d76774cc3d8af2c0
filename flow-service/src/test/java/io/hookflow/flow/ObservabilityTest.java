package io.hookflow.flow;

import io.hookflow.flow.support.PlatformTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(PlatformTestProfile.class)
class ObservabilityTest {

    @Test
    void answersHealthMetricsAndOpenApi() {
        // An application request first, so the HTTP metrics exist even when this class runs alone.
        given().when().get("/api/v1/flows").then().statusCode(401);
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().log().ifValidationFails().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/flows/{id}/publish"));
    }
}
