package io.hookflow.executor;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The state of an execution or of one of its steps, written lower-case in records. */
public enum ExecutionStatus {
    RUNNING,
    /** Failed for a passing reason; waits for its next attempt. */
    RETRYING,
    SUCCEEDED,
    FAILED;

    /** Computed once: every record written names a status (bench: it was 7 % of the executor's allocation). */
    private final String value = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String value() {
        return value;
    }
}
