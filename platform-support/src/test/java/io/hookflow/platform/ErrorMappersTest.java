package io.hookflow.platform;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The shared mappers answer each framework error as {@code {"error": "..."}}; a service can still answer its own. */
@QuarkusTest
class ErrorMappersTest {

    @Test
    void answers401WithABearerChallengeWithoutAToken() {
        given().when().get("/probe/secret")
                .then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("Authentication required: send a valid bearer token"));
    }

    @Test
    void answers401WithABearerChallengeForATokenThatDoesNotVerify() {
        given().auth().oauth2("not-a-jwt").when().get("/probe/secret")
                .then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("Authentication required: send a valid bearer token"));
    }

    @Test
    void answers400ForMalformedJsonWithoutEchoingIt() {
        given().contentType(ContentType.JSON).body("{\"name\": \"token=abc123\", \"age\": ")
                .when().post("/probe/pets")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("The request body is not valid JSON"));
    }

    @Test
    void answers400NamingTheFieldOfTheWrongType() {
        given().contentType(ContentType.JSON).body("{\"name\": \"Gromit\", \"age\": \"old\"}")
                .when().post("/probe/pets")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("The request body has a wrong value at age"));
        given().contentType(ContentType.JSON).body("{\"name\": \"Gromit\", \"scores\": [1, \"high\"]}")
                .when().post("/probe/pets")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("The request body has a wrong value at scores[1]"));
    }

    @Test
    void answers400WhenTheBodyIsJsonOfAnotherShape() {
        given().contentType(ContentType.JSON).body("[\"Gromit\"]")
                .when().post("/probe/pets")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("The request body is not the JSON this endpoint takes"));
    }

    @Test
    void answers404ForAnUnknownPath() {
        given().when().get("/probe/nothing-here")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("There is nothing at this path"));
        given().when().get("/nothing-here")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("There is nothing at this path"));
    }

    @Test
    void answers405ForAMethodThePathDoesNotTake() {
        given().when().delete("/probe/pets")
                .then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("This method is not allowed on this path"));
    }

    @Test
    void answers415ForABodyOfAnotherType() {
        given().contentType(ContentType.TEXT).body("Gromit")
                .when().post("/probe/pets")
                .then().statusCode(415).contentType(ContentType.JSON)
                .body("error", equalTo("This endpoint does not take a body of this Content-Type"));
    }

    @Test
    void keepsTheRetryAfterOfAStatusAnEndpointAnswersWith() {
        given().when().get("/probe/busy")
                .then().statusCode(503).contentType(ContentType.JSON)
                .header("Retry-After", "30")
                .body("error", equalTo("The service is unavailable, try again later"));
    }

    @Test
    void answers503WithRetryAfterWhenTheIdentityProviderCannotBeReached() {
        given().when().get("/probe/identity-provider")
                .then().statusCode(503).contentType(ContentType.JSON)
                .header("Retry-After", "5")
                .body("error", equalTo("The identity provider is unavailable, try again later"));
    }

    @Test
    void answers500WithoutTheExceptionsMessage() {
        given().when().get("/probe/boom")
                .then().statusCode(500).contentType(ContentType.JSON)
                .body("error", equalTo("An internal error occurred"))
                .body(not(containsString("hookflow_admin")));
    }

    @Test
    void aServiceMapperWithOverridePriorityAnswersInsteadOfThePlatforms() {
        given().when().get("/probe/forbidden")
                .then().statusCode(403).contentType(ContentType.JSON)
                .body("error", equalTo("This service answers its own 403"));
    }

    // Without the priorities (or with equal ones) registration order decides, and here it favours the test's mappers.
    @Test
    void aServiceMapperWithAWeakerPriorityLeavesTheAnswerToThePlatform() {
        given().when().get("/probe/busy")
                .then().statusCode(503).body("error", equalTo("The service is unavailable, try again later"));
    }
}
