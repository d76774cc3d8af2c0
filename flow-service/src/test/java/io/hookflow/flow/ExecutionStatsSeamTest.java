package io.hookflow.flow;

import io.hookflow.flow.service.ExecutionStats;
import io.hookflow.flow.service.ExecutionStats.Change;
import io.hookflow.flow.support.ExecutionRecords;
import io.hookflow.flow.support.PlatformTestProfile;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import static io.hookflow.flow.ExecutionStatus.FAILED;
import static io.hookflow.flow.ExecutionStatus.RETRYING;
import static io.hookflow.flow.ExecutionStatus.RUNNING;
import static io.hookflow.flow.ExecutionStatus.SUCCEEDED;
import static io.hookflow.flow.support.ExecutionRecords.attempt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record path tells {@link ExecutionStats} of every change of an execution's status or duration, once, in the
 * transaction that makes it. How messages fall into polls is the broker's business, so the test checks that each
 * execution's changes chain from nothing to its final state, whatever the batches were.
 */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionStatsSeamTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T20:40:00Z");

    private final List<Change> changes = new ArrayList<>();

    @BeforeEach
    void record() {
        QuarkusMock.installMockForType(new ExecutionStats(null, null) {
            @Override
            public void apply(Collection<Change> batch) {
                synchronized (changes) {
                    changes.addAll(batch);
                }
            }
        }, ExecutionStats.class);
    }

    @Test
    void passesEachChangeOfStatusOrDurationOnceFromNothingToTheFinalState() {
        // A flow per execution, so that a flow's changes are one execution's (markers are received now).
        String retriedFlow = flowId();
        String onceFlow = flowId();
        String retried = ExecutionRecords.requestId();
        String once = ExecutionRecords.requestId();
        ExecutionRecords.send(retriedFlow, attempt(retried, retriedFlow, "demo", "running", 1));
        ExecutionRecords.send(onceFlow, attempt(once, onceFlow, "demo", "succeeded", 1));
        ExecutionRecords.send(retriedFlow, attempt(retried, retriedFlow, "demo", "retrying", 1));
        ExecutionRecords.send(retriedFlow, attempt(retried, retriedFlow, "demo", "running", 2));
        ExecutionRecords.send(retriedFlow, attempt(retried, retriedFlow, "demo", "failed", 2));
        ExecutionRecords.sendMarkerAndAwait(retriedFlow);
        ExecutionRecords.sendMarkerAndAwait(onceFlow);

        List<Change> retriedChanges = changesOf(retriedFlow);
        assertChain(retriedChanges, FAILED, 2500L);
        assertThat(retriedChanges).extracting(Change::newStatus).last().isEqualTo(FAILED);
        assertThat(changesOf(onceFlow)).containsExactly(new Change(onceFlow, RECEIVED, null, null, SUCCEEDED, 1500L));

        // redelivered, late and second finals and a foreign claim change no row, and so nothing in the stats
        ExecutionRecords.send(retriedFlow, attempt(retried, retriedFlow, "demo", "failed", 2));
        ExecutionRecords.send(retriedFlow, attempt(retried, retriedFlow, "demo", "succeeded", 1));
        ExecutionRecords.send(retriedFlow, attempt(retried, retriedFlow, "demo", "running", 2));
        ExecutionRecords.send(onceFlow, attempt(once, onceFlow, "demo", "failed", 1));
        ExecutionRecords.send(onceFlow, attempt(once, onceFlow, "demo", "failed", 2)
                .replace("\"workspace\":\"demo\"", "\"workspace\":\"other\""));
        ExecutionRecords.sendMarkerAndAwait(retriedFlow);
        ExecutionRecords.sendMarkerAndAwait(onceFlow);

        assertThat(changesOf(retriedFlow)).isEqualTo(retriedChanges);
        assertThat(changesOf(onceFlow)).containsExactly(new Change(onceFlow, RECEIVED, null, null, SUCCEEDED, 1500L));
    }

    /**
     * However the reports fell into polls: the first change starts from nothing, each next one from where the one
     * before ended, each changes status or duration, and the last ends at the execution's final state.
     */
    private static void assertChain(List<Change> chain, ExecutionStatus last, Long lastDurationMs) {
        assertThat(chain).isNotEmpty();
        assertThat(chain.get(0).oldStatus()).isNull();
        assertThat(chain.get(0).oldDurationMs()).isNull();
        for (int i = 0; i < chain.size(); i++) {
            Change change = chain.get(i);
            assertThat(change.receivedAt()).isEqualTo(RECEIVED);
            assertThat(change.oldStatus() != change.newStatus()
                    || !Objects.equals(change.oldDurationMs(), change.newDurationMs())).as("a change: %s", change).isTrue();
            if (i > 0) {
                assertThat(change.oldStatus()).isEqualTo(chain.get(i - 1).newStatus());
                assertThat(change.oldDurationMs()).isEqualTo(chain.get(i - 1).newDurationMs());
            }
        }
        assertThat(chain.get(chain.size() - 1).newStatus()).isEqualTo(last);
        assertThat(chain.get(chain.size() - 1).newDurationMs()).isEqualTo(lastDurationMs);
        assertThat(chain).extracting(Change::newStatus).isSubsetOf(RUNNING, RETRYING, FAILED);
    }

    /** The flow's changes of executions received at {@code RECEIVED} (not the markers), in the order applied. */
    private List<Change> changesOf(String flowId) {
        synchronized (changes) {
            return changes.stream()
                    .filter(change -> change.flowId().equals(flowId) && change.receivedAt().equals(RECEIVED))
                    .toList();
        }
    }

    private static String flowId() {
        return ExecutionRecords.requestId().substring(0, 24);
    }
}
