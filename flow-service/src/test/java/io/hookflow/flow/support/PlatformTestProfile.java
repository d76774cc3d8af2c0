package io.hookflow.flow.support;

import io.hookflow.testsupport.KafkaResource;
import io.hookflow.testsupport.PostgresResource;
import io.hookflow.testsupport.TokenEndpointResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The one profile every test shares (so the application starts once): real PostgreSQL, real Kafka,
 * a real connector stub, a real credential-service stub, a real executor stub (designer API), a stand-in for Keycloak's
 * token endpoint, and a second connector {@code broken} that nothing listens for.
 */
public class PlatformTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("flow.connectors.broken.url", "http://127.0.0.1:1");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(PostgresResource.class),
                new TestResourceEntry(KafkaResource.class),
                new TestResourceEntry(ConnectorStubResource.class),
                new TestResourceEntry(CredentialStubResource.class),
                new TestResourceEntry(ExecutorStubResource.class),
                new TestResourceEntry(TokenEndpointResource.class));
    }
}
