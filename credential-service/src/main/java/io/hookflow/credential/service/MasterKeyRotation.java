package io.hookflow.credential.service;

import io.hookflow.credential.Credential;
import io.hookflow.credential.config.CredentialConfig;
import io.hookflow.credential.repository.CredentialRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.ObserverMethod;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Completes a master key rotation: at startup (Flyway has migrated by then) every credential stored under a
 * key other than the current one is re-encrypted with the current key, a batch per transaction. Rows still bound
 * by an older associated data ({@link SecretBinding#LEGACY}, the id alone) are sealed anew the same way, under the
 * current binding, even when their key is current. Rows under a
 * key id the service does not hold stay as they are, reported once per key id. Logs name key ids and counts,
 * never key material. Until a row is re-encrypted it still decrypts with its retired key, so requests may be
 * served meanwhile; each batch locks its rows, so a concurrent change or a second instance doing the same
 * waits rather than being overwritten.
 */
@ApplicationScoped
public class MasterKeyRotation {

    private final CredentialRepository repository;
    private final SecretCipher cipher;
    private final int batchSize;

    public MasterKeyRotation(CredentialRepository repository, SecretCipher cipher, CredentialConfig config) {
        this.repository = repository;
        this.cipher = cipher;
        this.batchSize = config.encryption().rotationBatchSize();
        if (batchSize < 1) {
            throw new IllegalStateException("credential.encryption.rotation-batch-size must be at least 1");
        }
    }

    /** What one pass did, per old key id. */
    public record Outcome(Map<String, Long> reencrypted, Map<String, Long> failed, Map<String, Long> unknownKey) {
    }

    // after the @Startup beans (default priority), so a bad configuration stops the service before any row is touched
    void onStart(@Observes @Priority(ObserverMethod.DEFAULT_PRIORITY + 100) StartupEvent event) {
        rotate();
    }

    /** Re-encrypts every row not under the current key with it; safe to run again at any time. */
    public Outcome rotate() {
        String current = cipher.keyId();
        Map<String, Long> pending = QuarkusTransaction.requiringNew()
                .call(() -> repository.countToReseal(current, SecretBinding.CURRENT));
        Map<String, Long> reencrypted = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        Map<String, Long> unknown = new TreeMap<>();

        for (Map.Entry<String, Long> entry : pending.entrySet()) {
            String oldId = entry.getKey();
            if (!cipher.holds(oldId)) {
                unknown.put(oldId, entry.getValue());
                Log.errorf("%d credential(s) are encrypted under master key id '%s', which is neither the current"
                        + " key (credential.encryption.key-id '%s') nor in credential.encryption.retired-keys: they stay"
                        + " as they are and cannot be read until that key is configured again",
                        entry.getValue(), oldId, current);
                continue;
            }
            long[] counts = rotateKey(oldId, current);
            reencrypted.put(oldId, counts[0]);
            if (oldId.equals(current)) {
                Log.infof("master key rotation: sealed %d credential(s) under key '%s' anew, bound to their id,"
                        + " workspace, type, key id and clear config", counts[0], current);
            } else {
                Log.infof("master key rotation: re-encrypted %d credential(s) from key '%s' to key '%s'",
                        counts[0], oldId, current);
            }
            if (counts[1] > 0) {
                failed.put(oldId, counts[1]);
                Log.errorf("master key rotation: %d credential(s) under key '%s' failed authentication with that key"
                        + " (a different key under the same id, or damaged data) and stay as they are", counts[1], oldId);
            }
        }

        Set<String> unused = new TreeSet<>(cipher.retiredKeyIds());
        unused.removeAll(pending.keySet());
        if (pending.isEmpty()) {
            Log.infof("master key rotation: every credential is encrypted under the current key '%s'", current);
        }
        if (!unused.isEmpty()) {
            Log.infof("master key rotation: retired key(s) %s encrypt no credential; they can be removed from"
                    + " credential.encryption.retired-keys", unused);
        }
        return new Outcome(reencrypted, failed, unknown);
    }

    /** Walks the rows under {@code oldId} in id order, one locked batch per transaction; {reencrypted, failed}. */
    private long[] rotateKey(String oldId, String current) {
        long done = 0;
        long failed = 0;
        String after = "";
        while (true) {
            String from = after;
            Batch batch;
            try {
                batch = QuarkusTransaction.requiringNew().call(() -> rotateBatch(oldId, from));
            } catch (RuntimeException e) {
                // earlier batches are committed; the rest stays under the old key, which still decrypts it
                Log.errorf(e, "master key rotation from key '%s' to '%s' stopped after %d credential(s); the rest"
                        + " stays under '%s' and is re-encrypted on the next start", oldId, current, done, oldId);
                return new long[] {done, failed};
            }
            if (batch.seen() == 0) {
                return new long[] {done, failed};
            }
            done += batch.reencrypted();
            failed += batch.failed();
            after = batch.lastId();
        }
    }

    private record Batch(int seen, int reencrypted, int failed, String lastId) {
    }

    private Batch rotateBatch(String oldId, String afterId) {
        List<Credential> rows = repository.lockNextToReseal(oldId, cipher.keyId(), SecretBinding.CURRENT, afterId,
                batchSize);
        int reencrypted = 0;
        int failed = 0;
        String last = afterId;
        for (Credential row : rows) {
            last = row.id;
            try {
                byte[] stored = SecretBinding.of(row);
                byte[] bound = SecretBinding.current(row.id, row.workspace, row.type, cipher.keyId(), row.config);
                row.secretCiphertext = cipher.reencrypt(row.keyId, row.secretCiphertext, stored, bound);
                row.keyId = cipher.keyId();
                row.aadVersion = SecretBinding.CURRENT;
                reencrypted++;
            } catch (SecretDecryptionException e) {
                Log.warnf("master key rotation: credential %s does not decrypt with key '%s' (changed or damaged"
                        + " row, or another key under that id); left as it is", row.id, oldId);
                failed++;
            }
        }
        return new Batch(rows.size(), reencrypted, failed, last);
    }
}
