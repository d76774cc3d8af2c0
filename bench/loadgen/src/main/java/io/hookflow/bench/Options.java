package io.hookflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bench/run}'s options and the durations of the short (default) and long modes.
 *
 * @param scenarios which of {@link #ALL} to run
 */
record Options(boolean longMode, Set<String> scenarios, int connections, int backlog, boolean profile,
               boolean waitQuiet, boolean skipExecutorBacklog, Path root, Path home, Path results, String kafka) {

    /** Scenario names, in the order they run. */
    static final List<String> ALL = List.of("ingress", "payload", "flows", "e2e", "steps", "backlog");
    /** The scenarios that measure ingress alone (the executor is paused meanwhile). */
    static final Set<String> INGRESS_ONLY = Set.of("ingress", "payload", "flows");

    static final String USAGE = """
            usage: bench/run [--long] [--only SCENARIO,...] [--backlog N] [--connections N] [--profile]
                             [--no-wait-quiet] [--skip-executor-backlog] [--keep-up]
              --long           the long mode (longer runs, about 30 minutes instead of about 9)
              --only LIST      some of: ingress, payload, flows, e2e, steps, backlog (default: all)
              --backlog N      events in the backlog-drain scenario (default 100,000, as the targets ask)
              --connections N  HTTP connections of the load generator (default 128)
              --profile        also record JDK Flight Recorder profiles of ingress (10,000/s) and the executor
                               (backlog drain) and summarise them in the results file
              --no-wait-quiet  do not wait before each run until other processes use under 20 % of a core
                               (by default up to 120 s per run), nor repeat ingress runs they disturbed
              --skip-executor-backlog
                               skip (never execute) events already waiting for the executor before the
                               end-to-end scenarios, e.g. left by an interrupted run; by default it waits
                               up to 2 minutes for them, then stops
              --keep-up        leave the platform running when bench/run started it""";

    static Options parse(String[] args) {
        boolean longMode = false;
        boolean profile = false;
        boolean waitQuiet = true;
        boolean skipExecutorBacklog = false;
        Set<String> scenarios = new LinkedHashSet<>(ALL);
        int connections = 128;
        Integer backlog = null;
        Path root = Path.of(System.getProperty("hookflow.root", ".")).toAbsolutePath().normalize();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--long" -> longMode = true;
                case "--profile" -> profile = true;
                case "--no-wait-quiet" -> waitQuiet = false;
                case "--skip-executor-backlog" -> skipExecutorBacklog = true;
                case "--only" -> {
                    scenarios = new LinkedHashSet<>();
                    for (String name : value(args, ++i).split(",")) {
                        if (!ALL.contains(name.trim())) {
                            throw new IllegalArgumentException("unknown scenario '" + name + "'\n" + USAGE);
                        }
                        scenarios.add(name.trim());
                    }
                }
                case "--connections" -> connections = Integer.parseInt(value(args, ++i));
                case "--backlog" -> backlog = Integer.parseInt(value(args, ++i));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        String homeEnv = System.getenv("HOOKFLOW_HOME");
        Path home = homeEnv == null || homeEnv.isBlank() ? root.resolve(".hookflow") : Path.of(homeEnv);
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : ALL) {
            if (scenarios.contains(name)) {
                ordered.add(name);
            }
        }
        return new Options(longMode, ordered, connections, backlog != null ? backlog : 100_000,
                profile, waitQuiet, skipExecutorBacklog, root, home, root.resolve("bench/results"), AdminApi.env("HOOKFLOW_KAFKA", "localhost:9092"));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value for " + args[i - 1] + "\n" + USAGE);
        }
        return args[i];
    }

    String mode() {
        return longMode ? "long" : "short";
    }

    Duration warmup() {
        return seconds(30, 60);
    }

    Duration fixedRun() {
        return seconds(8, 60);
    }

    Duration searchStep() {
        return seconds(5, 30);
    }

    Duration costRun() {
        return seconds(8, 30);
    }

    Duration e2eRun() {
        return seconds(15, 120);
    }

    Duration stepsRun() {
        return seconds(12, 60);
    }

    private Duration seconds(int shortSeconds, int longSeconds) {
        return Duration.ofSeconds(longMode ? longSeconds : shortSeconds);
    }
}
