package io.hookflow.executor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** Starts {@link PlatformStub} and points the executor's flow, credential and connector URLs at it. */
public class PlatformStubResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            String url = PlatformStub.start();
            return Map.of(
                    "quarkus.rest-client.flow-service.url", url,
                    "quarkus.rest-client.credential-service.url", url,
                    "executor.connectors.petstore.url", url,
                    // a connector behind a base path, and one that is not there at all
                    "executor.connectors.prefixed.url", url + "/prefix/",
                    "executor.connectors.offline.url", "http://localhost:" + closedPort(),
                    // short, so that a test can see a call that never answers being retried
                    "executor.connector-read-timeout", "2s",
                    // long, so that a test can tell a credential fetched afresh from the cached copy
                    "executor.credential-cache-ttl", "10m");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on: bound once, then let go. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        PlatformStub.stop();
    }
}
