package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.Flow;
import io.hookflow.flow.FlowDefinition;
import io.hookflow.flow.FlowDraft;
import io.hookflow.flow.FlowListing;
import io.hookflow.flow.FlowStatus;
import io.hookflow.flow.FlowStep;
import io.hookflow.flow.FlowVersion;
import io.hookflow.flow.SampleSource;
import io.hookflow.flow.StepSample;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.repository.FlowAnnouncementRepository;
import io.hookflow.flow.repository.FlowRepository;
import io.hookflow.flow.repository.FlowVersionRepository;
import io.hookflow.flow.repository.StepSampleRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flows, their drafts, versions and live state. Every change of the live state is written in its own transaction
 * under the flow's row lock, together with the flow's mark for {@code flow.changed} (a transactional outbox); after
 * the commit the request announces the flow's committed state itself ({@link FlowAnnouncer#announceNow}), and
 * whatever it could not announce the relay does ({@link FlowAnnouncementRelay}).
 */
@ApplicationScoped
public class FlowService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FlowRepository flows;
    private final FlowVersionRepository versions;
    private final FlowValidator validator;
    private final FlowMapper mapper;
    private final FlowAnnouncementRepository announcements;
    private final FlowAnnouncer announcer;
    private final StepSampleRepository samples;

    public FlowService(FlowRepository flows, FlowVersionRepository versions, FlowValidator validator,
                       FlowMapper mapper, FlowAnnouncementRepository announcements, FlowAnnouncer announcer,
                       StepSampleRepository samples) {
        this.flows = flows;
        this.versions = versions;
        this.validator = validator;
        this.mapper = mapper;
        this.announcements = announcements;
        this.announcer = announcer;
        this.samples = samples;
    }

    /** A flow with its steps' samples by step id (the draft holds none: they live in {@code step_sample}). */
    public record Detail(Flow flow, Map<String, JsonNode> samples) {
    }

    /** A page of a workspace's flows, newest first, with the total count. */
    public record FlowPage(List<FlowListing> flows, long total) {
    }

    @Transactional
    public FlowPage list(String workspace, int page, int size) {
        return new FlowPage(flows.listingsInWorkspace(workspace, page, size), flows.countInWorkspace(workspace));
    }

    @Transactional
    public Flow get(String workspace, String id) {
        return find(workspace, id);
    }

    /** The flow with its steps' samples. */
    @Transactional
    public Detail detail(String workspace, String id) {
        Flow flow = find(workspace, id);
        return new Detail(flow, samplesOf(flow.id));
    }

    /**
     * Creates an inactive flow from a validated draft and announces it; a step's {@code sample} becomes its manual
     * sample.
     */
    public Detail create(String workspace, String name, String description, List<FlowStep> steps, JsonNode settings) {
        FlowDraft draft = validator.validate(workspace, name, description, steps, settings);
        Detail created = QuarkusTransaction.requiringNew().call(() -> {
            Flow flow = new Flow();
            flow.id = newId();
            flow.workspace = workspace;
            flow.name = name;
            flow.description = description;
            flow.status = FlowStatus.INACTIVE;
            flow.draft = mapper.draftJson(withoutSamples(draft));
            flow.createdAt = now();
            flow.updatedAt = flow.createdAt;
            flows.persist(flow);
            flows.flush(); // the samples' foreign key needs the row
            storeSamples(flow, draft, Map.of());
            announcements.mark(flow);
            return new Detail(flow, samplesOf(flow.id));
        });
        Log.infof("Created flow %s in workspace %s", created.flow().id, workspace);
        announcer.announceNow(created.flow().id);
        return created;
    }

    /**
     * Replaces a flow's name, description and draft; the live version is untouched. A step's {@code sample} becomes
     * its manual sample unless it is the sample the step has (a draft read and sent back keeps where its samples came
     * from); a step sent without one keeps its sample; the samples of steps the new draft lacks are deleted.
     */
    public Detail replace(String workspace, String id, String name, String description, List<FlowStep> steps,
                          JsonNode settings) {
        get(workspace, id);
        FlowDraft draft = validator.validate(workspace, name, description, steps, settings);
        return QuarkusTransaction.requiringNew().call(() -> {
            Flow flow = find(workspace, id);
            flow.name = name;
            flow.description = description;
            flow.draft = mapper.draftJson(withoutSamples(draft));
            flow.updatedAt = now();
            samples.deleteOtherSteps(flow.id, draft.steps().stream().map(FlowStep::id).toList());
            storeSamples(flow, draft, samplesOf(flow.id));
            return new Detail(flow, samplesOf(flow.id));
        });
    }

    /**
     * Deletes a flow and its versions; its mark outlives it, so the deletion is announced ({@code deleted}, then a
     * tombstone) even when Kafka cannot take it at once.
     */
    public void delete(String workspace, String id) {
        QuarkusTransaction.requiringNew().run(() -> {
            Flow flow = findForUpdate(workspace, id);
            announcements.mark(flow);
            versions.deleteByFlow(id);
            flows.delete(flow);
        });
        Log.infof("Deleted flow %s in workspace %s", id, workspace);
        announcer.announceNow(id);
    }

    /**
     * Publishes the draft as the next version; when the flow is active that version goes live, once its
     * credentials were checked again (they are checked under the flow's row lock, like start, so the version
     * checked is the one that goes live).
     */
    public FlowVersion publish(String workspace, String id) {
        record Published(FlowVersion version, boolean live) {
        }
        Published published = QuarkusTransaction.requiringNew().call(() -> {
            Flow flow = findForUpdate(workspace, id);
            FlowDraft draft = mapper.draft(flow);
            FlowVersion version = new FlowVersion();
            version.flowId = flow.id;
            version.version = versions.latestVersion(flow.id) + 1;
            version.definition = mapper.definitionJson(new FlowDefinition(flow.name, draft.steps(), draft.settings()));
            version.publishedAt = now();
            if (flow.status == FlowStatus.ACTIVE) {
                validator.requireLiveCredentials(workspace, flow.id, version.version, draft.steps());
            }
            versions.persist(version);
            if (flow.status != FlowStatus.ACTIVE) {
                return new Published(version, false);
            }
            flow.activeVersion = version.version;
            flow.updatedAt = version.publishedAt;
            announcements.mark(flow);
            return new Published(version, true);
        });
        Log.infof("Published flow %s version %d", id, published.version().version);
        if (published.live()) {
            announcer.announceNow(id);
        }
        return published.version();
    }

    /**
     * Makes the latest published version live once its credentials were checked again; on an active flow only
     * announces its state again.
     */
    public Flow start(String workspace, String id) {
        Flow started = QuarkusTransaction.requiringNew().call(() -> {
            Flow flow = findForUpdate(workspace, id);
            if (flow.status != FlowStatus.ACTIVE) {
                int latest = versions.latestVersion(flow.id);
                if (latest == 0) {
                    throw new ConflictException(
                            "Flow " + id + " has no published version: publish the draft first");
                }
                FlowVersion candidate = versions.findVersion(flow.id, latest).orElseThrow();
                validator.requireLiveCredentials(workspace, flow.id, latest, mapper.definition(candidate).steps());
                flow.status = FlowStatus.ACTIVE;
                flow.activeVersion = latest;
                flow.updatedAt = now();
            }
            announcements.mark(flow);
            return flow;
        });
        announcer.announceNow(id);
        return started;
    }

    /** Stops the flow's webhook; on an inactive flow only announces its state again. */
    public Flow stop(String workspace, String id) {
        Flow stopped = QuarkusTransaction.requiringNew().call(() -> {
            Flow flow = findForUpdate(workspace, id);
            if (flow.status != FlowStatus.INACTIVE) {
                flow.status = FlowStatus.INACTIVE;
                flow.updatedAt = now();
            }
            announcements.mark(flow);
            return flow;
        });
        announcer.announceNow(id);
        return stopped;
    }

    @Transactional
    public FlowVersion version(String workspace, String id, int version) {
        find(workspace, id);
        return versions.findVersion(id, version).orElseThrow(() ->
                new ResourceNotFoundException("Flow " + id + " has no version " + version));
    }

    /** A published version for the executor, whatever its workspace. */
    @Transactional
    public Versioned internalVersion(String flowId, int version) {
        Flow flow = flows.findByIdOptional(flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
        FlowVersion published = versions.findVersion(flowId, version).orElseThrow(() ->
                new ResourceNotFoundException("Flow " + flowId + " has no version " + version));
        return new Versioned(flow, published);
    }

    /** A flow as it is now, with its draft, whatever its workspace (for credential-service). */
    @Transactional
    public Flow internalFlow(String flowId) {
        return flows.findByIdOptional(flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
    }

    /** The workspace's active flows whose live version uses the credential, by name (for credential-service). */
    @Transactional
    public List<Flow> activeUsingCredential(String workspace, String credentialId) {
        return flows.listActiveUsingCredential(workspace, credentialId);
    }

    /** A flow together with one of its versions. */
    public record Versioned(Flow flow, FlowVersion version) {
    }

    private Map<String, JsonNode> samplesOf(String flowId) {
        Map<String, JsonNode> byStep = new HashMap<>();
        for (StepSample sample : samples.listByFlow(flowId)) {
            byStep.put(sample.stepId(), sample.sample());
        }
        return byStep;
    }

    private void storeSamples(Flow flow, FlowDraft draft, Map<String, JsonNode> existing) {
        for (FlowStep step : draft.steps()) {
            if (step.sample() != null && !step.sample().isNull()
                    && !Objects.equals(existing.get(step.id()), step.sample())) {
                samples.save(new StepSample(flow.id, step.id(), SampleSource.MANUAL, step.sample(), null,
                        flow.updatedAt));
            }
        }
    }

    private static FlowDraft withoutSamples(FlowDraft draft) {
        return new FlowDraft(draft.steps().stream().map(step -> step.withSample(null)).toList(), draft.settings());
    }

    private Flow find(String workspace, String id) {
        return flows.findInWorkspace(workspace, id).orElseThrow(() -> ResourceNotFoundException.flow(id));
    }

    private Flow findForUpdate(String workspace, String id) {
        return flows.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .filter(f -> f.workspace.equals(workspace))
                .orElseThrow(() -> ResourceNotFoundException.flow(id));
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
