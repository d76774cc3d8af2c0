package io.hookflow.flow.service;

/** A flow, version or execution that does not exist in the caller's workspace (answered 404). */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String message) {
        super(message);
    }

    /** The standard message for a flow that is unknown or belongs to another workspace. */
    public static ResourceNotFoundException flow(String id) {
        return new ResourceNotFoundException("Flow " + id + " does not exist");
    }
}
