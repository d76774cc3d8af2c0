package io.hookflow.flow.rest;

import java.util.List;

/** Which active flows of a workspace run a credential, for credential-service (docs/internal-api.md). */
public record CredentialUsageResponse(String credentialId, List<ActiveFlow> activeFlows) {

    /** An active flow whose live version uses the credential. */
    public record ActiveFlow(String id, String name) {
    }
}
