package io.hookflow.executor.client;

/** Another service answered a 4xx: asking again will not help, so this is never retried. */
public class InternalCallRejectedException extends RuntimeException {

    private final int status;

    public InternalCallRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
