package io.hookflow.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One step of a flow: the first is the webhook trigger, the others are connector actions whose
 * {@code mapping} gives each input field as a JSONata expression over the previous step's output. {@code sample} is the
 * step's sample in the API only: a draft sent with one stores it as the step's manual sample, the detail shows the
 * step's current one; drafts and versions as stored hold none (service/SampleService).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowStep(
        String id,
        String name,
        String note,
        String component,
        String function,
        String credentialId,
        JsonNode sample,
        Map<String, String> mapping) {

    /** The same step with another sample (null: none). */
    public FlowStep withSample(JsonNode newSample) {
        return new FlowStep(id, name, note, component, function, credentialId, newSample, mapping);
    }
}
