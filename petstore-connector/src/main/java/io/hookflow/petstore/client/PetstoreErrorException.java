package io.hookflow.petstore.client;

/** The Petstore answered with an HTTP error status; {@code detail} is its error text, if any. */
public class PetstoreErrorException extends RuntimeException {

    private final int status;
    private final String detail;

    public PetstoreErrorException(int status, String detail) {
        super("Petstore answered HTTP " + status);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
