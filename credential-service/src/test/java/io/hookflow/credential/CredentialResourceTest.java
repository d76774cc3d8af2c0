package io.hookflow.credential;

import io.hookflow.testsupport.ServiceTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@QuarkusTestResource(StubFlowServiceResource.class)
class CredentialResourceTest {

    static final String API = "/api/v1/credentials";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CredentialService service;

    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of("webhook-noauth", Map.of(), Map.of()),
                Arguments.of("webhook-basic",
                        Map.of("username", "gromit", "password", "cheese-1"),
                        Map.of("username", "gromit", "password", "****")),
                Arguments.of("webhook-apikey",
                        Map.of("apiKey", "key-1"),
                        Map.of("headerName", "x-api-key", "apiKey", "****")),
                Arguments.of("webhook-hmac",
                        Map.of("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "algorithm", "sha512",
                                "encoding", "base64", "headerName", "x-signature", "replayProtection", true),
                        Map.of("secret", "****", "algorithm", "sha512", "encoding", "base64",
                                "headerName", "x-signature", "replayProtection", true)),
                Arguments.of("webhook-hmac",
                        Map.of("secret", "hmac-secret-2"),
                        Map.of("secret", "****", "algorithm", "sha256", "encoding", "hex",
                                "headerName", "x-eio-signature", "replayProtection", false)),
                Arguments.of("petstore",
                        Map.of("apiKey", "petstore-key-1"),
                        Map.of("apiKey", "****")));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void createsEachTypeWithSecretsMaskedAndDefaultsFilled(String type, Map<String, Object> config,
                                                           Map<String, Object> expected) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "my " + type, "type", type, "config", config))
                .when().post(API)
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/credentials/[0-9a-f]{24}$"))
                .body("id", matchesPattern("[0-9a-f]{24}"))
                .body("name", equalTo("my " + type))
                .body("type", equalTo(type))
                .body("config", equalTo(expected))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue())
                .extract().path("id");

        given().when().get(API + "/" + id)
                .then().statusCode(200)
                .body("config", equalTo(expected));
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of(Map.of("name", "x", "type", "webhook-magic", "config", Map.of()), "type 'webhook-magic'"),
                Arguments.of(Map.of("name", "x", "config", Map.of()), "type is required"),
                Arguments.of(Map.of("type", "webhook-noauth"), "name is required"),
                Arguments.of(Map.of("name", "x".repeat(201), "type", "webhook-noauth"), "name must be at most 200"),
                Arguments.of(Map.of("name", "x", "type", "webhook-basic", "config", Map.of("username", "u")),
                        "config.password is required"),
                Arguments.of(Map.of("name", "x", "type", "petstore", "config", Map.of()), "config.apiKey is required"),
                Arguments.of(Map.of("name", "x", "type", "petstore", "config", Map.of("apiKey", "k", "region", "eu")),
                        "config.region is not a field"),
                Arguments.of(Map.of("name", "x", "type", "webhook-hmac", "config", Map.of("secret", "s", "algorithm", "md5")),
                        "config.algorithm must be one of sha256, sha512"),
                Arguments.of(Map.of("name", "x", "type", "webhook-hmac", "config", Map.of("secret", "s", "encoding", "hex64")),
                        "config.encoding must be one of hex, base64"),
                Arguments.of(Map.of("name", "x", "type", "webhook-hmac", "config", Map.of("secret", "s", "replayProtection", "yes")),
                        "config.replayProtection must be true or false"),
                Arguments.of(Map.of("name", "x", "type", "webhook-hmac", "config", Map.of("secret", "plain", "replayProtection", true)),
                        "config.secret must be whsec_"),
                Arguments.of(Map.of("name", "x", "type", "webhook-hmac", "config", Map.of("secret", "whsec_c2hvcnQ=", "replayProtection", true)),
                        "config.secret must be whsec_"),
                Arguments.of(Map.of("name", "x", "type", "webhook-hmac", "config", Map.of("secret", "whsec_!!", "replayProtection", true)),
                        "config.secret must be whsec_"),
                Arguments.of(Map.of("name", "x", "type", "webhook-apikey", "config", Map.of("apiKey", "k", "headerName", "bad header")),
                        "config.headerName must be a valid HTTP header name"),
                Arguments.of(Map.of("name", "x", "type", "webhook-basic", "config", Map.of("username", "u", "password", 42)),
                        "config.password must be a non-empty string"),
                Arguments.of(Map.of("name", "x", "type", "petstore", "config", Map.of("apiKey", "****")),
                        "config.apiKey must be the secret itself"),
                Arguments.of(Map.of("name", "x", "type", "petstore", "config", List.of("apiKey")),
                        "config must be a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void rejectsInvalidRequestNamingTheField(Map<String, Object> body, String expectedError) {
        given().contentType(ContentType.JSON).body(body)
                .when().post(API)
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", containsString(expectedError));
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void storesSecretsOnlyEncrypted() throws Exception {
        String password = "plaintext-password-4711";
        String id = create("webhook-basic", Map.of("username", "wallace", "password", password));
        String other = create("webhook-basic", Map.of("username", "wallace", "password", password));

        Row row = rawRow(id);
        assertThat(row.config).contains("wallace").doesNotContain(password);
        assertThat(new String(row.ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(password);
        // 12-byte IV + ciphertext + 16-byte GCM tag
        assertThat(row.ciphertext.length).isGreaterThan(12 + password.length() + 16);
        assertThat(row.keyId).isEqualTo("k1");
        // a fresh IV per value: the same secret never gives the same bytes
        assertThat(rawRow(other).ciphertext).isNotEqualTo(row.ciphertext);
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void putKeepsMaskedSecretsAndReplacesTheRest() throws Exception {
        String id = create("webhook-basic", Map.of("username", "wallace", "password", "first-password"));
        byte[] before = rawRow(id).ciphertext;

        given().contentType(ContentType.JSON)
                .body(Map.of("name", "renamed", "type", "webhook-basic",
                        "config", Map.of("username", "gromit", "password", "****")))
                .when().put(API + "/" + id)
                .then().statusCode(200)
                .body("name", equalTo("renamed"))
                .body("config", equalTo(Map.of("username", "gromit", "password", "****")));
        assertThat(storedConfig(id))
                .containsEntry("username", "gromit")
                .containsEntry("password", "first-password");
        assertThat(rawRow(id).ciphertext).isNotEqualTo(before);

        given().contentType(ContentType.JSON)
                .body(Map.of("name", "renamed", "config", Map.of("username", "gromit", "password", "second-password")))
                .when().put(API + "/" + id)
                .then().statusCode(200);
        assertThat(storedConfig(id)).containsEntry("password", "second-password");
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void refusesToChangeTheType() {
        String id = create("petstore", Map.of("apiKey", "k"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x", "type", "webhook-noauth", "config", Map.of()))
                .when().put(API + "/" + id)
                .then().statusCode(400)
                .body("error", containsString("type cannot be changed"));
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void listsNewestFirstWithTotalCountAndTypeFilter() {
        String older = create("webhook-apikey", Map.of("apiKey", "a"));
        String newer = create("webhook-apikey", Map.of("apiKey", "b"));
        String total = given().queryParam("type", "webhook-apikey").when().get(API)
                .then().statusCode(200).extract().header("X-Total-Count");
        assertThat(Integer.parseInt(total)).isGreaterThanOrEqualTo(2);

        List<String> ids = given().queryParam("type", "webhook-apikey").queryParam("page", 0).queryParam("size", 2)
                .when().get(API)
                .then().statusCode(200)
                .body("config.apiKey", equalTo(List.of("****", "****")))
                .extract().jsonPath().getList("id");
        assertThat(ids).containsExactly(newer, older);

        given().queryParam("size", 0).when().get(API)
                .then().statusCode(400).body("error", containsString("size"));
        given().queryParam("page", "first").when().get(API)
                .then().statusCode(400).body("error", containsString("page"));
        given().queryParam("type", "nope").when().get(API)
                .then().statusCode(400).body("error", containsString("type"));
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void deletesAndThenAnswers404() {
        String id = create("webhook-noauth", Map.of());
        given().when().delete(API + "/" + id).then().statusCode(204);
        given().when().get(API + "/" + id)
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", equalTo("credential " + id + " does not exist"));
        given().when().delete(API + "/" + id).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void hidesOtherWorkspacesCredentials() {
        String foreign = service.create("other", "theirs", "petstore",
                new ObjectMapper().valueToTree(Map.of("apiKey", "their-key"))).id;

        given().when().get(API + "/" + foreign).then().statusCode(404).body("error", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("name", "mine now", "config", Map.of("apiKey", "x")))
                .when().put(API + "/" + foreign).then().statusCode(404);
        given().when().post(API + "/" + foreign + "/verify").then().statusCode(404);
        given().when().delete(API + "/" + foreign).then().statusCode(404);
        List<String> ids = given().queryParam("size", 100).when().get(API).then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertThat(ids).doesNotContain(foreign);
    }

    @Test
    @TestSecurity(user = "viewer", roles = {"credentials.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void forbidsWritesWithoutTheWriteRole() {
        given().when().get(API).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "type", "webhook-noauth"))
                .when().post(API)
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
    }

    @Test
    void answers401JsonWithoutAToken() {
        given().when().get(API)
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error", containsString("bearer token"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "type", "webhook-noauth"))
                .when().post(API)
                .then().statusCode(401)
                .body("error", notNullValue());
        given().auth().oauth2("not-a-jwt").when().get(API)
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error", containsString("bearer token"));
    }

    @Test
    @TestSecurity(user = "nobody", roles = {"credentials.read"})
    @OidcSecurity
    void forbidsTokensWithoutAWorkspaceClaim() {
        given().when().get(API)
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void answers413JsonForAnOversizedBody() {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}"; // the test limit is 64K
        given().contentType(ContentType.JSON).body(big)
                .when().post(API)
                .then().statusCode(413)
                .contentType(ContentType.JSON)
                .body("error", containsString("larger than"));
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void answers400JsonForMalformedBodies() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"type\": ")
                .when().post(API)
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo("The request body is not valid JSON"));
        given().contentType(ContentType.JSON).body("{\"name\": {\"nested\": true}, \"type\": \"webhook-noauth\"}")
                .when().post(API)
                .then().statusCode(400)
                .body("error", containsString("name"));
        given().contentType(ContentType.JSON)
                .when().post(API)
                .then().statusCode(400)
                .body("error", notNullValue());
        given().contentType(ContentType.TEXT).body("name=x")
                .when().post(API)
                .then().statusCode(415)
                .body("error", notNullValue());
    }

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void answersJsonErrorsForUnknownIdsPathsAndMethods() {
        given().when().get(API + "/0123456789abcdef01234567")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", equalTo("credential 0123456789abcdef01234567 does not exist"));
        given().when().get("/api/v1/credentials/x/y/z")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
        given().when().get("/nothing-here")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
        given().when().patch(API)
                .then().statusCode(405)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
    }

    @Test
    void exposesHealthMetricsAndOpenApi() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/credentials"));
    }

    static String create(String type, Map<String, Object> config) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "test " + type, "type", type, "config", config))
                .when().post(API)
                .then().statusCode(201)
                .extract().path("id");
    }

    /** The decrypted config of a webhook credential, through the internal endpoint as ingress reads it. */
    private static Map<String, Object> storedConfig(String id) {
        return given().auth().oauth2(ServiceTokens.service("ingress"))
                .when().get("/internal/credentials/" + id)
                .then().statusCode(200)
                .extract().jsonPath().getMap("config");
    }

    private record Row(String config, byte[] ciphertext, String keyId) {
    }

    private Row rawRow(String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select config::text, secret_ciphertext, key_id from credential where id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new Row(rs.getString(1), rs.getBytes(2), rs.getString(3));
            }
        }
    }
}
