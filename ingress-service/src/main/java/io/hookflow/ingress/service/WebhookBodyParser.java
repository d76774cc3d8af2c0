package io.hookflow.ingress.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a webhook body into JSON for the event: JSON as is, form fields and query parameters into an
 * object (a repeated name becomes an array), plain text into a string.
 */
@ApplicationScoped
public class WebhookBodyParser {

    /** The body kinds ingress accepts. */
    public enum Kind { JSON, FORM, TEXT }

    private final ObjectReader jsonReader;

    public WebhookBodyParser(ObjectMapper mapper) {
        this.jsonReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Which kind a POST body is, or a 415 rejection for a missing or unsupported content type. */
    public Kind kindOf(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("A POST needs a Content-Type: application/json, application/x-www-form-urlencoded or text/plain");
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw unsupported("Content-Type " + contentType + " is not a valid media type");
        }
        String main = type.getType().toLowerCase();
        String sub = type.getSubtype().toLowerCase();
        if ("application".equals(main) && ("json".equals(sub) || sub.endsWith("+json"))) {
            return Kind.JSON;
        }
        if ("application".equals(main) && "x-www-form-urlencoded".equals(sub)) {
            return Kind.FORM;
        }
        if ("text".equals(main) && "plain".equals(sub)) {
            return Kind.TEXT;
        }
        throw unsupported("Content-Type " + main + "/" + sub
                + " is not supported; use application/json, application/x-www-form-urlencoded or text/plain");
    }

    /** The body as JSON, or a 400 rejection when it does not parse as its declared kind. */
    public JsonNode parse(Kind kind, String contentType, byte[] body) {
        return switch (kind) {
            case JSON -> parseJson(body);
            case FORM -> {
                Charset charset = charsetOf(contentType);
                yield parseForm(decode(body, charset), charset);
            }
            case TEXT -> TextNode.valueOf(decode(body, charsetOf(contentType)));
        };
    }

    /** Parameters as a JSON object: one value → string, repeated → array of strings. */
    public static ObjectNode toObject(Map<String, List<String>> parameters) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        parameters.forEach((name, values) -> {
            if (values.size() == 1) {
                object.put(name, values.get(0));
            } else {
                ArrayNode array = object.putArray(name);
                values.forEach(array::add);
            }
        });
        return object;
    }

    private JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            throw badRequest("The body is empty but declared as JSON");
        }
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

    private static JsonNode parseForm(String form, Charset charset) {
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
        return toObject(fields);
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
