package io.hookflow.bench;

import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The step search for the highest passing rate that the {@code ingress} and {@code job} scenarios share: ×1.5
 * (rounded to 500/s) until a step fails, then halving the gap until it is under 5 % or 500/s. A failing rate is
 * measured once more before it counts, because one short run on 2 shared cores can fail on a single stall: a
 * rate fails only when it fails twice in a row.
 */
final class StepSearch {

    /** The search stops raising the rate beyond this. */
    static final int MAX_RATE = 200_000;
    static final int ROUNDING = 500;

    private final TreeMap<Integer, Boolean> known = new TreeMap<>();
    private final Set<Integer> confirmed = new HashSet<>();
    private final int firstRate;

    /**
     * @param firstRate the rate to try when nothing passed yet and nothing failed
     * @param verdicts  rates already measured (e.g. fixed-rate runs), pass or fail; a failure among them is
     *                  measured once more before it counts
     */
    StepSearch(int firstRate, Map<Integer, Boolean> verdicts) {
        this.firstRate = firstRate;
        known.putAll(verdicts);
    }

    /** The next rate to measure, or empty when the search is done. */
    OptionalInt next() {
        int lo = best();
        Integer hi = known.entrySet().stream().filter(e -> !e.getValue() && e.getKey() > lo)
                .map(Map.Entry::getKey).min(Integer::compare).orElse(null);
        if (hi != null && !confirmed.contains(hi)) {
            return OptionalInt.of(hi);
        }
        if (hi == null) {
            int next = lo == 0 ? firstRate : round(lo * 1.5);
            return next > MAX_RATE ? OptionalInt.empty() : OptionalInt.of(next);
        }
        if (hi - lo <= Math.max(ROUNDING, lo * 0.05)) {
            return OptionalInt.empty();
        }
        int next = round((lo + hi) / 2.0);
        return next <= lo || next >= hi ? OptionalInt.empty() : OptionalInt.of(next);
    }

    /** Whether measuring this rate now would be the second try of a failed rate. */
    boolean isRetry(int rate) {
        return Boolean.FALSE.equals(known.get(rate));
    }

    /** Records a step's verdict; a second failure in a row makes the failure final. */
    void record(int rate, boolean pass) {
        boolean retry = isRetry(rate);
        known.put(rate, pass);
        if (!pass && retry) {
            confirmed.add(rate);
        }
    }

    /** The highest rate that passed its last measurement; 0 when none did. */
    int best() {
        return known.entrySet().stream().filter(Map.Entry::getValue).mapToInt(Map.Entry::getKey).max().orElse(0);
    }

    static int round(double rate) {
        return (int) Math.max(ROUNDING, Math.round(rate / ROUNDING) * ROUNDING);
    }
}
