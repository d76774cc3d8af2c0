package io.hookflow.credential;

import io.hookflow.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@QuarkusTestResource(StubFlowServiceResource.class)
@TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class CredentialVerifyTest {

    @ConfigProperty(name = "credential.connectors.petstore")
    String connectorUrl;

    @ConfigProperty(name = StubConnectorResource.CONTROL_URL)
    String connectorControlUrl;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @AfterEach
    void connectorBackAndCircuitClosed() {
        given().when().post(connectorControlUrl + "/up").then().statusCode(200);
        circuitBreakers.resetAll();
    }

    @Test
    void verifiesWebhookCredentialsWithoutAConnector() {
        String id = create("webhook-basic", Map.of("username", "u", "password", "p"));
        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(true))
                .body("message", equalTo("webhook credentials are checked on each incoming call"));
    }

    @Test
    void passesTheDecryptedKeyToTheConnectorAndReportsAcceptance() {
        String id = create("petstore", Map.of("apiKey", StubConnectorResource.GOOD_KEY));
        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(true))
                .body("message", equalTo("api key accepted"));
    }

    @Test
    void reportsTheConnectorsRejection() {
        String id = create("petstore", Map.of("apiKey", "wrong-key"));
        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", equalTo("api key rejected"));
    }

    @Test
    void dropsAConnectorMessageThatQuotesTheSecret() {
        String key = StubConnectorResource.ECHO_PREFIX + "quoted-petstore-key";
        String id = create("petstore", Map.of("apiKey", key));
        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", equalTo("credentials rejected"))
                .body(not(containsString(key)));
    }

    /** %test cuts the call off after credential.verify-timeout-seconds=2; production allows 25 (within the 30 s promise). */
    @Test
    void answersUnverifiedWhenTheConnectorNeverAnswers() {
        String id = create("petstore", Map.of("apiKey", StubConnectorResource.HANGING_KEY));
        given().when().post(API + "/" + id + "/verify")
                .then().statusCode(200)
                .body("verified", equalTo(false))
                .body("message", equalTo("the petstore connector did not answer in time (within 2 seconds)"));
    }

    @Test
    void answersUnverifiedWhenTheConnectorIsDown() {
        String id = create("petstore", Map.of("apiKey", StubConnectorResource.GOOD_KEY));
        given().when().post(connectorControlUrl + "/down").then().statusCode(200);
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
