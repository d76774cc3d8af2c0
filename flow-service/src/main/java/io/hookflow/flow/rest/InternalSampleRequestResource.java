package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.config.InternalConfig;
import io.hookflow.flow.service.DesignerService;
import io.hookflow.flow.service.InvalidRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** The ingress's side of sample-request URLs (docs/internal-api.md): what a token is for, and its capture. */
@Path("/internal/sample-requests")
@Produces(MediaType.APPLICATION_JSON)
public class InternalSampleRequestResource {

    private final DesignerService designer;
    private final byte[] token;

    public InternalSampleRequestResource(DesignerService designer, InternalConfig config) {
        this.designer = designer;
        this.token = config.internalToken().getBytes(StandardCharsets.UTF_8);
    }

    /** What the ingress posts: the request's body as JSON, its files' metadata and its content type. */
    public record Capture(JsonNode sample, JsonNode attachments, String contentType) {
    }

    @GET
    @Path("{token}")
    public DesignerService.SampleRequestTarget target(@HeaderParam(InternalFlowResource.TOKEN_HEADER) String presented,
                                                      @PathParam("token") String sampleToken) {
        requireToken(presented);
        return designer.sampleRequestTarget(sampleToken);
    }

    @POST
    @Path("{token}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> capture(@HeaderParam(InternalFlowResource.TOKEN_HEADER) String presented,
                                       @PathParam("token") String sampleToken, Capture capture) {
        requireToken(presented);
        if (capture == null || capture.sample() == null) {
            throw new InvalidRequestException("the body must carry the captured sample");
        }
        var stored = designer.captureSampleRequest(sampleToken, capture.sample());
        return Map.of("stepId", stored.stepId(), "source", stored.source().value());
    }

    private void requireToken(String presented) {
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidInternalTokenException("missing or wrong " + InternalFlowResource.TOKEN_HEADER + " header");
        }
    }
}
