package io.hookflow.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run}: drives the running local platform with the scenarios of bench/README.md, prints a
 * table per scenario and writes them all to {@code bench/results/<time>-<mode>.md}.
 */
public final class Bench {

    final Options options;
    final Platform platform;
    /** Replaced by a new client when the {@code cold} scenario has restarted the platform. */
    AdminApi admin;
    final KafkaTools kafka;
    final OpenLoopLoad load;
    final Fixtures fixtures;
    private final List<Table> tables = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String loadAverageAtStart;
    private static final String EXECUTOR = "executor-service";
    private long quietWaitNanos;
    static final double QUIET_CPU_PERCENT = 20;
    static final Duration QUIET_MAX_WAIT = Duration.ofSeconds(120);
    /** Each part's CPU use at rest, in cores, measured over 10 s before the scenarios. */
    final Map<String, Double> idleCores = new java.util.HashMap<>();

    private Bench(Options options) {
        this.options = options;
        this.platform = new Platform(options.home());
        AdminApi.Endpoints endpoints = AdminApi.Endpoints.fromEnvironment();
        this.admin = new AdminApi(endpoints);
        URI ingress = URI.create(endpoints.ingress());
        this.load = new OpenLoopLoad(ingress.getHost(), ingress.getPort(), options.connections());
        this.kafka = new KafkaTools(options.kafka(), options.home());
        System.out.println("setting up the bench credentials and flows");
        this.fixtures = new Fixtures(admin);
    }

    /** Vert.x logs each reset connection; the generator counts them as errors instead. */
    private static final java.util.logging.Logger VERTX_LOG = java.util.logging.Logger.getLogger("io.vertx");

    public static void main(String[] args) {
        VERTX_LOG.setLevel(java.util.logging.Level.OFF);
        // bench/run checks the options first ("--validate ..."), before it starts the platform
        boolean validateOnly = args.length > 0 && args[0].equals("--validate");
        Options options;
        try {
            options = Options.parse(validateOnly ? java.util.Arrays.copyOfRange(args, 1, args.length) : args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (validateOnly) {
            return;
        }
        int status = 0;
        Bench bench = null;
        try {
            bench = new Bench(options);
            bench.run();
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        } finally {
            if (bench != null) {
                bench.load.close();
                bench.kafka.close();
            }
        }
        System.exit(status);
    }

    private void run() {
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        loadAverageAtStart = Machine.loadAverage();
        List<String> missing = Platform.PARTS.stream().filter(p -> !platform.running(p)).toList();
        if (!missing.isEmpty()) {
            note("Not running (no live pid in " + options.home().resolve("run") + "): " + String.join(", ", missing)
                    + "; their CPU and memory are not reported.");
        }
        handleWaitingEvents();
        System.out.println("measuring the platform at rest (10 s)");
        Platform.Snapshot rest = platform.snapshot(true);
        sleep(Duration.ofSeconds(10));
        for (Platform.Usage u : Platform.between(rest, platform.snapshot())) {
            idleCores.put(u.part(), u.cpuPercent() / 100);
        }
        memoryAtRest("Memory and CPU at rest, before the benchmark", rest);

        try {
            IngressScenarios ingress = new IngressScenarios(this);
            EndToEndScenarios e2e = new EndToEndScenarios(this);
            JobScenarios job = new JobScenarios(this, e2e);
            List<String> ran = new ArrayList<>();
            if (options.scenarios().contains("cold")) {
                job.cold();
                ran.add("cold");
            }
            if (options.scenarios().stream().anyMatch(Options.INGRESS_ONLY::contains)) {
                ingress.runAll();
                options.scenarios().stream().filter(Options.INGRESS_ONLY::contains).forEach(ran::add);
            }
            if (options.scenarios().stream().anyMatch(Options.END_TO_END::contains)) {
                e2e.runAll();
                options.scenarios().stream().filter(Options.END_TO_END::contains).forEach(ran::add);
            }
            if (options.scenarios().contains("job")) {
                job.job();
                ran.add("job");
            }
            if (options.scenarios().contains("memory")) {
                idleCores.clear();
                job.memory(ran);
            } else {
                System.out.println("\nletting the platform settle for 15 s, then measuring memory at rest again");
                sleep(Duration.ofSeconds(15));
                idleCores.clear();
                memoryAtRest("Memory at rest, after the benchmark", platform.snapshot(true));
            }
        } catch (RuntimeException e) {
            note("The benchmark stopped early: " + e.getMessage());
            throw e;
        } finally {
            write(started);
        }
    }

    /**
     * Events already waiting for the executor (e.g. left by an interrupted run) keep the platform busy and
     * would queue ahead of every end-to-end webhook: skip them with {@code --skip-executor-backlog}, else wait
     * up to 2 minutes for them, then stop if an end-to-end scenario is to run.
     */
    private void handleWaitingEvents() {
        if (!platform.running(EXECUTOR)) {
            return;
        }
        long lag = kafka.executorLag();
        if (lag == 0) {
            return;
        }
        if (options.skipExecutorBacklog()) {
            platform.pause(EXECUTOR);
            try {
                long skipped = kafka.skipExecutorBacklog();
                note("--skip-executor-backlog: " + Table.f0(skipped) + " events that were waiting for the executor"
                        + " when the benchmark started were skipped, not executed.");
            } finally {
                platform.resume(EXECUTOR);
            }
            kafka.awaitExecutorAssigned(Duration.ofSeconds(120));
            return;
        }
        System.out.println(Table.f0(lag) + " events are waiting for the executor; waiting up to 2 minutes for them");
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        while (lag > 0 && java.time.Instant.now().isBefore(deadline)) {
            sleep(Duration.ofSeconds(2));
            lag = kafka.executorLag();
        }
        if (lag == 0) {
            return;
        }
        String message = Table.f0(lag) + " events are still waiting for the executor (left by an interrupted run?)";
        if (options.scenarios().stream().noneMatch(Options.EXECUTING::contains)) {
            note(message + "; the figures at rest include its work, and the ingress-only scenarios skip them.");
            return;
        }
        throw new IllegalStateException(message + ": wait until it has run them, or run bench/run with"
                + " --skip-executor-backlog to skip them");
    }

    // --- shared helpers for the scenarios ---------------------------------------------------------------

    /** A load run with each part's CPU and memory around it. */
    record Measured(LoadResult result, List<Platform.Usage> usage, double wallSeconds) {

        Measured(LoadResult result, Platform.Snapshot before, Platform.Snapshot after) {
            this(result, Platform.between(before, after), (after.nanos() - before.nanos()) / 1e9);
        }

        double cpuPercent(String part) {
            return usage.stream().filter(u -> u.part().equals(part)).mapToDouble(Platform.Usage::cpuPercent)
                    .findFirst().orElse(Double.NaN);
        }

        double cpuSeconds(String part) {
            return usage.stream().filter(u -> u.part().equals(part)).mapToDouble(Platform.Usage::cpuSeconds)
                    .findFirst().orElse(Double.NaN);
        }

        double rssAfter(String part) {
            return usage.stream().filter(u -> u.part().equals(part)).mapToDouble(Platform.Usage::rssAfterMiB)
                    .findFirst().orElse(Double.NaN);
        }
    }

    Measured measure(LoadSpec spec) {
        awaitQuiet();
        Platform.Snapshot before = platform.snapshot();
        LoadResult result = load.run(spec);
        Platform.Snapshot after = platform.snapshot();
        Measured measured = new Measured(result, before, after);
        System.out.printf(Locale.ROOT, "  %-28s %8s/s sent, %8s/s ok  p50 %7s  p99 %7s  max %7s ms  errors: %s  (others' CPU %s)%n",
                spec.name(), Table.f0(spec.rate()), Table.f0(result.throughput()), Table.ms(result.ms(50)),
                Table.ms(result.ms(99)), Table.ms(result.maxMs()), result.errorSummary(), cpu(measured, Platform.OTHERS));
        if (result.sendLag().getValueAtPercentile(99) > 5_000) {
            System.out.printf(Locale.ROOT, "    (the generator sent 1%% of requests more than %s ms late: it is CPU-starved)%n",
                    Table.ms(result.sendLag().getValueAtPercentile(99) / 1000.0));
        }
        return measured;
    }

    LoadSpec spec(String name, List<String> paths, MultiMap headers, byte[] body, double rate, Duration duration,
                  String requestIdPrefix) {
        return new LoadSpec(name, paths, headers, Buffer.buffer(body), rate, duration, requestIdPrefix);
    }

    static MultiMap jsonHeaders() {
        return MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    }

    static String hookPath(String flowId) {
        return "/hook/" + flowId;
    }

    /**
     * Waits (at most {@link #QUIET_MAX_WAIT}) until processes outside the platform and the generator use less
     * than a quarter of a core over 2 s, so builds and tests on a shared machine disturb the runs less.
     */
    void awaitQuiet() {
        if (!options.waitQuiet()) {
            return;
        }
        long start = System.nanoTime();
        boolean said = false;
        while (true) {
            Platform.Snapshot before = platform.snapshot();
            sleep(Duration.ofSeconds(2));
            double others = Platform.between(before, platform.snapshot()).stream()
                    .filter(u -> u.part().equals(Platform.OTHERS)).mapToDouble(Platform.Usage::cpuPercent)
                    .findFirst().orElse(0);
            long waited = System.nanoTime() - start;
            if (others < QUIET_CPU_PERCENT) {
                break;
            }
            if (waited > QUIET_MAX_WAIT.toNanos()) {
                System.out.printf(Locale.ROOT, "    (other processes still use %s%% CPU after %d s; running anyway)%n",
                        Table.f0(others), QUIET_MAX_WAIT.toSeconds());
                break;
            }
            if (!said) {
                System.out.printf(Locale.ROOT, "    (waiting for other processes to quieten: they use %s%% CPU)%n",
                        Table.f0(others));
                said = true;
            }
        }
        quietWaitNanos += System.nanoTime() - start;
    }

    /** Stops the benchmark with a clear message when ingress no longer answers a HEAD within 10 s. */
    void checkIngressAnswers(String when) {
        try {
            admin.webhookStatus(fixtures.noAuthFlow);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("ingress stopped answering " + when + " (see './hookflow logs "
                    + "ingress-service'; restart it with './hookflow down' and './hookflow up'): " + e.getMessage(), e);
        }
    }

    void add(Table table) {
        tables.add(table);
        System.out.print(table.text());
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The CPU columns shared by the scenario tables: percent of one core over the run. */
    static String cpu(Measured m, String part) {
        double value = m.cpuPercent(part);
        return Double.isNaN(value) ? "-" : Table.f0(value) + "%";
    }

    /** Adds the table of every part's memory (RSS and PSS) in {@code snapshot}, taken with PSS. */
    void memoryAtRest(String title, Platform.Snapshot snapshot) {
        add(memoryTable(title, snapshot));
    }

    private Table memoryTable(String title, Platform.Snapshot snapshot) {
        Table table = new Table(title, "part", "processes", "RSS MiB", "PSS MiB", "CPU % at rest");
        double total = 0;
        double totalPss = 0;
        for (Platform.PartSample sample : snapshot.parts().values()) {
            if (sample.part().equals(Platform.LOADGEN)) {
                continue;
            }
            table.row(sample.part() + (Platform.SERVICES.contains(sample.part()) ? " (Quarkus)" : ""),
                    sample.processes(), Table.f0(sample.rssMiB()), Table.f0(sample.pssMiB()),
                    idleCores.containsKey(sample.part()) ? Table.f1(100 * idleCores.get(sample.part())) : "");
            total += sample.rssMiB();
            totalPss += sample.pssMiB();
        }
        table.row("whole platform", "", Table.f0(total), Table.f0(totalPss), "");
        long over = snapshot.parts().values().stream()
                .filter(s -> Platform.SERVICES.contains(s.part()) && s.rssMiB() > 256).count();
        table.note("Target: each Quarkus service at most 256 MiB at rest; " + (over == 0 ? "all are"
                : over + " are not") + ". The services run as ./hookflow starts them, with `"
                + platform.jvmOptions("ingress-service") + "`. RSS (VmRSS) of a part is the sum over its processes, so PostgreSQL's"
                + " shared buffers count once per backend; PSS splits shared pages and is the fairer platform total.");
        return table;
    }

    private void write(ZonedDateTime started) {
        String stamp = started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'"));
        Path file = options.results().resolve(stamp + "-" + options.mode() + ".md");
        StringBuilder md = new StringBuilder("# Hookflow benchmark, ").append(options.mode()).append(" mode\n\n");
        md.append("- Date: ").append(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        md.append("- Command: `").append(String.join(" ", commandLine())).append("`, ")
                .append(Table.f1(Duration.between(started, ZonedDateTime.now(ZoneOffset.UTC)).toSeconds() / 60.0))
                .append(" minutes");
        if (options.waitQuiet()) {
            md.append(", of which ").append(Table.f1(quietWaitNanos / 6e10))
                    .append(" waiting before runs for other processes to use under ").append(Table.f0(QUIET_CPU_PERCENT))
                    .append(" % CPU (at most ").append(QUIET_MAX_WAIT.toSeconds()).append(" s per run)");
        }
        md.append('\n');
        md.append("- Machine: ").append(Machine.describe()).append('\n');
        md.append("- Load average (1, 5, 15 min) at the start: ").append(loadAverageAtStart).append("; at the end: ")
                .append(Machine.loadAverage()).append(" (above ").append(Runtime.getRuntime().availableProcessors())
                .append(", other work was competing for the cores)\n");
        md.append("- Services' JVM options (from ingress's command line): `").append(platform.jvmOptions("ingress-service"))
                .append("`\n");
        Path platformRoot = platform.ingressCheckout().orElse(options.root()).toAbsolutePath().normalize();
        md.append("- Code: ").append(Machine.gitRevision(platformRoot))
                .append(platformRoot.equals(options.root()) ? "" : " (the platform in " + platformRoot + ")").append('\n');
        md.append("- Load generator: open loop, constant arrival rate, one Vert.x event loop, ")
                .append(options.connections()).append(" keep-alive HTTP/1.1 connections, no pipelining; ")
                .append("latency from each request's intended send time.\n");
        for (String note : notes) {
            md.append("- ").append(note).append('\n');
        }
        md.append('\n');
        for (Table table : tables) {
            md.append(table.markdown());
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md.toString());
            System.out.println("\nresults written to " + options.root().relativize(file));
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + file + ": " + e, e);
        }
    }

    private List<String> commandLine() {
        List<String> args = new ArrayList<>();
        args.add("bench/run");
        if (!options.waitQuiet()) {
            args.add("--no-wait-quiet");
        }
        if (options.longMode()) {
            args.add("--long");
        }
        if (!List.copyOf(options.scenarios()).equals(Options.DEFAULT)) {
            args.add("--only " + String.join(",", options.scenarios()));
        }
        if (options.backlog() != 100_000) {
            args.add("--backlog " + options.backlog());
        }
        if (options.connections() != 128) {
            args.add("--connections " + options.connections());
        }
        if (options.profile()) {
            args.add("--profile");
        }
        if (options.skipExecutorBacklog()) {
            args.add("--skip-executor-backlog");
        }
        Options.Job job = options.job();
        Options.Job defaults = Options.Job.defaults();
        if (job.seconds() != null) {
            args.add("--job-seconds " + job.seconds());
        }
        if (job.firstRate() != defaults.firstRate()) {
            args.add("--job-rate " + job.firstRate());
        }
        if (job.maxSteps() != null) {
            args.add("--job-steps " + job.maxSteps());
        }
        if (job.coldRate() != defaults.coldRate()) {
            args.add("--cold-rate " + job.coldRate());
        }
        if (job.coldWindow() != defaults.coldWindow()) {
            args.add("--cold-window " + job.coldWindow());
        }
        if (job.idleSeconds() != defaults.idleSeconds()) {
            args.add("--idle " + job.idleSeconds());
        }
        return args;
    }

    Path rawDir() {
        Path raw = options.results().resolve("raw");
        try {
            Files.createDirectories(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return raw;
    }

    /** Formats a map of counts as "a: 1, b: 2". */
    static String counts(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
        return text.length() == 0 ? "-" : text.toString();
    }
}
