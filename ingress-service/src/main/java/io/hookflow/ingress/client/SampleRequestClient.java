package io.hookflow.ingress.client;

import io.hookflow.ingress.config.InternalApiConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * Asks flow-service about a sample-request URL and hands it what the URL captured. Its answers 404 (unknown) and 410
 * (used or expired) come back as {@link Status}; anything else fails the call (the sender gets 503 and may retry).
 */
@ApplicationScoped
public class SampleRequestClient {

    /** How flow-service answered for a token. */
    public enum Status { FOUND, UNKNOWN, GONE }

    public record Lookup(Status status, SampleRequest request) {
    }

    private final SampleRequestApi api;
    private final InternalApiConfig internalApi;

    public SampleRequestClient(@RestClient SampleRequestApi api, InternalApiConfig internalApi) {
        this.api = api;
        this.internalApi = internalApi;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    public Uni<Lookup> find(String token) {
        return api.get(token, internalApi.internalToken())
                .map(found -> new Lookup(Status.FOUND, found))
                .onFailure(e -> status(e) == 404).recoverWithItem(new Lookup(Status.UNKNOWN, null))
                .onFailure(e -> status(e) == 410).recoverWithItem(new Lookup(Status.GONE, null));
    }

    /** FOUND when stored, GONE when the URL was used (by a concurrent request) or expired meanwhile. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<Status> capture(String token, SampleCapture capture) {
        return api.capture(token, capture, internalApi.internalToken())
                .map(ignored -> Status.FOUND)
                .onFailure(e -> status(e) == 410 || status(e) == 404).recoverWithItem(Status.GONE);
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException wae && wae.getResponse() != null
                ? wae.getResponse().getStatus() : -1;
    }
}
