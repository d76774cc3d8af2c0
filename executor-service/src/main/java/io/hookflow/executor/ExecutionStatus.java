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

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
