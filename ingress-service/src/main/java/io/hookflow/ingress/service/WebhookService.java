package io.hookflow.ingress.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.ingress.FlowState;
import io.hookflow.ingress.WebhookRequest;
import io.hookflow.ingress.config.IngressConfig;
import io.hookflow.ingress.event.WebhookEventProducer;
import io.hookflow.ingress.event.WebhookReceived;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts a webhook call: finds the active flow, checks content type and authentication, turns the body
 * into JSON and publishes {@code webhook.received}. It succeeds only once Kafka acknowledged the event;
 * every refusal is a {@link WebhookRejection}. A resend of a Standard Webhooks call ({@code webhook-id} seen before
 * for the flow, see {@link SeenWebhookIds}) gets the first call's answer and is not published again.
 */
@ApplicationScoped
public class WebhookService {

    /** Headers that never reach the event, whatever the credential type. */
    static final Set<String> SENSITIVE_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    private final FlowRegistry flows;
    private final WebhookAuthService auth;
    private final WebhookBodyParser parser;
    private final WebhookEventProducer producer;
    private final RateLimiter rateLimiter;
    private final SeenWebhookIds seenWebhookIds;
    private final Duration publishTimeout;
    private final int retryAfterSeconds;

    public WebhookService(FlowRegistry flows, WebhookAuthService auth, WebhookBodyParser parser,
                          WebhookEventProducer producer, RateLimiter rateLimiter, SeenWebhookIds seenWebhookIds,
                          IngressConfig config) {
        this.flows = flows;
        this.auth = auth;
        this.parser = parser;
        this.producer = producer;
        this.rateLimiter = rateLimiter;
        this.seenWebhookIds = seenWebhookIds;
        this.publishTimeout = config.publishTimeout();
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    /** Whether the flow exists and takes webhooks (HEAD). */
    public boolean isActive(String flowId) {
        return flows.findActive(flowId).isPresent();
    }

    /** Publishes the call and yields its request id once Kafka acknowledged it. */
    public Uni<String> accept(WebhookRequest request) {
        return Uni.createFrom().deferred(() -> {
            Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            FlowState flow = flows.findActive(request.flowId())
                    .orElseThrow(() -> WebhookRejection.flowNotFound(request.flowId()));
            long retryAfter = rateLimiter.acquire(flow);
            if (retryAfter > 0) {
                throw WebhookRejection.rateLimited(flow.flowId(), rateLimiter.rateOf(flow), retryAfter);
            }
            boolean post = "POST".equals(request.method());
            WebhookBodyParser.Kind kind = post ? parser.kindOf(request.contentType()) : null;
            return auth.authenticate(flow, request).chain(authenticated -> {
                String webhookId = authenticated.webhookId();
                String requestId = webhookId == null
                        ? RequestIds.reuseOrCreate(request.header("x-request-id"))
                        : RequestIds.fromWebhookId(flow.flowId(), webhookId);
                if (webhookId != null) {
                    Uni<String> earlier = seenWebhookIds.earlier(requestId);
                    if (earlier != null) {
                        Log.debugf("webhook-id %s of flow %s was accepted before; not publishing it again",
                                webhookId, flow.flowId());
                        return earlier;
                    }
                }
                JsonNode body = post
                        ? parser.parse(kind, request.contentType(), request.rawBody())
                        : WebhookBodyParser.toObject(request.query());
                WebhookReceived event = new WebhookReceived(requestId, flow.flowId(), flow.workspace(),
                        flow.activeVersion(), receivedAt, request.method(), request.extraPath(),
                        post ? request.contentType() : null,
                        eventHeaders(request.headers(), authenticated.credentialHeaders()),
                        WebhookBodyParser.toObject(request.query()), body);
                Uni<String> publish = publish(event).replaceWith(requestId);
                return webhookId == null ? publish : seenWebhookIds.publishOnce(requestId, publish);
            });
        });
    }

    private Uni<Void> publish(WebhookReceived event) {
        return producer.publish(event)
                .ifNoItem().after(publishTimeout).fail()
                .onFailure().transform(failure -> {
                    if (isTooLarge(failure)) {
                        return new WebhookRejection(413, "The webhook is too large to be accepted", Map.of(), failure);
                    }
                    Log.warnf("webhook %s for flow %s not acknowledged by Kafka: %s",
                            event.requestId(), event.flowId(), failure.toString());
                    return WebhookRejection.unavailable("The webhook could not be stored, please retry later",
                            retryAfterSeconds, failure);
                });
    }

    private static boolean isTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> eventHeaders(Map<String, List<String>> headers, Set<String> credentialHeaders) {
        Map<String, String> result = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!SENSITIVE_HEADERS.contains(name) && !credentialHeaders.contains(name)) {
                result.put(name, String.join(", ", values));
            }
        });
        return result;
    }
}
