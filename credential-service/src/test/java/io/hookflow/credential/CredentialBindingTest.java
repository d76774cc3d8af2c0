package io.hookflow.credential;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.hookflow.credential.repository.CredentialRepository;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.credential.service.MasterKeyRotation;
import io.hookflow.credential.service.SecretBinding;
import io.hookflow.credential.service.SecretCipher;
import io.hookflow.credential.service.SecretDecryptionException;
import io.hookflow.testsupport.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A credential's ciphertext is bound to its row (docs/adr/0009): changing the workspace, type, key id or clear
 * config with SQL makes decryption fail with an error that says so, putting the column back makes it decrypt
 * again, and a row sealed the old way (the id alone) is sealed anew by the startup pass.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@QuarkusTestResource(StubFlowServiceResource.class)
class CredentialBindingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CredentialService service;

    @Inject
    CredentialRepository repository;

    @Inject
    MasterKeyRotation rotation;

    @Inject
    SecretCipher cipher;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void newRowsAreSealedUnderTheCurrentBinding() throws Exception {
        String id = apiKeyCredential();
        assertThat(column(id, "aad_version")).isEqualTo("2");
        assertThat(decrypted(id)).containsEntry("apiKey", "partner-key-1").containsEntry("headerName", "x-api-key");
    }

    @Test
    void aChangedWorkspaceTypeKeyIdOrClearConfigFailsToDecrypt() throws Exception {
        String id = apiKeyCredential();
        // each column changed alone, then put back: only the change makes it fail
        tamperedFails(id, "workspace", "'other'");
        tamperedFails(id, "type", "'webhook-basic'");
        tamperedFails(id, "config", "'{\"headerName\":\"x-forged\"}'::jsonb");
        tamperedFails(id, "config", "config || '{\"replayProtection\":false}'::jsonb");
        tamperedFails(id, "key_id", "'k0'");
        // a downgrade to the id-only binding does not pass either
        tamperedFails(id, "aad_version", "1");
        assertThat(decrypted(id)).containsEntry("apiKey", "partner-key-1");
    }

    @Test
    void aCiphertextCopiedOntoAnotherRowFailsToDecrypt() throws Exception {
        String source = apiKeyCredential();
        String target = apiKeyCredential();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update credential set secret_ciphertext ="
                     + " (select secret_ciphertext from credential where id = ?) where id = ?")) {
            update.setString(1, source);
            update.setString(2, target);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        assertThatThrownBy(() -> decrypted(target)).isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void aRowSealedWithTheIdAloneIsSealedAnewAndThenBound() throws Exception {
        String id = "legacy" + Long.toHexString(System.nanoTime());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into credential (id, workspace, name,"
                     + " type, config, secret_ciphertext, key_id, created_at, updated_at, aad_version)"
                     + " values (?, 'demo', 'legacy', 'webhook-apikey', '{\"headerName\":\"x-api-key\"}'::jsonb,"
                     + " ?, ?, ?, ?, 1)")) {
            Timestamp now = Timestamp.from(Instant.now());
            insert.setString(1, id);
            insert.setBytes(2, cipher.encrypt("{\"apiKey\":\"legacy-key\"}".getBytes(StandardCharsets.UTF_8),
                    SecretBinding.legacy(id)));
            insert.setString(3, cipher.keyId());
            insert.setTimestamp(4, now);
            insert.setTimestamp(5, now);
            insert.executeUpdate();
        }
        assertThat(decrypted(id)).containsEntry("apiKey", "legacy-key");

        MasterKeyRotation.Outcome outcome = rotation.rotate();

        assertThat(outcome.reencrypted()).containsEntry(cipher.keyId(), 1L);
        assertThat(column(id, "aad_version")).isEqualTo("2");
        assertThat(decrypted(id)).containsEntry("apiKey", "legacy-key");
        tamperedFails(id, "workspace", "'other'");
    }

    private String apiKeyCredential() {
        return service.create("demo", "partner", "webhook-apikey",
                JSON.valueToTree(Map.of("headerName", "x-api-key", "apiKey", "partner-key-1"))).id;
    }

    private Map<String, Object> decrypted(String id) {
        return QuarkusTransaction.requiringNew().call(() -> service.decryptedConfig(repository.findById(id)));
    }

    /** Sets {@code column} to {@code value} (SQL), asserts decryption fails and says why, then restores it. */
    private void tamperedFails(String id, String column, String value) throws Exception {
        String before = column(id, column + "::text");
        sql("update credential set " + column + " = " + value + " where id = ?", id);
        try {
            assertThat(column(id, column + "::text")).isNotEqualTo(before);
            assertThatThrownBy(() -> decrypted(id))
                    .as("decryption after changing %s", column)
                    .isInstanceOf(SecretDecryptionException.class)
                    .hasMessageContaining("secrets of credential " + id + " cannot be decrypted")
                    .hasMessageContaining("was changed after it was written")
                    .hasMessageNotContaining("partner-key-1");
        } finally {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement restore = connection.prepareStatement("update credential set " + column
                         + " = cast(? as " + type(column) + ") where id = ?")) {
                restore.setString(1, before);
                restore.setString(2, id);
                restore.executeUpdate();
            }
        }
    }

    private static String type(String column) {
        return switch (column) {
            case "config" -> "jsonb";
            case "aad_version" -> "smallint";
            default -> "varchar";
        };
    }

    private void sql(String statement, String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(statement)) {
            update.setString(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private String column(String id, String expression) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select " + expression
                     + " from credential where id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
