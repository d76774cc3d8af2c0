package io.hookflow.executor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetryState(int attempt, long nextAttemptAt, Map<String, Integer> stepAttempts) {

    /** The state of a webhook that has not been tried yet. */
    public static final RetryState FIRST = new RetryState(1, 0, Map.of());

    public RetryState {
        stepAttempts = stepAttempts == null ? Map.of() : Map.copyOf(stepAttempts);
    }

    /** The state in the message's headers, or {@link #FIRST} for a message that has none (or an unreadable one). */
    public static RetryState of(Headers headers, ObjectMapper mapper) {
        Header header = headers == null ? null : headers.lastHeader(ExecutionEventProducer.RETRY_HEADER);
        if (header == null || header.value() == null) {
            return FIRST;
        }
        try {
            RetryState state = mapper.readValue(header.value(), RetryState.class);
            return state == null || state.attempt() < 1 ? FIRST : state;
        } catch (IOException e) {
            return FIRST;
        }
    }

    /** When the message may run: its due time, or 0 (at once) for a first attempt. */
    public static long dueAt(Headers headers, ObjectMapper mapper) {
        return of(headers, mapper).nextAttemptAt();
    }

    byte[] toHeader(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
