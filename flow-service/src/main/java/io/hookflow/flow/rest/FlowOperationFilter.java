package io.hookflow.flow.rest;

import io.hookflow.flow.service.FlowOperationMetrics;
import io.hookflow.flow.service.FlowOperationMetrics.Operation;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Counts each answered admin call that changes something ({@link FlowOperationMetrics}) by its resource method and
 * final status, so that refusals by the security layer and by the exception mappers are counted too. Reads, internal
 * calls and calls that match no resource method are left to {@code http_server_requests_seconds}.
 */
public class FlowOperationFilter {

    private final FlowOperationMetrics metrics;

    public FlowOperationFilter(FlowOperationMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerResponseFilter
    public void count(SimpleResourceInfo resource, ContainerResponseContext response) {
        if (resource == null || resource.getResourceClass() == null) {
            return;
        }
        Operation operation = operation(resource.getResourceClass(), resource.getMethodName());
        if (operation != null) {
            metrics.operated(operation, response.getStatus());
        }
    }

    static Operation operation(Class<?> type, String method) {
        if (type == FlowResource.class) {
            return switch (method) {
                case "create" -> Operation.CREATE;
                case "replace" -> Operation.UPDATE;
                case "delete" -> Operation.DELETE;
                case "publish" -> Operation.PUBLISH;
                case "start" -> Operation.START;
                case "stop" -> Operation.STOP;
                default -> null;
            };
        }
        if (type == ExecutionResource.class && "retry".equals(method)) {
            return Operation.RETRY;
        }
        if (type == FlowExecutionResource.class && "retry".equals(method)) {
            return Operation.BULK_RETRY;
        }
        if (type == DeadLetterResource.class && "replay".equals(method)) {
            return Operation.REPLAY;
        }
        return null;
    }
}
