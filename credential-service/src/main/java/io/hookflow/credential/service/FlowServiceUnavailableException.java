package io.hookflow.credential.service;

import io.hookflow.credential.FlowScope;

/**
 * flow-service could not say whether a flow uses a credential, so the credential was not deleted, or not handed to the
 * executor. The message is safe to show.
 */
public class FlowServiceUnavailableException extends RuntimeException {

    /** Seconds a client should wait before trying again: about the time flow-service's circuit stays open. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private FlowServiceUnavailableException(String message) {
        super(message, null, false, false);
    }

    /** The credential {@code id} was not deleted. */
    public static FlowServiceUnavailableException notDeleted(String id) {
        return new FlowServiceUnavailableException("Credential " + id + " was not deleted: flow-service, which knows"
                + " the flows that use it, cannot be reached; try again later");
    }

    /** The credential {@code id} was not handed to the executor for {@code scope}. */
    public static FlowServiceUnavailableException notHandedOut(String id, FlowScope scope) {
        return new FlowServiceUnavailableException("Credential " + id + " was not handed out: flow-service, which"
                + " knows whether " + scope.describe() + " uses it, cannot be reached; try again later");
    }
}
