package io.hookflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./hookflow up} does with PostgreSQL on a machine where nothing was extracted before, and after a
 * first run that died while extracting. Runs with the launcher's heap ({@code -Xmx64m}, see the pom).
 */
class LocalPostgresTest {

    @TempDir
    Path dir;

    @Test
    void startsOnAMachineWhereNothingWasExtractedWithTheLaunchersHeap() throws Exception {
        Path binaries = dir.resolve("embedded-pg");

        try (EmbeddedPostgres postgres = LocalPostgres.start(binaries, dir.resolve("data"), freePort())) {
            LocalPostgres.createDatabases("jdbc:postgresql://localhost:" + postgres.getPort() + "/", "postgres",
                    "postgres", List.of("flow"));
            assertThat(selectOne(postgres.getPort(), "flow")).isEqualTo(1);
        }
        // Zonky used our extraction rather than making one of its own.
        assertThat(extractions(binaries)).hasSize(1).allMatch(PostgresBinaries::isComplete);
    }

    @Test
    void startsAfterAnExtractionDiedHalfway() throws Exception {
        Path binaries = dir.resolve("embedded-pg");
        Path extraction = PostgresBinaries.prepare(binaries);
        leaveHalfExtracted(extraction);

        try (EmbeddedPostgres postgres = LocalPostgres.start(binaries, dir.resolve("data"), freePort())) {
            assertThat(selectOne(postgres.getPort(), "postgres")).isEqualTo(1);
        }
        assertThat(extractions(binaries)).containsExactly(extraction);
        assertThat(extraction.resolve("lib/libpq.so").toRealPath()).isRegularFile();
    }

    /**
     * What an extraction that died leaves (the OutOfMemoryError of issue 9): no completion marker, symbolic links
     * whose targets were never written. Zonky, asked to extract there again, fails on the first such link.
     */
    static void leaveHalfExtracted(Path extraction) throws IOException {
        Files.delete(extraction.resolve(PostgresBinaries.COMPLETE_MARKER));
        try (Stream<Path> lib = Files.list(extraction.resolve("lib"))) {
            for (Path file : lib.filter(path -> Files.isRegularFile(path) && !Files.isSymbolicLink(path)).toList()) {
                Files.delete(file);
            }
        }
        Path link = extraction.resolve("lib/libpq.so");
        assertThat(link).isSymbolicLink();
        assertThat(Files.exists(link)).as("the target of " + link + " exists").isFalse();
    }

    static List<Path> extractions(Path binaries) throws IOException {
        try (Stream<Path> entries = Files.list(binaries)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("PG-")).toList();
        }
    }

    private static int selectOne(int port, String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/" + database, "postgres", "postgres");
             ResultSet result = connection.createStatement().executeQuery("select 1")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
