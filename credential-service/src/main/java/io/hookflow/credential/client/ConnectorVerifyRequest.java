package io.hookflow.credential.client;

import java.util.Map;

/** Body of a connector's {@code POST /verify}: the decrypted credential config. */
public record ConnectorVerifyRequest(Map<String, Object> credentials) {

    @Override
    public String toString() {
        // keeps decrypted secrets out of any log line or exception that prints the request
        return "ConnectorVerifyRequest[credentials=" + (credentials == null ? "null" : "****") + "]";
    }
}
