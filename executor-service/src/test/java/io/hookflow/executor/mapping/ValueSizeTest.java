package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Functions;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes of the values JSONata works with, as the length of their JSON text. */
class ValueSizeTest {

    private final ObjectMapper json = new ObjectMapper();

    /** Values without numbers (a number counts 8): the JSON text, plus at most a byte per value. */
    @Test
    void measuresTheLengthOfTheJsonText() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "Gromit");
        value.put("tags", List.of("dog", "clay", ""));
        value.put("owner", new LinkedHashMap<>(Map.of("name", "Wallace", "away", false)));
        value.put("none", null);
        value.put("empty", List.of());
        String text = json.writeValueAsString(value);

        assertThat(ValueSize.of(value, Long.MAX_VALUE)).isBetween((long) text.length(), text.length() + 12L);
        assertThat(ValueSize.of("Gromit", Long.MAX_VALUE)).isEqualTo(8);
    }

    @Test
    void stopsCountingOncePastTheLimit() {
        List<String> many = Collections.nCopies(10_000_000, "0123456789");

        assertThat(ValueSize.of(many, 1000)).isBetween(1001L, 1100L);
    }

    @Test
    void measuresAValueNestedDeeperThanTheStack() {
        List<Object> outer = new ArrayList<>();
        List<Object> inner = outer;
        for (int i = 0; i < 1_000_000; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }

        assertThat(ValueSize.of(outer, Long.MAX_VALUE)).isGreaterThanOrEqualTo(2_000_000);
    }

    @Test
    void measuresPrettyJsonAtLeastAsLongAsTheLibraryWritesIt() {
        Object value = List.of("x");
        for (int i = 0; i < 100; i++) {
            value = List.of(Map.of("level", value, "n", "abc"), List.of());
        }

        long written = Functions.string(value, true).length();
        assertThat(ValueSize.pretty(value, Long.MAX_VALUE)).isBetween(written, written * 2);
        assertThat(ValueSize.of(value, Long.MAX_VALUE)).isLessThan(written / 10);
    }
}
