package io.hookflow.credential;

import io.hookflow.testsupport.ServiceTokens;
import io.hookflow.testsupport.TokenEndpointResource;
import io.agroal.api.AgroalDataSource;
import io.hookflow.credential.service.MasterKeyRing;
import io.hookflow.credential.service.MasterKeyRotation;
import io.hookflow.credential.service.SecretBinding;
import io.hookflow.credential.service.SecretCipher;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import static io.hookflow.credential.SeededDatabaseResource.K1_ROWS;
import static io.hookflow.credential.SeededDatabaseResource.MISLABELLED;
import static io.hookflow.credential.SeededDatabaseResource.PETSTORE_UNDER_K0;
import static io.hookflow.credential.SeededDatabaseResource.UNDER_LOST_KEY;
import static io.hookflow.credential.SeededDatabaseResource.k1Row;
import static io.hookflow.credential.SeededDatabaseResource.password;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The service starts with a new current key ({@code k2}) and the former ones retired ({@code k1}, {@code k0})
 * over a database seeded before it started: the startup rotation has run when the tests begin.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.RotatedKeys.class)
class KeyRotationTest {

    /** The flow version that uses the seeded Petstore credential, as the flow-service stub tells credential-service. */
    private static final String ROTATION_FLOW = "65a1f0c2b7e4d3a2f1e0c9d0";

    /** k1 retired in favour of k2, k0 still retired from before; small batches so rotation takes several. */
    public static class RotatedKeys implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "credential.encryption.key", TestKeys.ROTATED,
                    "credential.encryption.key-id", "k2",
                    "credential.encryption.retired-keys", "k1:" + TestKeys.TEST + ",k0:" + TestKeys.OLDEST,
                    "credential.encryption.rotation-batch-size", "2");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            // flow-service (and the token endpoint for this service's calls to it) tells which flow uses a credential
            return List.of(new TestResourceEntry(SeededDatabaseResource.class),
                    new TestResourceEntry(StubFlowServiceResource.class),
                    new TestResourceEntry(TokenEndpointResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MasterKeyRotation rotation;

    @Test
    void reencryptedRowsUnderRetiredKeysAtStartupKeepingTheirSecrets() throws Exception {
        // only the new key's material: proves the rows were really encrypted again, not just relabelled
        SecretCipher newKeyOnly = new SecretCipher(MasterKeyRing.of("k2", TestKeys.ROTATED, Optional.empty()));
        for (int i = 0; i < K1_ROWS; i++) {
            Row row = rawRow(k1Row(i));
            assertThat(row.keyId).isEqualTo("k2");
            assertThat(row.aadVersion).isEqualTo(SecretBinding.CURRENT);
            assertThat(new String(newKeyOnly.decrypt("k2", row.ciphertext, aad(row)), StandardCharsets.UTF_8))
                    .isEqualTo("{\"password\":\"" + password(i) + "\"}");
            internalFetch(k1Row(i)).then().statusCode(200)
                    .body("config", equalTo(Map.of("username", "user-" + i, "password", password(i))));
        }
        assertThat(rawRow(PETSTORE_UNDER_K0).keyId).isEqualTo("k2");
        internalFetch(PETSTORE_UNDER_K0).then().statusCode(200)
                .body("config", equalTo(Map.of("apiKey", "seeded-petstore-key")));
    }

    @Test
    void leavesRowsItCannotDecryptAsTheyAreAndAnswers500WithoutDetails() throws Exception {
        assertThat(rawRow(UNDER_LOST_KEY).keyId).isEqualTo("k-lost");
        assertThat(rawRow(MISLABELLED).keyId).isEqualTo("k1");

        for (String id : List.of(UNDER_LOST_KEY, MISLABELLED)) {
            String body = internalFetch(id).then().statusCode(500)
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("An internal error occurred"))
                    .extract().asString();
            assertThat(body).doesNotContain("k-lost", "k1", "seeded-");
        }
    }

    @Test
    void reportsAnUnknownKeyIdOnceWithItsCountAndNeverKeyMaterial() throws Exception {
        byte[] before = rawRow(UNDER_LOST_KEY).ciphertext;
        MasterKeyRotation.Outcome outcome;
        List<LogCapture.Line> lines;
        try (LogCapture logs = LogCapture.open()) {
            outcome = rotation.rotate();
            lines = logs.lines();
        }

        // startup already did the work: nothing left to re-encrypt, only what cannot be
        assertThat(outcome.reencrypted()).isEqualTo(Map.of("k1", 0L));
        assertThat(outcome.unknownKey()).isEqualTo(Map.of("k-lost", 1L));
        assertThat(outcome.failed()).isEqualTo(Map.of("k1", 1L));
        assertThat(rawRow(UNDER_LOST_KEY).ciphertext).isEqualTo(before);
        assertThat(rawRow(UNDER_LOST_KEY).keyId).isEqualTo("k-lost");

        List<String> errors = lines.stream().filter(l -> l.level() == org.jboss.logmanager.Level.ERROR)
                .map(LogCapture.Line::text).toList();
        assertThat(errors.stream().filter(e -> e.contains("'k-lost'")).toList())
                .singleElement().asString()
                .startsWith("1 credential(s) are encrypted under master key id 'k-lost'");
        assertThat(errors).anyMatch(e -> e.contains("1 credential(s) under key 'k1' failed authentication"));
        for (LogCapture.Line line : lines) {
            assertThat(line.text()).doesNotContain(TestKeys.TEST, TestKeys.TEST_TEXT, TestKeys.ROTATED,
                    TestKeys.ROTATED_TEXT, TestKeys.OLDEST, TestKeys.OLDEST_TEXT, "seeded-");
        }
    }

    private static io.restassured.response.Response internalFetch(String id) {
        // ingress reads webhook credentials; the executor connector ones, for a flow version that uses them
        if (PETSTORE_UNDER_K0.equals(id)) {
            StubFlowServiceResource.version(ROTATION_FLOW, 1, "demo", id);
            return given().auth().oauth2(ServiceTokens.service("executor"))
                    .queryParam("flowId", ROTATION_FLOW).queryParam("version", 1)
                    .when().get("/internal/credentials/" + id);
        }
        return given().auth().oauth2(ServiceTokens.service("ingress")).when().get("/internal/credentials/" + id);
    }

    /** The current binding, computed here from the row's columns as read with SQL. */
    private static byte[] aad(Row row) {
        return SecretBinding.current(row.id, row.workspace, row.type, row.keyId, row.config);
    }

    private record Row(String id, byte[] ciphertext, String keyId, String workspace, String type, String config,
                       short aadVersion) {
    }

    private Row rawRow(String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select secret_ciphertext, key_id, workspace,"
                     + " type, config::text, aad_version from credential where id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new Row(id, rs.getBytes(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getShort(6));
            }
        }
    }
}
