package io.hookflow.flow.service;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.flow.FlowDraft;
import io.hookflow.flow.FlowStep;
import io.hookflow.flow.client.ComponentDescriptor;
import io.hookflow.flow.client.CredentialClient;
import io.hookflow.flow.client.CredentialSummary;
import io.hookflow.flow.config.FlowConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a flow's name and draft against the rules, the component catalogue and credential-service (each
 * step's credential must exist in the flow's workspace and be of the type its component takes), and a
 * version's credentials again before it goes live.
 */
@ApplicationScoped
public class FlowValidator {

    private static final Duration MAX_RETRY_AGE = Duration.ofDays(30);

    private static final String WEBHOOK_CREDENTIAL_PREFIX = "webhook-";

    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9_-]+");

    private final ComponentCatalogue catalogue;
    private final CredentialClient credentials;
    private final FlowConfig.Limits limits;
    private final ObjectMapper objectMapper;

    public FlowValidator(ComponentCatalogue catalogue, CredentialClient credentials, FlowConfig config,
                         ObjectMapper objectMapper) {
        this.catalogue = catalogue;
        this.credentials = credentials;
        this.limits = config.limits();
        this.objectMapper = objectMapper;
    }

    /**
     * Validates a flow definition and answers its draft, with settings defaulted to an empty object.
     *
     * @throws InvalidRequestException naming the step and field at fault
     * @throws DependencyUnavailableException when a connector or credential-service cannot be reached
     */
    public FlowDraft validate(String workspace, String name, String description, List<FlowStep> steps,
                              JsonNode settings) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name is required");
        }
        if (name.length() > limits.nameLength()) {
            throw new InvalidRequestException("name is longer than " + limits.nameLength() + " characters");
        }
        if (description != null && description.length() > limits.descriptionLength()) {
            throw new InvalidRequestException("description is longer than " + limits.descriptionLength()
                    + " characters");
        }
        if (steps == null || steps.isEmpty()) {
            throw new InvalidRequestException("steps must hold at least the webhook trigger");
        }
        if (steps.size() > limits.steps()) {
            throw new InvalidRequestException("steps holds " + steps.size() + " steps; a flow has at most "
                    + limits.steps());
        }
        ObjectNode checkedSettings = validateSettings(settings);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            FlowStep step = steps.get(i);
            if (step == null) {
                throw new InvalidRequestException("steps[" + i + "] must be an object");
            }
            if (step.id() == null || step.id().isBlank()) {
                throw new InvalidRequestException("steps[" + i + "].id is required");
            }
            // The id is named by position: one that breaks the rule may be too long to quote.
            if (step.id().length() > limits.stepIdLength() || !STEP_ID.matcher(step.id()).matches()) {
                throw new InvalidRequestException("steps[" + i + "].id must be 1 to " + limits.stepIdLength()
                        + " characters of A-Z, a-z, 0-9, _ and -");
            }
            if (!ids.add(step.id())) {
                throw new InvalidRequestException("step " + step.id() + ": id is used by more than one step");
            }
            validateStepTexts(step);
        }
        Map<String, Optional<CredentialSummary>> looked = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            FlowStep step = steps.get(i);
            if (i == 0) {
                validateTrigger(step);
                checkCredential(workspace, step, looked, null);
            } else {
                ComponentDescriptor component = validateAction(step);
                checkCredential(workspace, step, looked, component.credential() == null
                        ? null : component.credential().path("type").asText(null));
            }
        }
        return new FlowDraft(List.copyOf(steps), checkedSettings);
    }

    /**
     * Checks a sample sent for a step by {@code PUT .../sample}: a JSON object of at most
     * {@code flow.limits.sample-bytes} (in a draft, a larger one answers 400 like every other limit).
     *
     * @throws InvalidRequestException when it is not an object
     * @throws PayloadTooLargeException when it is larger than the limit
     */
    public void validateSample(String stepId, JsonNode sample) {
        requireObject(stepId, sample);
        long size = jsonSize(sample);
        if (size > limits.sampleBytes()) {
            throw new PayloadTooLargeException(sampleTooLarge(stepId, size));
        }
    }

    /** The size of a value written as compact JSON, in UTF-8 bytes. */
    public long jsonSize(JsonNode value) {
        try {
            return objectMapper.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void validateStepTexts(FlowStep step) {
        String where = "step " + step.id() + ": ";
        if (step.name() != null && step.name().length() > limits.nameLength()) {
            throw new InvalidRequestException(where + "name is longer than " + limits.nameLength() + " characters");
        }
        if (step.note() != null && step.note().length() > limits.noteLength()) {
            throw new InvalidRequestException(where + "note is longer than " + limits.noteLength() + " characters");
        }
        if (step.sample() != null && !step.sample().isNull()) {
            requireObject(step.id(), step.sample());
            long size = jsonSize(step.sample());
            if (size > limits.sampleBytes()) {
                throw new InvalidRequestException(sampleTooLarge(step.id(), size));
            }
        }
        if (step.mapping() != null) {
            for (Map.Entry<String, String> entry : step.mapping().entrySet()) {
                if (entry.getValue() != null && entry.getValue().length() > limits.mappingExpressionLength()) {
                    throw new InvalidRequestException(where + "mapping." + entry.getKey() + " is longer than "
                            + limits.mappingExpressionLength() + " characters");
                }
            }
        }
    }

    private static void requireObject(String stepId, JsonNode sample) {
        if (sample == null || !sample.isObject()) {
            throw new InvalidRequestException("step " + stepId + ": sample must be a JSON object, "
                    + (sample == null ? "and the request body is empty" : "not " + describe(sample)));
        }
    }

    private String sampleTooLarge(String stepId, long size) {
        return "step " + stepId + ": sample is " + size + " bytes as JSON; a sample holds at most "
                + limits.sampleBytes() + " bytes";
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * Checks, before a version goes live, that each of its steps' credentials still exists in the workspace:
     * a credential may have been deleted since the draft was validated (credential-service refuses only to
     * delete one that a live version uses). The type is not checked again: a credential's type never changes.
     *
     * @throws ConflictException naming the first step whose credential is gone
     * @throws DependencyUnavailableException when credential-service cannot be reached
     */
    public void requireLiveCredentials(String workspace, String flowId, int version, List<FlowStep> steps) {
        Map<String, Optional<CredentialSummary>> looked = new HashMap<>();
        for (FlowStep step : steps) {
            if (step.credentialId() == null || step.credentialId().isBlank()) {
                continue;
            }
            if (lookup(step, looked).filter(c -> workspace.equals(c.workspace())).isEmpty()) {
                throw new ConflictException("Flow " + flowId + " cannot go live with version " + version
                        + ": step " + step.id() + " uses credential " + step.credentialId()
                        + ", which no longer exists in this workspace; choose another credential in the draft"
                        + " and publish it");
            }
        }
    }

    private void validateTrigger(FlowStep step) {
        String where = "step " + step.id() + ": ";
        if (!ComponentCatalogue.WEBHOOK.equals(step.component())
                || !ComponentCatalogue.RECEIVE.equals(step.function())) {
            throw new InvalidRequestException(where + "the first step must be the trigger, with component "
                    + ComponentCatalogue.WEBHOOK + " and function " + ComponentCatalogue.RECEIVE);
        }
        if (step.credentialId() == null || step.credentialId().isBlank()) {
            throw new InvalidRequestException(where + "credentialId is required for the webhook trigger");
        }
    }

    private ComponentDescriptor validateAction(FlowStep step) {
        String where = "step " + step.id() + ": ";
        if (step.component() == null || step.component().isBlank()) {
            throw new InvalidRequestException(where + "component is required");
        }
        if (step.function() == null || step.function().isBlank()) {
            throw new InvalidRequestException(where + "function is required");
        }
        if (ComponentCatalogue.WEBHOOK.equals(step.component())) {
            throw new InvalidRequestException(where + "component " + ComponentCatalogue.WEBHOOK
                    + " is a trigger and can only be the first step");
        }
        ComponentDescriptor component = catalogue.descriptor(step.component())
                .orElseThrow(() -> new InvalidRequestException(
                        where + "component " + step.component() + " does not exist"));
        String qualified = step.component() + "." + step.function();
        ComponentDescriptor.Function action = component.action(step.function())
                .orElseThrow(() -> new InvalidRequestException(
                        where + "function " + step.function() + " does not exist in component " + step.component()));

        Map<String, String> mapping = step.mapping() == null ? Map.of() : step.mapping();
        Set<String> inputs = new HashSet<>();
        action.inputs().forEach(f -> inputs.add(f.name()));
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            String field = "mapping." + entry.getKey();
            if (!inputs.contains(entry.getKey())) {
                throw new InvalidRequestException(where + field + " is not an input field of " + qualified);
            }
            if (entry.getValue() == null || entry.getValue().isBlank()) {
                throw new InvalidRequestException(where + field + " must be a JSONata expression");
            }
            try {
                Jsonata.jsonata(entry.getValue());
            } catch (RuntimeException e) {
                throw new InvalidRequestException(where + field + " is not a valid JSONata expression: "
                        + e.getMessage());
            }
        }
        for (ComponentDescriptor.Field input : action.inputs()) {
            if (input.required() && !mapping.containsKey(input.name())) {
                throw new InvalidRequestException(where + "mapping." + input.name()
                        + " is required by " + qualified);
            }
        }
        return component;
    }

    /**
     * The step's credential must exist in the flow's workspace: a webhook credential for the trigger, the
     * component's own type for an action whose component takes one ({@code neededType}, null for none).
     */
    private void checkCredential(String workspace, FlowStep step, Map<String, Optional<CredentialSummary>> looked,
                                 String neededType) {
        String where = "step " + step.id() + ": ";
        boolean trigger = neededType == null && ComponentCatalogue.WEBHOOK.equals(step.component());
        if (step.credentialId() == null || step.credentialId().isBlank()) {
            if (neededType != null) {
                throw new InvalidRequestException(where + "credentialId is required by component " + step.component()
                        + " (a " + neededType + " credential)");
            }
            return;
        }
        CredentialSummary credential = lookup(step, looked).filter(c -> workspace.equals(c.workspace()))
                .orElseThrow(() -> new InvalidRequestException(
                        where + "credentialId " + step.credentialId() + " is not a credential of this workspace"));
        if (trigger && (credential.type() == null || !credential.type().startsWith(WEBHOOK_CREDENTIAL_PREFIX))) {
            throw new InvalidRequestException(where + "credential " + credential.id() + " is a " + credential.type()
                    + " credential; the webhook trigger needs a webhook-* credential");
        }
        if (neededType != null && !neededType.equals(credential.type())) {
            throw new InvalidRequestException(where + "credential " + credential.id() + " is a " + credential.type()
                    + " credential; component " + step.component() + " needs a " + neededType + " credential");
        }
    }

    private Optional<CredentialSummary> lookup(FlowStep step, Map<String, Optional<CredentialSummary>> looked) {
        try {
            return looked.computeIfAbsent(step.credentialId(), credentials::find);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("credential-service is unavailable, so the credential of step "
                    + step.id() + " cannot be checked", e);
        }
    }

    private ObjectNode validateSettings(JsonNode settings) {
        if (settings == null || settings.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!settings.isObject()) {
            throw new InvalidRequestException("settings must be an object");
        }
        long size = jsonSize(settings);
        if (size > limits.settingsBytes()) {
            throw new InvalidRequestException("settings is " + size + " bytes as JSON; settings hold at most "
                    + limits.settingsBytes() + " bytes");
        }
        JsonNode rate = settings.get("rateLimitPerSecond");
        if (rate != null && !rate.isNull() && !(rate.canConvertToInt() && rate.isIntegralNumber()
                && rate.intValue() >= 1 && rate.intValue() <= limits.rateLimitPerSecond())) {
            throw new InvalidRequestException("settings.rateLimitPerSecond must be an integer from 1 to "
                    + limits.rateLimitPerSecond());
        }
        JsonNode rawData = settings.get("rawData");
        if (rawData != null && !rawData.isNull() && !rawData.isBoolean()) {
            throw new InvalidRequestException("settings.rawData must be true or false");
        }
        validateRetry(settings.get("retry"));
        return (ObjectNode) settings;
    }

    /** {@code settings.retry}: {@code maxAttempts} (a positive integer), {@code maxAge} (an ISO-8601 duration). */
    private static void validateRetry(JsonNode retry) {
        if (retry == null || retry.isNull()) {
            return;
        }
        if (!retry.isObject()) {
            throw new InvalidRequestException("settings.retry must be an object with maxAttempts and/or maxAge");
        }
        JsonNode attempts = retry.get("maxAttempts");
        if (attempts != null && !attempts.isNull()
                && !(attempts.isIntegralNumber() && attempts.canConvertToInt() && attempts.intValue() > 0)) {
            throw new InvalidRequestException("settings.retry.maxAttempts must be a positive integer");
        }
        JsonNode age = retry.get("maxAge");
        if (age != null && !age.isNull()) {
            Duration parsed = null;
            try {
                parsed = age.isTextual() ? Duration.parse(age.textValue()) : null;
            } catch (DateTimeParseException e) {
                // answered below
            }
            if (parsed == null || parsed.isNegative() || parsed.isZero() || parsed.compareTo(MAX_RETRY_AGE) > 0) {
                throw new InvalidRequestException("settings.retry.maxAge must be an ISO-8601 duration from PT1S to P30D,"
                        + " e.g. \"PT24H\"");
            }
        }
    }
}
