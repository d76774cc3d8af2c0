package io.hookflow.credential.service;

import io.hookflow.credential.config.CredentialConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/**
 * AES-256-GCM encryption of secret material with the configured master keys ({@link MasterKeyRing}). Every
 * value gets a fresh random 12-byte IV, stored in front of the ciphertext; the caller stores {@link #keyId()}
 * beside it. New values are always encrypted with the current key; a stored value is decrypted with the key
 * its key id names, current or retired. Created at startup so a bad key configuration stops the service
 * before it takes traffic.
 */
@Startup
@Singleton
public class SecretCipher {

    static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKeyRing keys;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public SecretCipher(CredentialConfig config) {
        this(MasterKeyRing.of(config.encryption().keyId(), config.encryption().key(),
                config.encryption().retiredKeys()));
    }

    public SecretCipher(MasterKeyRing keys) {
        this.keys = keys;
    }

    /** The id of the key new ciphertexts are made with. */
    public String keyId() {
        return keys.currentId();
    }

    /** Whether values stored under {@code storedKeyId} can be decrypted (the current or a retired key). */
    public boolean holds(String storedKeyId) {
        return keys.holds(storedKeyId);
    }

    /** The retired key ids: rows under them are re-encrypted at startup. */
    public Set<String> retiredKeyIds() {
        return keys.retiredIds();
    }

    /**
     * Encrypts {@code plaintext} with the current key; {@code associatedData} (e.g. the credential id) is
     * authenticated but not stored, so a ciphertext copied onto another row fails to decrypt.
     *
     * @return IV followed by ciphertext and tag
     */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Reverses {@link #encrypt} with the key {@code storedKeyId} names.
     *
     * @throws UnknownMasterKeyException when no configured key has that id
     * @throws SecretDecryptionException when the value fails authentication
     */
    public byte[] decrypt(String storedKeyId, byte[] ivAndCiphertext, byte[] associatedData) {
        SecretKey key = keys.key(storedKeyId).orElseThrow(() -> new UnknownMasterKeyException(storedKeyId));
        if (ivAndCiphertext == null || ivAndCiphertext.length <= IV_BYTES) {
            throw new SecretDecryptionException("stored ciphertext is too short", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ivAndCiphertext, 0, IV_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ivAndCiphertext, IV_BYTES, ivAndCiphertext.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            // the cause is dropped: it only says "Tag mismatch" and carries nothing an operator can use
            throw new SecretDecryptionException("stored ciphertext failed authentication with key '" + storedKeyId + "'", null);
        }
    }

    /**
     * Decrypts a value stored under {@code storedKeyId} with {@code storedAssociatedData} and encrypts it again
     * with the current key and {@code newAssociatedData}; the clear text never leaves this method.
     */
    public byte[] reencrypt(String storedKeyId, byte[] ivAndCiphertext, byte[] storedAssociatedData,
                            byte[] newAssociatedData) {
        byte[] clear = decrypt(storedKeyId, ivAndCiphertext, storedAssociatedData);
        try {
            return encrypt(clear, newAssociatedData);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }
}
