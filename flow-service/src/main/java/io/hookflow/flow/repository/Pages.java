package io.hookflow.flow.repository;

import io.quarkus.hibernate.orm.panache.PanacheQuery;

import java.util.List;

/** Reads one page of a list query without the int overflow of {@code page * size}. */
final class Pages {

    private Pages() {
    }

    /**
     * The rows of page {@code page} (from 0) of {@code size} rows. A page that starts beyond an int offset
     * (2^31 - 1 rows) is answered empty without asking the database: no list holds that many rows, and JPA's
     * offsets are ints.
     */
    static <T> List<T> read(PanacheQuery<T> query, int page, int size) {
        long first = (long) page * size;
        long last = first + size - 1;
        if (last > Integer.MAX_VALUE) {
            return List.of();
        }
        return query.range((int) first, (int) last).list();
    }
}
