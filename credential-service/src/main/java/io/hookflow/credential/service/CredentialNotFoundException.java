package io.hookflow.credential.service;

/** No credential with this id exists in the caller's workspace. */
public class CredentialNotFoundException extends RuntimeException {

    public CredentialNotFoundException(String id) {
        super("credential " + id + " does not exist", null, false, false);
    }
}
