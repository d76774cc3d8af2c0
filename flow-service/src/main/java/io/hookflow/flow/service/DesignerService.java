package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.Flow;
import io.hookflow.flow.FlowDraft;
import io.hookflow.flow.FlowStep;
import io.hookflow.flow.SampleSource;
import io.hookflow.flow.StepSample;
import io.hookflow.flow.client.ExecutorClient;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.repository.FlowRepository;
import io.hookflow.flow.repository.SampleRequestRepository;
import io.hookflow.flow.repository.StepSampleRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The designer's steps beyond storing samples (issue 15, contract section 4): one-time sample-request URLs for a
 * draft's webhook step, a mapping preview over the previous step's sample, and retrieving an action step's sample by
 * running it once. Previews and runs go to the executor, which holds the mapping evaluator (with the run-time bounds)
 * and the connector client; samples are kept by {@link SampleService}.
 */
@ApplicationScoped
public class DesignerService {

    /** How long a sample-request URL takes its one request. */
    public static final Duration SAMPLE_REQUEST_TTL = Duration.ofMinutes(10);

    private final FlowRepository flows;
    private final FlowMapper mapper;
    private final StepSampleRepository samples;
    private final SampleRequestRepository requests;
    private final SampleService sampleService;
    private final ExecutorClient executor;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    DesignerService(FlowRepository flows, FlowMapper mapper, StepSampleRepository samples,
                    SampleRequestRepository requests, SampleService sampleService, ExecutorClient executor) {
        this.flows = flows;
        this.mapper = mapper;
        this.samples = samples;
        this.requests = requests;
        this.sampleService = sampleService;
        this.executor = executor;
        this.clock = Clock.systemUTC();
    }

    /** A new sample-request URL's token (only here, never stored) and when it expires. */
    public record IssuedSampleRequest(String token, Instant expiresAt) {
    }

    /** What a live sample-request URL is for, as the ingress needs it to authenticate and read the request. */
    public record SampleRequestTarget(String flowId, String stepId, String workspace, String credentialId,
                                      boolean rawData) {
    }

    /**
     * Issues a one-time URL for the draft's webhook step (the first): valid {@link #SAMPLE_REQUEST_TTL}, its first
     * request, authenticated with the step's webhook credential, becomes the step's sample.
     */
    public IssuedSampleRequest issueSampleRequest(String workspace, String flowId, String stepId) {
        return issueSampleRequest(workspace, flowId, stepId, SAMPLE_REQUEST_TTL);
    }

    /**
     * Like {@link #issueSampleRequest(String, String, String)}, valid for {@code ttl} (1 s to
     * {@link #SAMPLE_REQUEST_TTL}): a caller may want a shorter-lived URL, never a longer one.
     */
    public IssuedSampleRequest issueSampleRequest(String workspace, String flowId, String stepId, Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(SAMPLE_REQUEST_TTL) > 0) {
            throw new InvalidRequestException("expiresInSeconds must be between 1 and "
                    + SAMPLE_REQUEST_TTL.toSeconds() + " (10 minutes)");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = now.plus(ttl);
        QuarkusTransaction.requiringNew().run(() -> {
            Flow flow = find(workspace, flowId);
            FlowDraft draft = mapper.draft(flow);
            FlowStep step = requireStep(draft.steps(), flowId, stepId);
            if (draft.steps().indexOf(step) != 0) {
                throw new InvalidRequestException("step " + stepId + ": only the webhook step (the first) takes sample"
                        + " requests; an action's sample is retrieved (POST .../retrieve-sample) or generated");
            }
            if (step.credentialId() == null || step.credentialId().isBlank()) {
                throw new InvalidRequestException("step " + stepId + ": credentialId is missing: a sample request is"
                        + " authenticated with the webhook step's credential, as the webhook is");
            }
            requests.deleteExpiredBefore(now.minus(Duration.ofDays(1)));
            requests.insert(hash(token), flowId, stepId, workspace, now, expiresAt);
        });
        Log.infof("sample request issued for step %s of flow %s, valid until %s", stepId, flowId, expiresAt);
        return new IssuedSampleRequest(token, expiresAt);
    }

    /**
     * The target of a live URL.
     *
     * @throws ResourceNotFoundException when no URL has this token (or its flow or step is gone)
     * @throws GoneException             when it was used or has expired
     */
    public SampleRequestTarget sampleRequestTarget(String token) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SampleRequestRepository.Row row = requests.find(hash(token)).orElseThrow(() ->
                    new ResourceNotFoundException("no sample request has this URL"));
            if (row.usedAt() != null || !row.expiresAt().isAfter(clock.instant())) {
                throw new GoneException("this sample request URL was used or has expired");
            }
            Flow flow = flows.findByIdOptional(row.flowId()).orElseThrow(() ->
                    new ResourceNotFoundException("the flow of this sample request no longer exists"));
            FlowDraft draft = mapper.draft(flow);
            FlowStep step = requireStep(draft.steps(), row.flowId(), row.stepId());
            boolean rawData = draft.settings() != null && draft.settings().path("rawData").asBoolean(false);
            return new SampleRequestTarget(row.flowId(), row.stepId(), row.workspace(), step.credentialId(), rawData);
        });
    }

    /**
     * Spends the URL and keeps {@code sample} as the step's sample ({@code request}); the first caller wins.
     *
     * @throws GoneException when it was used (by a concurrent request) or has expired meanwhile
     */
    public StepSample captureSampleRequest(String token, JsonNode sample) {
        String hash = hash(token);
        SampleRequestRepository.Row row = QuarkusTransaction.requiringNew().call(() -> {
            SampleRequestRepository.Row found = requests.find(hash).orElseThrow(() ->
                    new ResourceNotFoundException("no sample request has this URL"));
            if (!requests.spend(hash, clock.instant())) {
                throw new GoneException("this sample request URL was used or has expired");
            }
            return found;
        });
        return sampleService.capture(row.flowId(), row.stepId(), SampleSource.REQUEST, sample);
    }

    /** What a step's mapping makes of the previous step's sample. */
    public record Preview(String stepId, String fromStepId, String fromSource, JsonNode input,
                          Map<String, String> errors) {
    }

    /**
     * Previews the mapping of action step {@code stepId} (or {@code mapping} when given) over the previous step's
     * sample, within the run-time bounds: the input it would send and, per field, why it fails.
     */
    public Preview preview(String workspace, String flowId, String stepId, Map<String, String> mapping) {
        Located located = locateAction(workspace, flowId, stepId);
        Map<String, String> used = mapping != null ? mapping : located.step().mapping();
        JsonNode answer = executor.preview(used, located.previousSample().sample());
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        answer.path("errors").fields().forEachRemaining(f -> errors.put(f.getKey(), f.getValue().asText()));
        return new Preview(stepId, located.previous().id(), located.previousSample().source().value(),
                answer.path("input"), errors);
    }

    /**
     * Runs action step {@code stepId} once, for real, on its mapping applied to the previous step's sample, and keeps
     * the output as its sample ({@code retrieved}). The connector decides whether that has side effects (the Petstore
     * creates the pet, as in the tutorial).
     */
    public StepSample retrieveSample(String workspace, String flowId, String stepId) {
        Located located = locateAction(workspace, flowId, stepId);
        FlowStep step = located.step();
        JsonNode answer = executor.run(workspace, flowId, stepId, step.component(), step.function(),
                step.credentialId(), step.mapping(), located.previousSample().sample());
        return sampleService.capture(flowId, stepId, SampleSource.RETRIEVED, answer.path("output"));
    }

    private record Located(FlowStep step, FlowStep previous, StepSample previousSample) {
    }

    private Located locateAction(String workspace, String flowId, String stepId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<FlowStep> steps = mapper.draft(find(workspace, flowId)).steps();
            FlowStep step = requireStep(steps, flowId, stepId);
            int index = steps.indexOf(step);
            if (index == 0) {
                throw new InvalidRequestException("step " + stepId + " is the webhook step: it has no mapping and runs"
                        + " nothing; give it a sample (PUT .../sample or a sample request)");
            }
            FlowStep previous = steps.get(index - 1);
            StepSample previousSample = samples.find(flowId, previous.id()).orElseThrow(() ->
                    new ConflictException("step " + previous.id() + " (before " + stepId + ") has no sample yet to map"
                            + " from: add one (PUT /api/v1/flows/" + flowId + "/steps/" + previous.id() + "/sample),"
                            + (index == 1 ? " send a sample request" : " retrieve one") + " or generate one"));
            return new Located(step, previous, previousSample);
        });
    }

    private Flow find(String workspace, String flowId) {
        return flows.findInWorkspace(workspace, flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
    }

    private static FlowStep requireStep(List<FlowStep> steps, String flowId, String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst().orElseThrow(() ->
                new ResourceNotFoundException("Flow " + flowId + " has no step " + stepId));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
