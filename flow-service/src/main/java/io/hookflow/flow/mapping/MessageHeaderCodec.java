package io.hookflow.flow.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import io.hookflow.flow.MessageHeader;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka headers as kept in a jsonb column: an array of {@code {"key": name, "value": base64 or null}} in the
 * message's order (a name may repeat). Values are base64 because they are bytes; a name PostgreSQL's text cannot
 * hold (U+0000) has that character replaced.
 */
@ApplicationScoped
public class MessageHeaderCodec {

    private static final TypeReference<List<StoredHeader>> STORED = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, String>> TEXTS = new TypeReference<>() {
    };

    private final JsonCodec json;

    public MessageHeaderCodec(JsonCodec json) {
        this.json = json;
    }

    /** One stored header. */
    record StoredHeader(String key, String value) {
    }

    public String write(List<MessageHeader> headers) {
        return json.write(headers.stream()
                .map(h -> new StoredHeader(h.key().replace('\0', '\uFFFD'),
                        h.value() == null ? null : Base64.getEncoder().encodeToString(h.value())))
                .toList());
    }

    public List<MessageHeader> read(String stored) {
        return json.read(stored, STORED).stream()
                .map(h -> new MessageHeader(h.key(), h.value() == null ? null : Base64.getDecoder().decode(h.value())))
                .toList();
    }

    /** Headers given as UTF-8 texts by name (the outbox's {@code extra_headers}), as JSON. */
    public String writeTexts(Map<String, String> headers) {
        return json.write(headers);
    }

    public Map<String, String> readTexts(String stored) {
        return json.read(stored, TEXTS);
    }
}
