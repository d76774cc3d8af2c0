package io.hookflow.credential;

import io.hookflow.credential.service.MasterKeyRing;
import io.hookflow.credential.service.SecretCipher;
import io.hookflow.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.flywaydb.core.Flyway;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A real embedded PostgreSQL that already holds credentials before the service starts, as after a key change:
 * migrated with the service's own Flyway scripts, then rows encrypted under older keys are written.
 */
public class SeededDatabaseResource implements QuarkusTestResourceLifecycleManager {

    /** Under {@code k1}, the key the service has just retired: more rows than one rotation batch. */
    static final int K1_ROWS = 5;
    static final String PETSTORE_UNDER_K0 = "0000000000000000000000a0";
    static final String UNDER_LOST_KEY = "0000000000000000000000c0";
    /** Labelled {@code k1} but encrypted with another key: fails authentication during rotation. */
    static final String MISLABELLED = "0000000000000000000000d0";

    private final PostgresResource postgres = new PostgresResource();

    static String k1Row(int i) {
        return "0000000000000000000000b" + i;
    }

    static String password(int i) {
        return "seeded-password-" + i;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> datasource = postgres.start();
        String url = datasource.get("quarkus.datasource.jdbc.url");
        String user = datasource.get("quarkus.datasource.username");
        String password = datasource.get("quarkus.datasource.password");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();

        SecretCipher k1 = cipher("k1", TestKeys.TEST);
        SecretCipher k0 = cipher("k0", TestKeys.OLDEST);
        SecretCipher lost = cipher("k-lost", TestKeys.LOST);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            for (int i = 0; i < K1_ROWS; i++) {
                insert(connection, k1, k1Row(i), "webhook-basic", "{\"username\":\"user-" + i + "\"}",
                        "{\"password\":\"" + password(i) + "\"}");
            }
            insert(connection, k0, PETSTORE_UNDER_K0, "petstore", "{}", "{\"apiKey\":\"seeded-petstore-key\"}");
            insert(connection, lost, UNDER_LOST_KEY, "webhook-apikey", "{\"headerName\":\"x-api-key\"}",
                    "{\"apiKey\":\"seeded-lost-api-key\"}");
            insert(connection, cipher("k1", TestKeys.LOST), MISLABELLED, "webhook-apikey",
                    "{\"headerName\":\"x-api-key\"}", "{\"apiKey\":\"seeded-mislabelled-key\"}");
        } catch (SQLException e) {
            throw new IllegalStateException("seeding the test database failed", e);
        }
        return datasource;
    }

    private static SecretCipher cipher(String id, String key) {
        return new SecretCipher(MasterKeyRing.of(id, key, Optional.empty()));
    }

    private static void insert(Connection connection, SecretCipher cipher, String id, String type, String config,
                               String secrets) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into credential"
                + " (id, workspace, name, type, config, secret_ciphertext, key_id, created_at, updated_at, aad_version)"
                + " values (?, 'demo', ?, ?, ?::jsonb, ?, ?, ?, ?, 1)")) {
            // sealed as before migration V2: the associated data is the id alone (aad_version 1)
            Timestamp now = Timestamp.from(Instant.now());
            insert.setString(1, id);
            insert.setString(2, "seeded " + id);
            insert.setString(3, type);
            insert.setString(4, config);
            insert.setBytes(5, cipher.encrypt(secrets.getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8)));
            insert.setString(6, cipher.keyId());
            insert.setTimestamp(7, now);
            insert.setTimestamp(8, now);
            insert.executeUpdate();
        }
    }

    @Override
    public void stop() {
        postgres.stop();
    }
}
