package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Jsonata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The guarded built-ins answer exactly as the library's own do, errors included, whenever they run. */
class GuardedFunctionsTest {

    private final EvaluationGuard guard = new EvaluationGuard(new MappingBounds(Duration.ofSeconds(5), 200, 1 << 20));

    @Test
    void answersAsTheLibrarysBuiltIns() {
        List<String> expressions = List.of(
                "$pad('ab', 5)", "$pad('ab', -5)", "$pad('ab', 5, '😀x')", "$pad('ab', -6, '😀x')",
                "$pad('abcdef', 3)", "$pad('x', 0)", "$pad('x', 4, '')", "$pad('😀😀', 4, '-')", "$pad('x', 2.7)",
                "$pad('x', -2.7, '*')", "$pad(nothing, 3)", "['a', 'bb'].$pad($, 4, '.')",
                "$join(['a', 'b'], ', ')", "$join(['a'])", "$join([])", "$join('a', '-')", "$join(nothing, '-')",
                "$join(['a', 1])",
                "$replace('abcabc', 'b', 'XY')", "$replace('abcabc', 'b', 'XY', 1)", "$replace('abcabc', /b/, '[$0]')",
                "$replace('abcabc', /(b)(c)/, '$2$1', 1)", "$replace('aaa', 'a', 'aa', 2)",
                "$replace('abc', 'x', 'y', 3)", "$replace('abc', /b/, function($m){ $uppercase($m.match) })",
                "$replace('a.b.c', '.', '-')", "$replace('a.b.c', '.', '-', 1)", "$replace('ab$c', '$', 'd')",
                "$replace('abc', 'b', '$$')", "$replace('abc', /b/, '$$')", "$replace('abc', /b/, '$9')",
                "$replace('abc', 'b', 'x', 0)", "$replace('abc', '', 'x')", "$replace('abc', 'b', 'x', -1)",
                "$replace(nothing, 'b', 'x')", "$replace('abc', /b/, 'x', 2.0)",
                "$string({'a': [1, {'b': 2}], 'c': 'd'}, true)", "$string([1, 'x'], false)", "$string('x', true)",
                "$string({'a': 1})", "$string(nothing, true)",
                "$formatInteger(1234567, '#,##0')", "$formatInteger(7, '000')", "$formatInteger(3, 'w')",
                "$fromMillis(1510067557121, '[Y0001]-[M01]-[D01] [H01]:[m01]')", "$fromMillis(0, '[Y,4]')",
                "$fromMillis(0)", "$length($now('[Y0001]'))");
        for (String expression : expressions) {
            assertThat(guarded(expression)).as(expression).isEqualTo(library(expression));
        }
    }

    /** Where the quick estimate is over the bound, the matches are counted, and what fits is replaced. */
    @Test
    void replacesInLongStringsWhatFitsTheBound() {
        Map<String, Object> input = Map.of("text", "ab".repeat(450_000), "digits", "1a22b333c".repeat(50_000));
        List<String> expressions = List.of("$replace(text, 'ab', 'c')", "$replace(text & '!', '!', 'xyz')",
                "$replace(digits, /\\d+/, '<$0>')", "$replace(digits, /[a-c]/, '', 100)",
                "$replace(digits, 'a', 'xy')");
        for (String expression : expressions) {
            String guarded = guarded(expression, input);
            assertThat(guarded).as(expression).isNotEqualTo("error");
            // compared by length and hash: a failure message with a 900 KB string in it helps nobody
            assertThat(guarded.length() + " " + guarded.hashCode()).as(expression)
                    .isEqualTo(library(expression, input).length() + " " + library(expression, input).hashCode());
        }
    }

    private String guarded(String expression) {
        return guarded(expression, null);
    }

    private String guarded(String expression, Object input) {
        try {
            return String.valueOf(guard.evaluate(guard.compile(expression), input, List.of()));
        } catch (RuntimeException e) {
            return "error";
        }
    }

    private static String library(String expression) {
        return library(expression, null);
    }

    private static String library(String expression, Object input) {
        try {
            return String.valueOf(Jsonata.jsonata(expression).evaluate(input));
        } catch (RuntimeException e) {
            return "error";
        }
    }
}
