package io.hookflow.executor.event;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSecurityTest {

    @Test
    void takesTheLoginAndEncryptionSettingsOnly() {
        Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", "localhost:9092");
        kafka.put("group.id", "executor-service");
        kafka.put("security.protocol", "SASL_PLAINTEXT");
        kafka.put("sasl.mechanism", "SCRAM-SHA-512");
        kafka.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        kafka.put("ssl.truststore.location", "/etc/kafka/ca.p12");

        assertThat(KafkaSecurity.of(kafka)).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location");
    }

    @Test
    void leavesOutSettingsATestProfileEmptied() {
        Map<String, Object> kafka = new HashMap<>(Map.of("security.protocol", "PLAINTEXT", "sasl.jaas.config", ""));

        assertThat(KafkaSecurity.of(kafka)).isEqualTo(Map.of("security.protocol", "PLAINTEXT"));
    }
}
