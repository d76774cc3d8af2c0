package io.hookflow.flow.rest;

import io.hookflow.flow.service.InvalidRequestException;

/** Validated {@code ?page=&size=} query parameters. */
public record Paging(int page, int size) {

    public static final String TOTAL_COUNT = "X-Total-Count";
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /**
     * Parses the raw parameters; page defaults to 0 and may be any int from 0 (a page beyond the end is empty),
     * size defaults to 20 and must be 1..100.
     */
    public static Paging of(String page, String size) {
        int p = parse("page", page, 0);
        int s = parse("size", size, DEFAULT_SIZE);
        if (p < 0) {
            throw new InvalidRequestException("page must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidRequestException("size must be between 1 and " + MAX_SIZE);
        }
        return new Paging(p, s);
    }

    private static int parse(String name, String value, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
    }
}
