package io.hookflow.executor.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Besides health, metrics and the designer's internal API ({@code rest.DesignerResource}), any other path answers 404 in the
 * platform's error shape {@code {"error": "..."}} instead of the HTTP server's plain-text page.
 */
@ApplicationScoped
public class NotFoundRoute {

    void register(@Observes Router router) {
        router.route().last().handler(ctx -> ctx.response()
                .setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"" + jsonEscape(message(ctx.request().path())) + "\"}"));
    }

    /** What a 404 says here, outside JAX-RS and inside ({@code rest.ErrorMapper}). */
    public static String message(String path) {
        return "There is nothing at " + path
                + "; the executor serves only /q/health, /q/metrics and /internal/designer";
    }

    private static String jsonEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : (text == null ? "" : text).toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
