package io.hookflow.flow.service;

/** A request whose content is wrong; the message names the field and the reason (answered 400). */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
