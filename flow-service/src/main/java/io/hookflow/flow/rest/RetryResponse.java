package io.hookflow.flow.rest;

/** A queued retry: the execution, now {@code retrying}, and the number of the attempt it waits for. */
public record RetryResponse(String id, String status, int attempt) {
}
