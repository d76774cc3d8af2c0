package io.hookflow.flow.rest;

import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated caller's workspace, taken from the token's {@code workspace} claim. */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    public String workspace() {
        Object claim = token.getClaim("workspace");
        String workspace = claim instanceof JsonString json ? json.getString()
                : claim == null ? null : claim.toString();
        if (workspace == null || workspace.isBlank()) {
            throw new ForbiddenException("the token carries no workspace claim");
        }
        return workspace;
    }
}
