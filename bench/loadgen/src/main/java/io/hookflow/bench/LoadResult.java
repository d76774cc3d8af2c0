package io.hookflow.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one load run measured. Latencies are in microseconds from each request's intended start time.
 *
 * @param seconds      from the first intended send to the last answer
 * @param sendLag      how late the generator itself sent each request (large values: the generator is the limit)
 * @param outcomes     answers by HTTP status, or by failure ("timeout", "connection refused", ...)
 */
record LoadResult(LoadSpec spec, long startEpochMillis, long sent, long completed, long ok, double seconds,
                  Histogram latency, Histogram sendLag, long maxInFlight, Map<String, Long> outcomes) {

    double ms(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
        return latency.getMaxValue() / 1000.0;
    }

    /** Accepted (200) per second over the run. */
    double throughput() {
        return ok / seconds;
    }

    long errors() {
        return sent - ok;
    }

    /** Every answer that is not a 200, by status or failure. */
    Map<String, Long> errorsByKind() {
        Map<String, Long> errors = new LinkedHashMap<>(outcomes);
        errors.remove("200");
        return errors;
    }

    String errorSummary() {
        Map<String, Long> errors = errorsByKind();
        if (errors.isEmpty()) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        errors.forEach((kind, count) -> text.append(text.length() == 0 ? "" : ", ").append(kind).append(": ").append(count));
        return text.toString();
    }

    /** No error at all and a p99 under the bound. */
    boolean passes(double p99BoundMs) {
        return errors() == 0 && ms(99) <= p99BoundMs;
    }
}
