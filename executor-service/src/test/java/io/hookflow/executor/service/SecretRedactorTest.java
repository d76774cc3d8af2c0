package io.hookflow.executor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Masking of credential values that a connector echoes back; an output without any is passed on as it is. */
class SecretRedactorTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void masksSecretsWhereverTheyAppearInAnOutput() throws Exception {
        Set<String> secrets = secrets("{\"apiKey\":\"petstore-secret-key-123\",\"algorithm\":\"hex\"}");
        JsonNode output = json.readTree("{\"id\":1,\"echo\":\"key petstore-secret-key-123 used\","
                + "\"nested\":{\"list\":[\"petstore-secret-key-123\",2,\"hex\"]}}");

        JsonNode redacted = SecretRedactor.redact(output, secrets);

        assertThat(redacted).isEqualTo(json.readTree("{\"id\":1,\"echo\":\"key **** used\","
                + "\"nested\":{\"list\":[\"****\",2,\"hex\"]}}"));
        assertThat(output.at("/nested/list/0").asText()).as("the original is left alone").isEqualTo("petstore-secret-key-123");
        assertThat(SecretRedactor.redact("failed with petstore-secret-key-123", secrets)).isEqualTo("failed with ****");
    }

    @Test
    void passesAnOutputWithoutSecretsOnUncopied() throws Exception {
        Set<String> secrets = secrets("{\"apiKey\":\"petstore-secret-key-123\"}");
        JsonNode output = json.readTree("{\"id\":1,\"name\":\"Gromit\",\"tags\":[\"a\",{\"b\":\"c\"}]}");

        assertThat(SecretRedactor.redact(output, secrets)).isSameAs(output);
        assertThat(SecretRedactor.redact(output, Set.of())).isSameAs(output);
    }

    private Set<String> secrets(String config) throws Exception {
        Set<String> secrets = new HashSet<>();
        SecretRedactor.collect(json.readTree(config), secrets);
        return secrets;
    }
}
