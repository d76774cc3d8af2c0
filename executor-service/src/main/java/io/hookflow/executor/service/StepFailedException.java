package io.hookflow.executor.service;

/** A step could not run; the message is the step's error as recorded (no secret in it). */
class StepFailedException extends Exception {

    StepFailedException(String message) {
        super(message);
    }
}
