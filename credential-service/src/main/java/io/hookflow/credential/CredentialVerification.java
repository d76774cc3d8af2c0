package io.hookflow.credential;

/** The outcome of checking a credential against the system it is for. */
public record CredentialVerification(boolean verified, String message) {
}
