package io.hookflow.petstore.service;

/** A request the connector answers with an error status and a human sentence. */
public class ConnectorException extends RuntimeException {

    private final int status;

    public ConnectorException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the request or the step's input is wrong; the message names the field. */
    public static ConnectorException invalid(String message) {
        return new ConnectorException(400, message);
    }

    /** 404: no such action. */
    public static ConnectorException unknownAction(String action) {
        return new ConnectorException(404, "Action '" + action + "' does not exist; the Petstore connector offers createPet");
    }

    /** 422: the Petstore refused the call; retrying the same input will not help. */
    public static ConnectorException rejected(String message) {
        return new ConnectorException(422, message);
    }

    /** 502: the Petstore failed or did not answer; the caller may retry. */
    public static ConnectorException unavailable(String message) {
        return new ConnectorException(502, message);
    }

    public int status() {
        return status;
    }
}
