package io.hookflow.flow.rest;

/**
 * What a replay did: {@code "replayedAs":"retry"} (the letter's failed execution runs again as attempt
 * {@code attempt}) or {@code "webhook"} (the letter had no execution record: its message went back onto
 * {@code webhook.received}).
 */
public record DeadLetterReplayResponse(String id, String replayedAs, String executionId, Integer attempt) {
}
