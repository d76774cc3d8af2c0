package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSONata mapping on its own: semantics of missing values and errors, use from many threads, and the bounds on
 * time, depth and size that keep a mapping from stalling a worker or filling the heap.
 */
class MappingEvaluatorTest {

    private static final int MIB = 1 << 20;

    private final ObjectMapper json = new ObjectMapper();
    /** The defaults of {@code executor.mapping.*}. */
    private final MappingEvaluator evaluator = bounded(Duration.ofSeconds(1), 200, MIB);

    @Test
    void mapsFieldsOverThePreviousOutput() throws Exception {
        JsonNode input = evaluator.map("f", 1, "step_2",
                Map.of("name", "petname", "tags", "[petstatus, 'x']", "count", "$count(items)"),
                json.readTree("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\",\"items\":[1,2,3]}"));

        assertThat(input).isEqualTo(json.readTree("{\"name\":\"Gromit\",\"tags\":[\"Sold\",\"x\"],\"count\":3}"));
    }

    @Test
    void readsTheWebhooksAttachmentsAsAVariable() throws Exception {
        JsonNode attachments = json.readTree("""
                [{"name":"invoice.pdf","contentType":"application/pdf","size":1234},
                 {"name":"photo.png","contentType":"image/png","size":99}]""");

        // a flow id of its own: compiled expressions are cached per (flow, version, step, field) and thread
        JsonNode input = evaluator.map("with-files", 1, "step_2",
                Map.of("name", "$attachments[0].name", "count", "$count($attachments)",
                        "images", "$attachments[$contains(contentType, 'image/')].name", "petname", "petname"),
                json.readTree("{\"petname\":\"Gromit\"}"), attachments);

        assertThat(input).isEqualTo(json.readTree(
                "{\"name\":\"invoice.pdf\",\"count\":2,\"images\":\"photo.png\",\"petname\":\"Gromit\"}"));
        // without attachments the variable is an empty array, on the same thread's cached expressions too
        assertThat(evaluator.map("with-files", 1, "step_2", Map.of("name", "$attachments[0].name", "count", "$count($attachments)"),
                json.readTree("{}"))).isEqualTo(json.readTree("{\"count\":0}"));
    }

    @Test
    void leavesOutFieldsWhoseExpressionYieldsNothing() throws Exception {
        JsonNode input = evaluator.map("f", 1, "step_2", Map.of("name", "petname", "status", "missing.field"),
                json.readTree("{\"petname\":\"Gromit\"}"));

        assertThat(input).isEqualTo(json.readTree("{\"name\":\"Gromit\"}"));
    }

    @Test
    void reportsEvaluationAndCompileErrorsWithTheField() {
        assertThatThrownBy(() -> evaluator.map("f", 1, "step_2", Map.of("name", "petname + 1"),
                json.readTree("{\"petname\":\"Gromit\"}")))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("Mapping of field 'name' failed: ");
        assertThatThrownBy(() -> evaluator.map("f", 1, "step_3", Map.of("status", "petname +"),
                json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("Mapping of field 'status' failed: ");
    }

    /** {@code $$} reads the root binding that a shared Jsonata object would let threads overwrite. */
    @Test
    void givesEachThreadTheRightAnswerWhenManyEvaluateAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                int n = task;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        int value = n * 1000 + i;
                        JsonNode input = evaluator.map("f", 1, "step_" + (n % 3),
                                Map.of("double", "$$.value * 2", "label", "'v' & $string($$.value)"),
                                json.readTree("{\"value\":" + value + "}"));
                        if (input.get("double").asLong() != value * 2L
                                || !input.get("label").asText().equals("v" + value)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Plain field paths are answered from the JSON tree and everything else by JSONata over a converted copy;
     * both must give exactly what JSONata over Jackson's {@code convertValue} gives (the mapping as it was first
     * written), for every kind of value on the path.
     */
    @Test
    void answersLikeJsonataOverJacksonsMapView() throws Exception {
        List<String> bodies = List.of("{\"v\":5}", "{\"v\":5.0}", "{\"v\":1.5}", "{\"v\":12345678901}",
                "{\"v\":123456789012345678901234567890}", "{\"v\":-0.0}", "{\"v\":true}", "{\"v\":\"x\"}",
                "{\"v\":null}", "{\"v\":{}}", "{\"v\":[]}", "{\"v\":[1]}", "{\"v\":[[1],[2]]}", "{\"v\":[null]}",
                "{\"v\":[{\"w\":1}]}", "{\"v\":{\"w\":3}}", "{\"v\":{\"w\":[3]}}", "{\"v\":{\"w\":null}}",
                "{\"v\":{\"w\":{\"x\":[1,[2]],\"y\":\"z\"}}}", "{\"v\":[{\"w\":1},{\"w\":2}]}", "{\"w\":1}", "{}",
                "{\"true\":1,\"and\":2,\"null\":3}", "[{\"v\":1},{\"v\":2}]", "\"text\"", "7");
        List<String> expressions = List.of("v", "v.w", "v.w.x", "v.w.y", "v.w.x.y", "nosuch", "nosuch.w", "true",
                "null", "and", "v.true", "v & ''", "$string(v)", "v[0]", "$$", "$count(v)", "{'a': v}", "v.w[0]");
        for (String body : bodies) {
            JsonNode source = json.readTree(body);
            for (String expression : expressions) {
                Map<String, String> mapping = new LinkedHashMap<>();
                mapping.put("f", expression);
                String expected;
                try {
                    expected = json.writeValueAsString(reference(expression, source));
                } catch (RuntimeException e) {
                    expected = "error";
                }
                String actual;
                try {
                    // compiled expressions are cached by flow, version, step and field: one step per expression
                    actual = json.writeValueAsString(evaluator.map("f", 1, "s" + expressions.indexOf(expression),
                            mapping, source));
                } catch (MappingException e) {
                    actual = "error";
                }
                assertThat(actual).as("%s over %s", expression, body).isEqualTo(expected);
            }
        }
    }

    /** Each call doubles the string: 30 calls make a GiB, well within a second, and one more a heap-filling copy. */
    @Test
    void stopsAStringDoubledInALoopAtTheSizeBound() throws Exception {
        assertThatThrownBy(() -> evaluator.map("f", 1, "step_2",
                Map.of("name", "($g := function($s){ $g($s & $s) }; $g(\"x\"))"), json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'name' produced more than 1048576 bytes");

        assertThat(evaluator.map("f", 1, "step_3", Map.of("name", "'still ' & petname"),
                json.readTree("{\"petname\":\"here\"}"))).isEqualTo(json.readTree("{\"name\":\"still here\"}"));
    }

    /** As many of them at once as the executor runs executions: each is stopped before it holds more than a few MiB. */
    @Test
    void survivesManyDoublingLoopsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> failures = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                int n = task;
                failures.add(pool.submit(() -> {
                    try {
                        evaluator.map("f", 1, "step_" + n, Map.of("name",
                                "($g := function($s){ $g($s & $s & $s) }; $g($string($$.n)))"),
                                json.readTree("{\"n\":" + n + "}"));
                        return "no failure";
                    } catch (MappingException e) {
                        return e.getMessage();
                    }
                }));
            }
            for (Future<String> failure : failures) {
                assertThat(failure.get(60, TimeUnit.SECONDS))
                        .isEqualTo("Mapping of field 'name' produced more than 1048576 bytes");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stopsEndlessRecursionAtTheDepthBound() {
        assertThatThrownBy(() -> evaluator.map("f", 1, "step_2",
                Map.of("total", "($f := function($x){ 1 + $f($x) }; $f(1))"), json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'total' exceeded the recursion depth limit of 200");
    }

    /** A call in tail position is run as a loop by JSONata: it never nests, so only the time ends it. */
    @Test
    void stopsEndlessTailRecursionAtTheTimeLimit() {
        MappingEvaluator quick = bounded(Duration.ofMillis(200), 200, MIB);

        assertThatThrownBy(() -> quick.map("f", 1, "step_2",
                Map.of("total", "($f := function($x){ $f($x) }; $f(1))"), json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'total' exceeded the 200 ms time limit");
    }

    /** 100 million additions that build nothing but numbers. */
    @Test
    void stopsALongLoopAtTheTimeLimit() {
        MappingEvaluator quick = bounded(Duration.ofMillis(200), 200, MIB);

        assertThatThrownBy(() -> quick.map("f", 1, "step_2", Map.of("total",
                "($r := [1..10000]; $reduce($r, function($a, $v){ $a + $reduce($r, function($b, $w){ $b + $w }) }))"),
                json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'total' exceeded the 200 ms time limit");
    }

    @Test
    void failsAResultOverTheSizeBound() throws Exception {
        MappingEvaluator small = bounded(Duration.ofSeconds(1), 200, 1000);
        JsonNode source = json.readTree("{\"text\":\"" + "a".repeat(600) + "\"}");

        assertThat(small.map("f", 1, "step_2", Map.of("text", "text & '!'"), source).get("text").asText())
                .hasSize(601);
        assertThatThrownBy(() -> small.map("f", 1, "step_2", Map.of("twice", "text & text"), source))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'twice' produced more than 1000 bytes");
        assertThatThrownBy(() -> small.map("f", 1, "step_2", Map.of("list", "[text, text]"), source))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'list' produced more than 1000 bytes");
    }

    /** The previous output is not built by the mapping: passing it on as it is counts nothing, as with a plain path. */
    @Test
    void passesOnValuesOfThePreviousOutputLargerThanTheBound() throws Exception {
        MappingEvaluator small = bounded(Duration.ofSeconds(1), 200, 1000);
        String text = "b".repeat(5000);
        JsonNode source = json.readTree("{\"text\":\"" + text + "\",\"items\":[\"" + text + "\",\"" + text + "\"]}");

        JsonNode input = small.map("f", 1, "step_2", new LinkedHashMap<>(Map.of("text", "$$.text", "items", "$$.items",
                "count", "$count(items)", "start", "$substring(text, 0, 3)", "first", "items[0]")), source);

        assertThat(input.get("text").asText()).isEqualTo(text);
        assertThat(input.get("items")).hasSize(2);
        assertThat(input.get("count").asInt()).isEqualTo(2);
        assertThat(input.get("start").asText()).isEqualTo("bbb");
        assertThat(input.get("first").asText()).isEqualTo(text);
        assertThatThrownBy(() -> small.map("f", 1, "step_2", Map.of("copy", "text & ''"), source))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'copy' produced more than 1000 bytes");
    }

    /**
     * Every value stays under the bound, but a loop keeps 4,000 of them (400 MB, more than a 256 MiB heap holds):
     * the values built are counted up, and end the mapping at 16 times the bound.
     */
    @Test
    void stopsALoopPilingUpValuesUnderTheBound() {
        assertThatThrownBy(() -> evaluator.map("f", 1, "step_2", Map.of("all",
                "($s := $pad('', 100000, 'x'); [1..4000].($s & $string($)))"), json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'all' built more than 16777216 bytes of values in all");
    }

    /** Built-ins that make a value far larger than their arguments in one call are checked before they run. */
    @Test
    void stopsBuiltInsThatWouldYieldTooMuchInOneCall() throws Exception {
        // A generous time limit, so that the size check (not the clock of a loaded machine) is what stops each one.
        MappingEvaluator evaluator = bounded(Duration.ofSeconds(60), 200, MIB);
        JsonNode source = json.readTree("{\"s\":\"" + "c".repeat(1100) + "\"}");
        Map<String, String> expressions = Map.of(
                "pad", "$pad('x', 100000000)",
                "join", "$join($map([1..2000], function($v){ 'x' }), s)",
                "replace", "$replace(s, 'c', s)",
                "regex", "$replace(s, /c+/, '" + "$0".repeat(1000) + "')",
                "pretty", "$string($reduce([1..1500], function($a, $v){ [[$a]] }, []), true)");
        for (Map.Entry<String, String> expression : expressions.entrySet()) {
            assertThatThrownBy(() -> evaluator.map("f", 1, "step_" + expression.getKey(),
                    Map.of(expression.getKey(), expression.getValue()), source))
                    .as(expression.getValue())
                    .isInstanceOf(MappingException.class)
                    .hasMessage("Mapping of field '" + expression.getKey() + "' produced more than 1048576 bytes");
        }
        assertThatThrownBy(() -> evaluator.map("f", 1, "step_2", Map.of("year", "$fromMillis(0, '[Y,1000000]')"),
                source))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'year' failed: $fromMillis takes pictures of up to 1000 characters with "
                        + "widths of up to 1000");
    }

    /** The library's $replace with a limit scans the whole string once per replacement: a huge limit, a long loop. */
    @Test
    void stopsAReplaceWithAHugeLimitAtTheTimeLimit() {
        MappingEvaluator quick = bounded(Duration.ofMillis(200), 200, MIB);

        assertThatThrownBy(() -> quick.map("f", 1, "step_2", Map.of("text", "$replace('a', 'a', 'aa', 1000000000)"),
                json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'text' exceeded the 200 ms time limit");
    }

    /** A StackOverflowError in the library (its parser, here) fails the mapping; the worker goes on. */
    @Test
    void failsTheMappingOnAnErrorInTheLibrary() throws Exception {
        String nested = "(".repeat(200_000) + "1" + ")".repeat(200_000);

        assertThatThrownBy(() -> evaluator.map("f", 1, "step_2", Map.of("deep", nested), json.readTree("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'deep' failed: StackOverflowError");
        assertThat(evaluator.map("f", 1, "step_2", Map.of("sum", "1 + 1"), json.readTree("{}")).get("sum").asInt())
                .isEqualTo(2);
    }

    /** Nested deeper than the Java stack: converting the input for JSONata overflows it, and that fails the mapping. */
    @Test
    void failsTheMappingOnAnInputNestedDeeperThanTheStack() {
        ObjectNode source = json.createObjectNode();
        ObjectNode inner = source;
        for (int i = 0; i < 200_000; i++) {
            inner = inner.putObject("a");
        }

        assertThatThrownBy(() -> evaluator.map("f", 1, "step_2", Map.of("n", "$count(a)"), source))
                .isInstanceOf(MappingException.class)
                .hasMessage("Mapping of field 'n' failed: StackOverflowError");
    }

    /** The mapping as first written: JSONata over {@code convertValue(source, Object.class)}, back with {@code valueToTree}. */
    private JsonNode reference(String expression, JsonNode source) {
        Object input = source == null || source.isNull() ? null : json.convertValue(source, Object.class);
        Object value = Jsonata.jsonata(expression).evaluate(input);
        ObjectNode result = json.createObjectNode();
        if (value != null) {
            result.set("f", json.valueToTree(value));
        }
        return result;
    }

    private MappingEvaluator bounded(Duration timeout, int maxDepth, int maxResultBytes) {
        return new MappingEvaluator(json, new MappingBounds(timeout, maxDepth, maxResultBytes));
    }
}
