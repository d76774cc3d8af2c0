package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * An authenticator's parsed form of each credential (secret bytes, header name, key), so that a request does not
 * read the credential's JSON config again. The credential cache hands out the same {@link WebhookCredential} object
 * until it fetches the credential again; a different object means a new fetch, and the config is parsed anew.
 * One slot per credential id (like the credential cache itself).
 */
final class PreparedCredentials<T> {

    private record Slot<T>(WebhookCredential source, T prepared) {
    }

    private final ConcurrentMap<String, Slot<T>> slots = new ConcurrentHashMap<>();
    private final Function<WebhookCredential, T> prepare;

    PreparedCredentials(Function<WebhookCredential, T> prepare) {
        this.prepare = prepare;
    }

    T get(WebhookCredential credential) {
        String key = credential.id() == null ? "" : credential.id();
        Slot<T> slot = slots.get(key);
        if (slot == null || slot.source() != credential) {
            slot = new Slot<>(credential, prepare.apply(credential));
            slots.put(key, slot);
        }
        return slot.prepared();
    }

    /** A text field of the credential's config, or null when it is absent or not text. */
    static String text(WebhookCredential credential, String field) {
        if (credential.config() == null) {
            return null;
        }
        var node = credential.config().get(field);
        return node == null || !node.isTextual() ? null : node.asText();
    }
}
