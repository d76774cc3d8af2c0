package io.hookflow.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void theDefaultSetLeavesOutColdBecauseItRestartsThePlatform() {
        Options options = Options.parse(new String[0]);
        assertThat(options.scenarios()).containsExactly("ingress", "payload", "flows", "e2e", "steps", "backlog", "job",
                "memory");
    }

    @Test
    void coldRunsWhenNamedAndFirstWhateverTheOrderGiven() {
        Options options = Options.parse(new String[] {"--only", "memory,job,cold"});
        assertThat(options.scenarios()).containsExactly("cold", "job", "memory");
    }

    @Test
    void wholeJobRunsFollowTheModeUnlessGiven() {
        assertThat(Options.parse(new String[0]).jobRun()).isEqualTo(Duration.ofSeconds(15));
        assertThat(Options.parse(new String[0]).jobMaxSteps()).isEqualTo(7);
        Options longMode = Options.parse(new String[] {"--long"});
        assertThat(longMode.jobRun()).isEqualTo(Duration.ofSeconds(60));
        assertThat(longMode.jobWarmup()).isEqualTo(Duration.ofSeconds(120));
        assertThat(longMode.jobMaxSteps()).isEqualTo(12);
        Options given = Options.parse(new String[] {"--long", "--job-seconds", "4", "--job-steps", "2", "--job-rate",
                "300", "--cold-rate", "800", "--cold-window", "5", "--idle", "10"});
        assertThat(given.jobRun()).isEqualTo(Duration.ofSeconds(4));
        assertThat(given.jobWarmup()).isEqualTo(Duration.ofSeconds(8));
        assertThat(given.jobMaxSteps()).isEqualTo(2);
        assertThat(given.job()).isEqualTo(new Options.Job(4, 300, 2, 800, 5, 10));
    }

    @Test
    void rejectsUnknownScenariosAndNonPositiveNumbers() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--only", "warm"}))
                .hasMessageStartingWith("unknown scenario 'warm'");
        assertThatThrownBy(() -> Options.parse(new String[] {"--idle", "0"}))
                .hasMessageStartingWith("--idle takes a positive whole number, not '0'");
        assertThatThrownBy(() -> Options.parse(new String[] {"--job-seconds"}))
                .hasMessageStartingWith("missing value for --job-seconds");
    }
}
