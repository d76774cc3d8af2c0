package io.hookflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Starts a real, embedded PostgreSQL for a Quarkus test and points the default datasource at it. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            removeAbandonedExtractions();
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Deletes what a test JVM killed while zonky extracted PostgreSQL left behind: a {@code PG-*} directory
     * without zonky's {@code .exists} marker, which zonky fails to extract into again (it stops at the first
     * symbolic link). One that another JVM is extracting right now holds zonky's {@code epg-lock} and is left
     * alone. Best effort: on any error zonky is left to try as before.
     */
    private static void removeAbandonedExtractions() {
        Path working = Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
        try (DirectoryStream<Path> extractions = Files.newDirectoryStream(working, "PG-*")) {
            for (Path extraction : extractions) {
                if (Files.exists(extraction.resolve(".exists"))) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(extraction.resolve("epg-lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = channel.tryLock()) {
                    if (lock != null && !Files.exists(extraction.resolve(".exists"))) {
                        try (Stream<Path> paths = Files.walk(extraction)) {
                            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                                Files.deleteIfExists(path);
                            }
                        }
                    }
                }
            }
        } catch (NoSuchFileException nothingExtractedYet) {
            // A machine where zonky never ran.
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not check " + working + " for abandoned PostgreSQL extractions: " + e);
        }
    }
}
