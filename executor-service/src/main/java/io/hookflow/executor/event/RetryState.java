package io.hookflow.executor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Where a deferred execution stands: the number of the attempt it waits for, when that attempt is due (epoch
 * milliseconds), and how often each step has been called so far. Carried in the {@code hookflow-retry} header of
 * its {@code execution.deferred} message.
 *
 * <p>The retry limits count from the start of the current series of automatic attempts: attempt 1 at the webhook's
 * receipt, unless {@code seriesFirstAttempt} and {@code seriesStartedAt} (epoch milliseconds) say otherwise. An
 * operator's retry of a failed execution ({@code manual}, written by flow-service) starts a new series, so it gets a
 * retry budget of its own however old the webhook is and however many attempts ran before; the series is carried
 * through the automatic attempts that follow it. A header without these fields (written before they existed) reads
 * as a series from attempt 1 at receipt.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetryState(int attempt, long nextAttemptAt, Map<String, Integer> stepAttempts,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer seriesFirstAttempt,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long seriesStartedAt,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean manual) {

    /** The state of a webhook that has not been tried yet. */
    public static final RetryState FIRST = new RetryState(1, 0, Map.of(), null, null, false);

    public RetryState {
        stepAttempts = stepAttempts == null ? Map.of() : Map.copyOf(stepAttempts);
    }

    /**
     * The state in the message's headers, or {@link #FIRST} for a message that has none (or an unreadable one). A
     * manual retry's state names the series it starts: from its own attempt, at its due time (when flow-service
     * queued it) or else now.
     */
    public static RetryState of(Headers headers, ObjectMapper mapper) {
        Header header = headers == null ? null : headers.lastHeader(ExecutionEventProducer.RETRY_HEADER);
        if (header == null || header.value() == null) {
            return FIRST;
        }
        RetryState state;
        try {
            state = mapper.readValue(header.value(), RetryState.class);
        } catch (IOException e) {
            return FIRST;
        }
        if (state == null || state.attempt() < 1) {
            return FIRST;
        }
        if (!state.manual() || (state.seriesFirstAttempt() != null && state.seriesStartedAt() != null)) {
            return state;
        }
        return new RetryState(state.attempt(), state.nextAttemptAt(), state.stepAttempts(),
                state.seriesFirstAttempt() != null ? state.seriesFirstAttempt() : Integer.valueOf(state.attempt()),
                state.seriesStartedAt() != null ? state.seriesStartedAt()
                        : Long.valueOf(state.nextAttemptAt() > 0 ? state.nextAttemptAt() : System.currentTimeMillis()),
                true);
    }

    /** When the message may run: its due time, or 0 (at once) for a first attempt. */
    public static long dueAt(Headers headers, ObjectMapper mapper) {
        return of(headers, mapper).nextAttemptAt();
    }

    /**
     * The state of the automatic attempt that follows this one: {@code attempt} due at {@code nextAttemptAt}, in the
     * same series (an automatic attempt is never manual, and needs no fresh credentials).
     */
    public RetryState following(int attempt, long nextAttemptAt, Map<String, Integer> stepAttempts) {
        return new RetryState(attempt, nextAttemptAt, stepAttempts, seriesFirstAttempt, seriesStartedAt, false);
    }

    byte[] toHeader(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
