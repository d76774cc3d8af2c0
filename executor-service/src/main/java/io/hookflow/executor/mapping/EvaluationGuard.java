package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.dashjoin.jsonata.Parser;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps one thread's JSONata evaluations within their {@link MappingBounds}. The library calls it on entering and
 * on leaving every evaluation step (the hooks its own {@code Frame.setRuntimeBounds} uses; there is one of each, so
 * this takes both): there it checks the time and the nesting depth, and measures each step's result, so a value
 * that grows step by step (a string doubled in a loop) is stopped at the bound instead of filling the heap. The
 * library's built-in functions that can make a value far larger than their arguments in one call are replaced by
 * guarded ones ({@link GuardedFunctions}) in every expression it compiles.
 *
 * <p>Every step counts. The library's own bounds ({@code Timebox}) skip the steps of a frame marked as a "parallel
 * call", but an array constructor leaves that mark on its frame, which would switch the checks off for the rest of
 * the frame.
 *
 * <p>A bound, once broken, stays broken: every later hook throws again, since the library swallows or rewraps some
 * exceptions on the way out ({@code $eval}, a {@code $replace} function, boolean operators), and an evaluation that
 * broke one ends with an {@link Exceeded} naming it, whatever came out.
 *
 * <p>Not thread-safe: one per thread, reused by each evaluation on it.
 */
final class EvaluationGuard implements Jsonata.EntryCallback, Jsonata.ExitCallback {

    /** Values this large are remembered once measured: a loop reading one big variable measures it once. */
    private static final int REMEMBERED = 1024;

    private final MappingBounds bounds;
    private final long timeoutNanos;
    private final String timeExceeded;
    private final String depthExceeded;
    private final String sizeExceeded;
    private final String builtExceeded;
    /** Carries the hooks into every evaluation, which copies its bindings. */
    private final Jsonata.Frame bindings = new Jsonata.Frame(null);
    private final Map<String, JFunction> functions;

    private long deadline;
    private int depth;
    private int hooks;
    private long built;
    private String exceeded;
    private List<String> longInputStrings;
    private Map<Object, Boolean> measured;

    EvaluationGuard(MappingBounds bounds) {
        this.bounds = bounds;
        this.timeoutNanos = bounds.timeout().toNanos();
        this.timeExceeded = "exceeded the " + bounds.timeout().toMillis() + " ms time limit";
        this.depthExceeded = "exceeded the recursion depth limit of " + bounds.maxDepth();
        this.sizeExceeded = "produced more than " + bounds.maxResultBytes() + " bytes";
        this.builtExceeded = "built more than " + bounds.maxBuiltBytes() + " bytes of values in all";
        bindings.setEvaluateEntryCallback(this);
        bindings.setEvaluateExitCallback(this);
        this.functions = GuardedFunctions.of(this);
    }

    /** Compiles {@code expression} with the guarded built-ins, for this guard's thread only. */
    Jsonata compile(String expression) {
        Jsonata compiled = Jsonata.jsonata(expression);
        for (Map.Entry<String, JFunction> function : functions.entrySet()) {
            compiled.registerFunction(function.getKey(), function.getValue());
        }
        return compiled;
    }

    /**
     * Evaluates {@code expression} (compiled by {@link #compile}) over {@code input} within the bounds, or throws
     * {@link Exceeded} naming the bound it broke. {@code longInputStrings} are the input's strings longer than a
     * result may be: the input itself is not measured, so reading one of them is allowed.
     */
    Object evaluate(Jsonata expression, Object input, List<String> longInputStrings) {
        return evaluate(expression, input, new InputArray(0), longInputStrings);
    }

    /** Like {@link #evaluate(Jsonata, Object, List)}, with {@code attachments} bound as {@code $attachments}. */
    Object evaluate(Jsonata expression, Object input, Object attachments, List<String> longInputStrings) {
        // evaluate copies this frame's bindings into a frame of its own, so the binding is this call's
        bindings.bind("attachments", attachments);
        this.deadline = System.nanoTime() + timeoutNanos;
        this.depth = 0;
        this.hooks = 0;
        this.built = 0;
        this.exceeded = null;
        this.longInputStrings = longInputStrings;
        this.measured = null;
        try {
            return expression.evaluate(input, bindings);
        } catch (Throwable e) {
            if (exceeded != null) {
                // whatever the library made of it on the way out
                throw new Exceeded(exceeded);
            }
            throw e;
        } finally {
            this.longInputStrings = null;
            this.measured = null;
        }
    }

    int maxResultBytes() {
        return bounds.maxResultBytes();
    }

    @Override
    public void callback(Parser.Symbol expression, Object input, Jsonata.Frame environment) {
        depth++;
        checkEvery16th();
        if (depth > bounds.maxDepth()) {
            throw exceed(depthExceeded);
        }
    }

    @Override
    public void callback(Parser.Symbol expression, Object input, Jsonata.Frame environment, Object result) {
        depth--;
        checkEvery16th();
        measure(result);
    }

    /** The clock is read at every 16th hook only: a step between two hooks is short, and hooks come by the million. */
    private void checkEvery16th() {
        if (exceeded != null) {
            throw new Exceeded(exceeded);
        }
        if ((++hooks & 15) == 0 && System.nanoTime() - deadline > 0) {
            throw exceed(timeExceeded);
        }
    }

    /** Throws when a bound is broken or the time is up; for guarded functions that loop. */
    void check() {
        if (exceeded != null) {
            throw new Exceeded(exceeded);
        }
        if (System.nanoTime() - deadline > 0) {
            throw exceed(timeExceeded);
        }
    }

    /** Marks the size bound broken, for a guarded function whose result would be too large. */
    Exceeded exceedSize() {
        return exceed(sizeExceeded);
    }

    private Exceeded exceed(String bound) {
        exceeded = bound;
        return new Exceeded(bound);
    }

    private void measure(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return;
        }
        if (fromInput(value) || (measured != null && measured.containsKey(value))) {
            return;
        }
        long size = ValueSize.of(value, bounds.maxResultBytes());
        if (size > bounds.maxResultBytes()) {
            throw exceed(sizeExceeded);
        }
        built += size;
        if (built > bounds.maxBuiltBytes()) {
            throw exceed(builtExceeded);
        }
        if (size >= REMEMBERED) {
            if (measured == null) {
                measured = new IdentityHashMap<>();
            }
            measured.put(value, Boolean.TRUE);
        }
    }

    /**
     * Whether {@code value} is a value of the input as it is (or a one-element sequence of one, which is how a path
     * yields it): it was not built by the evaluation and takes no memory, so it is not measured, as a plain field
     * path is not.
     */
    private boolean fromInput(Object value) {
        while (value instanceof List<?> list && list.size() == 1 && !(value instanceof InputArray)) {
            value = list.get(0);
        }
        if (value instanceof InputObject || value instanceof InputArray) {
            return true;
        }
        if (value instanceof String && longInputStrings != null) {
            for (String text : longInputStrings) {
                if (text == value) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A broken bound; no stack trace, it is never logged. */
    static final class Exceeded extends RuntimeException {

        Exceeded(String bound) {
            super(bound, null, false, false);
        }
    }
}
