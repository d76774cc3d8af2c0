package io.hookflow.dev;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaAccessTest {

    private static final Path ACLS = Path.of("../kafka/acls.txt");

    @Test
    void readsTheProjectsRulesForTheThreeServicesThatUseKafka() throws Exception {
        List<KafkaAccess.Rule> rules = KafkaAccess.read(ACLS);

        assertThat(KafkaAccess.users(rules))
                .containsExactly("ingress-service", "executor-service", "flow-service", KafkaAccess.ADMIN);
        assertThat(rules).contains(
                new KafkaAccess.Rule("ingress-service", ResourceType.TOPIC, PatternType.LITERAL, "webhook.received", AclOperation.WRITE),
                new KafkaAccess.Rule("executor-service", ResourceType.TOPIC, PatternType.LITERAL, "execution.recorded", AclOperation.WRITE),
                new KafkaAccess.Rule("ingress-service", ResourceType.GROUP, PatternType.PREFIXED, "ingress-", AclOperation.READ));
    }

    @Test
    void nobodyButTheExecutorMayWriteTheRunLog() throws Exception {
        assertThat(KafkaAccess.read(ACLS))
                .filteredOn(rule -> rule.name().equals("execution.recorded") && rule.operation() != AclOperation.READ)
                .extracting(KafkaAccess.Rule::user)
                .containsExactly("executor-service");
    }

    @Test
    void givesEachRuleToItsUserAlone() throws Exception {
        KafkaAccess.Rule rule = KafkaAccess.read(ACLS).get(0);

        assertThat(rule.binding().entry().principal()).isEqualTo("User:" + rule.user());
        assertThat(rule.binding().entry().host()).isEqualTo("*");
    }

    @Test
    void refusesALineItCannotReadNamingItsNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acls.txt");
        Files.writeString(file, "# rules\ningress-service topic literal webhook.received Write\ningress-service topic webhook.received Write\n");

        assertThatThrownBy(() -> KafkaAccess.read(file)).hasMessageContaining(file + ":3");
    }

    @Test
    void refusesAnOperationKafkaDoesNotKnow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acls.txt");
        Files.writeString(file, "ingress-service topic literal webhook.received Scribble\n");

        assertThatThrownBy(() -> KafkaAccess.read(file)).hasMessageContaining(file + ":1");
    }
}
