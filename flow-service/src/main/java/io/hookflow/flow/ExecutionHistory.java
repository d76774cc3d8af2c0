package io.hookflow.flow;

import java.util.List;

/** One execution as the run log shows it: its summary and its attempts, oldest first. */
public record ExecutionHistory(Execution execution, List<ExecutionAttempt> attempts) {
}
