package io.hookflow.platform;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is over {@code quarkus.http.limits.max-body-size} with a JSON 413
 * before reading it; the HTTP layer's own refusal has no body. On in the services that ask for it
 * ({@code hookflow.platform.body-limit=true}, a build property): ingress answers its webhooks' 413 itself.
 */
@ApplicationScoped
@IfBuildProperty(name = "hookflow.platform.body-limit", stringValue = "true")
public class BodyLimitFilter {

    private final long maxBodySize;

    BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredOverLimit(length.trim())) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close") // the body stays unread
                        .end("{\"error\":\"the request body is larger than " + maxBodySize + " bytes\"}");
                return;
            }
            ctx.next();
        });
    }

    private boolean declaredOverLimit(String length) {
        try {
            return Long.parseLong(length) > maxBodySize;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer answers a malformed Content-Length itself
        }
    }
}
