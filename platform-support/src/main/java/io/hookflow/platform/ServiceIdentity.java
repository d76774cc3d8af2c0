package io.hookflow.platform;

import java.util.Collection;
import java.util.Optional;

/**
 * The conventions of internal-call identities (docs/adr/0007-service-identities.md): each service is a Keycloak
 * client {@code hookflow-<name>} that fetches client-credentials tokens whose audience is {@link #AUDIENCE}.
 */
public final class ServiceIdentity {

    /** The audience of every service token, and of no user token. */
    public static final String AUDIENCE = "hookflow-internal";
    /** The Keycloak client id of service {@code name} is this prefix followed by the name. */
    public static final String CLIENT_PREFIX = "hookflow-";

    private ServiceIdentity() {
    }

    /**
     * The calling service's name from a verified token's audience and authorised party ({@code azp}, the client that
     * fetched it), empty when the token is not a service token.
     */
    public static Optional<String> callerOf(Collection<String> audience, String authorizedParty) {
        if (audience == null || !audience.contains(AUDIENCE) || authorizedParty == null
                || !authorizedParty.startsWith(CLIENT_PREFIX) || authorizedParty.length() == CLIENT_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(authorizedParty.substring(CLIENT_PREFIX.length()));
    }
}
