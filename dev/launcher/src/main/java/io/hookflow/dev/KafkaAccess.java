package io.hookflow.dev;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The local broker's users and ACLs: a SCRAM-SHA-512 user for each service named in {@code dev/kafka/acls.txt}, with
 * exactly the rules listed there, and {@code admin} (a super user in dev/kafka/server.properties, for the tests and
 * the benchmark). Each password is the file {@code kafka-<user>} in the secrets folder ./hookflow fills. Run on every
 * {@code up}, so a broker formatted before users existed gets them, and a rule removed from the file is removed.
 */
final class KafkaAccess {

    /** The user the tests and the benchmark use; a super user (server.properties), so it has no rules. */
    static final String ADMIN = "admin";
    /** The fewest iterations Kafka accepts for SCRAM-SHA-512. */
    private static final int ITERATIONS = 4096;

    /** One allow rule: {@code user} may do {@code operation} on the resource. */
    record Rule(String user, ResourceType type, PatternType pattern, String name, AclOperation operation) {

        AclBinding binding() {
            return new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal(user), "*", operation, AclPermissionType.ALLOW));
        }
    }

    private KafkaAccess() {
    }

    static String principal(String user) {
        return "User:" + user;
    }

    /** The rules of {@code file}: lines {@code user resource pattern name operation}; {@code #} starts a comment. */
    static List<Rule> read(Path file) throws IOException {
        List<Rule> rules = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split("\\s+");
            if (fields.length != 5) {
                throw new IllegalArgumentException(file + ":" + number + ": expected user, resource, pattern, name and operation");
            }
            try {
                rules.add(new Rule(fields[0], ResourceType.valueOf(fields[1].toUpperCase(Locale.ROOT)),
                        "prefix".equals(fields[2]) ? PatternType.PREFIXED : PatternType.valueOf(fields[2].toUpperCase(Locale.ROOT)),
                        fields[3], AclOperation.valueOf(fields[4].toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
            }
        }
        return rules;
    }

    /** Every user the rules name, then {@link #ADMIN}. */
    static Set<String> users(List<Rule> rules) {
        Set<String> users = new LinkedHashSet<>();
        rules.forEach(rule -> users.add(rule.user()));
        users.add(ADMIN);
        return users;
    }

    /** Sets each user's password and makes the users' ACLs exactly {@code rules}; says what it did. */
    static String ensure(Admin admin, Path secrets, List<Rule> rules) throws Exception {
        Set<String> users = users(rules);
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        for (String user : users) {
            upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password(secrets, user)));
        }
        admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);

        Set<AclBinding> wanted = new LinkedHashSet<>();
        rules.forEach(rule -> wanted.add(rule.binding()));
        Set<String> principals = new HashSet<>();
        users.forEach(user -> principals.add(principal(user)));
        Set<AclBinding> existing = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
        List<AclBindingFilter> stale = existing.stream()
                .filter(binding -> principals.contains(binding.entry().principal()) && !wanted.contains(binding))
                .map(AclBinding::toFilter)
                .toList();
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get(30, TimeUnit.SECONDS);
        }
        List<AclBinding> missing = wanted.stream().filter(binding -> !existing.contains(binding)).toList();
        if (!missing.isEmpty()) {
            admin.createAcls(missing).all().get(30, TimeUnit.SECONDS);
        }
        return "users " + users + " with " + wanted.size() + " ACLs"
                + (missing.isEmpty() && stale.isEmpty() ? "" : " (added " + missing.size() + ", removed " + stale.size() + ")");
    }

    private static String password(Path secrets, String user) throws IOException {
        Path file = secrets.resolve("kafka-" + user);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no password for the Kafka user " + user + " (" + file + ")");
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException(file + " is empty");
        }
        return password;
    }
}
