package io.hookflow.flow.rest;

import io.hookflow.flow.ExecutionFilter;
import io.hookflow.flow.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionFiltersTest {

    @Test
    void readsStatusAndInstantsAndLeavesBlankParametersOut() {
        assertThat(ExecutionFilters.of(null, "", " ")).isEqualTo(ExecutionFilter.ALL);
        assertThat(ExecutionFilters.of("failed", "2026-11-28T20:40:03Z", "2026-11-28T22:40:03.5+02:00"))
                .isEqualTo(new ExecutionFilter(ExecutionStatus.FAILED, Instant.parse("2026-11-28T20:40:03Z"),
                        Instant.parse("2026-11-28T20:40:03.5Z")));
    }

    @Test
    void readsInstantsWithoutSecondsAsIsoAllows() {
        // OffsetDateTime.toString() leaves out zero seconds: a client printing one must not get a 400
        assertThat(ExecutionFilters.of(null, "2026-11-28T22:40+02:00", "2026-11-28T20:41Z"))
                .isEqualTo(new ExecutionFilter(null, Instant.parse("2026-11-28T20:40:00Z"),
                        Instant.parse("2026-11-28T20:41:00Z")));
    }

    @Test
    void acceptsEqualBounds() {
        assertThat(ExecutionFilters.of(null, "2026-11-28T20:40:03Z", "2026-11-28T20:40:03Z").from())
                .isEqualTo(Instant.parse("2026-11-28T20:40:03Z"));
    }

    @Test
    void rejectsAnUnknownStatus() {
        assertThatThrownBy(() -> ExecutionFilters.of("Succeeded", null, null))
                .hasMessage("status must be one of running, retrying, succeeded, failed");
    }

    @Test
    void rejectsWhatIsNotAnInstantNamingTheParameter() {
        assertThatThrownBy(() -> ExecutionFilters.of(null, "2026-11-28", null))
                .hasMessage("from must be an ISO-8601 instant such as 2026-11-28T20:40:03Z");
        assertThatThrownBy(() -> ExecutionFilters.of(null, null, "1764362403"))
                .hasMessage("to must be an ISO-8601 instant such as 2026-11-28T20:40:03Z");
        assertThatThrownBy(() -> ExecutionFilters.of(null, "-0001-01-01T00:00:00Z", null))
                .hasMessage("from must be an instant between years 1 and 9999");
    }

    @Test
    void rejectsFromAfterTo() {
        assertThatThrownBy(() -> ExecutionFilters.of(null, "2026-11-28T20:40:04Z", "2026-11-28T20:40:03Z"))
                .hasMessage("from must not be after to");
    }
}
