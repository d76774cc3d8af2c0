package io.hookflow.ingress.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookflow.ingress.WebhookAttachment;
import io.hookflow.ingress.WebhookBody;
import io.hookflow.ingress.WebhookContent;
import io.hookflow.ingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a webhook body into the JSON value of the event's {@code body} and the files it carried: a JSON body is
 * checked with a streaming parse and then carried as its own bytes (no tree is built and nothing is re-encoded, so
 * numbers and strings stay exactly as sent); form fields and query parameters become an object (a repeated name
 * becomes an array), plain text a string, XML a JSON tree ({@link XmlBodyParser}), multipart form data fields and
 * attachments ({@link MultipartParser}); any other type (CSV, PDF, images, octet-stream...) is one attachment with the
 * body {@code {}}. A flow with {@code settings.rawData} gets every body as text instead ({@link Kind#RAW}).
 */
@ApplicationScoped
public class WebhookBodyParser {

    private static final String APPLICATION_JSON = "application/json";
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    /** Most elements and attributes of an XML body, or parts of a multipart one, unless configured. */
    static final int DEFAULT_MAX_BODY_NODES = 100_000;

    /** The body kinds ingress accepts. */
    public enum Kind {
        JSON, FORM, TEXT, XML, MULTIPART,
        /** Any other type: the body is one attachment. */
        FILE,
        /** The flow passes bodies through as text ({@code settings.rawData}), whatever their type. */
        RAW
    }

    private final JsonFactory jsonFactory;
    private final ObjectReader jsonReader;
    private final XmlBodyParser xml;
    private final MultipartParser multipart;

    @Inject
    public WebhookBodyParser(ObjectMapper mapper, IngressConfig config) {
        this(mapper, config.maxBodyNodes());
    }

    public WebhookBodyParser(ObjectMapper mapper) {
        this(mapper, DEFAULT_MAX_BODY_NODES);
    }

    WebhookBodyParser(ObjectMapper mapper, int maxBodyNodes) {
        this.jsonFactory = mapper.getFactory();
        this.jsonReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.xml = new XmlBodyParser(maxBodyNodes);
        this.multipart = new MultipartParser(maxBodyNodes);
    }

    /** Which kind a POST body is, or a 415 rejection for a missing or invalid content type. */
    public Kind kindOf(String contentType) {
        return kindOf(contentType, false);
    }

    /**
     * Which kind a POST body is ({@link Kind#RAW} for a flow with {@code rawData}), or a 415 rejection for a missing or
     * invalid content type.
     */
    public Kind kindOf(String contentType, boolean rawData) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("A POST needs a Content-Type, e.g. application/json");
        }
        // The common cases without parsing the media type.
        if (!rawData && (APPLICATION_JSON.equalsIgnoreCase(contentType) || JSON_UTF8.equalsIgnoreCase(contentType))) {
            return Kind.JSON;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw unsupported("Content-Type " + contentType + " is not a valid media type");
        }
        if (rawData) {
            return Kind.RAW;
        }
        String main = type.getType().toLowerCase(Locale.ROOT);
        String sub = type.getSubtype().toLowerCase(Locale.ROOT);
        if ("application".equals(main) && ("json".equals(sub) || sub.endsWith("+json"))) {
            return Kind.JSON;
        }
        if ("application".equals(main) && "x-www-form-urlencoded".equals(sub)) {
            return Kind.FORM;
        }
        if ("multipart".equals(main) && "form-data".equals(sub)) {
            return Kind.MULTIPART;
        }
        if (("application".equals(main) || "text".equals(main)) && ("xml".equals(sub) || sub.endsWith("+xml"))) {
            return Kind.XML;
        }
        if ("text".equals(main) && !"csv".equals(sub)) {
            return Kind.TEXT;
        }
        return Kind.FILE;
    }

    /**
     * The body as the event's {@code body} and attachments, or a 400 rejection when it does not parse as its declared
     * kind (413 for an XML or multipart body with too many parts). {@code contentDisposition} names a file body.
     */
    public WebhookContent read(Kind kind, String contentType, String contentDisposition, byte[] body) {
        return switch (kind) {
            case XML -> WebhookContent.of(new WebhookBody.Tree(xml.parse(body, declaredCharsetOf(contentType))));
            case MULTIPART -> multipart.parse(body, MediaType.valueOf(contentType).getParameters().get("boundary"));
            case FILE -> new WebhookContent(new WebhookBody.Tree(JsonNodeFactory.instance.objectNode()), List.of(
                    new WebhookAttachment(FileNames.of(contentDisposition, contentType), contentType, body, 0,
                            body.length)));
            case RAW -> WebhookContent.of(new WebhookBody.Tree(raw(contentType, body)));
            default -> WebhookContent.of(parse(kind, contentType, body));
        };
    }

    // {"raw": text, "contentType": ...}; a body that is not text in its charset (UTF-8 unless declared) is given in
    // base64 with "encoding": "base64", so that any body passes
    private static JsonNode raw(String contentType, byte[] body) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        Charset charset = declaredCharsetOf(contentType);
        try {
            raw.put("raw", decode(body, charset == null ? StandardCharsets.UTF_8 : charset));
        } catch (WebhookRejection notText) {
            raw.put("raw", Base64.getEncoder().encodeToString(body));
            raw.put("encoding", "base64");
        }
        raw.put("contentType", contentType);
        return raw;
    }

    // The Content-Type's charset, null when it names none; 415 for one the JVM does not know.
    private static Charset declaredCharsetOf(String contentType) {
        String name = MediaType.valueOf(contentType).getParameters().get(MediaType.CHARSET_PARAMETER);
        return name == null ? null : charsetOf(contentType);
    }

    /** The JSON, form or text body as the event's JSON value, or a 400 rejection when it does not parse as such. */
    public WebhookBody parse(Kind kind, String contentType, byte[] body) {
        return switch (kind) {
            case JSON -> parseJson(body);
            case FORM -> {
                Charset charset = charsetOf(contentType);
                yield parseForm(decode(body, charset), charset);
            }
            case TEXT -> new WebhookBody.Tree(TextNode.valueOf(decode(body, charsetOf(contentType))));
            default -> throw new IllegalArgumentException(kind + " bodies are read with read()");
        };
    }

    private WebhookBody parseJson(byte[] body) {
        if (!detectedAsUtf8(body)) {
            // UTF-16 or UTF-32 (the parser detects them as RFC 4627 allowed): parsed into a tree, written as UTF-8.
            return new WebhookBody.Tree(parseTree(body));
        }
        int start = hasUtf8ByteOrderMark(body) ? 3 : 0;
        int end = body.length;
        while (start < end && isJsonWhitespace(body[start])) {
            start++;
        }
        while (end > start && isJsonWhitespace(body[end - 1])) {
            end--;
        }
        if (start == end) {
            throw badRequest("The body is empty but declared as JSON");
        }
        if (!isWellFormedUtf8(body, start, end)) {
            throw badRequest("The body is not valid JSON: it is not well-formed UTF-8");
        }
        try (JsonParser parser = jsonFactory.createParser(body, start, end - start)) {
            parser.nextToken();
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw badRequest("The body is not valid JSON: more content follows the first value");
            }
        } catch (JsonProcessingException e) {
            throw badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badRequest("The body is not valid JSON");
        }
        return new WebhookBody.RawJson(body, start, end - start);
    }

    private JsonNode parseTree(byte[] body) {
        try {
            JsonNode node = jsonReader.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw badRequest("The body is empty but declared as JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badRequest("The body is not valid JSON");
        }
    }

    // What Jackson's encoding detection takes for UTF-8: no byte order mark of UTF-16/32 and no zero byte among the
    // first four (JSON text starts with ASCII, so UTF-16/32 has zero bytes there). Neither occurs in UTF-8 JSON.
    private static boolean detectedAsUtf8(byte[] body) {
        if (body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            return false;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasUtf8ByteOrderMark(byte[] body) {
        return body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /**
     * Whether the bytes are well-formed UTF-8 (Unicode table 3-7: no overlong forms, surrogates or code points over
     * U+10FFFF). The parser alone is more lenient, and consumers decode the event strictly: a body carried as its bytes
     * must read the same everywhere.
     */
    static boolean isWellFormedUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c >= 0xC2 && c <= 0xDF) {
                if (i + 1 >= to || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                if (i + 2 >= to) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                int low = c == 0xE0 ? 0xA0 : 0x80;
                int high = c == 0xED ? 0x9F : 0xBF;
                if (c1 < low || c1 > high || !continuation(b[i + 2])) {
                    return false;
                }
                i += 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                if (i + 3 >= to) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                int low = c == 0xF0 ? 0x90 : 0x80;
                int high = c == 0xF4 ? 0x8F : 0xBF;
                if (c1 < low || c1 > high || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static WebhookBody parseForm(String form, Charset charset) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (!form.isEmpty()) {
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = formDecode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1), charset);
                fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new WebhookBody.Parameters(fields);
    }
    private static String formDecode(String s, Charset charset) {
        try {
            return URLDecoder.decode(s, charset);
        } catch (IllegalArgumentException e) {
            throw badRequest("The form body is not valid application/x-www-form-urlencoded");
        }
    }

    private static Charset charsetOf(String contentType) {
        String name = MediaType.valueOf(contentType).getParameters().get(MediaType.CHARSET_PARAMETER);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.replace("\"", "").trim());
        } catch (IllegalArgumentException e) {
            throw unsupported("Charset " + name + " is not supported");
        }
    }

    private static String decode(byte[] body, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badRequest("The body is not valid " + charset.name() + " text");
        }
    }

    private static WebhookRejection unsupported(String message) {
        return new WebhookRejection(Response.Status.UNSUPPORTED_MEDIA_TYPE, message);
    }

    private static WebhookRejection badRequest(String message) {
        return new WebhookRejection(Response.Status.BAD_REQUEST, message);
    }
}
