package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Jsonata;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * How large a value JSONata works with is, as the length of its JSON text (a number counts 8), counted only until
 * it passes a limit. Walks without recursion: a value nested deeper than the Java stack is measured too.
 */
final class ValueSize {

    private ValueSize() {
    }

    /** The length of {@code value} as compact JSON, or a number over {@code limit} once it is known to be larger. */
    static long of(Object value, long limit) {
        return measure(value, limit, false);
    }

    /**
     * At least the length of what {@code $string(value, true)} writes: every element on its own line, indented by two
     * spaces a level; or a number over {@code limit}.
     */
    static long pretty(Object value, long limit) {
        return measure(value, limit, true);
    }

    private static long measure(Object root, long limit, boolean pretty) {
        long size = 0;
        // containers still to measure, made only for a value with containers in it
        ArrayDeque<Object> pending = null;
        // the nesting level of each pending container, only needed for the indentation of pretty JSON
        ArrayDeque<Integer> levels = null;
        Object value = root;
        int level = 0;
        while (true) {
            if (value instanceof Map<?, ?> map) {
                size += 2 + (pretty ? 2L * level + 2 : 0);
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size += String.valueOf(entry.getKey()).length() + 4 + (pretty ? 2L * level + 4 : 0);
                    Object element = entry.getValue();
                    if (element instanceof Map || element instanceof List) {
                        if (pending == null) {
                            pending = new ArrayDeque<>();
                            levels = new ArrayDeque<>();
                        }
                        pending.push(element);
                        levels.push(level + 1);
                    } else {
                        size += scalar(element);
                    }
                    if (size > limit) {
                        return size;
                    }
                }
            } else if (value instanceof List<?> list) {
                size += 2 + (pretty ? 2L * level + 2 : 0);
                for (Object element : list) {
                    size += 1 + (pretty ? 2L * level + 4 : 0);
                    if (element instanceof Map || element instanceof List) {
                        if (pending == null) {
                            pending = new ArrayDeque<>();
                            levels = new ArrayDeque<>();
                        }
                        pending.push(element);
                        levels.push(level + 1);
                    } else {
                        size += scalar(element);
                    }
                    if (size > limit) {
                        return size;
                    }
                }
            } else {
                size += scalar(value);
            }
            if (size > limit || pending == null || pending.isEmpty()) {
                return size;
            }
            value = pending.pop();
            level = levels.pop();
        }
    }

    private static long scalar(Object value) {
        if (value instanceof String text) {
            return text.length() + 2;
        }
        if (value == null || value == Jsonata.NULL_VALUE || value instanceof Boolean) {
            return 5;
        }
        // numbers; functions and patterns, which never reach JSON, count the same
        return 8;
    }
}
