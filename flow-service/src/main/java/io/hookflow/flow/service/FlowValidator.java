package io.hookflow.flow.service;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.flow.FlowDraft;
import io.hookflow.flow.FlowStep;
import io.hookflow.flow.client.ComponentDescriptor;
import io.hookflow.flow.client.CredentialClient;
import io.hookflow.flow.client.CredentialSummary;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a flow's name and draft against the rules, the component catalogue and credential-service (each
 * step's credential must exist in the flow's workspace and be of the type its component takes), and a
 * version's credentials again before it goes live.
 */
@ApplicationScoped
public class FlowValidator {

    private static final Duration MAX_RETRY_AGE = Duration.ofDays(30);

    private static final String WEBHOOK_CREDENTIAL_PREFIX = "webhook-";

    private final ComponentCatalogue catalogue;
    private final CredentialClient credentials;

    public FlowValidator(ComponentCatalogue catalogue, CredentialClient credentials) {
        this.catalogue = catalogue;
        this.credentials = credentials;
    }

    /**
     * Validates a flow definition and answers its draft, with settings defaulted to an empty object.
     *
     * @throws InvalidRequestException naming the step and field at fault
     * @throws DependencyUnavailableException when a connector or credential-service cannot be reached
     */
    public FlowDraft validate(String workspace, String name, List<FlowStep> steps, JsonNode settings) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name is required");
        }
        if (name.length() > 255) {
            throw new InvalidRequestException("name is longer than 255 characters");
        }
        if (steps == null || steps.isEmpty()) {
            throw new InvalidRequestException("steps must hold at least the webhook trigger");
        }
        Set<String> ids = new HashSet<>();
        Map<String, Optional<CredentialSummary>> looked = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            FlowStep step = steps.get(i);
            if (step == null) {
                throw new InvalidRequestException("steps[" + i + "] must be an object");
            }
            if (step.id() == null || step.id().isBlank()) {
                throw new InvalidRequestException("steps[" + i + "].id is required");
            }
            if (!ids.add(step.id())) {
                throw new InvalidRequestException("step " + step.id() + ": id is used by more than one step");
            }
            if (i == 0) {
                validateTrigger(step);
                checkCredential(workspace, step, looked, null);
            } else {
                ComponentDescriptor component = validateAction(step);
                checkCredential(workspace, step, looked, component.credential() == null
                        ? null : component.credential().path("type").asText(null));
            }
        }
        return new FlowDraft(List.copyOf(steps), validateSettings(settings));
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
        JsonNode rate = settings.get("rateLimitPerSecond");
        if (rate != null && !rate.isNull() && !(rate.canConvertToInt() && rate.isIntegralNumber() && rate.intValue() > 0)) {
            throw new InvalidRequestException("settings.rateLimitPerSecond must be a positive integer");
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
