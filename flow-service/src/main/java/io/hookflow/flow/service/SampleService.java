package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.flow.Flow;
import io.hookflow.flow.FlowStep;
import io.hookflow.flow.SampleSource;
import io.hookflow.flow.StepSample;
import io.hookflow.flow.client.ComponentDescriptor;
import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.repository.FlowRepository;
import io.hookflow.flow.repository.StepSampleRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Steps' samples: what a step gives the next one, as an example to map from and to preview a mapping on. One per step
 * of a flow's draft, whatever made it (see {@link SampleSource}); publishing leaves them alone, a new draft without a
 * step drops that step's sample, deleting the flow deletes them all.
 */
@ApplicationScoped
public class SampleService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FlowRepository flows;
    private final StepSampleRepository samples;
    private final FlowMapper mapper;
    private final FlowValidator validator;
    private final ComponentCatalogue catalogue;
    private final int maxBytes;

    public SampleService(FlowRepository flows, StepSampleRepository samples, FlowMapper mapper, FlowValidator validator,
                         ComponentCatalogue catalogue, FlowConfig config) {
        this.flows = flows;
        this.samples = samples;
        this.mapper = mapper;
        this.validator = validator;
        this.catalogue = catalogue;
        this.maxBytes = config.limits().sampleBytes();
    }

    /** The step's sample; 404 when the flow (in this workspace) or the step does not exist or the step has none. */
    @Transactional
    public StepSample get(String workspace, String flowId, String stepId) {
        requireStep(find(workspace, flowId), stepId);
        return samples.find(flowId, stepId).orElseThrow(() -> new ResourceNotFoundException(
                "Step " + stepId + " of flow " + flowId + " has no sample"));
    }

    /**
     * Stores a sample sent by hand ({@code manual}).
     *
     * @throws InvalidRequestException when it is not a JSON object
     * @throws PayloadTooLargeException when it is over {@code flow.limits.sample-bytes}
     */
    public StepSample putManual(String workspace, String flowId, String stepId, JsonNode sample) {
        return QuarkusTransaction.requiringNew().call(() -> {
            requireStep(find(workspace, flowId), stepId);
            validator.validateSample(stepId, sample);
            StepSample stored = new StepSample(flowId, stepId, SampleSource.MANUAL, sample, null, now());
            samples.save(stored);
            return stored;
        });
    }

    /** Deletes the step's sample; 404 when it has none. */
    public void delete(String workspace, String flowId, String stepId) {
        QuarkusTransaction.requiringNew().run(() -> {
            requireStep(find(workspace, flowId), stepId);
            if (!samples.delete(flowId, stepId)) {
                throw new ResourceNotFoundException("Step " + stepId + " of flow " + flowId + " has no sample");
            }
        });
    }

    /**
     * Makes the step's sample from its function's declared output fields ({@code generated}): each field an example
     * value of its type (the first of its {@code enum}, {@code "string"}, 0, false, {} or []).
     *
     * @throws InvalidRequestException when the function declares no output fields (the webhook trigger's are what
     *                                 callers send: add its sample by hand or with a sample request)
     * @throws DependencyUnavailableException when the step's connector cannot be reached and nothing is cached
     */
    public StepSample generate(String workspace, String flowId, String stepId) {
        record Located(FlowStep step, boolean trigger) {
        }
        Located located = QuarkusTransaction.requiringNew().call(() -> {
            List<FlowStep> steps = mapper.draft(find(workspace, flowId)).steps();
            FlowStep step = requireStep(steps, flowId, stepId);
            return new Located(step, steps.indexOf(step) == 0);
        });
        FlowStep step = located.step();
        String where = "step " + stepId + ": ";
        ComponentDescriptor component = catalogue.descriptor(step.component()).orElseThrow(() ->
                new InvalidRequestException(where + "component " + step.component() + " does not exist"));
        Optional<ComponentDescriptor.Function> function = located.trigger()
                ? component.trigger(step.function()) : component.action(step.function());
        List<ComponentDescriptor.Field> outputs = function.orElseThrow(() -> new InvalidRequestException(
                where + "function " + step.function() + " does not exist in component " + step.component())).outputs();
        if (outputs.isEmpty()) {
            throw new InvalidRequestException(where + step.component() + "." + step.function()
                    + " declares no output fields to make a sample of; add a sample with PUT"
                    + " /api/v1/flows/" + flowId + "/steps/" + stepId + "/sample"
                    + (located.trigger() ? " or send a sample request" : " or retrieve one"));
        }
        ObjectNode sample = example(outputs);
        return QuarkusTransaction.requiringNew().call(() -> {
            requireStep(find(workspace, flowId), stepId);
            StepSample stored = new StepSample(flowId, stepId, SampleSource.GENERATED, sample, null, now());
            samples.save(stored);
            return stored;
        });
    }

    /**
     * Stores a sample captured for a step, from a sample request ({@code request}) or a real run of the action
     * ({@code retrieved}), whatever the flow's workspace (the caller has checked it). One over
     * {@code flow.limits.sample-bytes} as compact JSON is kept as its inferred JSON schema ({@link SampleSchema}) with
     * a note saying so; a schema itself over the limit is cut down to the value's type.
     *
     * @throws ResourceNotFoundException when the flow or the step no longer exists
     */
    public StepSample capture(String flowId, String stepId, SampleSource source, JsonNode sample) {
        JsonNode kept = sample;
        String note = null;
        if (validator.jsonSize(sample) > maxBytes) {
            ObjectNode schema = SampleSchema.infer(sample);
            note = "sample over " + size(maxBytes) + " kept as its inferred schema";
            if (validator.jsonSize(schema) > maxBytes) {
                schema = NODES.objectNode().set("type", schema.get("type"));
                note += "; the schema too was over " + size(maxBytes) + ", so only the sample's type is kept";
            }
            kept = schema;
            Log.infof("The %s sample of step %s of flow %s is over %d bytes: kept as its inferred schema",
                    source.value(), stepId, flowId, maxBytes);
        }
        StepSample stored = new StepSample(flowId, stepId, source, kept, note, now());
        return QuarkusTransaction.requiringNew().call(() -> {
            Flow flow = flows.findByIdOptional(flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
            requireStep(flow, stepId);
            samples.save(stored);
            return stored;
        });
    }

    /** An example value for each field, by its declared type. */
    static ObjectNode example(List<ComponentDescriptor.Field> fields) {
        ObjectNode sample = NODES.objectNode();
        for (ComponentDescriptor.Field field : fields) {
            if (field.name() == null) {
                continue;
            }
            if (field.values() != null && !field.values().isEmpty()) {
                sample.set(field.name(), field.values().get(0));
                continue;
            }
            String type = field.type() == null ? "" : field.type();
            switch (type) {
                case "number", "integer" -> sample.put(field.name(), 0);
                case "boolean" -> sample.put(field.name(), false);
                case "object" -> sample.putObject(field.name());
                case "array" -> sample.putArray(field.name());
                case "string" -> sample.put(field.name(), "string");
                default -> sample.putNull(field.name());
            }
        }
        return sample;
    }

    private Flow find(String workspace, String flowId) {
        return flows.findInWorkspace(workspace, flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
    }

    private FlowStep requireStep(Flow flow, String stepId) {
        return requireStep(mapper.draft(flow).steps(), flow.id, stepId);
    }

    private static FlowStep requireStep(List<FlowStep> steps, String flowId, String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst().orElseThrow(() ->
                new ResourceNotFoundException("Flow " + flowId + " has no step " + stepId));
    }

    private static String size(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
