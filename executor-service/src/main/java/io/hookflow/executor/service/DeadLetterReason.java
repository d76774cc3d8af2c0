package io.hookflow.executor.service;

/** Why an event went to the dead-letter topic: the {@code reason} label of {@code hookflow_dead_letters_total}. */
public enum DeadLetterReason {

    /** The message is not a readable {@code webhook.received} event. */
    NOT_AN_EVENT("not_an_event"),
    /** Its flow version does not exist, is refused, or has no steps. */
    FLOW_VERSION("flow_version"),
    /** A step failed for good: the connector refused the input or credential, or a mapping failed. */
    STEP_FAILED("step_failed"),
    /** It kept failing for passing reasons until the flow's retry limit. */
    RETRIES_EXHAUSTED("retries_exhausted"),
    /** Its flow was stopped or deleted while it waited for another attempt. */
    FLOW_STOPPED("flow_stopped");

    private final String label;

    DeadLetterReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
