package io.hookflow.credential.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hookflow.credential.Credential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The AES-GCM associated data that binds a credential's ciphertext to its row (docs/adr/0009). Version 2, written
 * for every new or changed row, covers the id, workspace, type, master key id and the clear config, each as a
 * 4-byte length and its UTF-8 bytes after a fixed label; the clear config in a canonical form (keys sorted, no
 * whitespace), since PostgreSQL's jsonb gives it back in an order of its own. Changing any of those columns makes
 * decryption fail. Version 1, the id alone, is how rows were written before; they are bound anew at startup
 * ({@link MasterKeyRotation}).
 */
public final class SecretBinding {

    /** Rows written before the binding covered more than the id. */
    public static final short LEGACY = 1;
    /** The binding new and re-encrypted rows get. */
    public static final short CURRENT = 2;

    private static final byte[] LABEL = "hookflow-credential-v2".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private SecretBinding() {
    }

    /** The associated data of {@code credential} as it stands, under the binding version it was written with. */
    public static byte[] of(Credential credential) {
        return credential.aadVersion == LEGACY ? legacy(credential.id)
                : current(credential.id, credential.workspace, credential.type, credential.keyId, credential.config);
    }

    /** Version 1: the id only. */
    public static byte[] legacy(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    /** Version 2 over the given column values; {@code configJson} is the clear config in any key order. */
    public static byte[] current(String id, String workspace, String type, String keyId, String configJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(LABEL);
        for (String part : new String[] {id, workspace, type, keyId, canonical(configJson)}) {
            byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** The config with its object keys sorted and no whitespace, so jsonb's reordering does not change it. */
    static String canonical(String configJson) {
        if (configJson == null) {
            return "";
        }
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readValue(configJson, Object.class));
        } catch (IOException e) {
            // a config that is not JSON cannot be canonical: bind its exact text, so it still fails when changed
            return configJson;
        }
    }
}
