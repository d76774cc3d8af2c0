package io.hookflow.flow.service;

import java.util.Map;

/**
 * A designer's trial of a step (a retrieve-sample run) did not give an output: the executor's answer, kept as it was
 * ({@code status} 422 for a refused mapping, credential or input, 503 when the connector or the executor is away).
 */
public class StepTrialException extends RuntimeException {

    private final int status;
    private final Map<String, String> fieldErrors;

    public StepTrialException(int status, String message, Map<String, String> fieldErrors) {
        super(message);
        this.status = status;
        this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
    }

    public int status() {
        return status;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
