package io.hookflow.credential;

import io.hookflow.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static io.hookflow.credential.CredentialResourceTest.API;
import static io.hookflow.credential.CredentialResourceTest.create;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class CredentialVerifyTest {

    @ConfigProperty(name = "credential.connectors.petstore")
    String connectorUrl;

    @Test
    @Order(1)
    void verifiesWebhookCredentialsWithoutAConnector() {
        String id = create("webhook-basic", Map.of("username", "u", "password", "p"));
        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(true))
                .body("message", equalTo("webhook credentials are checked on each incoming call"));
    }

    @Test
    @Order(2)
    void passesTheDecryptedKeyToTheConnectorAndReportsAcceptance() {
        String id = create("petstore", Map.of("apiKey", StubConnectorResource.GOOD_KEY));
        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(true))
                .body("message", equalTo("api key accepted"));
    }

    @Test
    @Order(3)
    void reportsTheConnectorsRejection() {
        String id = create("petstore", Map.of("apiKey", "wrong-key"));
        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", equalTo("api key rejected"));
    }

    /** Last: it stops the stub connector for good. */
    @Test
    @Order(4)
    void answersUnverifiedWhenTheConnectorIsDown() {
        String id = create("petstore", Map.of("apiKey", StubConnectorResource.GOOD_KEY));
        given().when().post(connectorUrl + "/test-control/stop").then().statusCode(202);
        URI uri = URI.create(connectorUrl);
        await().atMost(Duration.ofSeconds(10)).until(() -> !listening(uri));

        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", equalTo("the petstore connector could not be reached"));
    }

    private static boolean listening(URI uri) {
        try (Socket ignored = new Socket(uri.getHost(), uri.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
