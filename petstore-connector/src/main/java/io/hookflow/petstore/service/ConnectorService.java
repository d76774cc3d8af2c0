package io.hookflow.petstore.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.petstore.ComponentDescriptor;
import io.hookflow.petstore.CreatedPet;
import io.hookflow.petstore.PetstoreComponent;
import io.hookflow.petstore.Verification;
import io.hookflow.petstore.client.PetstoreClient;
import io.hookflow.petstore.client.PetstoreErrorException;
import io.hookflow.petstore.client.PetstorePet;
import io.hookflow.petstore.client.PetstorePetRequest;
import io.hookflow.petstore.client.PetstoreUnreachableException;
import io.hookflow.petstore.client.PetstoreUser;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/** The connector protocol for the Petstore: describe, verify a credential, run an action. */
@ApplicationScoped
public class ConnectorService {

    private final PetstoreClient petstore;
    private final ActionMetrics metrics;

    public ConnectorService(PetstoreClient petstore, ActionMetrics metrics) {
        this.petstore = petstore;
        this.metrics = metrics;
    }

    public ComponentDescriptor describe() {
        return PetstoreComponent.DESCRIPTOR;
    }

    /** Checks the API key with {@code GET /v2/user/me}; every failure is an answer, not an error. */
    public Future<Verification> verify(JsonNode credentials) {
        long start = System.nanoTime();
        String apiKey;
        try {
            apiKey = apiKey(credentials);
        } catch (RuntimeException e) {
            metrics.record(ActionMetrics.Function.VERIFY, e, start);
            throw e;
        }
        return petstore.currentUser(apiKey)
                .map(ConnectorService::verified)
                .recover(failure -> {
                    if (failure instanceof PetstoreErrorException e) {
                        return Future.succeededFuture(notVerified(e));
                    }
                    if (failure instanceof PetstoreUnreachableException e) {
                        Log.warnf("Petstore verification failed: %s", e.getMessage());
                        return Future.succeededFuture(new Verification(false, e.getMessage()));
                    }
                    return Future.failedFuture(failure);
                })
                .andThen(result -> metrics.record(ActionMetrics.Function.VERIFY, result.failed()
                        ? ActionMetrics.Outcome.of(result.cause())
                        : result.result().verified() ? ActionMetrics.Outcome.SUCCESS : ActionMetrics.Outcome.REJECTED,
                        start));
    }

    private static Verification verified(PetstoreUser user) {
        String who = user == null || user.username() == null ? "" : " (user " + user.username() + ")";
        return new Verification(true, "Petstore accepted the API key" + who);
    }

    private static Verification notVerified(PetstoreErrorException e) {
        Log.infof("Petstore verification answered HTTP %d", e.status());
        if (e.status() == 401 || e.status() == 403) {
            return new Verification(false, "Petstore rejected the API key (HTTP " + e.status() + ")");
        }
        if (e.status() >= 500) {
            return new Verification(false, "Petstore API failed with HTTP " + e.status() + "; try again later");
        }
        return new Verification(false, "Petstore answered HTTP " + e.status() + " to the verification call");
    }

    /**
     * Runs an action. The idempotency key is forwarded to the Petstore so that a retried step
     * creates nothing new. Wrong input fails at once, before any call to the Petstore.
     */
    public Future<CreatedPet> runAction(String action, JsonNode credentials, JsonNode input, String idempotencyKey) {
        long start = System.nanoTime();
        if (!PetstoreComponent.CREATE_PET.equals(action)) {
            metrics.record(ActionMetrics.Function.UNKNOWN, ActionMetrics.Outcome.INVALID, start);
            throw ConnectorException.unknownAction(action);
        }
        Future<CreatedPet> created;
        try {
            created = createPet(apiKey(credentials), input, idempotencyKey);
        } catch (RuntimeException e) {
            metrics.record(ActionMetrics.Function.CREATE_PET, e, start);
            throw e;
        }
        return created.andThen(result -> metrics.record(ActionMetrics.Function.CREATE_PET, result.cause(), start));
    }

    private Future<CreatedPet> createPet(String apiKey, JsonNode input, String idempotencyKey) {
        PetstorePetRequest request = createPetRequest(input);
        return petstore.createPet(apiKey, idempotencyKey, request)
                .recover(failure -> Future.failedFuture(createPetFailure(failure, apiKey, idempotencyKey)))
                .map(pet -> {
                    if (pet == null) {
                        throw ConnectorException.unavailable("Petstore API answered createPet without a pet");
                    }
                    // DEBUG, not INFO: under load this runs thousands of times a second, and the line costs CPU.
                    Log.debugf("Created pet %s (Idempotency-Key %s)", pet.id(), idempotencyKey);
                    return new CreatedPet(pet.id(), pet.name(), pet.status());
                });
    }

    private static Throwable createPetFailure(Throwable failure, String apiKey, String idempotencyKey) {
        if (failure instanceof PetstoreErrorException e) {
            Log.infof("Petstore answered HTTP %d to createPet (Idempotency-Key %s)", e.status(), idempotencyKey);
            return createPetFailure(e, apiKey);
        }
        if (failure instanceof PetstoreUnreachableException e) {
            Log.warnf("createPet failed: %s (Idempotency-Key %s)", e.getMessage(), idempotencyKey);
            return ConnectorException.unavailable(e.getMessage());
        }
        return failure;
    }

    private static ConnectorException createPetFailure(PetstoreErrorException e, String apiKey) {
        int status = e.status();
        if (status == 401 || status == 403) {
            return ConnectorException.rejected(
                    "Petstore rejected the pet: the API key was rejected (HTTP " + status + ")");
        }
        // 408 and 429 say "later", not "never": let the executor retry them.
        if (status >= 500 || status == 408 || status == 429) {
            return ConnectorException.unavailable("Petstore API failed with HTTP " + status + "; retry later");
        }
        String detail = e.detail() == null ? "HTTP " + status : e.detail().replace(apiKey, "****");
        return ConnectorException.rejected("Petstore rejected the pet: " + detail);
    }

    private static String apiKey(JsonNode credentials) {
        JsonNode apiKey = credentials == null ? null : credentials.get("apiKey");
        if (apiKey == null || apiKey.isNull()) {
            throw ConnectorException.invalid("Field 'credentials.apiKey' is required");
        }
        if (!apiKey.isTextual() || apiKey.asText().isBlank()) {
            throw ConnectorException.invalid("Field 'credentials.apiKey' must be a non-empty string");
        }
        return apiKey.asText();
    }

    private static PetstorePetRequest createPetRequest(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw ConnectorException.invalid("Field 'input' must be a JSON object with at least 'name'");
        }
        JsonNode name = input.get("name");
        if (name == null || name.isNull()) {
            throw ConnectorException.invalid("Field 'input.name' is required");
        }
        if (!name.isTextual()) {
            throw ConnectorException.invalid("Field 'input.name' must be a string");
        }
        if (name.asText().isBlank()) {
            throw ConnectorException.invalid("Field 'input.name' must not be blank");
        }
        JsonNode status = input.get("status");
        if (status == null || status.isNull()) {
            return new PetstorePetRequest(name.asText(), null);
        }
        String lowerCase = status.isTextual() ? status.asText().toLowerCase(Locale.ROOT) : null;
        if (lowerCase == null || !PetstoreComponent.STATUSES.contains(lowerCase)) {
            throw ConnectorException.invalid(
                    "Field 'input.status' must be one of " + String.join(", ", PetstoreComponent.STATUSES));
        }
        return new PetstorePetRequest(name.asText(), lowerCase);
    }
}
