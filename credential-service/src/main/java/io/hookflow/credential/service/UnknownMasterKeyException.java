package io.hookflow.credential.service;

/** A stored value names a master key id this service does not hold (neither current nor retired). */
public class UnknownMasterKeyException extends SecretDecryptionException {

    private final String keyId;

    public UnknownMasterKeyException(String keyId) {
        super("no master key with id '" + keyId + "' is configured (neither credential.encryption.key-id nor"
                + " one of credential.encryption.retired-keys)", null);
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
