package io.hookflow.flow.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.Flow;
import io.hookflow.flow.FlowDefinition;
import io.hookflow.flow.FlowDraft;
import io.hookflow.flow.FlowListing;
import io.hookflow.flow.FlowStep;
import io.hookflow.flow.FlowVersion;
import io.hookflow.flow.StepSample;
import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.rest.CredentialUsageResponse;
import io.hookflow.flow.rest.FlowCredentialsResponse;
import io.hookflow.flow.rest.FlowResponse;
import io.hookflow.flow.rest.FlowStateResponse;
import io.hookflow.flow.rest.FlowSummary;
import io.hookflow.flow.rest.InternalVersionResponse;
import io.hookflow.flow.rest.SampleResponse;
import io.hookflow.flow.rest.VersionDetailResponse;
import io.hookflow.flow.rest.VersionResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Converts flows and versions between their stored form and the API records. */
@ApplicationScoped
public class FlowMapper {

    private final JsonCodec json;
    private final String webhookBaseUrl;

    public FlowMapper(JsonCodec json, FlowConfig config) {
        this.json = json;
        String base = config.webhookBaseUrl();
        this.webhookBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String draftJson(FlowDraft draft) {
        return json.write(draft);
    }

    public FlowDraft draft(Flow flow) {
        return json.read(flow.draft, FlowDraft.class);
    }

    public String definitionJson(FlowDefinition definition) {
        return json.write(definition);
    }

    public FlowDefinition definition(FlowVersion version) {
        return json.read(version.definition, FlowDefinition.class);
    }

    public String webhookUrl(String flowId) {
        return webhookBaseUrl + "/hook/" + flowId;
    }

    /** The flow with everything: its draft's steps each with its sample (from {@code samples}, by step id). */
    public FlowResponse toResponse(Flow flow, Map<String, JsonNode> samples) {
        FlowDraft draft = draft(flow);
        List<FlowStep> steps = draft.steps().stream()
                .map(step -> samples.containsKey(step.id()) ? step.withSample(samples.get(step.id())) : step)
                .toList();
        return new FlowResponse(flow.id, flow.name, flow.description, flow.status.value(), flow.activeVersion,
                new FlowDraft(steps, draft.settings()), webhookUrl(flow.id), flow.createdAt, flow.updatedAt);
    }

    public SampleResponse toSampleResponse(StepSample sample) {
        return new SampleResponse(sample.stepId(), sample.source().value(), sample.sample(), sample.updatedAt(),
                sample.note());
    }

    public FlowSummary toSummary(FlowListing flow) {
        return new FlowSummary(flow.id(), flow.name(), flow.status().value(), flow.activeVersion(),
                flow.latestVersion(), webhookUrl(flow.id()), flow.createdAt(), flow.updatedAt());
    }

    public FlowStateResponse toStateResponse(Flow flow) {
        return new FlowStateResponse(flow.id, flow.status.value(), flow.activeVersion);
    }

    public VersionResponse toVersionResponse(FlowVersion version) {
        return new VersionResponse(version.version, version.publishedAt);
    }

    public VersionDetailResponse toVersionDetail(FlowVersion version) {
        FlowDefinition definition = definition(version);
        return new VersionDetailResponse(version.version, version.publishedAt, definition.name(),
                definition.steps(), definition.settings());
    }

    public CredentialUsageResponse toCredentialUsage(String credentialId, List<Flow> activeFlows) {
        return new CredentialUsageResponse(credentialId, activeFlows.stream()
                .map(flow -> new CredentialUsageResponse.ActiveFlow(flow.id, flow.name)).toList());
    }

    /** The credentials the version's steps reference, each once, in step order. */
    public FlowCredentialsResponse toCredentials(Flow flow, FlowVersion version) {
        return new FlowCredentialsResponse(flow.id, flow.workspace, credentialIds(definition(version).steps()));
    }

    /** The credentials the flow's draft steps reference, each once, in step order. */
    public FlowCredentialsResponse toDraftCredentials(Flow flow) {
        return new FlowCredentialsResponse(flow.id, flow.workspace, credentialIds(draft(flow).steps()));
    }

    private static List<String> credentialIds(List<FlowStep> steps) {
        return steps.stream()
                .map(FlowStep::credentialId)
                .filter(id -> id != null && !id.isBlank())
                .distinct()
                .toList();
    }

    public InternalVersionResponse toInternal(Flow flow, FlowVersion version) {
        FlowDefinition definition = definition(version);
        return new InternalVersionResponse(flow.id, flow.workspace, definition.name(), version.version,
                definition.steps(), definition.settings());
    }
}
