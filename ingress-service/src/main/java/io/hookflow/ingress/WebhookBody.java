package io.hookflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A webhook body turned into the JSON value the {@code webhook.received} event carries as {@code body}: the JSON body
 * itself (validated, as its bytes), form fields or query parameters (an object of strings; a repeated name becomes an
 * array), or a JSON tree (plain text as a string, or a JSON body that is not UTF-8).
 */
public sealed interface WebhookBody {

    /**
     * A JSON value exactly as received: {@code length} bytes of {@code bytes} from {@code offset}, checked to be one
     * JSON value in well-formed UTF-8, without surrounding whitespace or byte order mark.
     */
    record RawJson(byte[] bytes, int offset, int length) implements WebhookBody {
    }

    /** Names to their values, in arrival order: written as an object, one value as a string, several as an array. */
    record Parameters(Map<String, List<String>> values) implements WebhookBody {
    }

    /** A JSON tree. */
    record Tree(JsonNode node) implements WebhookBody {
    }
}
