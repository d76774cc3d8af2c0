package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.service.DesignerService;
import io.hookflow.flow.service.InvalidRequestException;
import io.hookflow.platform.InternalCallers;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** The ingress's side of sample-request URLs (docs/internal-api.md): what a token is for, and its capture; ingress's token only. */
@Path("/internal/sample-requests")
@InternalCallers("ingress")
@Produces(MediaType.APPLICATION_JSON)
public class InternalSampleRequestResource {

    private final DesignerService designer;

    public InternalSampleRequestResource(DesignerService designer) {
        this.designer = designer;
    }

    /** What the ingress posts: the request's body as JSON, its files' metadata and its content type. */
    public record Capture(JsonNode sample, JsonNode attachments, String contentType) {
    }

    @GET
    @Path("{token}")
    public DesignerService.SampleRequestTarget target(@PathParam("token") String sampleToken) {
        return designer.sampleRequestTarget(sampleToken);
    }

    @POST
    @Path("{token}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> capture(@PathParam("token") String sampleToken, Capture capture) {
        if (capture == null || capture.sample() == null) {
            throw new InvalidRequestException("the body must carry the captured sample");
        }
        var stored = designer.captureSampleRequest(sampleToken, capture.sample());
        return Map.of("stepId", stored.stepId(), "source", stored.source().value());
    }
}
