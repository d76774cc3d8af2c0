package io.hookflow.flow.rest;

/** Answer of start and stop: the flow's live state. */
public record FlowStateResponse(String id, String status, Integer activeVersion) {
}
