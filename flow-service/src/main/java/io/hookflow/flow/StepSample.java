package io.hookflow.flow;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A step's sample: what the step gives the next one, as an example to map from.
 *
 * @param note why the sample is not what was received, e.g. kept as its inferred schema; null when it is
 */
public record StepSample(String flowId, String stepId, SampleSource source, JsonNode sample, String note,
                         Instant updatedAt) {
}
