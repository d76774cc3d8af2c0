package io.hookflow.credential.rest;

import io.hookflow.credential.service.CredentialMetrics;
import io.hookflow.credential.service.CredentialMetrics.Fetch;
import io.hookflow.credential.service.CredentialMetrics.FetchOutcome;
import io.hookflow.credential.service.CredentialMetrics.Operation;
import io.hookflow.credential.service.CredentialMetrics.OperationOutcome;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Counts each answered call of the admin API and of the internal fetch ({@link CredentialMetrics}) by its resource
 * method and final status, so that refusals by the token filter and by the exception mappers are counted too. Calls
 * that match no resource method (an unknown path) are left to {@code http_server_requests_seconds}.
 */
public class CredentialMetricsFilter {

    private final CredentialMetrics metrics;

    public CredentialMetricsFilter(CredentialMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerResponseFilter
    public void count(SimpleResourceInfo resource, ContainerResponseContext response) {
        if (resource == null || resource.getResourceClass() == null) {
            return;
        }
        int status = response.getStatus();
        Class<?> type = resource.getResourceClass();
        if (type == InternalCredentialResource.class) {
            metrics.fetched("summary".equals(resource.getMethodName()) ? Fetch.SUMMARY : Fetch.CONFIG,
                    FetchOutcome.of(status));
        } else if (type == CredentialResource.class) {
            Operation operation = operation(resource.getMethodName());
            if (operation != null) {
                OperationOutcome outcome = OperationOutcome.of(status);
                if (outcome == OperationOutcome.SUCCESS && response.getEntity() instanceof VerifyResponse verify
                        && !verify.verified()) {
                    outcome = OperationOutcome.UNVERIFIED;
                }
                metrics.operated(operation, outcome);
            }
        }
    }

    private static Operation operation(String method) {
        return switch (method) {
            case "create" -> Operation.CREATE;
            case "list" -> Operation.LIST;
            case "get" -> Operation.GET;
            case "update" -> Operation.UPDATE;
            case "delete" -> Operation.DELETE;
            case "verify" -> Operation.VERIFY;
            default -> null;
        };
    }
}
