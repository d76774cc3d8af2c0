package io.hookflow.flow.service;

/** A thing that existed is no longer usable (a spent or expired sample-request URL): 410. */
public class GoneException extends RuntimeException {

    public GoneException(String message) {
        super(message);
    }
}
