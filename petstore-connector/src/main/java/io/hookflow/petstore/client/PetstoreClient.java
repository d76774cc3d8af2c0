package io.hookflow.petstore.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls the Petstore API with a time limit and turns its failures into {@link PetstoreErrorException}
 * (an HTTP error answer) or {@link PetstoreUnreachableException} (no answer).
 * <p>
 * No retry or circuit breaker here: the executor already retries failed steps, and stacking retries
 * would multiply the wait behind the contract's time limits. A timeout surfaces as the fault-tolerance
 * {@code TimeoutException}.
 */
@ApplicationScoped
@Timeout(10_000)
public class PetstoreClient {

    private static final int MAX_DETAIL_LENGTH = 200;

    private final PetstoreApi api;
    private final ObjectMapper objectMapper;

    public PetstoreClient(@RestClient PetstoreApi api, ObjectMapper objectMapper) {
        this.api = api;
        this.objectMapper = objectMapper;
    }

    public PetstoreUser currentUser(String apiKey) {
        return call(() -> api.currentUser(apiKey));
    }

    public PetstorePet createPet(String apiKey, String idempotencyKey, PetstorePetRequest pet) {
        return call(() -> api.createPet(apiKey, idempotencyKey, pet));
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            throw new PetstoreErrorException(e.getResponse().getStatus(), detailOf(e.getResponse()));
        } catch (ProcessingException e) {
            throw new PetstoreUnreachableException(isTimeout(e), e);
        }
    }

    /** The Petstore's {@code error} text (or its raw body), cut short; null when there is none. */
    private String detailOf(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return null;
            }
            String detail = body;
            try {
                JsonNode json = objectMapper.readTree(body);
                if (json != null && json.path("error").isTextual()) {
                    detail = json.get("error").asText();
                } else if (json != null && json.path("message").isTextual()) {
                    detail = json.get("message").asText();
                }
            } catch (Exception notJson) {
                // keep the raw body
            }
            detail = detail.strip();
            return detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) + "…" : detail;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("Timeout") || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
