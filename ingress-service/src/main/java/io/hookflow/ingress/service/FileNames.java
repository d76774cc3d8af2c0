package io.hookflow.ingress.service;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The name of an attachment: the {@code filename*} (RFC 6266/8187, e.g. {@code UTF-8''r%C3%A9sum%C3%A9.pdf}) or
 * {@code filename} of a {@code Content-Disposition}, reduced to its last path segment without control characters and
 * at most {@link #MAX_LENGTH} characters; else {@code attachment} with an extension from the content type.
 */
final class FileNames {

    static final int MAX_LENGTH = 255;
    static final String DEFAULT = "attachment";

    private static final Pattern SIMPLE_SUBTYPE = Pattern.compile("[a-z0-9]{1,10}");
    private static final Map<String, String> EXTENSIONS = Map.of(
            "octet-stream", "bin", "jpeg", "jpg", "plain", "txt", "svg+xml", "svg", "x-icon", "ico",
            "vnd.ms-excel", "xls", "msword", "doc",
            "vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
            "vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");

    private FileNames() {
    }

    /** The attachment's name: from {@code contentDisposition} when it names a file, else a default for the type. */
    static String of(String contentDisposition, String mediaType) {
        String name = fromDisposition(contentDisposition);
        return name != null ? name : DEFAULT + "." + extensionOf(mediaType);
    }

    /** The file name a Content-Disposition gives, cleaned, or null when it gives none (or an empty one). */
    static String fromDisposition(String contentDisposition) {
        if (contentDisposition == null) {
            return null;
        }
        Map<String, String> parameters = parameters(contentDisposition);
        String name = extended(parameters.get("filename*"));
        if (name == null) {
            name = parameters.get("filename");
        }
        return name == null ? null : clean(name);
    }

    /** The parameters after the first {@code ;} of a header value, lower-case names to values (quotes removed). */
    static Map<String, String> parameters(String header) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = header.indexOf(';');
        int n = header.length();
        while (i >= 0 && i < n) {
            i++; // past ';'
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            int eq = header.indexOf('=', i);
            int semi = header.indexOf(';', i);
            if (eq < 0 || (semi >= 0 && semi < eq)) {
                i = semi;
                continue;
            }
            String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            String value;
            if (i < n && header.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (i < n && header.charAt(i) != '"') {
                    char c = header.charAt(i);
                    // a backslash quotes the next character (RFC 9110), except before a plain one: browsers send
                    // Windows paths unescaped, C:\dir\name.pdf
                    if (c == '\\' && i + 1 < n && (header.charAt(i + 1) == '"' || header.charAt(i + 1) == '\\')) {
                        i++;
                        c = header.charAt(i);
                    }
                    quoted.append(c);
                    i++;
                }
                value = quoted.toString();
                i = header.indexOf(';', i);
            } else {
                int end = header.indexOf(';', i);
                value = header.substring(i, end < 0 ? n : end).trim();
                i = end;
            }
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    // charset'language'percent-encoded, RFC 8187; null when malformed
    private static String extended(String value) {
        if (value == null) {
            return null;
        }
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            Charset charset = Charset.forName(value.substring(0, first).trim());
            // URLDecoder would turn '+' into a space, which RFC 8187 does not
            return URLDecoder.decode(value.substring(second + 1).replace("+", "%2B"), charset);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String clean(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String last = name.substring(slash + 1);
        StringBuilder cleaned = new StringBuilder(Math.min(last.length(), MAX_LENGTH));
        last.codePoints().filter(c -> !Character.isISOControl(c))
                .forEach(c -> {
                    if (cleaned.length() < MAX_LENGTH) {
                        cleaned.appendCodePoint(c);
                    }
                });
        String result = cleaned.toString().strip();
        return result.isEmpty() || result.equals(".") || result.equals("..") ? null : result;
    }

    /** {@code pdf} for application/pdf, {@code png} for image/png, {@code bin} when the type says nothing usable. */
    static String extensionOf(String mediaType) {
        if (mediaType == null) {
            return "bin";
        }
        int slash = mediaType.indexOf('/');
        int semi = mediaType.indexOf(';');
        String sub = mediaType.substring(slash + 1, semi < 0 ? mediaType.length() : semi).trim().toLowerCase(Locale.ROOT);
        String known = EXTENSIONS.get(sub);
        if (known != null) {
            return known;
        }
        return SIMPLE_SUBTYPE.matcher(sub).matches() ? sub : "bin";
    }

    static String utf8OrLatin1(byte[] bytes, int from, int to) {
        String utf8 = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        return utf8.indexOf('\uFFFD') >= 0 ? new String(bytes, from, to - from, StandardCharsets.ISO_8859_1) : utf8;
    }
}
