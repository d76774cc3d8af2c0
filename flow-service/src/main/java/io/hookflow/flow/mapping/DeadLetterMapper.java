package io.hookflow.flow.mapping;

import io.hookflow.flow.DeadLetter;
import io.hookflow.flow.DeadLetterSummary;
import io.hookflow.flow.rest.DeadLetterDetail;
import io.hookflow.flow.rest.DeadLetterReplayResponse;
import io.hookflow.flow.rest.DeadLetterResponse;
import io.hookflow.flow.service.DeadLetterService.DeadLetterContent;
import io.hookflow.flow.service.DeadLetterService.Replay;
import jakarta.enterprise.context.ApplicationScoped;

/** Converts dead letters to the API records. */
@ApplicationScoped
public class DeadLetterMapper {

    public DeadLetterResponse toResponse(DeadLetterSummary letter) {
        return new DeadLetterResponse(letter.id(), letter.flowId(), letter.executionId(), letter.requestId(),
                letter.reason(), letter.failedStep(), letter.deadAt(), letter.replayedAt(), letter.replays(),
                letter.size());
    }

    public DeadLetterDetail toDetail(DeadLetterContent content) {
        DeadLetter letter = content.letter();
        return new DeadLetterDetail(letter.id, letter.flowId, letter.executionId, letter.requestId, letter.flowVersion,
                letter.reason, letter.failedStep, letter.deadAt, letter.replayedAt, letter.replays, letter.size,
                new DeadLetterDetail.Message(content.key(),
                        content.headers().stream().map(h -> new DeadLetterDetail.Header(h.key(), h.value())).toList(),
                        content.value()));
    }

    public DeadLetterReplayResponse toResponse(Replay replay) {
        return new DeadLetterReplayResponse(replay.letterId(), replay.retried() ? "retry" : "webhook",
                replay.executionId(), replay.attempt());
    }
}
