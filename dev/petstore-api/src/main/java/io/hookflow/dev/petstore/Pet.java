package io.hookflow.dev.petstore;

import java.util.List;

/** A pet held by the demo Petstore; {@code status} is one of {@link #STATUSES}. */
public record Pet(long id, String name, String status) {

    /** The accepted statuses, lower-case, as the Petstore API spells them. */
    public static final List<String> STATUSES = List.of("available", "pending", "sold");

    /** The status a pet gets when the request names none. */
    public static final String DEFAULT_STATUS = "available";
}
