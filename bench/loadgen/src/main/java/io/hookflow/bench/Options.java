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
               boolean waitQuiet, boolean skipExecutorBacklog, Path root, Path home, Path results, String kafka,
               Job job) {

    /**
     * Scenario names, in the order they run: {@code cold} first, because it restarts the platform, and
     * {@code memory} last, because it measures what the others left behind.
     */
    static final List<String> ALL = List.of("cold", "ingress", "payload", "flows", "e2e", "steps", "backlog", "job",
            "memory");
    /** What runs without {@code --only}: everything but {@code cold}, which restarts the platform. */
    static final List<String> DEFAULT = ALL.stream().filter(s -> !s.equals("cold")).toList();
    /** The scenarios that measure ingress alone (the executor is paused meanwhile). */
    static final Set<String> INGRESS_ONLY = Set.of("ingress", "payload", "flows");
    /** The scenarios of {@link EndToEndScenarios}. */
    static final Set<String> END_TO_END = Set.of("e2e", "steps", "backlog");
    /** The scenarios that need the executor to run webhooks (and no events queued ahead of theirs). */
    static final Set<String> EXECUTING = Set.of("e2e", "steps", "backlog", "job", "cold");

    /**
     * The settings of the whole-job scenarios ({@code job}, {@code cold}, {@code memory}); null fields take the
     * mode's defaults.
     *
     * @param seconds   each whole-job run (search step and the 2,000/s run)
     * @param firstRate the search's first rate
     * @param maxSteps  the search's steps at most
     * @param coldRate  the rate the cold-start run sends at
     * @param coldWindow each of the two windows the cold-start run counts in
     * @param idleSeconds how long the platform idles before the memory scenario reads RSS and PSS
     */
    record Job(Integer seconds, int firstRate, Integer maxSteps, int coldRate, int coldWindow, int idleSeconds) {
        static Job defaults() {
            return new Job(null, 2_000, null, 5_000, 30, 60);
        }
    }

    static final String USAGE = """
            usage: bench/run [--long] [--only SCENARIO,...] [--backlog N] [--connections N] [--profile]
                             [--no-wait-quiet] [--skip-executor-backlog] [--keep-up]
                             [--job-seconds N] [--job-rate N] [--job-steps N] [--cold-rate N] [--cold-window N]
                             [--idle N]
              --long           the long mode (longer runs, about 50 minutes instead of about 16)
              --only LIST      some of: cold, ingress, payload, flows, e2e, steps, backlog, job, memory
                               (default: all but cold). 'cold' restarts the platform ('./hookflow down',
                               then 'up'), even one you started yourself, so it runs only when named here
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
              --keep-up        leave the platform running when bench/run started it
              --job-seconds N  each whole-job run (default 15 s; 60 s in --long); the warm-up is twice as long
              --job-rate N     the whole-job search's first rate (default 2,000/s)
              --job-steps N    the whole-job search's steps at most (default 7; 12 in --long)
              --cold-rate N    the rate of the cold-start run (default 5,000/s)
              --cold-window N  the cold-start run counts pets in two windows of N s each (default 30)
              --idle N         seconds the platform idles before the memory scenario (default 60)""";

    static Options parse(String[] args) {
        boolean longMode = false;
        boolean profile = false;
        boolean waitQuiet = true;
        boolean skipExecutorBacklog = false;
        Set<String> scenarios = new LinkedHashSet<>(DEFAULT);
        Job defaults = Job.defaults();
        Integer jobSeconds = defaults.seconds();
        int jobRate = defaults.firstRate();
        Integer jobSteps = defaults.maxSteps();
        int coldRate = defaults.coldRate();
        int coldWindow = defaults.coldWindow();
        int idle = defaults.idleSeconds();
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
                case "--job-seconds" -> jobSeconds = positive(args, ++i);
                case "--job-rate" -> jobRate = positive(args, ++i);
                case "--job-steps" -> jobSteps = positive(args, ++i);
                case "--cold-rate" -> coldRate = positive(args, ++i);
                case "--cold-window" -> coldWindow = positive(args, ++i);
                case "--idle" -> idle = positive(args, ++i);
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
                profile, waitQuiet, skipExecutorBacklog, root, home, root.resolve("bench/results"), AdminApi.env("HOOKFLOW_KAFKA", "localhost:9092"),
                new Job(jobSeconds, jobRate, jobSteps, coldRate, coldWindow, idle));
    }

    private static int positive(String[] args, int i) {
        String text = value(args, i);
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(args[i - 1] + " takes a positive whole number, not '" + text + "'\n" + USAGE);
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

    /** Each whole-job run: a step of the search, and the run at 2,000/s. */
    Duration jobRun() {
        return job.seconds() != null ? Duration.ofSeconds(job.seconds()) : seconds(15, 60);
    }

    /** The whole job's warm-up, not reported. */
    Duration jobWarmup() {
        return jobRun().multipliedBy(2);
    }

    int jobMaxSteps() {
        return job.maxSteps() != null ? job.maxSteps() : longMode ? 12 : 7;
    }

    private Duration seconds(int shortSeconds, int longSeconds) {
        return Duration.ofSeconds(longMode ? longSeconds : shortSeconds);
    }
}
