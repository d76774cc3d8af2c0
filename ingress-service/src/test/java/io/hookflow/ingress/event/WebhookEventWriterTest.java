package io.hookflow.ingress.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookflow.ingress.WebhookAttachment;
import io.hookflow.ingress.WebhookBody;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookEventWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECEIVED_AT = Instant.parse("2026-11-28T20:40:03.123Z").toEpochMilli();

    private final WebhookEventWriter writer = new WebhookEventWriter(JSON);

    @Test
    void writesEveryFieldOfTheEvent() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        headers.put("user-agent", List.of("curl/7.88.1"));
        headers.put("accept", List.of("text/plain", "application/json"));
        byte[] body = "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}".getBytes(StandardCharsets.UTF_8);

        JsonNode event = JSON.readTree(writer.write(new WebhookReceived("0f8e0f8e0f8e0f8e0f8e0f8e0f8e0f8e",
                "65a1f0c2b7e4d3a2f1e0c9b8", "demo", 1, RECEIVED_AT, "POST", "orders/42", "application/json", headers,
                Set.of(), Map.of("page", List.of("1"), "tag", List.of("a", "b")),
                new WebhookBody.RawJson(body, 0, body.length))));

        assertThat(event).isEqualTo(JSON.readTree("""
                {"requestId":"0f8e0f8e0f8e0f8e0f8e0f8e0f8e0f8e","flowId":"65a1f0c2b7e4d3a2f1e0c9b8","workspace":"demo",
                 "flowVersion":1,"receivedAt":"2026-11-28T20:40:03.123Z","method":"POST","path":"orders/42",
                 "contentType":"application/json",
                 "headers":{"content-type":"application/json","user-agent":"curl/7.88.1","accept":"text/plain, application/json"},
                 "query":{"page":"1","tag":["a","b"]},"body":{"petname":"Gromit","petstatus":"Sold"}}"""));
    }

    @Test
    void leavesOutCredentialAndSensitiveHeaders() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : List.of("authorization", "proxy-authorization", "cookie", "x-api-key", "x-eio-signature",
                "webhook-signature", "x-custom")) {
            headers.put(name, List.of("value of " + name));
        }
        byte[] json = writer.write(new WebhookReceived("id", "flow", "demo", 1, RECEIVED_AT, "POST", "",
                "application/json", headers, Set.of("x-api-key", "x-eio-signature", "webhook-signature"), Map.of(),
                new WebhookBody.Tree(TextNode.valueOf("x"))));

        assertThat(JSON.readTree(json).get("headers")).isEqualTo(JSON.readTree("{\"x-custom\":\"value of x-custom\"}"));
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("value of authorization", "value of cookie",
                "value of x-api-key");
    }

    @Test
    void carriesAJsonBodyByteForByteWhateverItsUnicodeEscapesAndNumbers() throws Exception {
        String body = "{\"name\":\"Gr\\u00f6mit \\\"the\\\" d\\/og\",\"emoji\":\"😀 ü €\",\"price\":12.50,"
                + "\"big\":123456789012345678901234567890,\"precise\":0.1000000000000000055511151231257827,"
                + "\"exp\":1E+2,\"negZero\":-0.0,\"nested\":[{\"a\":[]},{}]}";
        byte[] padded = ("  " + body + "  ").getBytes(StandardCharsets.UTF_8);
        byte[] exact = body.getBytes(StandardCharsets.UTF_8);

        byte[] json = writer.write(event("POST", "application/json", new WebhookBody.RawJson(padded, 2, exact.length)));

        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\"body\":" + body + "}");
        JsonNode parsed = JSON.readTree(json).get("body");
        assertThat(parsed).isEqualTo(JSON.readTree(exact));
        assertThat(parsed.get("name").asText()).isEqualTo("Grömit \"the\" d/og");
        assertThat(parsed.get("emoji").asText()).isEqualTo("😀 ü €");
        assertThat(parsed.get("price").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(parsed.get("big").bigIntegerValue()).hasToString("123456789012345678901234567890");
    }

    @Test
    void writesBodiesLargerThanItsBuffers() throws Exception {
        String big = "{\"data\":\"" + "x".repeat(200_000) + "\"}";
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            JsonNode event = JSON.readTree(writer.write(event("POST", "application/json",
                    new WebhookBody.RawJson(bytes, 0, bytes.length))));
            assertThat(event.get("body").get("data").asText()).hasSize(200_000);
        }
    }

    @Test
    void writesParametersAsTheBodyOfAGetWithoutContentType() throws Exception {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("petname", List.of("Grömit"));
        query.put("tag", List.of("a", "b"));
        query.put("none", List.of());
        JsonNode event = JSON.readTree(writer.write(new WebhookReceived("id", "flow", null, null, RECEIVED_AT, "GET",
                "", null, Map.of(), Set.of(), query, new WebhookBody.Parameters(query))));

        JsonNode expected = JSON.readTree("{\"petname\":\"Grömit\",\"tag\":[\"a\",\"b\"],\"none\":[]}");
        assertThat(event.get("body")).isEqualTo(expected);
        assertThat(event.get("query")).isEqualTo(expected);
        assertThat(event.get("contentType").isNull()).isTrue();
        assertThat(event.get("workspace").isNull()).isTrue();
        assertThat(event.get("flowVersion").isNull()).isTrue();
    }

    @Test
    void writesReceivedAtAsJacksonWritesAnInstant() throws Exception {
        for (String instant : List.of("2026-11-28T20:40:03.123Z", "2026-11-28T20:40:03Z", "2026-11-28T20:40:03.100Z",
                "2026-11-28T20:40:03.010Z", "2026-11-28T20:40:03.001Z", "1969-12-31T23:59:59.999Z", "2027-01-01T00:00:00Z")) {
            long millis = Instant.parse(instant).toEpochMilli();
            JsonNode event = JSON.readTree(writer.write(new WebhookReceived("id", "flow", "demo", 1, millis, "POST", "",
                    "text/plain", Map.of(), Set.of(), Map.of(), new WebhookBody.Tree(TextNode.valueOf("x")))));
            assertThat(event.get("receivedAt").asText())
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis)))
                    .isEqualTo(instant);
        }
    }

    @Test
    void writesAttachmentsAfterTheBodyWithTheirBytesInBase64() throws Exception {
        byte[] request = new byte[300];
        for (int i = 0; i < request.length; i++) {
            request[i] = (byte) i;
        }
        List<WebhookAttachment> files = List.of(
                new WebhookAttachment("scan.pdf", "application/pdf", request, 10, 257),
                new WebhookAttachment("empty.bin", "application/octet-stream", request, 0, 0));

        JsonNode event = JSON.readTree(writer.write(new WebhookReceived("id", "flow", "demo", 1, RECEIVED_AT, "POST", "",
                "multipart/form-data; boundary=x", Map.of(), Set.of(), Map.of(),
                new WebhookBody.Tree(JSON.createObjectNode()), files)));

        assertThat(event.get("body")).isEqualTo(JSON.createObjectNode());
        assertThat(event.get("attachments")).hasSize(2);
        JsonNode scan = event.get("attachments").get(0);
        assertThat(scan.get("name").asText()).isEqualTo("scan.pdf");
        assertThat(scan.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(scan.get("size").asInt()).isEqualTo(257);
        assertThat(Base64.getDecoder().decode(scan.get("data").asText())).isEqualTo(Arrays.copyOfRange(request, 10, 267));
        assertThat(event.at("/attachments/1/data").asText()).isEmpty();
        assertThat(event.at("/attachments/1/size").asInt()).isZero();
    }

    @Test
    void writesNoAttachmentsFieldWithoutFiles() throws Exception {
        JsonNode event = JSON.readTree(writer.write(event("POST", "text/plain", new WebhookBody.Tree(TextNode.valueOf("x")))));
        assertThat(event.has("attachments")).isFalse();
    }

    private static WebhookReceived event(String method, String contentType, WebhookBody body) {
        return new WebhookReceived("id", "flow", "demo", 1, RECEIVED_AT, method, "", contentType, Map.of(), Set.of(),
                Map.of(), body);
    }
}
