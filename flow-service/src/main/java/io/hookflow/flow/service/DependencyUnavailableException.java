package io.hookflow.flow.service;

/** A connector or Kafka could not be reached to complete the request (answered 503). */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message) {
        super(message);
    }

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
