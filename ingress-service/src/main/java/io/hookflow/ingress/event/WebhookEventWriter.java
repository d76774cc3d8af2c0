package io.hookflow.ingress.event;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.ingress.WebhookAttachment;
import io.hookflow.ingress.WebhookBody;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link WebhookReceived} as the UTF-8 JSON of the {@code webhook.received} message, straight to bytes with a
 * streaming generator: no tree and no intermediate String. A JSON body ({@link WebhookBody.RawJson}) is copied in as
 * its own bytes, and attachments' bytes are written as base64 straight from the request's.
 */
@ApplicationScoped
public class WebhookEventWriter {

    private static final SerializableString REQUEST_ID = new SerializedString("requestId");
    private static final SerializableString FLOW_ID = new SerializedString("flowId");
    private static final SerializableString WORKSPACE = new SerializedString("workspace");
    private static final SerializableString FLOW_VERSION = new SerializedString("flowVersion");
    private static final SerializableString RECEIVED_AT = new SerializedString("receivedAt");
    private static final SerializableString METHOD = new SerializedString("method");
    private static final SerializableString PATH = new SerializedString("path");
    private static final SerializableString CONTENT_TYPE = new SerializedString("contentType");
    private static final SerializableString HEADERS = new SerializedString("headers");
    private static final SerializableString QUERY = new SerializedString("query");
    private static final SerializableString BODY = new SerializedString("body");
    private static final SerializableString ATTACHMENTS = new SerializedString("attachments");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString SIZE = new SerializedString("size");
    private static final SerializableString DATA = new SerializedString("data");

    /** A buffer per thread, kept between events unless an event made it grow past this. */
    private static final int KEPT_BUFFER_SIZE = 64 * 1024;
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public WebhookEventWriter(ObjectMapper mapper) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
    }

    /** The event's JSON, UTF-8. */
    public byte[] write(WebhookReceived event) {
        Output out = OUTPUT.get();
        out.count = 0;
        long base64 = 0;
        for (WebhookAttachment attachment : event.attachments()) {
            base64 += (attachment.length() + 2L) / 3 * 4;
        }
        if (base64 > 0) {
            // room for the files' base64 at once, rather than doubling the buffer past it
            out.ensure((int) Math.min(Integer.MAX_VALUE - 64, base64 + 4096));
        }
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(REQUEST_ID);
            g.writeString(event.requestId());
            g.writeFieldName(FLOW_ID);
            g.writeString(event.flowId());
            g.writeFieldName(WORKSPACE);
            g.writeString(event.workspace());
            g.writeFieldName(FLOW_VERSION);
            if (event.flowVersion() == null) {
                g.writeNull();
            } else {
                g.writeNumber(event.flowVersion());
            }
            g.writeFieldName(RECEIVED_AT);
            g.writeString(IsoInstants.format(event.receivedAtMillis()));
            g.writeFieldName(METHOD);
            g.writeString(event.method());
            g.writeFieldName(PATH);
            g.writeString(event.path());
            g.writeFieldName(CONTENT_TYPE);
            g.writeString(event.contentType());
            g.writeFieldName(HEADERS);
            writeHeaders(g, event);
            g.writeFieldName(QUERY);
            writeParameters(g, event.query());
            g.writeFieldName(BODY);
            WebhookBody body = event.body();
            if (body instanceof WebhookBody.RawJson raw) {
                // The generator takes an empty raw value (so that it knows a value stands here), then the body's bytes
                // go to the output directly behind what it wrote so far: copied once, whatever their size.
                g.writeRawValue("");
                g.flush();
                out.write(raw.bytes(), raw.offset(), raw.length());
            } else if (body instanceof WebhookBody.Parameters parameters) {
                writeParameters(g, parameters.values());
            } else {
                mapper.writeTree(g, ((WebhookBody.Tree) body).node());
            }
            if (!event.attachments().isEmpty()) {
                writeAttachments(g, event.attachments());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the webhook.received event", e);
        }
        byte[] json = Arrays.copyOf(out.buffer, out.count);
        if (out.buffer.length > KEPT_BUFFER_SIZE) {
            OUTPUT.remove();
        }
        return json;
    }

    // {"name","contentType","size","data"}: the bytes in standard base64 (with padding, no line breaks), written
    // straight from the body's bytes, without a String in between
    private static void writeAttachments(JsonGenerator g, List<WebhookAttachment> attachments) throws IOException {
        g.writeFieldName(ATTACHMENTS);
        g.writeStartArray();
        for (WebhookAttachment attachment : attachments) {
            g.writeStartObject();
            g.writeFieldName(NAME);
            g.writeString(attachment.name());
            g.writeFieldName(CONTENT_TYPE);
            g.writeString(attachment.contentType());
            g.writeFieldName(SIZE);
            g.writeNumber(attachment.size());
            g.writeFieldName(DATA);
            g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, attachment.bytes(), attachment.offset(), attachment.length());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeHeaders(JsonGenerator g, WebhookReceived event) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, List<String>> header : event.headers().entrySet()) {
            String name = header.getKey();
            List<String> values = header.getValue();
            if (values.isEmpty() || !event.carriesHeader(name)) {
                continue;
            }
            g.writeFieldName(name);
            g.writeString(values.size() == 1 ? values.get(0) : String.join(", ", values));
        }
        g.writeEndObject();
    }

    private static void writeParameters(JsonGenerator g, Map<String, List<String>> parameters) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            g.writeFieldName(parameter.getKey());
            List<String> values = parameter.getValue();
            if (values.size() == 1) {
                g.writeString(values.get(0));
            } else {
                g.writeStartArray();
                for (String value : values) {
                    g.writeString(value);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    /** A growable byte buffer, reused by its thread. */
    private static final class Output extends OutputStream {
        byte[] buffer = new byte[4096];
        int count;

        @Override
        public void write(int b) {
            ensure(1);
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        }

        // A write larger than the buffer (a large body) gets room for the end of the event too: doubling again for its
        // closing brace would allocate twice the body once more.
        void ensure(int more) {
            if (count + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more + 64));
            }
        }
    }

    /**
     * ISO-8601 instants as Jackson writes {@link Instant}s ({@link java.time.format.DateTimeFormatter#ISO_INSTANT}) for
     * millisecond times: {@code 2026-11-28T20:40:03.123Z}, no fraction when it is zero. The text up to the seconds
     * changes once a second, so it is kept.
     */
    static final class IsoInstants {

        private record Second(long epochSecond, String prefix) {
        }

        private static volatile Second last = new Second(Long.MIN_VALUE, "");

        private IsoInstants() {
        }

        static String format(long epochMillis) {
            long epochSecond = Math.floorDiv(epochMillis, 1000);
            int millis = (int) Math.floorMod(epochMillis, 1000);
            Second second = last;
            if (second.epochSecond != epochSecond) {
                String whole = Instant.ofEpochSecond(epochSecond).toString(); // ...T20:40:03Z
                second = new Second(epochSecond, whole.substring(0, whole.length() - 1));
                last = second;
            }
            if (millis == 0) {
                return second.prefix + 'Z';
            }
            return new StringBuilder(second.prefix.length() + 5).append(second.prefix).append('.')
                    .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10)).append('Z').toString();
        }
    }
}
