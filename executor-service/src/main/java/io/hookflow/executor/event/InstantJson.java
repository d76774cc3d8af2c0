package io.hookflow.executor.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as the events carry them ({@code 2026-11-28T20:40:03.123Z}), written and read without
 * {@link DateTimeFormatter}: every execution reads one and writes up to ten, and the formatter was a visible part
 * of the executor's CPU. The text is exactly {@link DateTimeFormatter#ISO_INSTANT}'s (fraction in groups of three
 * digits, none when zero); anything but the plain UTC form ({@code Z}, years 0000–9999) is left to Jackson's own
 * {@link InstantDeserializer} and to {@code ISO_INSTANT}.
 */
public final class InstantJson {

    private InstantJson() {
    }

    /** A Jackson module with the writer and reader below; registered on the application's ObjectMapper. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("hookflow-instants");
        module.addSerializer(Instant.class, new Writer());
        module.addDeserializer(Instant.class, new Reader());
        return module;
    }

    /** {@code instant} as {@link DateTimeFormatter#ISO_INSTANT} formats it. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        char[] text = new char[30];
        int n = digits(text, 0, year, 4);
        text[n++] = '-';
        n = digits(text, n, time.getMonthValue(), 2);
        text[n++] = '-';
        n = digits(text, n, time.getDayOfMonth(), 2);
        text[n++] = 'T';
        n = digits(text, n, time.getHour(), 2);
        text[n++] = ':';
        n = digits(text, n, time.getMinute(), 2);
        text[n++] = ':';
        n = digits(text, n, time.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            text[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                n = digits(text, n, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                n = digits(text, n, nanos / 1_000, 6);
            } else {
                n = digits(text, n, nanos, 9);
            }
        }
        text[n++] = 'Z';
        return new String(text, 0, n);
    }

    /**
     * Reads {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}; answers null for any other text (an offset, a leap second, a
     * wider year), which the caller then hands to a full ISO parser.
     */
    static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            nanos = number(text, 20, digits);
            for (int i = digits; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /** The decimal number of {@code width} ASCII digits at {@code at}, or -1 when one is not a digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Writes an Instant as {@link #format(Instant)}. */
    static final class Writer extends StdScalarSerializer<Instant> {

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(format(value));
        }
    }

    /** Reads the plain UTC form itself and leaves everything else to Jackson's {@link InstantDeserializer}. */
    static final class Reader extends StdScalarDeserializer<Instant> {

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                Instant instant = parseUtc(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
