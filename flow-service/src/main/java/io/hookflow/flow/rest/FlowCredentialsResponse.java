package io.hookflow.flow.rest;

import java.util.List;

/**
 * The credentials a published version's or a draft's steps reference, with the flow's workspace, for credential-service,
 * which hands the executor only these (docs/internal-api.md).
 */
public record FlowCredentialsResponse(String flowId, String workspace, List<String> credentialIds) {
}
