package io.hookflow.petstore.client;

/** The Petstore gave no HTTP answer: the connection failed or the answer took too long. */
public class PetstoreUnreachableException extends RuntimeException {

    private final boolean timedOut;

    public PetstoreUnreachableException(boolean timedOut, Throwable cause) {
        super(timedOut ? "Petstore API timed out" : "Petstore API unreachable", cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
