package io.hookflow.ingress.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.ingress.WebhookBody;
import io.hookflow.ingress.WebhookContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookBodyParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookBodyParser parser = new WebhookBodyParser(JSON);

    @Test
    void carriesAJsonBodyAsItsOwnBytesWithoutSurroundingWhitespace() {
        String json = "{\"petname\":\"Gr\\u00f6mit \\\"the dog\\\"\",\"price\":12.50,\"big\":123456789012345678901234567890,"
                + "\"tiny\":1e-400,\"huge\":1E+400,\"tags\":[\"ü\",\"😀\",null,true]}";
        WebhookBody.RawJson raw = (WebhookBody.RawJson) parser.parse(WebhookBodyParser.Kind.JSON, "application/json",
                (" \r\n\t" + json + "\n ").getBytes(StandardCharsets.UTF_8));
        assertThat(new String(raw.bytes(), raw.offset(), raw.length(), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void acceptsAnyJsonValueAndSkipsAUtf8ByteOrderMark() {
        for (String json : List.of("[1,2,3]", "\"text\"", "42", "-0.0", "null", "true", "{}")) {
            assertThat(rawText(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(json);
        }
        byte[] withBom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(rawText(withBom)).isEqualTo("{\"a\":1}");
    }

    @Test
    void rejectsBodiesThatAreNotOneJsonValue() {
        for (String body : List.of("", "  \n", "{\"petname\":", "{} trailing", "{} {}", "1 2", "[1,]", "{'a':1}",
                "{\"a\":01}", "NaN", "\"tab\there\"", "{\"a\":1}}")) {
            assertThatThrownBy(() -> parse(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body)
                    .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> parse("{\"petname\":".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("The body is not valid JSON");
        assertThatThrownBy(() -> parse(new byte[0])).hasMessage("The body is empty but declared as JSON");
    }

    @Test
    void rejectsJsonThatIsNotWellFormedUtf8() {
        byte[][] malformed = {
                {(byte) 0xC0, (byte) 0x80},                           // overlong NUL
                {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},              // overlong '/'
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},              // a surrogate
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // over U+10FFFF
                {(byte) 0x80},                                        // a lone continuation byte
                {(byte) 0xC3},                                        // cut short
                {(byte) 0xFF},
        };
        for (byte[] bad : malformed) {
            byte[] body = concat(concat("{\"a\":\"".getBytes(StandardCharsets.UTF_8), bad), "\"}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> parse(body))
                    .as(Arrays.toString(bad))
                    .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
        }
    }

    @Test
    void checksUtf8ByTheUnicodeTable() {
        for (String text : List.of("plain", "é", "€", "😀", "\u07FF\u0800\uFFFF", "\uD7FF\uE000", "\uDBFF\uDFFF")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(WebhookBodyParser.isWellFormedUtf8(bytes, 0, bytes.length)).as(text).isTrue();
        }
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookBodyParser.isWellFormedUtf8(euro, 0, 2)).as("cut at the range end").isFalse();
    }

    @Test
    void rejectsJsonNestedDeeperThanTheParserAllows() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void readsUtf16JsonIntoATree() throws Exception {
        byte[] utf16 = "\uFEFF{\"petname\":\"Grömit\"}".getBytes(StandardCharsets.UTF_16BE);
        WebhookBody body = parse(utf16);
        assertThat(body).isInstanceOf(WebhookBody.Tree.class);
        assertThat(((WebhookBody.Tree) body).node()).isEqualTo(JSON.readTree("{\"petname\":\"Grömit\"}"));
    }

    @Test
    void turnsFormFieldsIntoParametersAndTextIntoAString() {
        WebhookBody form = parser.parse(WebhookBodyParser.Kind.FORM, "application/x-www-form-urlencoded",
                "petname=Gromit+Dog&tag=a&tag=b%26c&empty".getBytes(StandardCharsets.UTF_8));
        assertThat(((WebhookBody.Parameters) form).values())
                .isEqualTo(Map.of("petname", List.of("Gromit Dog"), "tag", List.of("a", "b&c"), "empty", List.of("")));
        WebhookBody text = parser.parse(WebhookBodyParser.Kind.TEXT, "text/plain; charset=ISO-8859-1",
                "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(((WebhookBody.Tree) text).node().asText()).isEqualTo("café");
    }

    @Test
    void tellsTheKindFromTheContentType() {
        assertThat(parser.kindOf("application/json")).isEqualTo(WebhookBodyParser.Kind.JSON);
        assertThat(parser.kindOf("Application/JSON; charset=UTF-8")).isEqualTo(WebhookBodyParser.Kind.JSON);
        assertThat(parser.kindOf("application/vnd.acme+json")).isEqualTo(WebhookBodyParser.Kind.JSON);
        assertThat(parser.kindOf("application/x-www-form-urlencoded; charset=UTF-8")).isEqualTo(WebhookBodyParser.Kind.FORM);
        assertThat(parser.kindOf("text/plain")).isEqualTo(WebhookBodyParser.Kind.TEXT);
        assertThat(parser.kindOf("text/html; charset=UTF-8")).isEqualTo(WebhookBodyParser.Kind.TEXT);
        for (String xml : new String[] {"application/xml", "text/xml; charset=UTF-8", "application/soap+xml", "Application/Atom+XML"}) {
            assertThat(parser.kindOf(xml)).as(xml).isEqualTo(WebhookBodyParser.Kind.XML);
        }
        assertThat(parser.kindOf("multipart/form-data; boundary=x")).isEqualTo(WebhookBodyParser.Kind.MULTIPART);
        for (String file : new String[] {"text/csv", "application/pdf", "image/png", "application/octet-stream",
                "application/zip", "multipart/mixed; boundary=x", "audio/mpeg"}) {
            assertThat(parser.kindOf(file)).as(file).isEqualTo(WebhookBodyParser.Kind.FILE);
        }
        for (String unsupported : new String[] {null, " ", "json"}) {
            assertThatThrownBy(() -> parser.kindOf(unsupported))
                    .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(415));
        }
    }

    @Test
    void aFlowWithRawDataTakesAnyTypeAsText() {
        for (String type : new String[] {"application/json", "application/xml", "text/csv", "application/pdf"}) {
            assertThat(parser.kindOf(type, true)).as(type).isEqualTo(WebhookBodyParser.Kind.RAW);
        }
        assertThatThrownBy(() -> parser.kindOf(null, true))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(415));

        WebhookContent json = parser.read(WebhookBodyParser.Kind.RAW, "application/json", null,
                "{\"a\": 1.50 }".getBytes(StandardCharsets.UTF_8));
        assertThat(((WebhookBody.Tree) json.body()).node())
                .isEqualTo(JSON.createObjectNode().put("raw", "{\"a\": 1.50 }").put("contentType", "application/json"));
        assertThat(json.attachments()).isEmpty();

        WebhookContent latin1 = parser.read(WebhookBodyParser.Kind.RAW, "text/csv; charset=ISO-8859-1", null,
                "n\u00e4me;1".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(((WebhookBody.Tree) latin1.body()).node().get("raw").asText()).isEqualTo("n\u00e4me;1");

        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xFF};
        WebhookContent png = parser.read(WebhookBodyParser.Kind.RAW, "image/png", null, binary);
        assertThat(((WebhookBody.Tree) png.body()).node()).isEqualTo(JSON.createObjectNode()
                .put("raw", Base64.getEncoder().encodeToString(binary)).put("encoding", "base64")
                .put("contentType", "image/png"));
    }

    @Test
    void makesAFileBodyOneAttachmentAndTheBodyEmpty() {
        byte[] csv = "name;status\nGromit;sold\n".getBytes(StandardCharsets.UTF_8);
        WebhookContent content = parser.read(WebhookBodyParser.Kind.FILE, "text/csv", "attachment; filename=\"pets.csv\"", csv);
        assertThat(((WebhookBody.Tree) content.body()).node()).isEqualTo(JSON.createObjectNode());
        assertThat(content.attachments()).singleElement().satisfies(file -> {
            assertThat(file.name()).isEqualTo("pets.csv");
            assertThat(file.contentType()).isEqualTo("text/csv");
            assertThat(file.size()).isEqualTo(csv.length);
            assertThat(file.bytes()).isSameAs(csv);
        });
        assertThat(parser.read(WebhookBodyParser.Kind.FILE, "application/pdf", null, new byte[0]).attachments().get(0).name())
                .isEqualTo("attachment.pdf");
    }

    @Test
    void readsXmlAndMultipartBodies() {
        WebhookContent xml = parser.read(WebhookBodyParser.Kind.XML, "text/xml", null,
                "<pet id=\"1\"><name>Gromit</name></pet>".getBytes(StandardCharsets.UTF_8));
        assertThat(((WebhookBody.Tree) xml.body()).node().at("/pet/_attr/id").asText()).isEqualTo("1");
        byte[] form = MultipartParserTest.multipart(MultipartParserTest.part("form-data; name=\"a\"", null,
                "1".getBytes(StandardCharsets.UTF_8)));
        WebhookContent multipart = parser.read(WebhookBodyParser.Kind.MULTIPART,
                "multipart/form-data; boundary=\"----hookflow7MA4YWxkTrZu0gW\"", null, form);
        assertThat(((WebhookBody.Parameters) multipart.body()).values()).isEqualTo(Map.of("a", List.of("1")));
    }

    private WebhookBody parse(byte[] body) {
        return parser.parse(WebhookBodyParser.Kind.JSON, "application/json", body);
    }

    private String rawText(byte[] body) {
        WebhookBody.RawJson raw = (WebhookBody.RawJson) parse(body);
        return new String(raw.bytes(), raw.offset(), raw.length(), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
