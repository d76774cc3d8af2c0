package io.hookflow.credential.service;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The master keys this service holds: the current one, which encrypts everything new, and the retired ones,
 * which only still decrypt rows not yet re-encrypted. Built from configuration, and refuses a bad one with a
 * message naming the setting and never its value.
 */
public final class MasterKeyRing {

    static final String KEY = "credential.encryption.key (env CREDENTIAL_ENCRYPTION_KEY)";
    static final String KEY_ID = "credential.encryption.key-id (env CREDENTIAL_ENCRYPTION_KEY_ID)";
    static final String RETIRED = "credential.encryption.retired-keys (env CREDENTIAL_ENCRYPTION_RETIRED_KEYS)";

    private static final int KEY_BYTES = 32;
    // fits the key_id column; ids are not secret, so messages may name a valid one
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private MasterKeyRing(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = Collections.unmodifiableMap(keys);
    }

    /**
     * Reads the configured keys.
     *
     * @param currentId   {@code credential.encryption.key-id}
     * @param currentKey  {@code credential.encryption.key}, base64 of 32 bytes
     * @param retiredKeys {@code credential.encryption.retired-keys}: {@code <keyId>:<base64 key>} entries,
     *                    comma-separated; empty when no key is retired
     * @throws IllegalStateException naming the setting at fault, never a key
     */
    public static MasterKeyRing of(String currentId, String currentKey, Optional<String> retiredKeys) {
        String id = currentId == null ? "" : currentId.strip();
        if (!ID.matcher(id).matches()) {
            throw new IllegalStateException(KEY_ID + " must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(id, key(currentKey, KEY));

        String retired = retiredKeys.orElse("").strip();
        if (!retired.isEmpty()) {
            String[] entries = retired.split(",", -1);
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].strip();
                if (entry.isEmpty()) {
                    continue; // tolerates a trailing comma
                }
                String where = RETIRED + ", entry " + (i + 1);
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    // the entry is not echoed: without its id it may well be a bare key
                    throw new IllegalStateException(where + " must have the form <keyId>:<base64 key>");
                }
                String retiredId = entry.substring(0, colon).strip();
                if (!ID.matcher(retiredId).matches()) {
                    throw new IllegalStateException(where + " has an invalid key id; an id is 1 to 64 letters,"
                            + " digits, '.', '_' or '-'");
                }
                if (retiredId.equals(id)) {
                    throw new IllegalStateException(where + " retires key id '" + retiredId + "', which is the"
                            + " current " + KEY_ID + "; a key id names one key, so give the new key a new id");
                }
                if (keys.containsKey(retiredId)) {
                    throw new IllegalStateException(where + " repeats key id '" + retiredId + "'");
                }
                keys.put(retiredId, key(entry.substring(colon + 1), where + " (key '" + retiredId + "')"));
            }
        }
        return new MasterKeyRing(id, keys);
    }

    private static SecretKey key(String base64, String setting) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            // neither the value nor the decoder's message (which may quote a character of it) goes along
            throw new IllegalStateException(setting + " is not valid base64");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalStateException(setting + " must be the base64 of exactly 32 bytes for AES-256, but it"
                    + " decodes to " + raw.length + " bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** The id of the key that encrypts everything new. */
    public String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    /** The key with this id, current or retired. */
    Optional<SecretKey> key(String keyId) {
        return Optional.ofNullable(keyId == null ? null : keys.get(keyId));
    }

    /** Whether a row stored under {@code keyId} can be decrypted. */
    public boolean holds(String keyId) {
        return keyId != null && keys.containsKey(keyId);
    }

    /** The retired key ids, in configuration order. */
    public Set<String> retiredIds() {
        Set<String> ids = new LinkedHashSet<>(keys.keySet());
        ids.remove(currentId);
        return ids;
    }

    @Override
    public String toString() {
        return "MasterKeyRing[current=" + currentId + ", retired=" + retiredIds() + "]";
    }
}
