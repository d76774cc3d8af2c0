package io.hookflow.ingress.service;

import io.hookflow.ingress.WebhookAttachment;
import io.hookflow.ingress.WebhookBody;
import io.hookflow.ingress.WebhookContent;
import jakarta.ws.rs.core.Response;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578): a part whose Content-Disposition has a {@code filename} is a
 * file and becomes an attachment (its bytes a slice of the body, not a copy); any other part is a field, its text
 * (in the part's charset, else UTF-8) under its name in the body, a repeated name becoming an array. A file field
 * left empty in a browser form (no file name, no bytes) is dropped. At most {@code maxParts} parts.
 */
final class MultipartParser {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private final int maxParts;

    MultipartParser(int maxParts) {
        this.maxParts = maxParts;
    }

    /** The body's fields and files, or a 400 rejection when it is not multipart/form-data with that boundary. */
    WebhookContent parse(byte[] body, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw badRequest("A multipart/form-data body needs a boundary parameter of 1 to 70 characters in its"
                    + " Content-Type");
        }
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos;
        if (startsWith(body, 0, delimiter, 2)) {
            pos = delimiter.length - 2;
        } else {
            int first = indexOf(body, delimiter, 0);
            if (first < 0) {
                throw badRequest("The multipart body does not contain its boundary");
            }
            pos = first + delimiter.length;
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<WebhookAttachment> files = new ArrayList<>();
        int parts = 0;
        while (true) {
            if (startsWith(body, pos, new byte[] {'-', '-'}, 0)) {
                break; // the close delimiter; what follows is the epilogue
            }
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++;
            }
            if (!startsWith(body, pos, CRLF, 0)) {
                throw badRequest("The multipart body is malformed: a boundary line is not followed by a line break");
            }
            pos += 2;
            if (++parts > maxParts) {
                throw new WebhookRejection(413, RefusalReason.TOO_LARGE, "The multipart body has more than " + maxParts
                        + " parts", Map.of(), null);
            }
            int contentStart;
            String headers;
            if (startsWith(body, pos, CRLF, 0)) {
                headers = "";
                contentStart = pos + 2;
            } else {
                int end = indexOf(body, HEADERS_END, pos);
                if (end < 0) {
                    throw badRequest("The multipart body is malformed: a part's headers do not end");
                }
                headers = FileNames.utf8OrLatin1(body, pos, end);
                contentStart = end + 4;
            }
            int contentEnd = indexOf(body, delimiter, contentStart);
            if (contentEnd < 0) {
                throw badRequest("The multipart body is malformed: it does not end with its closing boundary");
            }
            part(headers, body, contentStart, contentEnd, fields, files);
            pos = contentEnd + delimiter.length;
        }
        return new WebhookContent(new WebhookBody.Parameters(fields), List.copyOf(files));
    }

    private static void part(String headers, byte[] body, int from, int to, Map<String, List<String>> fields,
                             List<WebhookAttachment> files) {
        String disposition = null;
        String contentType = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                contentType = value;
            }
        }
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw badRequest("A part of the multipart body has no Content-Disposition: form-data header");
        }
        Map<String, String> parameters = FileNames.parameters(disposition);
        String name = parameters.get("name");
        if (name == null) {
            throw badRequest("A part of the multipart body has no name");
        }
        if (parameters.containsKey("filename") || parameters.containsKey("filename*")) {
            String fileName = FileNames.fromDisposition(disposition);
            if (fileName == null && to == from) {
                return; // a file input left empty
            }
            String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
            files.add(new WebhookAttachment(fileName != null ? fileName : FileNames.of(null, type), type, body, from,
                    to - from));
            return;
        }
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(text(body, from, to, contentType));
    }

    private static String text(byte[] body, int from, int to, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        if (contentType != null) {
            String name = FileNames.parameters(contentType).get("charset");
            if (name != null) {
                try {
                    charset = Charset.forName(name.trim());
                } catch (IllegalArgumentException e) {
                    throw badRequest("A part of the multipart body names an unknown charset " + name);
                }
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badRequest("A field of the multipart body is not valid " + charset.name() + " text");
        }
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix, int prefixFrom) {
        int length = prefix.length - prefixFrom;
        if (at < 0 || at + length > body.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (body[at + i] != prefix[prefixFrom + i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] body, byte[] target, int from) {
        byte first = target[0];
        int last = body.length - target.length;
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (body[i] == first && startsWith(body, i, target, 0)) {
                return i;
            }
        }
        return -1;
    }

    private static WebhookRejection badRequest(String message) {
        return new WebhookRejection(Response.Status.BAD_REQUEST, message);
    }
}
