package io.hookflow.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceIdentityTest {

    @Test
    void namesTheServiceOfAServiceToken() {
        assertThat(ServiceIdentity.callerOf(Set.of("hookflow-internal"), "hookflow-ingress")).contains("ingress");
        assertThat(ServiceIdentity.callerOf(List.of("account", "hookflow-internal"), "hookflow-executor")).contains("executor");
    }

    @Test
    void refusesATokenMeantForTheAdminApi() {
        assertThat(ServiceIdentity.callerOf(Set.of("hookflow-api"), "hookflow-ingress")).isEmpty();
        assertThat(ServiceIdentity.callerOf(null, "hookflow-ingress")).isEmpty();
    }

    @Test
    void refusesAClientOutsideTheServiceNaming() {
        assertThat(ServiceIdentity.callerOf(Set.of("hookflow-internal"), "other-app")).isEmpty();
        assertThat(ServiceIdentity.callerOf(Set.of("hookflow-internal"), "hookflow-")).isEmpty();
        assertThat(ServiceIdentity.callerOf(Set.of("hookflow-internal"), null)).isEmpty();
    }
}
