package io.hookflow.flow.rest;

import io.hookflow.flow.service.InvalidRequestException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The {@code ?from=&to=} of a stats request, in whole minutes: both are truncated to the minute (the rollup's
 * resolution), {@code to} defaults to the end of the current minute and {@code from} to 24 hours before {@code to};
 * the range covers the minutes {@code from <= minute < to}, at most 31 days of them.
 */
public record StatsRange(Instant from, Instant to) {

    public static final Duration DEFAULT_LENGTH = Duration.ofHours(24);
    public static final Duration MAX_LENGTH = Duration.ofDays(31);

    /** Parses the raw parameters (blank is absent) against the current time. */
    public static StatsRange of(String from, String to, Instant now) {
        Instant parsedFrom = ExecutionFilters.instant("from", from);
        Instant parsedTo = ExecutionFilters.instant("to", to);
        Instant end = parsedTo != null ? parsedTo.truncatedTo(ChronoUnit.MINUTES)
                : now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant start = parsedFrom != null ? parsedFrom.truncatedTo(ChronoUnit.MINUTES) : end.minus(DEFAULT_LENGTH);
        if (start.isAfter(end)) {
            throw new InvalidRequestException("from must not be after to");
        }
        if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
            throw new InvalidRequestException("from must be at most 31 days before to");
        }
        return new StatsRange(start, end);
    }
}
