package io.hookflow.flow.rest;

/** An internal call without the right shared token (answered 401). */
public class InvalidInternalTokenException extends RuntimeException {

    public InvalidInternalTokenException(String message) {
        super(message);
    }
}
