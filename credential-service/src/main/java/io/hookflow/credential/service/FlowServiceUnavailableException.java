package io.hookflow.credential.service;

/**
 * flow-service could not say whether an active flow uses a credential, so it was not deleted. The message is
 * safe to show.
 */
public class FlowServiceUnavailableException extends RuntimeException {

    /** Seconds a client should wait before trying again: about the time flow-service's circuit stays open. */
    public static final int RETRY_AFTER_SECONDS = 10;

    public FlowServiceUnavailableException(String id) {
        super("Credential " + id + " was not deleted: flow-service, which knows the flows that use it, cannot be"
                + " reached; try again later", null, false, false);
    }
}
