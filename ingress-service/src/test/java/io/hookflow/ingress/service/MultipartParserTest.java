package io.hookflow.ingress.service;

import io.hookflow.ingress.WebhookAttachment;
import io.hookflow.ingress.WebhookBody;
import io.hookflow.ingress.WebhookContent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartParserTest {

    private static final String BOUNDARY = "----hookflow7MA4YWxkTrZu0gW";

    private final MultipartParser parser = new MultipartParser(10);

    @Test
    void turnsFieldsIntoParametersAndFilesIntoAttachments() {
        byte[] pdf = pdfBytes();
        byte[] body = multipart(
                part("form-data; name=\"petname\"", null, "Gromit".getBytes(StandardCharsets.UTF_8)),
                part("form-data; name=\"tag\"", null, "dog".getBytes(StandardCharsets.UTF_8)),
                part("form-data; name=\"tag\"", "text/plain; charset=ISO-8859-1", "gr\u00f6\u00df".getBytes(StandardCharsets.ISO_8859_1)),
                part("form-data; name=\"doc\"; filename=\"C:\\\\scans\\\\report.pdf\"", "application/pdf", pdf),
                part("form-data; name=\"nothing\"; filename=\"\"", "application/octet-stream", new byte[0]));

        WebhookContent content = parser.parse(body, BOUNDARY);

        assertThat(((WebhookBody.Parameters) content.body()).values())
                .isEqualTo(Map.of("petname", List.of("Gromit"), "tag", List.of("dog", "gr\u00f6\u00df")));
        assertThat(content.attachments()).hasSize(1);
        WebhookAttachment file = content.attachments().get(0);
        assertThat(file.name()).isEqualTo("report.pdf");
        assertThat(file.contentType()).isEqualTo("application/pdf");
        assertThat(file.size()).isEqualTo(pdf.length);
        assertThat(Arrays.copyOfRange(file.bytes(), file.offset(), file.offset() + file.length())).isEqualTo(pdf);
    }

    @Test
    void namesAFileWithoutNameAfterItsType() {
        byte[] body = multipart(part("form-data; name=\"f\"; filename=\"\"", "image/png", new byte[] {1, 2, 3}));
        WebhookAttachment file = parser.parse(body, BOUNDARY).attachments().get(0);
        assertThat(file.name()).isEqualTo("attachment.png");
        assertThat(file.size()).isEqualTo(3);
    }

    @Test
    void takesAPreambleAndAnEpilogue() {
        byte[] parts = multipart(part("form-data; name=\"a\"", null, "1".getBytes(StandardCharsets.UTF_8)));
        byte[] body = concat(concat("preamble\r\n".getBytes(StandardCharsets.UTF_8), parts),
                "epilogue".getBytes(StandardCharsets.UTF_8));
        assertThat(((WebhookBody.Parameters) parser.parse(body, BOUNDARY).body()).values())
                .isEqualTo(Map.of("a", List.of("1")));
    }

    @Test
    void refusesBodiesThatAreNotMultipartWithTheirBoundary() {
        byte[] good = multipart(part("form-data; name=\"a\"", null, "1".getBytes(StandardCharsets.UTF_8)));
        String unclosed = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1";
        String noName = "--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\n1\r\n--" + BOUNDARY + "--";
        String noDisposition = "--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\n1\r\n--" + BOUNDARY + "--";
        String notUtf8 = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n";
        byte[] badText = concat(concat(notUtf8.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3}),
                ("\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.UTF_8));
        for (byte[] bad : List.of(good, unclosed.getBytes(StandardCharsets.UTF_8), noName.getBytes(StandardCharsets.UTF_8),
                noDisposition.getBytes(StandardCharsets.UTF_8), badText, "just text".getBytes(StandardCharsets.UTF_8))) {
            String boundary = bad == good ? "other" : BOUNDARY;
            assertThatThrownBy(() -> parser.parse(bad, boundary)).as(new String(bad, StandardCharsets.ISO_8859_1))
                    .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> parser.parse(good, null))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void boundsTheParts() {
        byte[][] parts = new byte[11][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = part("form-data; name=\"f" + i + "\"", null, new byte[0]);
        }
        assertThatThrownBy(() -> parser.parse(multipart(parts), BOUNDARY))
                .isInstanceOfSatisfying(WebhookRejection.class, r -> assertThat(r.status()).isEqualTo(413));
    }

    /** Bytes a PDF starts and ends with, and every byte value between, CR LF and dashes included. */
    static byte[] pdfBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
        for (int b = 0; b < 256; b++) {
            out.write(b);
        }
        out.writeBytes("\r\n--\r\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static byte[] part(String disposition, String contentType, byte[] content) {
        String headers = "Content-Disposition: " + disposition + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n";
        return concat(headers.getBytes(StandardCharsets.UTF_8), content);
    }

    static byte[] multipart(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
