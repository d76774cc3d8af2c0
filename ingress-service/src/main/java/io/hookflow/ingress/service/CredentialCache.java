package io.hookflow.ingress.service;

import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.client.CredentialClient;
import io.hookflow.ingress.config.IngressConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Webhook credentials fetched from credential-service, each trusted for {@code ingress.credential-cache-ttl}
 * (4 s) counted from the start of the fetch that read it, so that a change or deletion (credential-service then
 * answers 404, cached as "no such credential") takes effect within that time plus one fetch. Concurrent misses for
 * one id share one fetch. When credential-service cannot be reached, the last known value keeps serving (stale).
 */
@ApplicationScoped
public class CredentialCache {

    private record Entry(Optional<WebhookCredential> credential, long fetchStartedNanos) {
    }

    private final CredentialClient client;
    private final long ttlNanos;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Uni<Optional<WebhookCredential>>> inFlight = new ConcurrentHashMap<>();

    public CredentialCache(CredentialClient client, IngressConfig config) {
        this.client = client;
        this.ttlNanos = config.credentialCacheTtl().toNanos();
    }

    /**
     * The credential when a fetch within the TTL read it (empty when credential-service did not know it), or null when
     * it has to be fetched ({@link #get}).
     */
    public Optional<WebhookCredential> fresh(String credentialId) {
        Entry cached = entries.get(credentialId);
        return cached != null && System.nanoTime() - cached.fetchStartedNanos() < ttlNanos ? cached.credential() : null;
    }

    /** The credential, empty when credential-service does not know it; fails when it cannot be fetched. */
    public Uni<Optional<WebhookCredential>> get(String credentialId) {
        Entry cached = entries.get(credentialId);
        if (cached != null && System.nanoTime() - cached.fetchStartedNanos() < ttlNanos) {
            return Uni.createFrom().item(cached.credential());
        }
        return Uni.createFrom().deferred(() -> inFlight.computeIfAbsent(credentialId, id -> fetch(id, cached)));
    }

    private Uni<Optional<WebhookCredential>> fetch(String id, Entry stale) {
        return Uni.createFrom().deferred(() -> {
                    // What the fetch reads is at least as new as its start: the TTL counts from there.
                    long startedAt = System.nanoTime();
                    return client.fetch(id).invoke(credential -> entries.put(id, new Entry(credential, startedAt)));
                })
                .onFailure().recoverWithUni(failure -> {
                    if (stale != null) {
                        Log.warnf("credential-service unreachable (%s); using the cached credential %s",
                                failure.getClass().getSimpleName(), id);
                        return Uni.createFrom().item(stale.credential());
                    }
                    return Uni.createFrom().failure(failure);
                })
                .onTermination().invoke(() -> inFlight.remove(id))
                .memoize().indefinitely();
    }
}
