package io.hookflow.executor.service;

import io.hookflow.executor.client.CredentialClient;
import io.hookflow.executor.client.CredentialMaterial;
import io.hookflow.executor.config.ExecutorConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Connector credentials fetched from credential-service, each used for at most
 * {@code executor.credential-cache-ttl} (4 s) so that a change or deletion reaches the executor within
 * that time. A failed refresh is not papered over with the stale value: a deleted credential must stop working.
 */
@ApplicationScoped
public class CredentialCache {

    private final CredentialClient client;
    private final Duration ttl;
    private final ConcurrentMap<String, Entry> credentials = new ConcurrentHashMap<>();

    CredentialCache(CredentialClient client, ExecutorConfig config) {
        this.client = client;
        this.ttl = config.credentialCacheTtl();
    }

    /** The credential {@code id} with its decrypted config. */
    public CredentialMaterial get(String id) {
        Entry entry = credentials.get(id);
        if (entry != null && System.nanoTime() - entry.fetchedAt() < ttl.toNanos()) {
            return entry.material();
        }
        return fresh(id);
    }

    /**
     * The credential {@code id} as credential-service has it now, never from the cache (which it then refreshes):
     * for an operator's retry, which typically follows a fix of the credential.
     */
    public CredentialMaterial fresh(String id) {
        try {
            CredentialMaterial material = client.credential(id);
            credentials.put(id, new Entry(material, System.nanoTime()));
            return material;
        } catch (RuntimeException e) {
            credentials.remove(id);
            throw e;
        }
    }

    private record Entry(CredentialMaterial material, long fetchedAt) {

        @Override
        public String toString() {
            return "Entry[" + material + "]";
        }
    }
}
