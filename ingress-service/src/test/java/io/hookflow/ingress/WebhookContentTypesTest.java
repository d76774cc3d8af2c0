package io.hookflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.testsupport.KafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every content type a webhook may carry, each read back from {@code webhook.received} as the executor sees it: XML
 * with attributes and namespaces, a PDF and a CSV as attachments whose bytes arrive intact, a multipart form, a raw
 * body for a flow with {@code rawData}; and XML bombs refused with 400 and nothing published. Requests go out with
 * {@code java.net.http}, which sends the Content-Type exactly as given (REST Assured adds a charset to some types).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
class WebhookContentTypesTest {

    private static final String NOAUTH = "c0ffee0000000000000000c1";
    private static final String BOUNDARY = "----hookflowFormBoundary1x2y3z";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static TestKafka kafka;

    @BeforeAll
    static void setUp() {
        kafka = new TestKafka();
        CredentialServiceStub.put(NOAUTH, "demo", "webhook-noauth", "{}");
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void xmlWithAttributesAndNamespacesBecomesJson() throws Exception {
        String flowId = activeFlow("{}");
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <po:order xmlns:po="urn:acme:orders" id="42">
                  <po:pet status="sold">Gromit</po:pet>
                  <tag>dog</tag><tag>clay</tag>
                </po:order>""";

        JsonNode event = accepted(flowId, "application/xml; charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));

        assertThat(event.get("body")).isEqualTo(JSON.readTree("""
                {"po:order": {"_attr": {"xmlns:po": "urn:acme:orders", "id": "42"},
                              "po:pet": {"_attr": {"status": "sold"}, "_": "Gromit"},
                              "tag": ["dog", "clay"]}}"""));
        assertThat(event.get("contentType").asText()).isEqualTo("application/xml; charset=UTF-8");
        assertThat(event.has("attachments")).isFalse();
    }

    @Test
    void xmlBombsAnswer400QuicklyAndPublishNothing() throws Exception {
        String flowId = activeFlow("{}");
        String billionLaughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                 <!ENTITY lol "lol">
                 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
                ]>
                <lolz>&lol9;</lolz>""";
        String externalEntity = """
                <?xml version="1.0"?>
                <!DOCTYPE pet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <pet><name>&secret;</name></pet>""";

        for (String bomb : new String[] {billionLaughs, externalEntity}) {
            String requestId = hex(16);
            long start = System.nanoTime();
            HttpResponse<String> answer = post(flowId, "application/xml", bomb.getBytes(StandardCharsets.UTF_8),
                    "x-request-id", requestId);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(JSON.readTree(answer.body()).get("error").asText()).contains("DOCTYPE");
            assertThat(answer.body()).doesNotContain("root:");
            assertThat(millis).as("answered in %d ms", millis).isLessThan(2000);
            assertThat(kafka.allWebhooks(requestId)).isEmpty();
        }
    }

    @Test
    void aPdfArrivesIntactAsAnAttachmentWithAnEmptyBody() throws Exception {
        String flowId = activeFlow("{}");
        byte[] pdf = pdfBytes();

        JsonNode event = accepted(flowId, "application/pdf", pdf, "Content-Disposition", "attachment; filename=\"invoice 7.pdf\"");

        assertThat(event.get("body")).isEqualTo(JSON.createObjectNode());
        assertThat(event.get("attachments")).hasSize(1);
        JsonNode file = event.get("attachments").get(0);
        assertThat(file.get("name").asText()).isEqualTo("invoice 7.pdf");
        assertThat(file.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(file.get("size").asInt()).isEqualTo(pdf.length);
        assertThat(Base64.getDecoder().decode(file.get("data").asText())).isEqualTo(pdf);
    }

    @Test
    void aCsvWithoutFileNameIsNamedAfterItsType() throws Exception {
        String flowId = activeFlow("{}");
        byte[] csv = "name,status\nGromit,sold\n".getBytes(StandardCharsets.UTF_8);

        JsonNode event = accepted(flowId, "text/csv", csv);

        assertThat(event.get("body")).isEqualTo(JSON.createObjectNode());
        assertThat(event.at("/attachments/0/name").asText()).isEqualTo("attachment.csv");
        assertThat(Base64.getDecoder().decode(event.at("/attachments/0/data").asText())).isEqualTo(csv);
    }

    @Test
    void aMultipartFormGivesFieldsAndFiles() throws Exception {
        String flowId = activeFlow("{}");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, (byte) 0xFF, '-', '-'};
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"petname\"\r\n\r\nGrömit\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\ndog\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\nclay\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"gromit.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(png);
        form.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));

        JsonNode event = accepted(flowId, "multipart/form-data; boundary=" + BOUNDARY, form.toByteArray());

        assertThat(event.get("body")).isEqualTo(JSON.readTree("{\"petname\":\"Grömit\",\"tag\":[\"dog\",\"clay\"]}"));
        assertThat(event.get("attachments")).hasSize(1);
        assertThat(event.at("/attachments/0/name").asText()).isEqualTo("gromit.png");
        assertThat(event.at("/attachments/0/contentType").asText()).isEqualTo("image/png");
        assertThat(event.at("/attachments/0/size").asInt()).isEqualTo(png.length);
        assertThat(Base64.getDecoder().decode(event.at("/attachments/0/data").asText())).isEqualTo(png);
    }

    @Test
    void aFlowWithRawDataGetsTheBodyAsText() throws Exception {
        String flowId = activeFlow("{\"rawData\":true}");
        String sent = "{ \"petname\" : \"Gromit\", \"price\": 1.50 }";

        JsonNode json = accepted(flowId, "application/json", sent.getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("body")).isEqualTo(JSON.createObjectNode().put("raw", sent).put("contentType", "application/json"));

        JsonNode xml = accepted(flowId, "text/xml", "<a x=\"1\"/>".getBytes(StandardCharsets.UTF_8));
        assertThat(xml.get("body").get("raw").asText()).isEqualTo("<a x=\"1\"/>");

        // not even well-formed: the flow asked for the body as it is
        JsonNode broken = accepted(flowId, "application/json", "{\"petname\":".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.get("body").get("raw").asText()).isEqualTo("{\"petname\":");

        byte[] pdf = pdfBytes();
        JsonNode binary = accepted(flowId, "application/pdf", pdf);
        assertThat(binary.get("body").get("encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(binary.get("body").get("raw").asText())).isEqualTo(pdf);
        assertThat(binary.has("attachments")).isFalse();
    }

    @Test
    void onlyAMissingContentTypeAnswers415() throws Exception {
        String flowId = activeFlow("{}");
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(hook(flowId))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(none.body()).get("error").asText()).contains("Content-Type");
        // one that is not a media type at all the framework refuses first, with a JSON 400
        HttpResponse<String> invalid = post(flowId, "json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).get("error").asText()).isNotBlank();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** Posts, expects 200 and answers the event as read back from webhook.received. */
    private static JsonNode accepted(String flowId, String contentType, byte[] body, String... headers) throws Exception {
        HttpResponse<String> answer = post(flowId, contentType, body, headers);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String requestId = JSON.readTree(answer.body()).get("requestId").asText();
        return JSON.readTree(kafka.awaitWebhook(requestId).value());
    }

    private static HttpResponse<String> post(String flowId, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hook(flowId)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI hook(String flowId) {
        return URI.create("http://localhost:" + RestAssured.port + "/hook/" + flowId);
    }

    /** The start and end of a PDF around every byte value, CR, LF and dashes included (under the test's 1 KiB limit). */
    private static byte[] pdfBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
        for (int b = 0; b < 256; b++) {
            out.write(b);
        }
        out.writeBytes("\r\n--\r\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static String activeFlow(String settings) {
        String flowId = hex(12);
        kafka.flowChanged(flowId, "active", 1, NOAUTH, settings);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().head("/hook/" + flowId).then().statusCode(200));
        return flowId;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
