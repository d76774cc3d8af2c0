package io.hookflow.executor.event;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code kafka.security.*}, {@code kafka.sasl.*} and {@code kafka.ssl.*} settings of application.properties, for
 * the consumers and the producer the executor builds itself: they log in as the executor's own Kafka user, as the
 * Reactive Messaging channels do (docs/adr/0008-kafka-identities.md).
 */
final class KafkaSecurity {

    private KafkaSecurity() {
    }

    /** The security settings among {@code kafka} (Quarkus's {@code default-kafka-broker} map), unset ones left out. */
    static Map<String, Object> of(Map<String, Object> kafka) {
        Map<String, Object> security = new HashMap<>();
        kafka.forEach((key, value) -> {
            boolean wanted = key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.");
            if (wanted && value != null && !value.toString().isEmpty()) {
                security.put(key, value);
            }
        });
        return security;
    }
}
