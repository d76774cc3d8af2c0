package io.hookflow.ingress.service;

import io.hookflow.ingress.FlowState;
import io.hookflow.ingress.WebhookBody;
import io.hookflow.ingress.WebhookContent;
import io.hookflow.ingress.WebhookRequest;
import io.hookflow.ingress.config.IngressConfig;
import io.hookflow.ingress.event.WebhookEventProducer;
import io.hookflow.ingress.event.WebhookReceived;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Accepts a webhook call: finds the active flow, checks content type and authentication, turns the body
 * into JSON and publishes {@code webhook.received}. It succeeds only once Kafka acknowledged the event;
 * every refusal is a {@link WebhookRejection}. A resend of a Standard Webhooks call ({@code webhook-id} seen before
 * for the flow, see {@link SeenWebhookIds}) gets the first call's answer and is not published again.
 * <p>
 * The common path (flow known, credential cached) runs straight through on the calling thread and waits only for
 * Kafka, with plain {@link CompletableFuture}s: no reactive pipeline is assembled per call.
 */
@ApplicationScoped
public class WebhookService {

    private final FlowRegistry flows;
    private final WebhookAuthService auth;
    private final WebhookBodyParser parser;
    private final WebhookEventProducer producer;
    private final RateLimiter rateLimiter;
    private final AuthFailureLimiter authFailures;
    private final SeenWebhookIds seenWebhookIds;
    private final int retryAfterSeconds;

    public WebhookService(FlowRegistry flows, WebhookAuthService auth, WebhookBodyParser parser,
                          WebhookEventProducer producer, RateLimiter rateLimiter, AuthFailureLimiter authFailures,
                          SeenWebhookIds seenWebhookIds, IngressConfig config) {
        this.flows = flows;
        this.auth = auth;
        this.parser = parser;
        this.producer = producer;
        this.rateLimiter = rateLimiter;
        this.authFailures = authFailures;
        this.seenWebhookIds = seenWebhookIds;
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    /** Whether the flow exists and takes webhooks (HEAD). */
    public boolean isActive(String flowId) {
        return flows.active(flowId) != null;
    }

    /**
     * Publishes the call and yields its request id once Kafka acknowledged it. Refusals known at once (404, 429, 415,
     * and 400 or 401 when the credential is cached) are thrown; later ones fail the stage. {@code source} is the
     * caller's address, for the limit on failed authentications. {@code body} is the call's reservation of body bytes:
     * it is told when the event goes to the producer and when the producer is done with it.
     * <p>
     * The flow's rate limit is charged only once the call authenticated; a failed authentication is charged to the
     * (source, flow) pair instead ({@link AuthFailureLimiter}), which is checked first.
     */
    public CompletionStage<String> accept(WebhookRequest request, String source, InFlightBodies.Reservation body) {
        long receivedAt = System.currentTimeMillis();
        FlowState flow = flows.active(request.flowId());
        if (flow == null) {
            throw WebhookRejection.flowNotFound(request.flowId());
        }
        long blocked = authFailures.retryAfter(source, flow.flowId());
        if (blocked > 0) {
            throw WebhookRejection.authRateLimited(flow.flowId(), blocked);
        }
        WebhookBodyParser.Kind kind = "POST".equals(request.method())
                ? parser.kindOf(request.contentType(), flow.rawData()) : null;
        WebhookAuthService.Authenticated authenticated;
        try {
            authenticated = auth.authenticateWithCached(flow, request);
        } catch (WebhookRejection rejection) {
            chargeFailure(source, flow, rejection);
            throw rejection;
        }
        if (authenticated != null) {
            return admit(flow, request, kind, authenticated, receivedAt, body);
        }
        return auth.authenticate(flow, request)
                .whenComplete((ignored, failure) -> chargeFailure(source, flow, failure))
                .thenCompose(fetched -> admit(flow, request, kind, fetched, receivedAt, body));
    }

    private void chargeFailure(String source, FlowState flow, Throwable failure) {
        if (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof WebhookRejection rejection && rejection.reason() == RefusalReason.UNAUTHENTICATED) {
            authFailures.failed(source, flow.flowId());
        }
    }

    private CompletionStage<String> admit(FlowState flow, WebhookRequest request, WebhookBodyParser.Kind kind,
                                          WebhookAuthService.Authenticated authenticated, long receivedAt,
                                          InFlightBodies.Reservation body) {
        long retryAfter = rateLimiter.acquire(flow);
        if (retryAfter > 0) {
            return CompletableFuture.failedFuture(
                    WebhookRejection.rateLimited(flow.flowId(), rateLimiter.rateOf(flow), retryAfter));
        }
        return publish(flow, request, kind, authenticated, receivedAt, body);
    }

    private CompletionStage<String> publish(FlowState flow, WebhookRequest request, WebhookBodyParser.Kind kind,
                                            WebhookAuthService.Authenticated authenticated, long receivedAt,
                                            InFlightBodies.Reservation body) {
        String webhookId = authenticated.webhookId();
        if (webhookId == null) {
            String requestId = RequestIds.reuseOrCreate(request.header("x-request-id"));
            return publish(event(flow, request, kind, authenticated, requestId, receivedAt), body);
        }
        String requestId = RequestIds.fromWebhookId(flow.flowId(), webhookId);
        Uni<String> earlier = seenWebhookIds.earlier(requestId);
        if (earlier != null) {
            Log.debugf("webhook-id %s of flow %s was accepted before; not publishing it again", webhookId, flow.flowId());
            return earlier.subscribeAsCompletionStage();
        }
        WebhookReceived event = event(flow, request, kind, authenticated, requestId, receivedAt);
        return seenWebhookIds.publishOnce(requestId, Uni.createFrom().completionStage(() -> publish(event, body)))
                .subscribeAsCompletionStage();
    }

    private WebhookReceived event(FlowState flow, WebhookRequest request, WebhookBodyParser.Kind kind,
                                  WebhookAuthService.Authenticated authenticated, String requestId, long receivedAt) {
        WebhookContent content = kind != null
                ? parser.read(kind, request.contentType(), request.header("content-disposition"), request.rawBody())
                : WebhookContent.of(new WebhookBody.Parameters(request.query()));
        return new WebhookReceived(requestId, flow.flowId(), flow.workspace(), flow.activeVersion(), receivedAt,
                request.method(), request.extraPath(), kind != null ? request.contentType() : null, request.headers(),
                authenticated.credentialHeaders(), request.query(), content.body(), content.attachments());
    }

    private CompletionStage<String> publish(WebhookReceived event, InFlightBodies.Reservation body) {
        CompletableFuture<String> published = new CompletableFuture<>();
        body.publishing();
        producer.publish(event, body::published).whenComplete((ignored, failure) -> {
            if (failure == null) {
                published.complete(event.requestId());
            } else {
                published.completeExceptionally(rejection(event, failure));
            }
        });
        return published;
    }

    private WebhookRejection rejection(WebhookReceived event, Throwable failure) {
        if (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (isTooLarge(failure)) {
            return new WebhookRejection(413, RefusalReason.TOO_LARGE, "The webhook is too large to be accepted",
                    Map.of(), failure);
        }
        Log.warnf("webhook %s for flow %s not acknowledged by Kafka: %s", event.requestId(), event.flowId(), failure);
        return WebhookRejection.unavailable(RefusalReason.BROKER_UNAVAILABLE,
                "The webhook could not be stored, please retry later", retryAfterSeconds, failure);
    }

    private static boolean isTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
