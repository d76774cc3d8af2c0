package io.hookflow.dev;

import java.util.List;

/**
 * Creates the services' databases on an existing PostgreSQL server (when {@code HOOKFLOW_DB_URL} is set).
 * Usage: {@code CreateDatabases <jdbc base url ending in /> <db>...}; credentials from the environment.
 */
public final class CreateDatabases {

    private CreateDatabases() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0].endsWith("/") ? args[0] : args[0] + "/";
        String user = System.getenv().getOrDefault("HOOKFLOW_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("HOOKFLOW_DB_PASSWORD", "postgres");
        List<String> databases = List.of(args).subList(1, args.length);
        LocalPostgres.createDatabases(base, user, password, databases);
        System.out.println("databases present: " + databases);
    }
}
