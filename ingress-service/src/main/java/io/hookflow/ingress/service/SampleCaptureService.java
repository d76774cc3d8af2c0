package io.hookflow.ingress.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.ingress.FlowState;
import io.hookflow.ingress.WebhookAttachment;
import io.hookflow.ingress.WebhookBody;
import io.hookflow.ingress.WebhookContent;
import io.hookflow.ingress.WebhookRequest;
import io.hookflow.ingress.client.SampleCapture;
import io.hookflow.ingress.client.SampleRequest;
import io.hookflow.ingress.client.SampleRequestClient;
import io.hookflow.ingress.config.IngressConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * "Send sample request" (issue 15): a one-time URL {@code /hook/samples/{token}} that flow-service issued for a draft's
 * webhook step. The call is authenticated with the step's webhook credential exactly as the flow's webhook would be
 * (failed authentications counted against the same per-source limit), its body read by the same content rules, and
 * handed to flow-service, which keeps it as the step's sample and spends the URL. Nothing goes to Kafka: a sample
 * runs nothing. An unknown URL answers 404, a used or expired one 410.
 */
@ApplicationScoped
public class SampleCaptureService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SampleRequestClient samples;
    private final WebhookAuthService auth;
    private final WebhookBodyParser parser;
    private final AuthFailureLimiter authFailures;
    private final ObjectMapper mapper;
    private final int retryAfterSeconds;

    public SampleCaptureService(SampleRequestClient samples, WebhookAuthService auth, WebhookBodyParser parser,
                                AuthFailureLimiter authFailures, ObjectMapper mapper, IngressConfig config) {
        this.samples = samples;
        this.auth = auth;
        this.parser = parser;
        this.authFailures = authFailures;
        this.mapper = mapper;
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    /** What was captured, for the answer. */
    public record Captured(String flowId, String stepId) {
    }

    /**
     * Looks the token up, authenticates {@code call} (its flowId is ignored: the token names the flow), reads its body
     * and stores it as the step's sample.
     */
    public CompletionStage<Captured> capture(String token, WebhookRequest call, String source) {
        return samples.find(token).subscribeAsCompletionStage()
                .exceptionally(failure -> {
                    throw unavailable(failure);
                })
                .thenCompose(lookup -> {
                    switch (lookup.status()) {
                        case UNKNOWN -> throw new WebhookRejection(Response.Status.NOT_FOUND,
                                "This sample request URL is unknown");
                        case GONE -> throw gone();
                        default -> {
                            return authenticated(token, lookup.request(), call, source);
                        }
                    }
                });
    }

    private CompletionStage<Captured> authenticated(String token, SampleRequest sample, WebhookRequest call,
                                                    String source) {
        FlowState flow = new FlowState(sample.flowId(), sample.workspace(), FlowState.ACTIVE, 0, sample.stepId(),
                sample.credentialId(), sample.rawData() ? NODES.objectNode().put("rawData", true) : NODES.objectNode());
        long blocked = authFailures.retryAfter(source, flow.flowId());
        if (blocked > 0) {
            throw WebhookRejection.authRateLimited(flow.flowId(), blocked);
        }
        WebhookRequest request = new WebhookRequest(flow.flowId(), call.method(), call.extraPath(), call.contentType(),
                call.headers(), call.query(), call.rawBody());
        WebhookBodyParser.Kind kind = "POST".equals(request.method())
                ? parser.kindOf(request.contentType(), flow.rawData()) : null;
        return auth.authenticate(flow, request)
                .whenComplete((ignored, failure) -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof WebhookRejection rejection
                            && rejection.reason() == RefusalReason.UNAUTHENTICATED) {
                        authFailures.failed(source, flow.flowId());
                    }
                })
                .thenCompose(ok -> {
                    WebhookContent content = kind != null
                            ? parser.read(kind, request.contentType(), request.header("content-disposition"),
                            request.rawBody())
                            : WebhookContent.of(new WebhookBody.Parameters(request.query()));
                    SampleCapture capture = new SampleCapture(json(content.body()), metadata(content.attachments()),
                            kind != null ? request.contentType() : null);
                    return samples.capture(token, capture).subscribeAsCompletionStage()
                            .exceptionally(failure -> {
                                throw unavailable(failure);
                            });
                })
                .thenApply(status -> {
                    if (status != SampleRequestClient.Status.FOUND) {
                        throw gone();
                    }
                    Log.infof("sample captured for step %s of flow %s", sample.stepId(), sample.flowId());
                    return new Captured(sample.flowId(), sample.stepId());
                });
    }

    private JsonNode json(WebhookBody body) {
        if (body instanceof WebhookBody.RawJson raw) {
            try {
                return mapper.readTree(raw.bytes(), raw.offset(), raw.length());
            } catch (IOException e) {
                // checked by the parser already; not expected
                throw new WebhookRejection(Response.Status.BAD_REQUEST, "The body is not valid JSON");
            }
        }
        if (body instanceof WebhookBody.Parameters parameters) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<String, List<String>> entry : parameters.values().entrySet()) {
                if (entry.getValue().size() == 1) {
                    object.put(entry.getKey(), entry.getValue().get(0));
                } else {
                    ArrayNode values = object.putArray(entry.getKey());
                    entry.getValue().forEach(values::add);
                }
            }
            return object;
        }
        return ((WebhookBody.Tree) body).node();
    }

    private static JsonNode metadata(List<WebhookAttachment> attachments) {
        ArrayNode metadata = NODES.arrayNode();
        if (attachments != null) {
            for (WebhookAttachment attachment : attachments) {
                metadata.addObject().put("name", attachment.name()).put("contentType", attachment.contentType())
                        .put("size", attachment.size());
            }
        }
        return metadata;
    }

    private static WebhookRejection gone() {
        return new WebhookRejection(410, RefusalReason.UNKNOWN_FLOW, "This sample request URL was used or has expired;"
                + " ask for a new one (POST .../sample-request)", Map.of(), null);
    }

    private WebhookRejection unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof WebhookRejection rejection) {
            return rejection;
        }
        Log.warnf("sample request: flow-service did not answer: %s", cause.toString());
        return WebhookRejection.unavailable(RefusalReason.OTHER,
                "The sample could not be stored, please retry later", retryAfterSeconds, cause);
    }
}
