package io.hookflow.flow.rest;

import io.hookflow.flow.service.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsRangeTest {

    private static final Instant NOW = Instant.parse("2026-11-28T20:40:03.123Z");

    @Test
    void defaultsToTheTwentyFourHoursEndingWithTheCurrentMinute() {
        assertThat(StatsRange.of(null, " ", NOW)).isEqualTo(new StatsRange(
                Instant.parse("2026-11-27T20:41:00Z"), Instant.parse("2026-11-28T20:41:00Z")));
    }

    @Test
    void truncatesBothToTheMinute() {
        assertThat(StatsRange.of("2026-11-28T10:15:59.9Z", "2026-11-28T14:00:30+02:00", NOW)).isEqualTo(new StatsRange(
                Instant.parse("2026-11-28T10:15:00Z"), Instant.parse("2026-11-28T12:00:00Z")));
    }

    @Test
    void aGivenToStartsTheDefaultTwentyFourHours() {
        assertThat(StatsRange.of(null, "2026-11-20T08:00:10Z", NOW).from()).isEqualTo(Instant.parse("2026-11-19T08:00:00Z"));
    }

    @Test
    void acceptsThirtyOneDaysAndAnEmptyRange() {
        assertThat(StatsRange.of("2026-10-28T20:40:00Z", "2026-11-28T20:40:59Z", NOW).to())
                .isEqualTo(Instant.parse("2026-11-28T20:40:00Z"));
        assertThat(StatsRange.of("2026-11-28T20:40:10Z", "2026-11-28T20:40:50Z", NOW))
                .isEqualTo(new StatsRange(Instant.parse("2026-11-28T20:40:00Z"), Instant.parse("2026-11-28T20:40:00Z")));
    }

    @Test
    void rejectsMoreThanThirtyOneDaysNamingFrom() {
        assertThatThrownBy(() -> StatsRange.of("2026-10-28T20:39:00Z", "2026-11-28T20:40:00Z", NOW))
                .isInstanceOf(InvalidRequestException.class).hasMessage("from must be at most 31 days before to");
        assertThatThrownBy(() -> StatsRange.of("2026-10-01T00:00:00Z", null, NOW))
                .isInstanceOf(InvalidRequestException.class).hasMessage("from must be at most 31 days before to");
    }

    @Test
    void rejectsBadInstantsNamingTheParameter() {
        assertThatThrownBy(() -> StatsRange.of("yesterday", null, NOW))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("from must be an ISO-8601 instant such as 2026-11-28T20:40:03Z");
        assertThatThrownBy(() -> StatsRange.of(null, "2026-11-28", NOW))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("to must be an ISO-8601 instant such as 2026-11-28T20:40:03Z");
        assertThatThrownBy(() -> StatsRange.of("2026-11-28T20:41:00Z", "2026-11-28T20:40:00Z", NOW))
                .isInstanceOf(InvalidRequestException.class).hasMessage("from must not be after to");
        assertThatThrownBy(() -> StatsRange.of("2026-11-29T00:00:00Z", null, NOW))
                .isInstanceOf(InvalidRequestException.class).hasMessage("from must not be after to");
    }
}
