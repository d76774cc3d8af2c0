package io.hookflow.dev.petstore.service;

/** A request the Petstore refuses because a field is missing or wrong; the message names the field. */
public class InvalidPetException extends RuntimeException {

    public InvalidPetException(String message) {
        super(message);
    }
}
