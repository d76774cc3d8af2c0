package io.hookflow.ingress.rest;

import io.hookflow.ingress.WebhookRequest;
import io.hookflow.ingress.service.InFlightBodies;
import io.hookflow.ingress.service.WebhookRejection;
import io.hookflow.ingress.service.WebhookService;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The public webhook endpoint {@code /hook/{flowId}[/{extra}]} (contract section 3). */
@Path("/hook")
@Tag(name = "Webhooks")
public class WebhookResource {

    private static final byte[] NO_BODY = new byte[0];

    private final WebhookService webhooks;

    public WebhookResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Path("/{flowId}")
    @Operation(summary = "Send a webhook to a flow")
    public CompletionStage<Response> post(@PathParam("flowId") String flowId, byte[] body, @Context RoutingContext ctx) {
        return accept(flowId, "", body, ctx);
    }

    @POST
    @Path("/{flowId}/{extra: .*}")
    @Operation(summary = "Send a webhook to a flow, with an extra path")
    public CompletionStage<Response> postWithPath(@PathParam("flowId") String flowId, @PathParam("extra") String extra,
                                      byte[] body, @Context RoutingContext ctx) {
        return accept(flowId, extra, body, ctx);
    }

    @GET
    @Path("/{flowId}")
    @Operation(summary = "Send a webhook to a flow; the query parameters are the body")
    public CompletionStage<Response> get(@PathParam("flowId") String flowId, @Context RoutingContext ctx) {
        return accept(flowId, "", NO_BODY, ctx);
    }

    @GET
    @Path("/{flowId}/{extra: .*}")
    @Operation(summary = "Send a webhook to a flow, with an extra path; the query parameters are the body")
    public CompletionStage<Response> getWithPath(@PathParam("flowId") String flowId, @PathParam("extra") String extra,
                                     @Context RoutingContext ctx) {
        return accept(flowId, extra, NO_BODY, ctx);
    }

    @HEAD
    @Path("/{flowId}")
    @Operation(summary = "200 when the flow takes webhooks, 404 otherwise")
    public Response head(@PathParam("flowId") String flowId) {
        return Response.status(webhooks.isActive(flowId) ? 200 : 404).build();
    }

    // Explicit, so that JAX-RS does not answer HEAD by running the GET (which would publish a webhook).
    @HEAD
    @Path("/{flowId}/{extra: .*}")
    @Operation(summary = "200 when the flow takes webhooks, 404 otherwise")
    public Response headWithPath(@PathParam("flowId") String flowId) {
        return head(flowId);
    }

    private CompletionStage<Response> accept(String flowId, String extra, byte[] body, RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        InFlightBodies.Reservation reservation = ctx.get(HttpRoutes.BODY_RESERVATION);
        if (reservation == null) {
            reservation = InFlightBodies.Reservation.NONE;
        } else if (body != null) {
            reservation.shrinkTo(body.length);
        }
        WebhookRequest webhook = new WebhookRequest(flowId, request.method().name(), extra == null ? "" : extra,
                request.getHeader(HttpHeaders.CONTENT_TYPE), headers(request.headers()), query(request),
                body == null ? NO_BODY : body);
        return webhooks.accept(webhook, sourceOf(request), reservation)
                .thenApply(requestId -> Response.ok(WebhookAccepted.json(flowId, requestId), MediaType.APPLICATION_JSON_TYPE)
                        .header("X-Request-Id", requestId)
                        .build());
    }

    // The peer's address, or the client's from X-Forwarded-For/Forwarded when quarkus.http.proxy.* trusts the proxy.
    static String sourceOf(HttpServerRequest request) {
        var address = request.remoteAddress();
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    // Most headers come once: their value list stays a one-element List.of until a second one arrives.
    static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            List<String> values = result.get(name);
            if (values == null) {
                result.put(name, List.of(header.getValue()));
            } else {
                if (!(values instanceof ArrayList)) {
                    values = new ArrayList<>(values);
                    result.put(name, values);
                }
                values.add(header.getValue());
            }
        }
        return result;
    }

    static Map<String, List<String>> query(HttpServerRequest request) {
        if (request.query() == null) {
            return Map.of();
        }
        MultiMap params;
        try {
            params = request.params();
        } catch (IllegalArgumentException e) {
            throw new WebhookRejection(Response.Status.BAD_REQUEST, "The query string is not properly encoded");
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        params.forEach(p -> result.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue()));
        return result;
    }
}
