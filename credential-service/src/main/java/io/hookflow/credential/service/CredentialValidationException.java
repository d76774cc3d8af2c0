package io.hookflow.credential.service;

/** A request that breaks a rule; its message names the field and is safe to show (it never holds a value). */
public class CredentialValidationException extends RuntimeException {

    public CredentialValidationException(String message) {
        super(message, null, false, false);
    }
}
