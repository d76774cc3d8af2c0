package io.hookflow.flow;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an execution of a flow stands. */
public enum ExecutionStatus {
    RUNNING,
    /** An attempt failed for a passing reason; the next one is due at {@code nextAttemptAt}. */
    RETRYING,
    SUCCEEDED,
    FAILED;

    /** The lower-case name used in the API, the database and events. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True once the execution has ended, either way. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** The status with the given lower-case name, if any. */
    public static Optional<ExecutionStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst();
    }
}
