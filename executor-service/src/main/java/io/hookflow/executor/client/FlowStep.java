package io.hookflow.executor.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * One step of a flow version: the first is the trigger, the others are actions whose {@code mapping}
 * maps each input field to a JSONata expression over the previous step's output.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlowStep(String id, String name, String component, String function, String credentialId,
                       Map<String, String> mapping) {
}
