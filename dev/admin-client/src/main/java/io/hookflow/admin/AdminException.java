package io.hookflow.admin;

/**
 * A call to the platform that did not answer as expected; the message names the call and why, never a secret.
 * An {@link IllegalStateException}, as the callers' own checks of the platform's answers are.
 */
public final class AdminException extends IllegalStateException {

    public AdminException(String message) {
        super(message);
    }

    public AdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
