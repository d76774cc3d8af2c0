package io.hookflow.flow.rest;

import io.hookflow.flow.ExecutionFilter;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.service.InvalidRequestException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads the {@code ?status=&from=&to=} query parameters of an execution list into an {@link ExecutionFilter}. */
public final class ExecutionFilters {

    /** The instants PostgreSQL's timestamptz holds, within years 1 to 9999. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private ExecutionFilters() {
    }

    /**
     * The filter; a blank parameter is absent. {@code from} (inclusive) and {@code to} (exclusive) are ISO-8601
     * instants compared with receivedAt, {@code from} not after {@code to}.
     */
    public static ExecutionFilter of(String status, String from, String to) {
        ExecutionStatus parsedStatus = blank(status) ? null : ExecutionStatus.parse(status.trim()).orElseThrow(() ->
                new InvalidRequestException("status must be one of running, retrying, succeeded, failed"));
        Instant parsedFrom = instant("from", from);
        Instant parsedTo = instant("to", to);
        if (parsedFrom != null && parsedTo != null && parsedFrom.isAfter(parsedTo)) {
            throw new InvalidRequestException("from must not be after to");
        }
        return new ExecutionFilter(parsedStatus, parsedFrom, parsedTo);
    }

    /** The parameter as an instant, null when blank; 400 naming it unless it is an instant PostgreSQL holds. */
    static Instant instant(String name, String value) {
        if (blank(value)) {
            return null;
        }
        Instant instant;
        try {
            // ISO-8601 with an offset (Z or ±hh:mm), seconds optional: 2026-11-28T20:40Z is an instant too
            instant = java.time.OffsetDateTime.parse(value.trim(), java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " must be an ISO-8601 instant such as 2026-11-28T20:40:03Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidRequestException(name + " must be an instant between years 1 and 9999");
        }
        return instant;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
