package io.hookflow.bench;

import java.time.Duration;
import java.util.List;

/**
 * The rules and arithmetic of the whole-job scenarios ({@code job} and {@code cold}): when a run counts as
 * sustained, pets per second, and pets recorded within a time window.
 */
final class JobFigures {

    /** The catch-up lag every run may take, whatever its length: queueing and the run log's polling. */
    static final double LAG_BASE_SECONDS = 1.0;
    /** The catch-up lag a run may take on top, as a share of its length. */
    static final double LAG_SHARE = 0.05;

    private JobFigures() {
    }

    /**
     * How long after the last webhook's intended send time the run log may still be catching up for the run to
     * count as sustained: 1 s plus 5 % of the run. A platform that takes webhooks faster than it runs them builds
     * a backlog in proportion to the run's length, so a rate more than about 5 % above what it sustains fails on
     * a long run (and about 12 % above on the 15 s runs of the short mode).
     */
    static double lagBoundSeconds(Duration run) {
        return LAG_BASE_SECONDS + LAG_SHARE * run.toMillis() / 1000.0;
    }

    /** What one whole-job run ended with. */
    record Outcome(long sent, long accepted, long succeeded, long failed, double lagSeconds) {

        /**
         * Every webhook accepted (200), every execution {@code succeeded} (none failed, none missing), and the run
         * log complete within {@code boundSeconds} of the last intended send.
         */
        boolean sustained(double boundSeconds) {
            return accepted == sent && succeeded == accepted && failed == 0 && !Double.isNaN(lagSeconds)
                    && lagSeconds <= boundSeconds;
        }

        /** Why the run is not sustained, in a few words; empty when it is. */
        String failure(double boundSeconds) {
            if (accepted < sent) {
                return (sent - accepted) + " not accepted";
            }
            if (failed > 0) {
                return failed + " failed";
            }
            if (succeeded < accepted) {
                return (accepted - succeeded) + " missing";
            }
            if (Double.isNaN(lagSeconds) || lagSeconds > boundSeconds) {
                return "run log " + (Double.isNaN(lagSeconds) ? "never complete" : Table.f1(lagSeconds) + " s behind");
            }
            return "";
        }
    }

    /** Pets per second from the first request's send to the last execution's {@code finishedAt}. */
    static double petsPerSecond(long succeeded, long firstSendEpochMillis, long lastFinishedEpochMillis) {
        long millis = lastFinishedEpochMillis - firstSendEpochMillis;
        return succeeded <= 0 || millis <= 0 ? 0 : succeeded * 1000.0 / millis;
    }

    /** A count read from the run log at a moment. */
    record Point(long epochMillis, long count) {
    }

    /**
     * The count at {@code epochMillis}, interpolated linearly between the two readings around it; before the first
     * reading, the first reading's count; after the last, the last's.
     */
    static double countAt(List<Point> timeline, long epochMillis) {
        if (timeline.isEmpty()) {
            return Double.NaN;
        }
        Point previous = timeline.get(0);
        if (epochMillis <= previous.epochMillis()) {
            return previous.count();
        }
        for (Point p : timeline) {
            if (p.epochMillis() >= epochMillis) {
                long span = p.epochMillis() - previous.epochMillis();
                double share = span == 0 ? 1 : (epochMillis - previous.epochMillis()) / (double) span;
                return previous.count() + share * (p.count() - previous.count());
            }
            previous = p;
        }
        return previous.count();
    }

    /** Count per second between two moments, from the readings. */
    static double ratePerSecond(List<Point> timeline, long fromEpochMillis, long toEpochMillis) {
        if (toEpochMillis <= fromEpochMillis) {
            return Double.NaN;
        }
        return (countAt(timeline, toEpochMillis) - countAt(timeline, fromEpochMillis)) * 1000.0
                / (toEpochMillis - fromEpochMillis);
    }
}
