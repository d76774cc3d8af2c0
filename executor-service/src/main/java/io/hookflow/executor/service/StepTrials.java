package io.hookflow.executor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.client.ActionRequest;
import io.hookflow.executor.client.ConnectorClient;
import io.hookflow.executor.client.CredentialMaterial;
import io.hookflow.executor.client.FlowScope;
import io.hookflow.executor.mapping.MappingEvaluator;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a flow designer asks of the executor through flow-service (docs/internal-api.md): what a draft step's mapping
 * makes of a sample ({@link #preview}), and one real call of a draft action step on that input, whose output becomes
 * the step's sample ({@link #run}). Both use the run-time mapping bounds and connector client; neither is an
 * execution: nothing is recorded, retried or dead-lettered.
 */
@ApplicationScoped
public class StepTrials {

    private final MappingEvaluator mappings;
    private final CredentialCache credentials;
    private final ConnectorClient connectors;
    private final ObjectMapper mapper;

    StepTrials(MappingEvaluator mappings, CredentialCache credentials, ConnectorClient connectors,
               ObjectMapper mapper) {
        this.mappings = mappings;
        this.credentials = credentials;
        this.connectors = connectors;
        this.mapper = mapper;
    }

    /** The input {@code mapping} makes of {@code sample}, and the fields that failed with why. */
    public MappingEvaluator.Preview preview(Map<String, String> mapping, JsonNode sample, JsonNode attachments) {
        return mappings.preview(mapping, sample, attachments);
    }

    /** A step's trial call did not get an output; {@link #passing()} when trying later may succeed. */
    public static class TrialFailedException extends Exception {
        private final boolean passing;
        private final Map<String, String> fieldErrors;

        TrialFailedException(String message, boolean passing, Map<String, String> fieldErrors) {
            super(message);
            this.passing = passing;
            this.fieldErrors = fieldErrors;
        }

        public boolean passing() {
            return passing;
        }

        public Map<String, String> fieldErrors() {
            return fieldErrors;
        }
    }

    /** The step's input and the connector's output of one real call. */
    public record Trial(JsonNode input, JsonNode output) {
    }

    /**
     * Maps {@code sample} with {@code mapping} (a failing field fails the trial, naming it), then calls
     * {@code function} of connector {@code component} once with the step's credential read afresh (it must belong to
     * {@code workspace}), under an idempotency key of its own, and answers the output with the credential's secrets
     * masked. The connector decides whether the call has side effects (the Petstore creates the pet).
     */
    public Trial run(String workspace, String flowId, String stepId, String component, String function,
                     String credentialId, Map<String, String> mapping, JsonNode sample, JsonNode attachments)
            throws TrialFailedException {
        JsonNode input;
        if (mapping == null) {
            input = sample;
        } else {
            MappingEvaluator.Preview preview = mappings.preview(mapping, sample, attachments);
            if (!preview.errors().isEmpty()) {
                throw new TrialFailedException("The step's mapping failed for "
                        + String.join(", ", preview.errors().keySet()), false, preview.errors());
            }
            input = preview.input();
        }
        Set<String> secrets = new HashSet<>();
        JsonNode credentialConfig = mapper.createObjectNode();
        if (credentialId != null && !credentialId.isBlank()) {
            CredentialMaterial credential;
            try {
                // credential-service hands it out only if the flow's draft uses it in the credential's workspace
                credential = credentials.fresh(credentialId, FlowScope.draft(flowId));
            } catch (io.hookflow.executor.client.InternalCallRejectedException e) {
                throw new TrialFailedException("Could not load the step's credential: " + e.getMessage(), false, Map.of());
            } catch (RuntimeException e) {
                throw new TrialFailedException("Could not load the step's credential: " + e.getMessage(), true, Map.of());
            }
            if (credential.workspace() != null && !credential.workspace().equals(workspace)) {
                throw new TrialFailedException("Credential " + credentialId + " belongs to another workspace", false,
                        Map.of());
            }
            credentialConfig = credential.config();
            SecretRedactor.collect(credentialConfig, secrets);
        }
        String trialId = "sample-" + flowId + "-" + UUID.randomUUID();
        try {
            JsonNode output = connectors.invoke(component, function, trialId + ":" + stepId,
                    new ActionRequest(credentialConfig, input, trialId, stepId, List.of()));
            Log.infof("sample retrieved for step %s of flow %s (%s.%s)", stepId, flowId, component, function);
            return new Trial(SecretRedactor.redact(input, secrets), SecretRedactor.redact(output, secrets));
        } catch (io.hookflow.executor.client.InternalCallRejectedException
                 | io.hookflow.executor.client.UnknownConnectorException e) {
            throw new TrialFailedException(SecretRedactor.redact(e.getMessage(), secrets), false, Map.of());
        } catch (RuntimeException e) {
            throw new TrialFailedException(SecretRedactor.redact(String.valueOf(e.getMessage()), secrets), true,
                    Map.of());
        }
    }
}
