package io.hookflow.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded PostgreSQL for the local platform, keeping its data between runs, and makes sure each
 * service's database exists. Usage: {@code LocalPostgres <binariesDir> <dataDir> <port> <db>...}: the binaries
 * are extracted under {@code binariesDir} the first time ({@link PostgresBinaries}). Runs until stopped.
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: LocalPostgres <binariesDir> <dataDir> <port> <database>...");
            System.exit(2);
        }
        Path binaries = Path.of(args[0]).toAbsolutePath();
        Path dataDir = Path.of(args[1]).toAbsolutePath();
        int port = Integer.parseInt(args[2]);
        List<String> databases = List.of(args).subList(3, args.length);

        EmbeddedPostgres postgres = start(binaries, dataDir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }));
        createDatabases("jdbc:postgresql://localhost:" + port + "/", "postgres", "postgres", databases);
        System.out.println("PostgreSQL ready on port " + port + " with databases " + databases);
        new CountDownLatch(1).await();
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDir} (created the first time, kept after),
     * from binaries under {@code binariesDir}: extracted there first if they are not, or not completely.
     */
    static EmbeddedPostgres start(Path binariesDir, Path dataDir, int port) throws IOException {
        Path binaries = PostgresBinaries.prepare(binariesDir);
        System.out.println("PostgreSQL binaries in " + binaries);
        Files.createDirectories(dataDir.getParent());
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binariesDir.toFile())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /** Creates each database that does not exist yet; used for the embedded and for an existing server. */
    static void createDatabases(String baseUrl, String user, String password, List<String> databases)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(baseUrl + "postgres", user, password)) {
            for (String database : databases) {
                if (!database.matches("[a-z_]+")) {
                    throw new IllegalArgumentException("bad database name " + database);
                }
                try (var check = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                    check.setString(1, database);
                    if (check.executeQuery().next()) {
                        continue;
                    }
                }
                try (var create = connection.createStatement()) {
                    create.execute("create database " + database);
                }
            }
        }
    }
}
