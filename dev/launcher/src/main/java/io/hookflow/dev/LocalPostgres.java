package io.hookflow.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded PostgreSQL for the local platform, keeping its data between runs, and makes sure each
 * service's database exists. Usage: {@code LocalPostgres <dataDir> <port> <db>...}. Runs until stopped.
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LocalPostgres <dataDir> <port> <database>...");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        List<String> databases = List.of(args).subList(2, args.length);
        Files.createDirectories(dataDir.getParent());

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
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
