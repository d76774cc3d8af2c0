package io.hookflow.executor.mapping;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guarded stand-ins for the JSONata built-ins that can, in one call, make a value far larger than their arguments or
 * run far longer than the evaluation steps around them: the evaluation guard only gets control between steps, so
 * these check their arguments first. Each keeps the built-in's signature and result; they are registered under the
 * built-ins' names in every expression the guard compiles.
 * <ul>
 *   <li>{@code $pad}: the library builds its padding by appending to a string once per padding character
 *       (quadratic), here built at once, and never wider than the size bound;
 *   <li>{@code $join}: the separator is repeated once per element;
 *   <li>{@code $replace} with a string replacement: the replacement (and the matched text, through {@code $0}) is
 *       repeated once per match, and with a limit the library rescans the whole string once per replacement, so a
 *       limit is applied here one replacement at a time, with the time checked between them;
 *   <li>{@code $string} with prettify: indentation grows with the nesting;
 *   <li>{@code $formatInteger}, {@code $fromMillis}, {@code $now}: a picture's width is padded like {@code $pad}.
 * </ul>
 */
final class GuardedFunctions {

    /** The longest picture, and the widest width in one, that the formatting functions accept. */
    static final int MAX_PICTURE = 1000;
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private GuardedFunctions() {
    }

    /** The guarded functions by the names of the built-ins they stand in for, reporting to {@code guard}. */
    static Map<String, JFunction> of(EvaluationGuard guard) {
        Map<String, JFunction> functions = new LinkedHashMap<>();
        functions.put("pad", new JFunction((input, args) -> pad(guard, args), "<s-ns?:s>"));

        JFunction join = original("join", "<a<s>s?:s>", "join");
        functions.put("join", new JFunction((input, args) -> {
            checkJoin(guard, args);
            return join.call(input, args);
        }, "<a<s>s?:s>"));

        JFunction replace = original("replace", "<s-(sf)(sf)n?:s>", "replace");
        functions.put("replace", new JFunction((input, args) -> replace(guard, replace, input, args),
                "<s-(sf)(sf)n?:s>"));

        JFunction string = original("string", "<x-b?:s>", "string");
        functions.put("string", new JFunction((input, args) -> {
            if (Boolean.TRUE.equals(arg(args, 1)) && !(arg(args, 0) instanceof String)
                    && ValueSize.pretty(arg(args, 0), guard.maxResultBytes()) > guard.maxResultBytes()) {
                throw guard.exceedSize();
            }
            return string.call(input, args);
        }, "<x-b?:s>"));

        functions.put("formatInteger", pictured("formatInteger", "<n-s:s>", "formatInteger", 1));
        functions.put("fromMillis", pictured("fromMillis", "<n-s?s?:s>", "dateTimeFromMillis", 1));
        functions.put("now", pictured("now", "<s?s?:s>", "now", 0));
        return functions;
    }

    /** The library's own implementation of a built-in, as it registers it. */
    private static JFunction original(String name, String signature, String method) {
        return Jsonata.function(name, signature, Functions.class, null, method);
    }

    private static Object arg(List<?> args, int index) {
        return args != null && args.size() > index ? args.get(index) : null;
    }

    /** {@code $pad(str, width, char)} as the library answers it: {@code char} repeated to the width, in code points. */
    private static String pad(EvaluationGuard guard, List<?> args) {
        String str = (String) arg(args, 0);
        if (str == null) {
            return null;
        }
        String fill = (String) arg(args, 2);
        if (fill == null || fill.isEmpty()) {
            fill = " ";
        }
        int width = ((Number) arg(args, 1)).intValue();
        int pads = (width < 0 ? -width : width) - str.codePointCount(0, str.length());
        if (pads <= 0) {
            return str;
        }
        if (pads > guard.maxResultBytes()) {
            throw guard.exceedSize();
        }
        String padding = fill.repeat(pads / fill.codePointCount(0, fill.length()) + 1);
        padding = padding.substring(0, padding.offsetByCodePoints(0, pads));
        return width < 0 ? padding + str : str + padding;
    }

    private static void checkJoin(EvaluationGuard guard, List<?> args) {
        if (!(arg(args, 0) instanceof List<?> strings) || strings.isEmpty()) {
            return;
        }
        int separator = arg(args, 1) instanceof String text ? text.length() : 0;
        long size = -separator;
        for (Object string : strings) {
            size += String.valueOf(string).length() + separator;
            if (size > guard.maxResultBytes()) {
                throw guard.exceedSize();
            }
        }
    }

    private static Object replace(EvaluationGuard guard, JFunction replace, Object input, List<?> args)
            throws Throwable {
        Object str = arg(args, 0);
        Object pattern = arg(args, 1);
        Object limit = arg(args, 3);
        if (!(str instanceof String text) || !(arg(args, 2) instanceof String replacement)
                || !(pattern instanceof String || pattern instanceof Pattern)
                || (pattern instanceof String literal && literal.isEmpty())) {
            // nothing to replace, a function as the replacement (its calls are guarded steps), or the library's error
            return replace.call(input, args);
        }
        if (limit == null) {
            // a string pattern is replaced literally, a regular expression through Java's $n group references
            checkReplaced(guard, text, pattern, true, pattern instanceof Pattern ? replacement : "",
                    replacement.length(), Integer.MAX_VALUE);
            return replace.call(input, args);
        }
        if (!(limit instanceof Integer times) || times < 0) {
            // the library's error
            return replace.call(input, args);
        }
        // the library replaces the first match `limit` times over, each time with a regular expression (a string
        // pattern too) and Java's $n group references; the same here, one at a time
        String current = text;
        for (int i = 0; i < times; i++) {
            guard.check();
            checkReplaced(guard, current, pattern, false, replacement, replacement.length(), 1);
            String next = (String) replace.call(input, List.of(current, pattern, replacement, 1));
            if (next.equals(current)) {
                // nothing matched, and nothing will the next time
                break;
            }
            current = next;
        }
        return current;
    }

    /**
     * Fails when replacing up to {@code matches} matches of {@code pattern} in {@code text} could yield more than the
     * size bound. Each match is replaced by the replacement, each '$' in {@code references} perhaps starting a
     * group reference, which takes at least two of its characters and yields at most the match. Only when that could
     * be too large for any matches are the actual matches found. A string pattern is {@code literal} or, as the
     * library's limit takes it, a regular expression.
     */
    private static void checkReplaced(EvaluationGuard guard, String text, Object pattern, boolean literal,
                                      String references, int replacementLength, int matches) {
        long limit = guard.maxResultBytes();
        long dollars = references.chars().filter(c -> c == '$').count();
        long most = Math.min(matches, text.length() + 1L);
        if (text.length() + most * replacementLength + Math.max(0, dollars - 1) * text.length() <= limit) {
            return;
        }
        Pattern compiled = pattern instanceof Pattern regex ? regex
                : Pattern.compile(literal ? Pattern.quote((String) pattern) : (String) pattern);
        long size = text.length();
        Matcher matcher = compiled.matcher(text);
        for (int found = 0; found < matches && matcher.find(); found++) {
            // a reference takes at least two characters of the replacement; the match itself goes
            long match = matcher.end() - matcher.start();
            size += Math.max(replacementLength - match, replacementLength + (dollars - 1) * match - 2 * dollars);
            // later matches can take out at most the rest of the text
            if (size - (text.length() - matcher.end()) > limit) {
                throw guard.exceedSize();
            }
        }
        if (size > limit) {
            throw guard.exceedSize();
        }
    }

    /** A built-in whose picture argument (at {@code picture}) is checked first. */
    private static JFunction pictured(String name, String signature, String method, int picture) {
        JFunction original = original(name, signature, method);
        return new JFunction((input, args) -> {
            if (arg(args, picture) instanceof String text) {
                checkPicture(name, text);
            }
            return original.call(input, args);
        }, signature);
    }

    private static void checkPicture(String function, String picture) {
        boolean wide = picture.length() > MAX_PICTURE;
        for (Matcher number = NUMBER.matcher(picture); !wide && number.find(); ) {
            wide = number.end() - number.start() > 4 || Integer.parseInt(number.group()) > MAX_PICTURE;
        }
        if (wide) {
            throw new IllegalArgumentException("$" + function + " takes pictures of up to " + MAX_PICTURE
                    + " characters with widths of up to " + MAX_PICTURE);
        }
    }
}
