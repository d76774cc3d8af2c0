package io.hookflow.executor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-12-04T08:00:00Z");
    private static final RetryPolicy.Series FROM_RECEIPT = RetryPolicy.Series.fromReceipt(RECEIVED);

    private final RetryPolicy upperBound = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(24), 0, () -> 0.999999);

    @Test
    void firstRetryComesWithinAboutASecondAndTheCeilingDoublesPerAttempt() {
        assertThat(delay(upperBound, 1)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));
        assertThat(delay(upperBound, 2)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(2));
        assertThat(delay(upperBound, 5)).isBetween(Duration.ofMillis(15_900), Duration.ofSeconds(16));
    }

    @Test
    void delayIsCappedAtTheMaximum() {
        assertThat(delay(upperBound, 12)).isBetween(Duration.ofSeconds(299), Duration.ofMinutes(5));
        assertThat(delay(upperBound, 400)).isBetween(Duration.ofSeconds(299), Duration.ofMinutes(5));
    }

    @Test
    void fullJitterSpreadsTheDelayFromNearlyNothingToTheCeiling() {
        RetryPolicy low = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), 0, () -> 0.0);
        RetryPolicy middle = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), 0, () -> 0.5);
        assertThat(delay(low, 3)).isEqualTo(Duration.ofMillis(100));
        assertThat(delay(middle, 3)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void givesUpWhenTheNextAttemptWouldComeAfterTheMaximumAge() {
        Instant late = RECEIVED.plus(Duration.ofHours(24)).minusMillis(500);
        RetryPolicy.Decision decision = upperBound.next(null, FROM_RECEIPT, 7, late);
        assertThat(decision.nextAttemptAt()).isNull();
        assertThat(decision.exhausted()).isEqualTo("gave up after 7 attempts: the webhook is older than the retry limit of 24 h");
    }

    @Test
    void flowSettingsOverrideTheAttemptAndAgeLimits() throws Exception {
        JsonNode attempts = JSON.readTree("{\"retry\":{\"maxAttempts\":3}}");
        assertThat(upperBound.next(attempts, FROM_RECEIPT, 2, RECEIVED).nextAttemptAt()).isNotNull();
        assertThat(upperBound.next(attempts, FROM_RECEIPT, 3, RECEIVED).exhausted())
                .isEqualTo("gave up after 3 attempts (the flow's limit)");

        JsonNode age = JSON.readTree("{\"retry\":{\"maxAge\":\"PT10M\"}}");
        assertThat(upperBound.next(age, FROM_RECEIPT, 1, RECEIVED.plusSeconds(500)).nextAttemptAt()).isNotNull();
        assertThat(upperBound.next(age, FROM_RECEIPT, 1, RECEIVED.plusSeconds(600)).exhausted())
                .endsWith("older than the retry limit of 10 min");
    }

    @Test
    void unreadableFlowSettingsFallBackToThePlatformDefaults() throws Exception {
        JsonNode odd = JSON.readTree("{\"retry\":{\"maxAttempts\":\"many\",\"maxAge\":\"soon\"}}");
        assertThat(upperBound.next(odd, FROM_RECEIPT, 50, RECEIVED.plusSeconds(3600)).nextAttemptAt()).isNotNull();
    }

    /**
     * An operator's retry of a failed execution starts a series of its own: the flow's attempt and age limits, and
     * the back-off, count from that attempt and that time, however old the webhook and however many attempts ran.
     */
    @Test
    void aManualRetryGetsARetryBudgetOfItsOwn() throws Exception {
        JsonNode limits = JSON.readTree("{\"retry\":{\"maxAttempts\":3,\"maxAge\":\"PT1H\"}}");
        Instant retriedAt = RECEIVED.plus(Duration.ofDays(3));
        RetryPolicy.Series manual = new RetryPolicy.Series(21, retriedAt);

        // without the series, attempt 21 of a three-day-old webhook would be long past both limits
        assertThat(upperBound.next(limits, FROM_RECEIPT, 21, retriedAt).nextAttemptAt()).isNull();

        RetryPolicy.Decision first = upperBound.next(limits, manual, 21, retriedAt);
        assertThat(Duration.between(retriedAt, first.nextAttemptAt())).isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));
        assertThat(upperBound.next(limits, manual, 22, retriedAt.plusSeconds(1)).nextAttemptAt()).isNotNull();
        assertThat(upperBound.next(limits, manual, 23, retriedAt.plusSeconds(3)).exhausted())
                .isEqualTo("gave up after 3 attempts since the manual retry (the flow's limit)");
        assertThat(upperBound.next(limits, manual, 22, retriedAt.plus(Duration.ofHours(1))).exhausted())
                .isEqualTo("gave up after 2 attempts since the manual retry: the manual retry is older than the retry "
                        + "limit of 1 h");
    }

    private static Duration delay(RetryPolicy policy, int attempt) {
        return Duration.between(RECEIVED, policy.next(null, FROM_RECEIPT, attempt, RECEIVED).nextAttemptAt());
    }
}
