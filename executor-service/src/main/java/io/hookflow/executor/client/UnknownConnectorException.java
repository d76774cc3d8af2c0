package io.hookflow.executor.client;

/** An action step names a component for which no connector URL is configured. */
public class UnknownConnectorException extends RuntimeException {

    public UnknownConnectorException(String message) {
        super(message);
    }
}
