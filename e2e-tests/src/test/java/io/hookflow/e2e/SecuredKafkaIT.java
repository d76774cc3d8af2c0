package io.hookflow.e2e;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The local broker lets in only its users and lets each do only what dev/kafka/acls.txt allows
 * (docs/adr/0008-kafka-identities.md): nobody writes {@code webhook.received} past ingress's checks, nor rewrites the
 * run log on {@code execution.recorded}, without being the service whose job that is.
 */
class SecuredKafkaIT {

    private static final String WEBHOOKS = "webhook.received";
    private static final String RECORDS = "execution.recorded";
    private static final String FLOWS = "flow.changed";

    /** A user made for this test alone, with a password and no ACL: logged in, allowed nothing. */
    private static final String NO_RIGHTS = "kafka-acl-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String NO_RIGHTS_PASSWORD = UUID.randomUUID().toString();

    @BeforeAll
    static void createUserWithoutRights() throws Exception {
        try (Admin admin = Admin.create(Platform.kafkaAdmin())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(NO_RIGHTS,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), NO_RIGHTS_PASSWORD)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void deleteUserWithoutRights() throws Exception {
        try (Admin admin = Admin.create(Platform.kafkaAdmin())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(NO_RIGHTS, ScramMechanism.SCRAM_SHA_512)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAClientThatDoesNotLogIn() {
        Properties plaintext = new Properties();
        plaintext.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Platform.KAFKA);

        // the broker answers nothing but a login on its client port, so the producer never learns of the topic
        assertThat(refusal(plaintext, WEBHOOKS)).isInstanceOf(TimeoutException.class);
        assertThat(refusal(plaintext, RECORDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void refusesAServiceUserWithAWrongPassword() {
        Properties wrong = Platform.kafkaClient("ingress-service", "not-" + Platform.localSecret("kafka-ingress-service"));

        assertThat(refusal(wrong, WEBHOOKS)).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void refusesAUserWithoutRightsOnWebhookReceivedAndExecutionRecorded() {
        Properties noRights = Platform.kafkaClient(NO_RIGHTS, NO_RIGHTS_PASSWORD);

        // the new user reaches the broker through the metadata log: wait until its login works
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(refusal(noRights, WEBHOOKS)).isInstanceOf(TopicAuthorizationException.class));
        assertThat(refusal(noRights, RECORDS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(refusal(noRights, FLOWS)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void refusesEachServiceOnTheTopicsOfOthers() {
        Properties ingress = service("ingress-service");
        Properties executor = service("executor-service");
        Properties flow = service("flow-service");

        // the run log is the executor's to write
        assertThat(refusal(ingress, RECORDS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(refusal(flow, RECORDS)).isInstanceOf(TopicAuthorizationException.class);
        // webhooks come in through ingress (flow-service replays dead letters), never from the executor
        assertThat(refusal(executor, WEBHOOKS)).isInstanceOf(TopicAuthorizationException.class);
        // the flows' state is flow-service's
        assertThat(refusal(ingress, FLOWS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(refusal(executor, FLOWS)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void refusesIngressReadingTheRunLog() {
        Properties props = service("ingress-service");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ingress-kafka-acl-it");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            assertThatThrownBy(() -> consumer.partitionsFor(RECORDS)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void letsIngressWriteWebhookReceived() throws Exception {
        // no valid event: the executor dead-letters it, as it does any message it cannot run (RunLogIT)
        String key = "kafka-acl-it-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(service("ingress-service"))) {
            RecordMetadata written = producer.send(new ProducerRecord<>(WEBHOOKS, key, "{\"kafkaAclIT\":true}"))
                    .get(30, TimeUnit.SECONDS);

            assertThat(written.topic()).isEqualTo(WEBHOOKS);
            assertThat(written.offset()).isNotNegative();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static Properties service(String name) {
        return Platform.kafkaClient(name, Platform.localSecret("kafka-" + name));
    }

    private static KafkaProducer<String, String> producer(Properties client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Why a write of one record to {@code topic} as {@code client} failed; fails the test when it was written. */
    private static Throwable refusal(Properties client, String topic) {
        try (KafkaProducer<String, String> producer = producer(client)) {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, "kafka-acl-it", "{\"kafkaAclIT\":true}"))
                    .get(30, TimeUnit.SECONDS);
            throw new AssertionError("written to " + topic + " at offset " + written.offset() + ", expected a refusal");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (org.apache.kafka.common.KafkaException e) {
            return e;
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer from Kafka within 30 s", e);
        }
    }
}
