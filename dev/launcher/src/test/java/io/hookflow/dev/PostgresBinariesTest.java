package io.hookflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @TempDir
    Path working;

    @Test
    void extractsACompleteExecutableDistributionOnceAndThenReusesIt() throws Exception {
        Path extraction = PostgresBinaries.prepare(working);

        assertThat(extraction.getFileName().toString()).matches("PG-[0-9a-f]{32}");
        assertThat(PostgresBinaries.isComplete(extraction)).isTrue();
        assertThat(extraction.resolve("bin/postgres")).isExecutable();
        assertThat(extraction.resolve("bin/initdb")).isExecutable();
        assertThat(extraction.resolve("lib/libpq.so")).isSymbolicLink();
        assertThat(extraction.resolve("lib/libpq.so").toRealPath()).isRegularFile();
        Object postgresFile = fileKey(extraction.resolve("bin/postgres"));

        Path again = PostgresBinaries.prepare(working);

        assertThat(again).isEqualTo(extraction);
        assertThat(fileKey(again.resolve("bin/postgres"))).as("the same file, not extracted again").isEqualTo(postgresFile);
        assertThat(LocalPostgresTest.extractions(working)).containsExactly(extraction);
    }

    @Test
    void removesEveryUnfinishedExtractionAndWhatAnInterruptedRunLeftBesideIt() throws Exception {
        Path extraction = PostgresBinaries.prepare(working);
        Path otherVersion = Files.createDirectories(working.resolve("PG-0123456789abcdef0123456789abcdef/lib"))
                .getParent();
        Path interrupted = Files.createDirectories(working.resolve(extraction.getFileName() + ".partial/bin"))
                .getParent();

        Path again = PostgresBinaries.prepare(working);

        assertThat(otherVersion).doesNotExist();
        assertThat(interrupted).doesNotExist();
        assertThat(LocalPostgresTest.extractions(working)).containsExactly(again);
    }

    private static Object fileKey(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
