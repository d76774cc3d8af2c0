package io.hookflow.flow.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A step's sample: {@code source} is {@code manual}, {@code request}, {@code generated} or {@code retrieved};
 * {@code note} says why the sample is not what was received (e.g. kept as its inferred schema), absent otherwise.
 */
public record SampleResponse(
        String stepId,
        String source,
        JsonNode sample,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
}
