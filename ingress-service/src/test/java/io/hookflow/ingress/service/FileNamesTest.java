package io.hookflow.ingress.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

    @Test
    void takesTheNameFromContentDisposition() {
        assertThat(FileNames.of("attachment; filename=\"report.pdf\"", "application/pdf")).isEqualTo("report.pdf");
        assertThat(FileNames.of("attachment; filename=report.csv", "text/csv")).isEqualTo("report.csv");
        assertThat(FileNames.of("inline; filename=\"a \\\"quoted\\\" name.txt\"", "text/plain")).isEqualTo("a \"quoted\" name.txt");
        assertThat(FileNames.of("attachment; filename=\"fallback.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9+1.pdf",
                "application/pdf")).isEqualTo("résumé+1.pdf");
    }

    @Test
    void keepsOnlyTheLastPathSegmentWithoutControlCharacters() {
        assertThat(FileNames.of("attachment; filename=\"../../etc/passwd\"", "text/plain")).isEqualTo("passwd");
        assertThat(FileNames.of("attachment; filename=\"C:\\fakepath\\scan.png\"", "image/png")).isEqualTo("scan.png");
        assertThat(FileNames.of("attachment; filename=\"a\u0000b\r\n.pdf\"", "application/pdf")).isEqualTo("ab.pdf");
        assertThat(FileNames.of("attachment; filename=\"" + "x".repeat(300) + "\"", "text/plain")).hasSize(255);
    }

    @Test
    void namesAFileAfterItsTypeWhenTheSenderGaveNoName() {
        assertThat(FileNames.of(null, "application/pdf")).isEqualTo("attachment.pdf");
        assertThat(FileNames.of("attachment", "image/jpeg")).isEqualTo("attachment.jpg");
        assertThat(FileNames.of("attachment; filename=\"..\"", "text/csv; charset=UTF-8")).isEqualTo("attachment.csv");
        assertThat(FileNames.of(null, "application/octet-stream")).isEqualTo("attachment.bin");
        assertThat(FileNames.of(null, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .isEqualTo("attachment.xlsx");
        assertThat(FileNames.of(null, "application/vnd.something.odd+zip")).isEqualTo("attachment.bin");
    }
}
