package io.hookflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.admin.PasswordGrant;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One issuer: a token is accepted whatever address of Keycloak it was fetched through, because Keycloak runs with a
 * fixed public address, and it carries the audience the services require.
 */
class SignInIT {

    @Test
    void aTokenFetchedThroughAnotherAddressIsAcceptedAndNamesTheOneIssuerAndTheApisAudience() throws Exception {
        String viaLoopback = Platform.KEYCLOAK.replace("localhost", "127.0.0.1");
        assertThat(viaLoopback).contains("127.0.0.1");
        String token = PasswordGrant.localUser(viaLoopback, "demo").token();

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("http://localhost:8180/realms/hookflow");
        JsonNode audience = claims.path("aud");
        assertThat(audience.isArray() ? audience.toString() : audience.asText()).contains("hookflow-api");

        given().auth().oauth2(token).get(Platform.FLOWS + "/api/v1/flows").then().statusCode(200);
        given().auth().oauth2(token).get(Platform.CREDENTIALS + "/api/v1/credentials").then().statusCode(200);
        // the same token, through the other address of the services' own host, too
        given().auth().oauth2(token).get(Platform.FLOWS.replace("localhost", "127.0.0.1") + "/api/v1/flows")
                .then().statusCode(200);
    }

    @Test
    void aTokenOfAnotherApplicationOfTheRealmIsRefused() {
        // same Keycloak, same realm, same user with every role and its workspace: only the audience is missing
        String token = new PasswordGrant(Platform.KEYCLOAK, "other-app", "demo", "demo").token();
        given().auth().oauth2(token).get(Platform.FLOWS + "/api/v1/flows").then().statusCode(401);
        given().auth().oauth2(token).get(Platform.CREDENTIALS + "/api/v1/credentials").then().statusCode(401);
    }
}
