package io.hookflow.executor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
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
                    "executor.connectors.petstore.url", url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        PlatformStub.stop();
    }
}
