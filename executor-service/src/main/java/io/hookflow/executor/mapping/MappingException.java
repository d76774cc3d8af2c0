package io.hookflow.executor.mapping;

/** A step's mapping could not be turned into the action's input; the message names the field. */
public class MappingException extends Exception {

    public MappingException(String message) {
        super(message);
    }
}
