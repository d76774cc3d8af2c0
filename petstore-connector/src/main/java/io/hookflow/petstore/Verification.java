package io.hookflow.petstore;

/** The outcome of checking a credential against the Petstore: {@code {"verified","message"}}. */
public record Verification(boolean verified, String message) {
}
