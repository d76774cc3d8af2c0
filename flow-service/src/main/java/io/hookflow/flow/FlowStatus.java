package io.hookflow.flow;

import java.util.Locale;

/** Whether a flow's webhook accepts requests. */
public enum FlowStatus {
    ACTIVE,
    INACTIVE;

    /** The lower-case name used in the API, the database and events. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
