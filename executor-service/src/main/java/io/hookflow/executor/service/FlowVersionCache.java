package io.hookflow.executor.service;

import io.hookflow.executor.client.FlowClient;
import io.hookflow.executor.client.FlowVersion;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Published flow versions, kept for good: a version never changes once published. Concurrent misses for
 * the same version share one load; a failed load is not remembered.
 */
@ApplicationScoped
public class FlowVersionCache {

    private final FlowClient client;
    private final ConcurrentMap<Key, CompletableFuture<FlowVersion>> versions = new ConcurrentHashMap<>();

    FlowVersionCache(FlowClient client) {
        this.client = client;
    }

    /** The definition of {@code version} of {@code flowId}, loaded from flow-service on first use. */
    public FlowVersion get(String flowId, int version) {
        Key key = new Key(flowId, version);
        CompletableFuture<FlowVersion> pending = new CompletableFuture<>();
        CompletableFuture<FlowVersion> existing = versions.putIfAbsent(key, pending);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            FlowVersion loaded = client.version(flowId, version);
            pending.complete(loaded);
            return loaded;
        } catch (RuntimeException e) {
            versions.remove(key, pending);
            pending.completeExceptionally(e);
            throw e;
        }
    }

    private record Key(String flowId, int version) {
    }
}
