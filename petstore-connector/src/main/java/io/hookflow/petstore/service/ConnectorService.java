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
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/** The connector protocol for the Petstore: describe, verify a credential, run an action. */
@ApplicationScoped
public class ConnectorService {

    private static final String TIMED_OUT = "Petstore API timed out";
    private static final String UNREACHABLE = "Petstore API unreachable";

    private final PetstoreClient petstore;

    public ConnectorService(PetstoreClient petstore) {
        this.petstore = petstore;
    }

    public ComponentDescriptor describe() {
        return PetstoreComponent.DESCRIPTOR;
    }

    /** Checks the API key with {@code GET /v2/user/me}; every failure is an answer, not an error. */
    public Verification verify(JsonNode credentials) {
        String apiKey = apiKey(credentials);
        try {
            PetstoreUser user = petstore.currentUser(apiKey);
            String who = user == null || user.username() == null ? "" : " (user " + user.username() + ")";
            return new Verification(true, "Petstore accepted the API key" + who);
        } catch (PetstoreErrorException e) {
            Log.infof("Petstore verification answered HTTP %d", e.status());
            if (e.status() == 401 || e.status() == 403) {
                return new Verification(false, "Petstore rejected the API key (HTTP " + e.status() + ")");
            }
            if (e.status() >= 500) {
                return new Verification(false, "Petstore API failed with HTTP " + e.status() + "; try again later");
            }
            return new Verification(false, "Petstore answered HTTP " + e.status() + " to the verification call");
        } catch (PetstoreUnreachableException e) {
            Log.warnf("Petstore verification failed: %s", e.getMessage());
            return new Verification(false, e.getMessage());
        } catch (TimeoutException e) {
            Log.warn("Petstore verification timed out");
            return new Verification(false, TIMED_OUT);
        }
    }

    /**
     * Runs an action. The idempotency key is forwarded to the Petstore so that a retried step
     * creates nothing new.
     */
    public Object runAction(String action, JsonNode credentials, JsonNode input, String idempotencyKey) {
        if (!PetstoreComponent.CREATE_PET.equals(action)) {
            throw ConnectorException.unknownAction(action);
        }
        return createPet(apiKey(credentials), input, idempotencyKey);
    }

    private CreatedPet createPet(String apiKey, JsonNode input, String idempotencyKey) {
        PetstorePetRequest request = createPetRequest(input);
        try {
            PetstorePet pet = petstore.createPet(apiKey, idempotencyKey, request);
            Log.infof("Created pet %s (Idempotency-Key %s)", pet.id(), idempotencyKey);
            return new CreatedPet(pet.id(), pet.name(), pet.status());
        } catch (PetstoreErrorException e) {
            Log.infof("Petstore answered HTTP %d to createPet (Idempotency-Key %s)", e.status(), idempotencyKey);
            throw createPetFailure(e, apiKey);
        } catch (PetstoreUnreachableException e) {
            Log.warnf("createPet failed: %s (Idempotency-Key %s)", e.getMessage(), idempotencyKey);
            throw ConnectorException.unavailable(e.getMessage());
        } catch (TimeoutException e) {
            Log.warnf("createPet timed out (Idempotency-Key %s)", idempotencyKey);
            throw ConnectorException.unavailable(TIMED_OUT);
        }
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
