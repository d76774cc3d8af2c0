package io.hookflow.petstore.rest;

/** Answer of a successful action: {@code {"output":{…}}}. */
public record ActionResponse(Object output) {
}
