package io.hookflow.e2e;

import io.hookflow.admin.PasswordGrant;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where the running platform answers, and real access tokens from its Keycloak. */
final class Platform {

    static final String INGRESS = url("hookflow.ingress", "http://localhost:8080");
    static final String FLOWS = url("hookflow.flow", "http://localhost:8081");
    static final String CREDENTIALS = url("hookflow.credential", "http://localhost:8082");
    static final String PETSTORE = url("hookflow.petstore", "http://localhost:8090");
    static final String KEYCLOAK = url("hookflow.oidc", "http://localhost:8180/realms/hookflow");
    static final String PETSTORE_KEY = System.getProperty("hookflow.petstore.key", "secret");
    static final String KAFKA = System.getProperty("hookflow.kafka", "localhost:9092");
    /** The local command's state directory: logs/ and secrets/ (passed by {@code ./hookflow test}). */
    static final Path STATE = Path.of(System.getProperty("hookflow.state", "../.hookflow")).toAbsolutePath();

    private Platform() {
    }

    /** A fresh access token from Keycloak's password grant; each local user's password is its name. */
    static String token(String user) {
        return PasswordGrant.localUser(KEYCLOAK, user).token();
    }

    /**
     * Kafka client settings for logging in as {@code user} (SASL/SCRAM-SHA-512) with {@code password}; the local
     * command's users and their passwords are in {@code .hookflow/secrets/kafka-<user>} (docs/adr/0008-kafka-identities.md).
     */
    static Properties kafkaClient(String user, String password) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return props;
    }

    /** Kafka client settings for the local command's {@code admin} user, which may do anything (tests only). */
    static Properties kafkaAdmin() {
        return kafkaClient("admin", localSecret("kafka-admin"));
    }

    /** A secret the local command generated into {@code .hookflow/secrets/}. */
    static String localSecret(String name) {
        try {
            return Files.readString(STATE.resolve("secrets").resolve(name)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("run the suite through ./hookflow test (no " + name + " secret in " + STATE + ")", e);
        }
    }

    private static String url(String property, String fallback) {
        return System.getProperty(property, fallback);
    }
}
