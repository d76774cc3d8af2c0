package io.hookflow.credential.service;

import io.hookflow.credential.config.CredentialConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * AES-256-GCM encryption of secret material with the configured master key. Every value gets a fresh
 * random 12-byte IV, stored in front of the ciphertext; the caller stores {@link #keyId()} beside it.
 * Created at startup so a bad key stops the service before it takes traffic.
 */
@Startup
@Singleton
public class SecretCipher {

    static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final String keyId;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public SecretCipher(CredentialConfig config) {
        this(config.encryption().keyId(), config.encryption().key());
    }

    SecretCipher(String keyId, String base64Key) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalStateException("credential.encryption.key-id must not be blank");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.trim());
        } catch (IllegalArgumentException e) {
            // the key itself is deliberately left out of the message
            throw new IllegalStateException(
                    "credential.encryption.key (env CREDENTIAL_ENCRYPTION_KEY) is not valid base64");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalStateException("credential.encryption.key (env CREDENTIAL_ENCRYPTION_KEY) must be"
                    + " the base64 of exactly 32 bytes for AES-256, but it decodes to " + raw.length + " bytes");
        }
        this.keyId = keyId;
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** The id of the key new ciphertexts are made with. */
    public String keyId() {
        return keyId;
    }

    /**
     * Encrypts {@code plaintext}; {@code associatedData} (e.g. the credential id) is authenticated but not
     * stored, so a ciphertext copied onto another row fails to decrypt.
     *
     * @return IV followed by ciphertext and tag
     */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Reverses {@link #encrypt}; {@code storedKeyId} must name a key this service holds. */
    public byte[] decrypt(String storedKeyId, byte[] ivAndCiphertext, byte[] associatedData) {
        if (!keyId.equals(storedKeyId)) {
            throw new SecretDecryptionException("no master key with id '" + storedKeyId + "' is configured", null);
        }
        if (ivAndCiphertext == null || ivAndCiphertext.length <= IV_BYTES) {
            throw new SecretDecryptionException("stored ciphertext is too short", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ivAndCiphertext, 0, IV_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ivAndCiphertext, IV_BYTES, ivAndCiphertext.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new SecretDecryptionException("stored ciphertext failed authentication with key '" + storedKeyId + "'", e);
        }
    }
}
