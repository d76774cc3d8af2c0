package io.hookflow.credential.client;

/** A connector's answer to {@code POST /verify}. */
public record ConnectorVerifyResponse(Boolean verified, String message) {
}
