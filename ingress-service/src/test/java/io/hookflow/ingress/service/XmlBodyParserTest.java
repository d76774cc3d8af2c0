package io.hookflow.ingress.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class XmlBodyParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The classic billion laughs: 10^9 "lol"s (3 GB) from under 1 KB, were the entities expanded. */
    static final String BILLION_LAUGHS = """
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

    static final String EXTERNAL_ENTITY = """
            <?xml version="1.0"?>
            <!DOCTYPE pet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <pet><name>&secret;</name></pet>""";

    private final XmlBodyParser parser = new XmlBodyParser(1000);

    @Test
    void turnsElementsAttributesAndNamespacesIntoJson() throws Exception {
        JsonNode json = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <p:order xmlns:p="urn:acme:orders" xmlns="urn:acme:default" id="42" p:channel="web">
                  <customer vip="true">Gromit</customer>
                  <item sku="a1"><name>Bone</name><qty>2</qty></item>
                  <item sku="b2"><name>Cheese &amp; crackers</name><qty>1</qty></item>
                  <note><![CDATA[<fragile>]]></note>
                  <empty/>
                  <!-- dropped -->
                </p:order>""");

        assertThat(json).isEqualTo(JSON.readTree("""
                {"p:order": {
                  "_attr": {"xmlns:p": "urn:acme:orders", "xmlns": "urn:acme:default", "id": "42", "p:channel": "web"},
                  "customer": {"_attr": {"vip": "true"}, "_": "Gromit"},
                  "item": [
                    {"_attr": {"sku": "a1"}, "name": "Bone", "qty": "2"},
                    {"_attr": {"sku": "b2"}, "name": "Cheese & crackers", "qty": "1"}],
                  "note": "<fragile>",
                  "empty": ""}}"""));
    }

    @Test
    void keepsTextAsSentAndTrimsOnlyTextBetweenChildElements() throws Exception {
        assertThat(parse("<a> spaced </a>")).isEqualTo(JSON.readTree("{\"a\":\" spaced \"}"));
        assertThat(parse("<a k=\"v\"> spaced </a>")).isEqualTo(JSON.readTree("{\"a\":{\"_attr\":{\"k\":\"v\"},\"_\":\" spaced \"}}"));
        assertThat(parse("<p>\n  Hello <b>world</b>, again\n</p>"))
                .isEqualTo(JSON.readTree("{\"p\":{\"b\":\"world\",\"_\":\"Hello , again\"}}"));
        assertThat(parse("<a>x<b/>y<b/>z</a>")).isEqualTo(JSON.readTree("{\"a\":{\"b\":[\"\",\"\"],\"_\":\"xyz\"}}"));
    }

    @Test
    void readsTheCharsetOfTheDeclarationOrTheContentType() throws Exception {
        byte[] latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><name>Grömit</name>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parser.parse(latin1, null)).isEqualTo(JSON.readTree("{\"name\":\"Grömit\"}"));
        byte[] utf8 = "<name>Grömit</name>".getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(utf8, StandardCharsets.UTF_8)).isEqualTo(JSON.readTree("{\"name\":\"Grömit\"}"));
    }

    @Test
    void refusesTheBillionLaughsQuicklyWithoutExpandingAnything() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                assertThatThrownBy(() -> parse(BILLION_LAUGHS))
                        .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400))
                        .hasMessageContaining("DOCTYPE"));
    }

    @Test
    void refusesExternalEntitiesAndAnyDoctype() {
        assertThatThrownBy(() -> parse(EXTERNAL_ENTITY))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400))
                .hasMessageContaining("DOCTYPE")
                .message().doesNotContain("root:");
        assertThatThrownBy(() -> parse("<!DOCTYPE a SYSTEM \"http://127.0.0.1:1/a.dtd\"><a/>"))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThatThrownBy(() -> parse("<!DOCTYPE a><a/>"))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
        // an entity that no DTD declares
        assertThatThrownBy(() -> parse("<a>&undeclared;</a>"))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void refusesMalformedXml() {
        for (String bad : new String[] {"", "not xml", "<a>", "<a></b>", "<a/><b/>", "<a x=1/>", "<a>\u0000</a>"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad)
                    .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
        }
    }

    @Test
    void boundsNestingSoThatTheJsonStaysWithinJacksonsDepth() throws Exception {
        String deepest = "<a>".repeat(XmlBodyParser.MAX_DEPTH) + "</a>".repeat(XmlBodyParser.MAX_DEPTH);
        JsonNode json = new XmlBodyParser(10_000).parse(deepest.getBytes(StandardCharsets.UTF_8), null);
        // The most levels an element can take: an array for a repeated name at every level, attributes at the bottom.
        // The event that carries it ({"body": ...}, one level) still reads back with Jackson's default 1,000.
        int open = XmlBodyParser.MAX_DEPTH - 1;
        String worst = "<a>".repeat(open) + "<a k=\"v\"/>" + "<a/></a>".repeat(open);
        JsonNode worstJson = new XmlBodyParser(10_000).parse(worst.getBytes(StandardCharsets.UTF_8), null);
        assertThat(JSON.readTree("{\"body\":" + JSON.writeValueAsString(worstJson) + "}")).isNotNull();
        assertThat(json.isObject()).isTrue();

        String tooDeep = "<a>".repeat(XmlBodyParser.MAX_DEPTH + 1) + "</a>".repeat(XmlBodyParser.MAX_DEPTH + 1);
        assertThatThrownBy(() -> new XmlBodyParser(10_000).parse(tooDeep.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400))
                .hasMessageContaining("deep");
    }

    @Test
    void boundsTheElementsAndAttributesTaken() {
        String many = "<r>" + "<i/>".repeat(999) + "</r>";
        assertThat(parser.parse(many.getBytes(StandardCharsets.UTF_8), null).get("r").get("i").size()).isEqualTo(999);
        String tooMany = "<r a=\"1\">" + "<i/>".repeat(999) + "</r>";
        assertThatThrownBy(() -> parser.parse(tooMany.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(413));
    }

    private JsonNode parse(String xml) {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8), null);
    }
}
