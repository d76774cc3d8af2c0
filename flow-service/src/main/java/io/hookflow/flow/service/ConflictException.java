package io.hookflow.flow.service;

/** A request that does not fit the flow's current state (answered 409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
