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
 * When a transiently failed execution is tried again: exponential back-off with full jitter (attempt n of a series
 * waits a random time up to {@code initialDelay × 2^(n-1)}, capped at {@code maxDelay}), until the flow's
 * {@code settings.retry.maxAttempts} or {@code settings.retry.maxAge} is reached, with the platform's defaults where
 * the flow sets none. Both limits count from the start of the series ({@link Series}): the webhook's receipt, or an
 * operator's retry of the failed execution, which gets a budget of its own.
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
     * A run of automatic attempts the retry limits apply to: from attempt 1 at the webhook's receipt, or from the
     * attempt an operator asked for (a manual retry, {@code firstAttempt} above 1) at the time they asked.
     */
    public record Series(int firstAttempt, Instant startedAt) {

        /** The series every webhook starts with. */
        public static Series fromReceipt(Instant receivedAt) {
            return new Series(1, receivedAt);
        }

        boolean manual() {
            return firstAttempt > 1;
        }
    }

    /**
     * After attempt {@code attempt} (1 for the webhook's first) of {@code series} failed at {@code now}: when to try
     * again, or why not.
     */
    public Decision next(JsonNode flowSettings, Series series, int attempt, Instant now) {
        JsonNode retry = flowSettings == null ? null : flowSettings.get("retry");
        int maxAttempts = maxAttempts(retry);
        Duration maxAge = maxAge(retry);
        int inSeries = Math.max(1, attempt - series.firstAttempt() + 1);
        String gaveUp = "gave up after " + inSeries + (inSeries == 1 ? " attempt" : " attempts")
                + (series.manual() ? " since the manual retry" : "");
        if (maxAttempts > 0 && inSeries >= maxAttempts) {
            return new Decision(null, gaveUp + " (the flow's limit)");
        }
        long ceiling = initialDelay.toMillis() << Math.min(inSeries - 1, 30);
        if (ceiling <= 0 || ceiling > maxDelay.toMillis()) {
            ceiling = maxDelay.toMillis();
        }
        long delay = Math.max(MIN_DELAY_MILLIS, (long) (random.getAsDouble() * ceiling));
        Instant next = now.plusMillis(delay);
        if (next.isAfter(series.startedAt().plus(maxAge))) {
            return new Decision(null, gaveUp + ": the " + (series.manual() ? "manual retry" : "webhook")
                    + " is older than the retry limit of " + human(maxAge));
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
