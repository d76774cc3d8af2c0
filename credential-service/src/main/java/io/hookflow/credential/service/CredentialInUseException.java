package io.hookflow.credential.service;

import io.hookflow.credential.client.FlowsUsingCredential.ActiveFlow;

import java.util.List;
import java.util.stream.Collectors;

/** A credential that active flows use cannot be deleted; the message names them and is safe to show. */
public class CredentialInUseException extends RuntimeException {

    public CredentialInUseException(String id, List<ActiveFlow> flows) {
        super("Credential " + id + " is used by active flow(s) "
                + flows.stream().map(f -> f.name() + " (" + f.id() + ")").collect(Collectors.joining(", "))
                + "; stop them first", null, false, false);
    }
}
