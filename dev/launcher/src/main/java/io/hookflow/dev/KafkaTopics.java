package io.hookflow.dev;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.TopicConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Creates Hookflow's topics (docs/events.md) when they are missing, then its Kafka users and their ACLs
 * ({@link KafkaAccess}). Usage: {@code KafkaTopics <bootstrap> <secrets-dir> <acls-file>}; it connects as the broker's
 * own user {@code broker} (SASL/PLAIN, password in {@code <secrets-dir>/kafka-broker}) on the broker's internal
 * listener, the only identity that exists before the SCRAM users are made.
 */
public final class KafkaTopics {

    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);
    /** A 10 MiB webhook body plus its envelope must fit in one record (ingress allows 16 MiB requests). */
    private static final String MAX_MESSAGE_BYTES = String.valueOf(16 * 1024 * 1024);

    private KafkaTopics() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: KafkaTopics <bootstrap> <secrets-dir> <acls-file>");
        }
        String bootstrap = args[0];
        Path secrets = Path.of(args[1]);
        List<KafkaAccess.Rule> rules = KafkaAccess.read(Path.of(args[2]));
        String brokerPassword = Files.readString(secrets.resolve("kafka-broker"), StandardCharsets.UTF_8).strip();
        List<NewTopic> wanted = List.of(
                new NewTopic("flow.changed", 3, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic("webhook.received", 6, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS),
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)),
                new NewTopic("execution.recorded", 6, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS))),
                // executions waiting for their next attempt: each carries its webhook as it came, held by the
                // executor until due (at most executor.retry.max-delay), so a week is plenty
                new NewTopic("execution.deferred", 6, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS),
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)),
                new NewTopic("webhook.received.dlq", 1, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30 * DAY_MS),
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)));
        Map<String, Object> client = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"broker\" password=\"" + brokerPassword + "\";");
        try (Admin admin = Admin.create(client)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            // Topics made by an older version keep up with the configs wanted now.
            Map<ConfigResource, Collection<AlterConfigOp>> updates = new HashMap<>();
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    updates.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                            topic.configs().entrySet().stream()
                                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                                    .toList());
                }
            }
            if (!updates.isEmpty()) {
                admin.incrementalAlterConfigs(updates).all().get(30, TimeUnit.SECONDS);
            }
            String access = KafkaAccess.ensure(admin, secrets, rules);
            System.out.println("topics present: " + wanted.stream().map(NewTopic::name).toList()
                    + (missing.isEmpty() ? "" : " (created " + missing.size() + ")") + "; " + access);
        }
    }
}
