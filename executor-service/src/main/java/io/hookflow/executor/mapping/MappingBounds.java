package io.hookflow.executor.mapping;

import java.time.Duration;

/**
 * The bounds every JSONata mapping runs within: how long it may run, how deeply its evaluation may nest, and how
 * large a value it may produce. All the values one expression builds may together come to {@link #maxBuiltBytes()}.
 */
record MappingBounds(Duration timeout, int maxDepth, int maxResultBytes) {

    /** How many results' worth of values an expression may build in all (a loop piling up values under the bound). */
    static final int BUILT_FACTOR = 16;

    MappingBounds {
        if (timeout.isNegative() || timeout.isZero() || maxDepth < 1 || maxResultBytes < 1) {
            throw new IllegalArgumentException("Mapping bounds must be positive: " + timeout + ", " + maxDepth + ", "
                    + maxResultBytes);
        }
    }

    long maxBuiltBytes() {
        return (long) maxResultBytes * BUILT_FACTOR;
    }
}
