package io.hookflow.executor.service;

/**
 * A step could not run; the message is the step's error as recorded (no secret in it). {@code transient} when
 * trying again later may help (a 5xx, a timeout, a platform service away), else the step fails for good (the
 * connector refused the input or the credential, a mapping failed).
 */
class StepFailedException extends Exception {

    private final boolean transientFailure;

    StepFailedException(String message) {
        this(message, false);
    }

    StepFailedException(String message, boolean transientFailure) {
        super(message, null, false, false);
        this.transientFailure = transientFailure;
    }

    static StepFailedException passing(String message) {
        return new StepFailedException(message, true);
    }

    boolean isTransient() {
        return transientFailure;
    }
}
