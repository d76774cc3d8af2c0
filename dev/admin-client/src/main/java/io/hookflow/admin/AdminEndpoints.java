package io.hookflow.admin;

/**
 * Where the parts of a platform answer: the realm's issuer URL (Keycloak), flow-service's and
 * credential-service's admin APIs, and ingress (webhooks).
 */
public record AdminEndpoints(String oidc, String flowApi, String credentialApi, String ingress) {

    /** The local platform's addresses unless {@code HOOKFLOW_OIDC_URL}, {@code HOOKFLOW_FLOW_SERVICE_URL},
     * {@code HOOKFLOW_CREDENTIAL_SERVICE_URL} or {@code HOOKFLOW_INGRESS_URL} say otherwise. */
    public static AdminEndpoints fromEnvironment() {
        return new AdminEndpoints(env("HOOKFLOW_OIDC_URL", "http://localhost:8180/realms/hookflow"),
                env("HOOKFLOW_FLOW_SERVICE_URL", "http://localhost:8081"),
                env("HOOKFLOW_CREDENTIAL_SERVICE_URL", "http://localhost:8082"),
                env("HOOKFLOW_INGRESS_URL", "http://localhost:8080"));
    }

    /** An environment variable, or the fallback when it is unset or blank. */
    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
