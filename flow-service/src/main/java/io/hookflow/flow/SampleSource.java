package io.hookflow.flow;

import java.util.Locale;

/** Where a step's sample came from. */
public enum SampleSource {
    /** Sent with the draft or by {@code PUT .../sample}. */
    MANUAL,
    /** The first request to the step's sample-request URL. */
    REQUEST,
    /** Made from the action's declared output fields. */
    GENERATED,
    /** The output of a real run of the action. */
    RETRIEVED;

    /** The name in the API and the database: {@code manual}, {@code request}, {@code generated}, {@code retrieved}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SampleSource of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
