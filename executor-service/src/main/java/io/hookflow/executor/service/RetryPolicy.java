package io.hookflow.executor.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.executor.config.ExecutorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a transiently failed execution is tried again: exponential back-off with full jitter (attempt n waits a
 * random time up to {@code initialDelay × 2^(n-1)}, capped at {@code maxDelay}), until the flow's
 * {@code settings.retry.maxAttempts} or {@code settings.retry.maxAge} (counted from the webhook's receipt) is
 * reached, with the platform's defaults where the flow sets none.
 */
@ApplicationScoped
public class RetryPolicy {

    private static final long MIN_DELAY_MILLIS = 100;

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration defaultMaxAge;
    private final int defaultMaxAttempts;
    private final DoubleSupplier random;

    @Inject
    RetryPolicy(ExecutorConfig config) {
        this(config.retry().initialDelay(), config.retry().maxDelay(), config.retry().maxAge(),
                config.retry().maxAttempts(), () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(Duration initialDelay, Duration maxDelay, Duration defaultMaxAge, int defaultMaxAttempts,
                DoubleSupplier random) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.defaultMaxAge = defaultMaxAge;
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.random = random;
    }

    /** What follows a failed attempt: another one at a time, or none (the limit is reached) with the reason. */
    public record Decision(Instant nextAttemptAt, String exhausted) {
    }

    /**
     * After attempt {@code attempt} (1 for the first) of a webhook received at {@code receivedAt} failed at
     * {@code now}: when to try again, or why not.
     */
    public Decision next(JsonNode flowSettings, Instant receivedAt, int attempt, Instant now) {
        JsonNode retry = flowSettings == null ? null : flowSettings.get("retry");
        int maxAttempts = maxAttempts(retry);
        Duration maxAge = maxAge(retry);
        if (maxAttempts > 0 && attempt >= maxAttempts) {
            return new Decision(null, "gave up after " + attempt + (attempt == 1 ? " attempt" : " attempts")
                    + " (the flow's limit)");
        }
        long ceiling = initialDelay.toMillis() << Math.min(attempt - 1, 30);
        if (ceiling <= 0 || ceiling > maxDelay.toMillis()) {
            ceiling = maxDelay.toMillis();
        }
        long delay = Math.max(MIN_DELAY_MILLIS, (long) (random.getAsDouble() * ceiling));
        Instant next = now.plusMillis(delay);
        if (next.isAfter(receivedAt.plus(maxAge))) {
            return new Decision(null, "gave up after " + attempt + (attempt == 1 ? " attempt" : " attempts")
                    + ": the webhook is older than the retry limit of " + human(maxAge));
        }
        return new Decision(next, null);
    }

    private int maxAttempts(JsonNode retry) {
        JsonNode value = retry == null ? null : retry.get("maxAttempts");
        return value != null && value.canConvertToInt() && value.asInt() > 0 ? value.asInt() : defaultMaxAttempts;
    }

    private Duration maxAge(JsonNode retry) {
        JsonNode value = retry == null ? null : retry.get("maxAge");
        if (value == null || value.isNull()) {
            return defaultMaxAge;
        }
        if (value.isNumber() && value.asLong() > 0) {
            return Duration.ofSeconds(value.asLong());
        }
        if (value.isTextual()) {
            try {
                Duration parsed = Duration.parse(value.asText());
                return parsed.isNegative() || parsed.isZero() ? defaultMaxAge : parsed;
            } catch (DateTimeParseException e) {
                return defaultMaxAge;
            }
        }
        return defaultMaxAge;
    }

    private static String human(Duration duration) {
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + " h";
        }
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
