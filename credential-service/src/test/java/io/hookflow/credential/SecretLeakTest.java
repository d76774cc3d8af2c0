package io.hookflow.credential;

import io.hookflow.testsupport.ServiceTokens;
import io.agroal.api.AgroalDataSource;
import io.hookflow.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.hookflow.credential.CredentialResourceTest.API;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creates a credential of each type with distinctive secrets, drives it through every admin call and every
 * error this service can answer, and checks that no response body and no log line holds a secret or the
 * master key.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@QuarkusTestResource(StubFlowServiceResource.class)
@TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class SecretLeakTest {

    /** Each type with its secret field and two distinctive values (the petstore ones the stub connector quotes back). */
    private record Case(String type, Map<String, Object> plain, String secretField, String first, String second) {
        Map<String, Object> config(Object secret) {
            Map<String, Object> config = new LinkedHashMap<>(plain);
            config.put(secretField, secret);
            return config;
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("webhook-basic", Map.of("username", "wallace"), "password",
                    "LEAK-basic-password-91a7", "LEAK-basic-password-91a8"),
            new Case("webhook-apikey", Map.of("headerName", "x-api-key"), "apiKey",
                    "LEAK-apikey-3c5e", "LEAK-apikey-3c5f"),
            new Case("webhook-hmac", Map.of("algorithm", "sha512"), "secret",
                    "LEAK-hmac-secret-77d2", "LEAK-hmac-secret-77d3"),
            new Case("petstore", Map.of(), "apiKey",
                    StubConnectorResource.ECHO_PREFIX + "LEAK-petstore-5b1f",
                    StubConnectorResource.ECHO_PREFIX + "LEAK-petstore-5b20"));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    private final List<String> bodies = new ArrayList<>();

    @Test
    void noResponseOrLogLineHoldsASecretOrTheMasterKey() throws Exception {
        circuitBreakers.resetAll();
        List<String> secrets = new ArrayList<>(List.of(TestKeys.TEST, TestKeys.TEST_TEXT));
        List<LogCapture.Line> lines;
        try (LogCapture logs = LogCapture.open()) {
            given().when().post(API + "/" + "0".repeat(24) + "/verify").then().statusCode(404);
            Map<String, String> ids = new HashMap<>();
            for (Case c : CASES) {
                secrets.add(c.first());
                secrets.add(c.second());
                ids.put(c.type(), exercise(c));
            }
            keep(given().queryParam("size", 100).when().get(API), 200);
            for (Case c : CASES) {
                keep(given().queryParam("type", c.type()).when().get(API), 200);
            }
            invalidCreates(CASES.get(0).first());
            undecryptable(ids.get("webhook-basic"), ids.get("petstore"));
            lines = logs.lines();
        }

        assertThat(bodies).hasSizeGreaterThan(60);
        for (String body : bodies) {
            assertThat(body).doesNotContain(secrets);
        }
        assertThat(lines).isNotEmpty();
        for (LogCapture.Line line : lines) {
            assertThat(line.text()).doesNotContain(secrets);
        }
    }

    /** Every admin call and every 400 a credential of this type can get; returns its id. */
    private String exercise(Case c) {
        String id = keep(given().contentType(ContentType.JSON)
                .body(Map.of("name", "leak " + c.type(), "type", c.type(), "config", c.config(c.first())))
                .when().post(API), 201).path("id");
        String path = API + "/" + id;
        keep(given().when().get(path), 200);
        keep(put(path, c.type(), c.config("****")), 200);
        keep(given().when().post(path + "/verify"), 200);
        keep(put(path, c.type(), c.config(c.second())), 200);
        keep(given().when().post(path + "/verify"), 200);

        // errors, each with the secrets somewhere in the request
        keep(put(path, "webhook-noauth", c.config(c.second())), 400);
        Map<String, Object> unknownField = c.config(c.second());
        unknownField.put("extra", c.first());
        keep(put(path, c.type(), unknownField), 400);
        keep(put(path, c.type(), c.config(c.second() + "x".repeat(4100))), 400);
        keep(put(path, c.type(), c.config(Map.of("nested", c.second()))), 400);
        keep(put(path, c.type(), c.config(List.of(c.second()))), 400);
        keep(given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"type\":\"" + c.type() + "\",\"config\":{\"" + c.secretField() + "\":\""
                        + c.second() + "\"")
                .when().put(path), 400);
        keep(given().contentType(ContentType.JSON)
                .body(Map.of("name", Map.of("looks-like", c.second()), "type", c.type(), "config", c.config(c.second())))
                .when().put(path), 400);
        keep(given().contentType(ContentType.TEXT).body(c.second()).when().put(path), 415);
        // and the delete refusals, which name flows, never config
        StubFlowServiceResource.usedBy(id, "demo", List.of(Map.of("id", "f-" + c.type(), "name", "uses " + c.type())));
        keep(given().when().delete(path), 409);
        return id;
    }

    private void invalidCreates(String secret) {
        List<Map<String, Object>> requests = List.of(
                Map.of("name", "x", "type", "webhook-magic", "config", Map.of("password", secret)),
                Map.of("name", "x", "type", "webhook-basic", "config", Map.of("password", secret)),
                Map.of("name", "x", "type", "webhook-apikey", "config", Map.of("apiKey", secret, "headerName", "x " + secret)),
                Map.of("name", "x", "type", "webhook-hmac", "config", Map.of("secret", secret, "algorithm", secret)),
                Map.of("name", "x", "type", "webhook-hmac", "config", Map.of("secret", secret, "replayProtection", secret)),
                Map.of("name", "x", "type", "petstore", "config", Map.of("apiKey", "****", "region", secret)),
                Map.of("name", secret.repeat(20), "type", "petstore", "config", Map.of("apiKey", secret)),
                Map.of("name", "x", "type", "petstore", "config", secret));
        for (Map<String, Object> request : requests) {
            keep(given().contentType(ContentType.JSON).body(request).when().post(API), 400);
        }
        keep(given().contentType(ContentType.JSON).body("[\"" + secret + "\"]").when().post(API), 400);
        keep(given().contentType(ContentType.JSON).body("{\"config\": \"" + secret).when().post(API), 400);
    }

    /** Rows whose key id the service does not hold: 500s without details, and nothing in the log either. */
    private void undecryptable(String basicId, String petstoreId) throws Exception {
        setKeyId("k-gone", basicId, petstoreId);
        try {
            keep(given().auth().oauth2(ServiceTokens.service("ingress"))
                    .when().get("/internal/credentials/" + basicId), 500);
            keep(given().when().get(API + "/" + basicId), 200);
            keep(put(API + "/" + basicId, "webhook-basic", Map.of("username", "u", "password", "****")), 500);
            keep(given().when().post(API + "/" + petstoreId + "/verify"), 500);
        } finally {
            setKeyId("k1", basicId, petstoreId);
        }
    }

    private static Response put(String path, String type, Object config) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "leak " + type, "type", type, "config", config))
                .when().put(path);
    }

    private Response keep(Response response, int expectedStatus) {
        bodies.add(response.asString());
        response.then().statusCode(expectedStatus);
        return response;
    }

    private void setKeyId(String keyId, String... ids) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update credential set key_id = ? where id = ?")) {
            for (String id : ids) {
                update.setString(1, keyId);
                update.setString(2, id);
                update.executeUpdate();
            }
        }
    }
}
