package io.hookflow.credential.service;

/** Stored secret material could not be decrypted (unknown key id, wrong key or tampered data). */
public class SecretDecryptionException extends RuntimeException {

    public SecretDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
