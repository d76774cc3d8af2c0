package io.hookflow.ingress.rest;

import io.hookflow.ingress.WebhookRequest;
import io.hookflow.ingress.service.SampleCaptureService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The one-time "send sample request" URL of a draft's webhook step, {@code /hook/samples/{token}} (flow ids never
 * read {@code samples}). Its first authenticated request becomes the step's sample; afterwards it answers 410.
 */
@Path("/hook/samples")
@Tag(name = "Webhooks")
public class SampleCaptureResource {

    private final SampleCaptureService samples;

    public SampleCaptureResource(SampleCaptureService samples) {
        this.samples = samples;
    }

    @POST
    @Path("/{token}")
    @Operation(summary = "Send a sample request: its body becomes the webhook step's sample (once; then 410)")
    public CompletionStage<Response> post(@PathParam("token") String token, byte[] body, @Context RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        WebhookRequest call = new WebhookRequest(null, request.method().name(), "",
                request.getHeader(HttpHeaders.CONTENT_TYPE), WebhookResource.headers(request.headers()),
                WebhookResource.query(request), body == null ? new byte[0] : body);
        return samples.capture(token, call, WebhookResource.sourceOf(request))
                .thenApply(captured -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("captured", true);
                    answer.put("flowId", captured.flowId());
                    answer.put("stepId", captured.stepId());
                    return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
                });
    }
}
