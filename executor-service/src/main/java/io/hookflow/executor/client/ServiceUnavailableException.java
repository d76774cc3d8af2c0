package io.hookflow.executor.client;

/** Another service answered a 5xx or could not be reached in time: worth retrying. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message) {
        super(message);
    }

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
