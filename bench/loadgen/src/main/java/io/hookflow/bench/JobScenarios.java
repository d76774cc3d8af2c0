package io.hookflow.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole job, as a user feels it: webhooks accepted, run (the Petstore's createPet) and recorded in
 * flow-service's run log, on the 2-step No Auth bench flow. {@code job}: the highest rate the platform sustains
 * warm, and webhook to {@code succeeded} at 2,000/s. {@code cold}: restarts the platform and counts the pets of
 * the first seconds after {@code ./hookflow up} finishes. {@code memory}: each service's RSS and PSS after the
 * load, once the platform has idled.
 */
final class JobScenarios {

    /** The rate of the latency target (webhook to succeeded p99 at 2,000/s). */
    static final int LATENCY_RATE = 2_000;
    static final double LATENCY_P99_TARGET_MS = 100;
    static final int WARM_TARGET = 5_000;
    static final int COLD_TARGET = 2_500;
    static final int WARMUP_RATE = 1_000;
    static final double RSS_TARGET_MIB = 256;
    private static final String EXECUTOR = "executor-service";
    /** How often the run log is read while a run catches up. */
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STALL = Duration.ofSeconds(60);
    /** Pages (100 each, newest received first) read for the last finishedAt of a run. */
    private static final int LAST_FINISHED_PAGES = 5;

    private final Bench b;
    private final EndToEndScenarios e2e;
    private final byte[] body = Payloads.json(IngressScenarios.KB);

    JobScenarios(Bench bench, EndToEndScenarios e2e) {
        this.b = bench;
        this.e2e = e2e;
    }

    // --- job ----------------------------------------------------------------------------------------------

    void job() {
        if (!b.platform.running(EXECUTOR)) {
            b.note("The executor is not running: the whole-job scenario is skipped.");
            return;
        }
        b.kafka.awaitExecutorAssigned(Duration.ofSeconds(120));
        Duration run = b.options.jobRun();
        double bound = JobFigures.lagBoundSeconds(run);
        System.out.printf(Locale.ROOT, "%n[job] warming up the whole job (%d s at %s/s, not reported)%n",
                b.options.jobWarmup().toSeconds(), Table.f0(WARMUP_RATE));
        JobRun warm = runJob("warm-up", WARMUP_RATE, b.options.jobWarmup(), false);
        if (warm.failed() > 0 || warm.succeeded() < warm.load().ok()) {
            throw new IllegalStateException("only " + warm.succeeded() + " of " + warm.load().ok() + " warm-up webhooks"
                    + " ended in a succeeded execution (" + warm.failed() + " failed): see './hookflow logs"
                    + " executor-service'");
        }

        System.out.printf(Locale.ROOT, "%n[job] webhook to succeeded at %s/s%n", Table.f0(LATENCY_RATE));
        JobRun latencyRun = runJob("job", LATENCY_RATE, run, true);
        Table latency = new Table("Whole job: webhook to execution succeeded at " + Table.f0(LATENCY_RATE) + "/s ("
                + run.toSeconds() + " s, 2 steps, 1 KB JSON)", "rate/s", "accepted", "succeeded", "failed", "missing",
                "pets/s", "p50 from send ms", "p90 from send ms", "p99 from send ms", "p99.9 from send ms",
                "max from send ms", "p99 from receipt ms", "others CPU");
        EndToEndScenarios.E2eStats s = latencyRun.stats();
        latency.row(Table.f0(LATENCY_RATE), Table.f0(latencyRun.load().ok()), Table.f0(s.succeeded), Table.f0(s.failed),
                Table.f0(Math.max(0, latencyRun.load().ok() - s.succeeded - s.failed)), Table.f0(latencyRun.petsPerSecond()),
                Table.ms(EndToEndScenarios.ms(s.fromSend, 50)), Table.ms(EndToEndScenarios.ms(s.fromSend, 90)),
                Table.ms(EndToEndScenarios.ms(s.fromSend, 99)), Table.ms(EndToEndScenarios.ms(s.fromSend, 99.9)),
                Table.ms(s.fromSend.getMaxValue() / 1000.0), Table.ms(EndToEndScenarios.ms(s.fromReceived, 99)),
                Bench.cpu(latencyRun.measured(), Platform.OTHERS));
        latency.note("'from send': finishedAt in the run record minus the generator's intended send time of the webhook"
                + " (so queueing in the generator, ingress, Kafka and the executor all count); 'from receipt': finishedAt"
                + " minus ingress's receivedAt. Target: p99 from send <= " + Table.f0(LATENCY_P99_TARGET_MS) + " ms"
                + " at " + Table.f0(LATENCY_RATE) + "/s.");
        b.add(latency);

        Table search = new Table("Whole job: highest sustained rate (2 steps, 1 KB JSON, " + run.toSeconds()
                + " s per step, step search)", "rate/s", "sent", "accepted", "succeeded", "failed",
                "pets/s", "run log complete after s", "platform CPU", "executor CPU", "ingress CPU", "flow CPU",
                "postgres CPU", "kafka CPU", "others CPU", "verdict");
        Table cpu = new Table("Whole job: CPU per pet (ms of CPU time per succeeded execution, above each part's CPU"
                + " at rest)", EndToEndScenarios.cpuColumns("rate/s"));
        TreeMap<Integer, Boolean> verdicts = new TreeMap<>();
        TreeMap<Integer, Double> pets = new TreeMap<>();
        boolean latencyPasses = latencyRun.outcome().sustained(bound);
        addStep(search, cpu, latencyRun, bound, latencyPasses ? "pass" : "fail (" + latencyRun.outcome().failure(bound) + ")");
        verdicts.put(LATENCY_RATE, latencyPasses);
        pets.put(LATENCY_RATE, latencyRun.petsPerSecond());

        System.out.println("\n[job] step search for the highest rate the whole job sustains");
        StepSearch steps = new StepSearch(b.options.job().firstRate(), verdicts);
        for (int step = 0; step < b.options.jobMaxSteps(); step++) {
            OptionalInt candidate = steps.next();
            if (candidate.isEmpty()) {
                break;
            }
            int rate = candidate.getAsInt();
            boolean retry = steps.isRetry(rate);
            Bench.sleep(Duration.ofSeconds(3));
            JobRun r = runJob("job", rate, run, false);
            boolean pass = r.outcome().sustained(bound);
            steps.record(rate, pass);
            if (pass) {
                pets.put(rate, r.petsPerSecond());
            }
            addStep(search, cpu, r, bound, pass ? "pass"
                    : "fail (" + r.outcome().failure(bound) + (retry ? "; twice)" : "; measured again)"));
        }
        int best = steps.best();
        search.note("Highest sustained rate: " + (best == 0 ? "none of the rates tried"
                : Table.f0(best) + "/s, " + Table.f0(pets.getOrDefault(best, Double.NaN)) + " pets/s")
                + "; target >= " + Table.f0(WARM_TARGET) + " pets/s.");
        search.note("A step is sustained when every webhook is accepted, every execution ends 'succeeded' and"
                + " flow-service's run log lists them all within " + Table.f1(bound) + " s of the last webhook's intended"
                + " send (1 s + 5 % of the step; the run log is read every " + POLL.toMillis() + " ms once the"
                + " generator has its answers). 'pets/s': succeeded executions from the first intended send to the last"
                + " finishedAt. A failing rate is measured once more before it counts; the search raises the rate by"
                + " half, then halves the gap down to 500/s or 5 %. The " + Table.f0(LATENCY_RATE) + "/s run above is"
                + " the first step. CPU is percent of one core from the first send until the run log is complete.");
        b.add(search);
        b.add(cpu);
    }

    private void addStep(Table search, Table cpu, JobRun r, double bound, String verdict) {
        Bench.Measured m = r.measured();
        double platform = m.usage().stream().filter(u -> Platform.PARTS.contains(u.part()))
                .mapToDouble(Platform.Usage::cpuPercent).sum();
        search.row(Table.f0(r.load().spec().rate()), Table.f0(r.load().sent()), Table.f0(r.load().ok()),
                Table.f0(r.succeeded()), Table.f0(r.failed()), Table.f0(r.petsPerSecond()),
                Double.isNaN(r.lagSeconds()) ? "never" : Table.f1(r.lagSeconds()), Table.f0(platform) + "%",
                Bench.cpu(m, EXECUTOR), Bench.cpu(m, "ingress-service"), Bench.cpu(m, "flow-service"),
                Bench.cpu(m, "postgres"), Bench.cpu(m, "kafka"), Bench.cpu(m, Platform.OTHERS), verdict);
        cpu.row(EndToEndScenarios.cpuRow(Table.f0(r.load().spec().rate()), m, Math.max(1, r.succeeded()), b.idleCores));
        System.out.printf(Locale.ROOT, "  %6s/s: accepted %s (%s), succeeded %s, failed %s, %s pets/s, run log complete"
                        + " %s s after the last send (bound %s s): %s%n", Table.f0(r.load().spec().rate()),
                Table.f0(r.load().ok()), r.load().errorSummary(), Table.f0(r.succeeded()), Table.f0(r.failed()),
                Table.f0(r.petsPerSecond()), Double.isNaN(r.lagSeconds()) ? "never" : Table.f1(r.lagSeconds()),
                Table.f1(bound), verdict);
    }

    /**
     * One whole-job run: webhooks at a fixed rate, then the run log read until it lists every accepted webhook as
     * finished.
     *
     * @param lagSeconds from the last webhook's intended send until the run log was complete; NaN if it never was
     * @param stats      per-execution latencies, when asked for
     */
    record JobRun(LoadResult load, Bench.Measured measured, long succeeded, long failed, double lagSeconds,
                  long lastFinishedEpochMillis, EndToEndScenarios.E2eStats stats) {

        JobFigures.Outcome outcome() {
            return new JobFigures.Outcome(load.sent(), load.ok(), succeeded, failed, lagSeconds);
        }

        double petsPerSecond() {
            return JobFigures.petsPerSecond(succeeded, load.startEpochMillis(), lastFinishedEpochMillis);
        }
    }

    private JobRun runJob(String name, int rate, Duration duration, boolean withLatencies) {
        String flowId = b.fixtures.noAuthFlow;
        long baseSucceeded = b.admin.countExecutions(flowId, "succeeded");
        long baseFailed = b.admin.countExecutions(flowId, "failed");
        String prefix = RequestIds.newPrefix();
        b.awaitQuiet();
        Platform.Snapshot before = b.platform.snapshot();
        LoadResult load = b.load.run(b.spec(name, List.of(Bench.hookPath(flowId)), Bench.jsonHeaders(), body, rate,
                duration, prefix));
        long completeAt = -1;
        long succeeded = 0;
        long failed = 0;
        long lastProgress = System.nanoTime();
        long lastFinished = -1;
        while (true) {
            succeeded = b.admin.countExecutions(flowId, "succeeded") - baseSucceeded;
            failed = b.admin.countExecutions(flowId, "failed") - baseFailed;
            long finished = succeeded + failed;
            if (finished >= load.ok()) {
                completeAt = System.currentTimeMillis();
                break;
            }
            if (finished != lastFinished) {
                lastFinished = finished;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                System.out.printf("  no execution finished for %d s: %s of %s finished; giving up the wait%n",
                        STALL.toSeconds(), Table.f0(finished), Table.f0(load.ok()));
                break;
            }
            Bench.sleep(POLL);
        }
        Platform.Snapshot after = b.platform.snapshot();
        double lag = completeAt < 0 ? Double.NaN
                : Math.max(0, completeAt - load.startEpochMillis() - duration.toMillis()) / 1000.0;
        EndToEndScenarios.E2eStats stats = withLatencies ? e2e.collect(flowId, prefix, load) : null;
        long last = stats != null ? stats.lastFinishedEpochMillis : lastFinished(flowId, prefix);
        return new JobRun(load, new Bench.Measured(load, before, after), succeeded, failed, lag, last, stats);
    }

    /**
     * The latest finishedAt among the run's newest received executions. The executor runs a bounded number at once,
     * so the last to finish is among the last received, except after a retry, which the lag then shows.
     */
    private long lastFinished(String flowId, String prefix) {
        long last = -1;
        for (int page = 0; page < LAST_FINISHED_PAGES; page++) {
            var list = b.admin.executions(flowId, "succeeded", page);
            for (JsonNode item : list) {
                if (item.path("requestId").asText().startsWith(prefix) && item.hasNonNull("finishedAt")) {
                    last = Math.max(last, Instant.parse(item.path("finishedAt").asText()).toEpochMilli());
                }
            }
            if (list.size() < 100) {
                break;
            }
        }
        return last;
    }

    // --- cold ---------------------------------------------------------------------------------------------

    void cold() {
        int rate = b.options.job().coldRate();
        int window = b.options.job().coldWindow();
        String flowId = b.fixtures.noAuthFlow;
        System.out.printf(Locale.ROOT, "%n[cold] restarting the platform ('./hookflow down', then './hookflow up'),"
                + " then the whole job at %s/s for %d s%n", Table.f0(rate), 2 * window);
        double downSeconds = hookflow("down");
        double upSeconds = hookflow("up");
        long upDone = System.currentTimeMillis();
        // A new client: the old one's token and connections belong to the processes that just stopped.
        b.admin = new AdminApi(AdminApi.Endpoints.fromEnvironment());
        Fixtures.awaitLive(b.admin, flowId);
        long baseSucceeded = b.admin.countExecutions(flowId, "succeeded");
        long baseFailed = b.admin.countExecutions(flowId, "failed");
        List<JobFigures.Point> timeline = new ArrayList<>();
        timeline.add(new JobFigures.Point(System.currentTimeMillis(), 0));
        Platform.Snapshot s0 = b.platform.snapshot();
        String prefix = RequestIds.newPrefix();
        Duration sending = Duration.ofSeconds(2L * window);
        CompletableFuture<LoadResult> loading = CompletableFuture.supplyAsync(() -> b.load.run(b.spec("cold", List.of(
                Bench.hookPath(flowId)), Bench.jsonHeaders(), body, rate, sending, prefix)));
        Platform.Snapshot s1 = null;
        Platform.Snapshot s2 = null;
        long end = upDone + 2000L * window;
        while (true) {
            long now = System.currentTimeMillis();
            if (s1 == null && now >= upDone + 1000L * window) {
                s1 = b.platform.snapshot();
            }
            if (now >= end) {
                s2 = b.platform.snapshot();
                timeline.add(new JobFigures.Point(now, b.admin.countExecutions(flowId, "succeeded") - baseSucceeded));
                break;
            }
            timeline.add(new JobFigures.Point(now, b.admin.countExecutions(flowId, "succeeded") - baseSucceeded));
            Bench.sleep(Duration.ofMillis(Math.max(1, Math.min(1000, end - System.currentTimeMillis()))));
        }
        // The generator still waits for late answers (up to a minute); the run log keeps being read meanwhile.
        while (!loading.isDone()) {
            Bench.sleep(Duration.ofSeconds(1));
            timeline.add(new JobFigures.Point(System.currentTimeMillis(),
                    b.admin.countExecutions(flowId, "succeeded") - baseSucceeded));
        }
        LoadResult load;
        try {
            load = loading.get(10L * window + 120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the cold-start load did not finish: " + e, e);
        }
        System.out.println("  waiting for the run log to list every accepted webhook as finished");
        long drainStart = load.startEpochMillis() + sending.toMillis();
        long succeeded;
        long failed;
        long lastProgress = System.nanoTime();
        long lastFinished = -1;
        while (true) {
            succeeded = b.admin.countExecutions(flowId, "succeeded") - baseSucceeded;
            failed = b.admin.countExecutions(flowId, "failed") - baseFailed;
            timeline.add(new JobFigures.Point(System.currentTimeMillis(), succeeded));
            if (succeeded + failed >= load.ok()) {
                break;
            }
            if (succeeded + failed != lastFinished) {
                lastFinished = succeeded + failed;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                System.out.printf("  no execution finished for %d s; giving up the wait%n", STALL.toSeconds());
                break;
            }
            Bench.sleep(Duration.ofSeconds(1));
        }
        double drainSeconds = (System.currentTimeMillis() - drainStart) / 1000.0;
        double first = JobFigures.ratePerSecond(timeline, upDone, upDone + 1000L * window);
        double second = JobFigures.ratePerSecond(timeline, upDone + 1000L * window, upDone + 2000L * window);
        System.out.printf(Locale.ROOT, "  up took %s s; pets/s in the first %d s after it: %s, in the next %d s: %s%n",
                Table.f1(upSeconds), window, Table.f0(first), window, Table.f0(second));

        Table table = new Table("Whole job in the first seconds after './hookflow up' (2 steps, 1 KB JSON, "
                + Table.f0(rate) + "/s sent for " + 2 * window + " s)", "down s", "up s", "first send after up s",
                "first pet recorded after up s", "sent", "accepted", "errors", "pets/s 0-" + window + " s",
                "pets/s " + window + "-" + 2 * window + " s", "succeeded", "failed", "missing",
                "drained after the sending s");
        long firstPet = timeline.stream().filter(p -> p.count() > 0).mapToLong(JobFigures.Point::epochMillis)
                .findFirst().orElse(-1);
        table.row(Table.f1(downSeconds), Table.f1(upSeconds), Table.f1((load.startEpochMillis() - upDone) / 1000.0),
                firstPet < 0 ? "never" : Table.f1((firstPet - upDone) / 1000.0),
                Table.f0(load.sent()), Table.f0(load.ok()), load.errorSummary(), Table.f0(first), Table.f0(second),
                Table.f0(succeeded), Table.f0(failed), Table.f0(Math.max(0, load.ok() - succeeded - failed)),
                Table.f1(drainSeconds));
        table.note("The harness restarts the platform itself and times './hookflow up' (its own build check included)."
                + " Both windows start when 'up' has finished: 'pets/s' is the executions flow-service's run log lists as"
                + " succeeded within the window (read every second, interpolated at the window's edges), divided by its"
                + " length. The generator starts sending as soon as the bench flow's webhook answers. Target: >= "
                + Table.f0(COLD_TARGET) + " pets/s in the first " + window + " s. 'first pet recorded': the first reading"
                + " of the run log with a succeeded execution. Webhooks answered late still count when the run log lists"
                + " them, so 'succeeded' can exceed 'accepted'.");
        b.add(table);

        Table slices = new Table("Whole job after './hookflow up': pets/s per 5 s", "seconds after up", "pets/s");
        for (long t = 0; t < 2L * window; t += 5) {
            long to = Math.min(2L * window, t + 5);
            slices.row(t + "-" + to, Table.f0(JobFigures.ratePerSecond(timeline, upDone + 1000 * t, upDone + 1000 * to)));
        }
        b.add(slices);

        Table usage = new Table("Whole job after './hookflow up': CPU (percent of one core)", "part",
                "0-" + window + " s", window + "-" + 2 * window + " s");
        List<Platform.Usage> w1 = Platform.between(s0, s1 != null ? s1 : s2);
        List<Platform.Usage> w2 = Platform.between(s1 != null ? s1 : s0, s2);
        for (Platform.Usage u : w1) {
            double second2 = w2.stream().filter(x -> x.part().equals(u.part())).mapToDouble(Platform.Usage::cpuPercent)
                    .findFirst().orElse(Double.NaN);
            usage.row(u.part(), Table.f0(u.cpuPercent()), Double.isNaN(second2) ? "-" : Table.f0(second2));
        }
        usage.note("The first window's CPU starts when the first webhook is sent, not when 'up' finished.");
        b.add(usage);
        b.kafka.awaitExecutorAssigned(Duration.ofSeconds(120));
    }

    /** Runs {@code ./hookflow <command>} with this process's environment (HOOKFLOW_HOME included); answers its seconds. */
    private double hookflow(String command) {
        Path script = b.options.root().resolve("hookflow");
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(script.toString(), command).inheritIO().start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("'./hookflow " + command + "' did not finish in 15 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'./hookflow " + command + "' failed (exit " + process.exitValue() + ")");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    // --- memory -------------------------------------------------------------------------------------------

    /**
     * RSS of each Quarkus service right after the other scenarios and while the platform idles, and RSS and PSS at
     * the end of the idle time. No GC is forced: what counts is what a service gives back by itself.
     *
     * @param afterLoad the scenarios that ran before, for the table's title
     */
    void memory(List<String> afterLoad) {
        int idle = b.options.job().idleSeconds();
        System.out.printf(Locale.ROOT, "%n[memory] the platform idles for %d s; RSS and PSS of each service%n", idle);
        int[] at = {0, idle / 4, idle / 2};
        List<Platform.Snapshot> samples = new ArrayList<>();
        long start = System.nanoTime();
        for (int seconds : at) {
            long wait = start + seconds * 1_000_000_000L - System.nanoTime();
            if (wait > 0) {
                Bench.sleep(Duration.ofNanos(wait));
            }
            samples.add(b.platform.snapshot());
        }
        long wait = start + idle * 1_000_000_000L - System.nanoTime();
        if (wait > 0) {
            Bench.sleep(Duration.ofNanos(wait));
        }
        Platform.Snapshot end = b.platform.snapshot(true);
        List<String> columns = new ArrayList<>(List.of("service"));
        for (int seconds : at) {
            columns.add("RSS MiB at " + seconds + " s");
        }
        columns.addAll(List.of("RSS MiB at " + idle + " s", "PSS MiB at " + idle + " s", "CPU % while idle",
                "<= " + Table.f0(RSS_TARGET_MIB) + " MiB"));
        Table table = new Table("Memory of each Quarkus service after " + (afterLoad.isEmpty() ? "no load (none ran in"
                + " this run)" : "the load (" + String.join(", ", afterLoad) + ")") + ", idle " + idle + " s",
                columns.toArray(String[]::new));
        List<Platform.Usage> idleUsage = Platform.between(samples.get(0), end);
        int over = 0;
        for (String service : Platform.SERVICES) {
            Platform.PartSample last = end.parts().get(service);
            if (last == null) {
                continue;
            }
            List<Object> row = new ArrayList<>();
            row.add(service);
            for (Platform.Snapshot sample : samples) {
                Platform.PartSample p = sample.parts().get(service);
                row.add(p == null ? "-" : Table.f0(p.rssMiB()));
            }
            row.add(Table.f0(last.rssMiB()));
            row.add(Table.f0(last.pssMiB()));
            row.add(idleUsage.stream().filter(u -> u.part().equals(service)).findFirst()
                    .map(u -> Table.f1(u.cpuPercent())).orElse("-"));
            boolean within = last.rssMiB() <= RSS_TARGET_MIB;
            over += within ? 0 : 1;
            row.add(within ? "yes" : "no");
            table.row(row.toArray());
        }
        table.note("Target: each Quarkus service at most " + Table.f0(RSS_TARGET_MIB) + " MiB RSS after the benchmark,"
                + " idle " + idle + " s; " + (over == 0 ? "all are." : over == 1 ? "1 is not." : over + " are not.") + " No GC is forced. The"
                + " services run with `" + b.platform.jvmOptions("ingress-service") + "`.");
        b.add(table);
        b.memoryAtRest("Memory at rest, after the benchmark (idle " + idle + " s)", end);
    }
}
