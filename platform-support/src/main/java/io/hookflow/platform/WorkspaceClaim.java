package io.hookflow.platform;

import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated user's workspace, taken from the admin token's {@code workspace} claim. */
@RequestScoped
public class WorkspaceClaim {

    private final JsonWebToken token;

    public WorkspaceClaim(JsonWebToken token) {
        this.token = token;
    }

    /** The workspace; a token without one is refused (403). */
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
