package io.hookflow.executor.service;

import io.hookflow.executor.client.CredentialClient;
import io.hookflow.executor.client.CredentialMaterial;
import io.hookflow.executor.client.FlowScope;
import io.hookflow.executor.config.ExecutorConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Connector credentials fetched from credential-service, each used for at most
 * {@code executor.credential-cache-ttl} (4 s) so that a change or deletion reaches the executor within
 * that time. A failed refresh is not papered over with the stale value: a deleted credential must stop working.
 * Entries are kept per credential and flow version (or draft): credential-service hands a credential out for a flow
 * that uses it, so a copy read for one flow must not serve another.
 */
@ApplicationScoped
public class CredentialCache {

    private final CredentialClient client;
    private final Duration ttl;
    private final ConcurrentMap<Key, Entry> credentials = new ConcurrentHashMap<>();

    CredentialCache(CredentialClient client, ExecutorConfig config) {
        this.client = client;
        this.ttl = config.credentialCacheTtl();
    }

    /** The credential {@code id} with its decrypted config, read for {@code scope}. */
    public CredentialMaterial get(String id, FlowScope scope) {
        Entry entry = credentials.get(new Key(id, scope));
        if (entry != null && System.nanoTime() - entry.fetchedAt() < ttl.toNanos()) {
            return entry.material();
        }
        return fresh(id, scope);
    }

    /**
     * The credential {@code id} as credential-service has it now, never from the cache (which it then refreshes):
     * for an operator's retry, which typically follows a fix of the credential, and for a trial run of a draft, which
     * always reads afresh and so is never kept.
     */
    public CredentialMaterial fresh(String id, FlowScope scope) {
        Key key = new Key(id, scope);
        try {
            CredentialMaterial material = client.credential(id, scope);
            if (!scope.isDraft()) {
                credentials.put(key, new Entry(material, System.nanoTime()));
            }
            return material;
        } catch (RuntimeException e) {
            credentials.remove(key);
            throw e;
        }
    }

    private record Key(String credentialId, FlowScope scope) {
    }

    private record Entry(CredentialMaterial material, long fetchedAt) {

        @Override
        public String toString() {
            return "Entry[" + material + "]";
        }
    }
}
