package io.hookflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios that follow webhooks to their execution records: webhook to {@code succeeded} at a fixed rate,
 * 2 against 5 steps, and how fast a backlog drains. Times come from the run records flow-service keeps
 * ({@code GET /api/v1/flows/{id}/executions}: receivedAt, finishedAt), and from the load generator's intended
 * send time, matched through the request id it chose ({@code x-request-id}).
 */
final class EndToEndScenarios {

    static final List<String> E2E_PARTS = List.of("ingress-service", "executor-service", "petstore-connector",
            "petstore-api", "flow-service", "credential-service", "kafka", "postgres", Platform.LOADGEN);
    /** The end-to-end rates: one well under the baseline's capacity, and the target's. */
    static final int[] E2E_RATES = {100, 500};
    /** Low enough for the 5-step flow (four connector calls each) to keep up at the baseline. */
    static final int STEPS_RATE = 50;
    private static final String EXECUTOR = "executor-service";
    private static final Duration STALL = Duration.ofSeconds(60);

    private final Bench b;
    private final byte[] body = Payloads.json(IngressScenarios.KB);

    EndToEndScenarios(Bench bench) {
        this.b = bench;
    }

    void runAll() {
        if (!b.platform.running(EXECUTOR)) {
            b.note("The executor is not running: the end-to-end scenarios are skipped.");
            return;
        }
        b.kafka.awaitExecutorAssigned(Duration.ofSeconds(120));
        System.out.println("\nwarming up the execution path (10 s at 100/s per flow, not reported)");
        checkWarmUp(fixedRate("warm-up", b.fixtures.noAuthFlow, 100, Duration.ofSeconds(10)));
        if (b.options.scenarios().contains("steps")) {
            checkWarmUp(fixedRate("warm-up", b.fixtures.fiveStepFlow, 100, Duration.ofSeconds(10)));
        }
        Table latency = new Table("End to end: webhook to execution succeeded (1 KB JSON, each flow's steps call the"
                + " Petstore connector)", "run", "rate/s", "duration s", "succeeded", "failed", "missing",
                "executions/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "p99 from send ms", "others CPU");
        Table cpu = new Table("End to end: CPU per execution (ms of CPU time per succeeded execution, above"
                + " each part's CPU at rest)", cpuColumns("run"));
        if (b.options.scenarios().contains("e2e")) {
            System.out.println("\n[e2e] webhook to succeeded at 100/s and 500/s");
            for (int rate : E2E_RATES) {
                report(latency, cpu, "2 steps at " + rate + "/s",
                        fixedRate("2 steps", b.fixtures.noAuthFlow, rate, b.options.e2eRun()));
            }
        }
        if (b.options.scenarios().contains("steps")) {
            System.out.println("\n[steps] 2 steps against 5 steps at " + STEPS_RATE + "/s");
            report(latency, cpu, "2 steps at " + STEPS_RATE + "/s",
                    fixedRate("2 steps", b.fixtures.noAuthFlow, STEPS_RATE, b.options.stepsRun()));
            report(latency, cpu, "5 steps at " + STEPS_RATE + "/s",
                    fixedRate("5 steps", b.fixtures.fiveStepFlow, STEPS_RATE, b.options.stepsRun()));
        }
        if (!latency.isEmpty()) {
            latency.note("Latency from the run records: finishedAt - receivedAt (ingress's receive time, ms resolution);"
                    + " 'from send': finishedAt - the generator's intended send time. Target: p99 <= 250 ms at 500/s."
                    + " 'missing': accepted webhooks without a finished record when the wait ended.");
            b.add(latency);
            b.add(cpu);
        }
        if (b.options.scenarios().contains("backlog")) {
            backlog();
        }
    }

    /** The end-to-end figures mean nothing when the executor does not run webhooks to success. */
    private void checkWarmUp(Run run) {
        if (run.stats.succeeded < run.load.ok()) {
            throw new IllegalStateException("only " + run.stats.succeeded + " of " + run.load.ok() + " warm-up webhooks"
                    + " ended in a succeeded execution (" + run.stats.failed + " failed): see './hookflow logs"
                    + " executor-service'; if it stopped consuming, './hookflow down' and './hookflow up'");
        }
    }

    static String[] cpuColumns(String first) {
        List<String> columns = new ArrayList<>();
        columns.add(first);
        E2E_PARTS.forEach(p -> columns.add(p.replace("-service", "")));
        columns.add("all");
        return columns.toArray(String[]::new);
    }

    private void report(Table latency, Table cpu, String label, Run run) {
        E2eStats s = run.stats;
        latency.row(label, Table.f0(run.load.spec().rate()), Table.f0(run.load.spec().duration().toSeconds()),
                Table.f0(s.succeeded), Table.f0(s.failed), Table.f0(run.load.ok() - s.succeeded - s.failed),
                Table.f0(s.executionsPerSecond()), Table.ms(ms(s.fromReceived, 50)), Table.ms(ms(s.fromReceived, 90)),
                Table.ms(ms(s.fromReceived, 99)), Table.ms(ms(s.fromReceived, 99.9)),
                Table.ms(s.fromReceived.getMaxValue() / 1000.0), Table.ms(ms(s.fromSend, 99)),
                Bench.cpu(run.measured, Platform.OTHERS));
        cpu.row(cpuRow(label, run.measured, Math.max(1, s.succeeded), b.idleCores));
    }

    static Object[] cpuRow(String label, Bench.Measured m, long executions, java.util.Map<String, Double> idle) {
        List<Object> row = new ArrayList<>();
        row.add(label);
        double all = 0;
        for (String part : E2E_PARTS) {
            double seconds = Math.max(0, m.cpuSeconds(part) - idle.getOrDefault(part, 0.0) * m.wallSeconds());
            row.add(Double.isNaN(seconds) ? "-" : Table.f2(1000 * seconds / executions));
            if (!Double.isNaN(seconds)) {
                all += seconds;
            }
        }
        row.add(Table.f2(1000 * all / executions));
        return row.toArray();
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** A fixed-rate run followed to the last execution record. */
    private record Run(LoadResult load, Bench.Measured measured, E2eStats stats) {
    }

    private Run fixedRate(String name, String flowId, int rate, Duration duration) {
        long baseSucceeded = b.admin.countExecutions(flowId, "succeeded");
        long baseFailed = b.admin.countExecutions(flowId, "failed");
        String prefix = RequestIds.newPrefix();
        b.awaitQuiet();
        Platform.Snapshot before = b.platform.snapshot();
        LoadSpec spec = b.spec(name, List.of(Bench.hookPath(flowId)), Bench.jsonHeaders(), body, rate, duration, prefix);
        LoadResult load = b.load.run(spec);
        awaitFinished(flowId, baseSucceeded, baseFailed, load.ok(), null);
        Platform.Snapshot after = b.platform.snapshot();
        Bench.Measured measured = new Bench.Measured(load, before, after);
        E2eStats stats = collect(flowId, prefix, load);
        System.out.printf("  %-44s %6s/s  accepted %s (%s), succeeded %s, failed %s; webhook->succeeded p50 %s p99 %s max %s ms%n",
                name, Table.f0(rate), Table.f0(load.ok()), load.errorSummary(), Table.f0(stats.succeeded),
                Table.f0(stats.failed), Table.ms(ms(stats.fromReceived, 50)), Table.ms(ms(stats.fromReceived, 99)),
                Table.ms(stats.fromReceived.getMaxValue() / 1000.0));
        return new Run(load, measured, stats);
    }

    /** Latencies of one run's executions, read back from flow-service. */
    static final class E2eStats {
        final Histogram fromReceived = new Histogram(3_600_000_000L, 3);
        final Histogram fromSend = new Histogram(3_600_000_000L, 3);
        long succeeded;
        long failed;
        long startEpochMillis;
        long lastFinishedEpochMillis;

        double executionsPerSecond() {
            double seconds = (lastFinishedEpochMillis - startEpochMillis) / 1000.0;
            return seconds <= 0 ? 0 : succeeded / seconds;
        }
    }

    E2eStats collect(String flowId, String prefix, LoadResult load) {
        E2eStats stats = new E2eStats();
        stats.startEpochMillis = load.startEpochMillis();
        double msPerRequest = 1000.0 / load.spec().rate();
        long oldestWanted = load.startEpochMillis() - 5_000;
        for (int page = 0; ; page++) {
            var list = b.admin.executions(flowId, null, page);
            if (list.isEmpty()) {
                break;
            }
            boolean older = false;
            for (JsonNode item : list) {
                String id = item.path("requestId").asText();
                long received = Instant.parse(item.path("receivedAt").asText()).toEpochMilli();
                if (received < oldestWanted) {
                    older = true;
                }
                if (!id.startsWith(prefix)) {
                    continue;
                }
                String status = item.path("status").asText();
                if ("failed".equals(status)) {
                    stats.failed++;
                } else if ("succeeded".equals(status) && item.hasNonNull("finishedAt")) {
                    stats.succeeded++;
                    long finished = Instant.parse(item.path("finishedAt").asText()).toEpochMilli();
                    stats.lastFinishedEpochMillis = Math.max(stats.lastFinishedEpochMillis, finished);
                    stats.fromReceived.recordValue(Math.max(0, finished - received) * 1000);
                    double intended = load.startEpochMillis() + RequestIds.seqOf(id) * msPerRequest;
                    stats.fromSend.recordValue(Math.max(0, Math.round((finished - intended) * 1000)));
                }
            }
            if (older || stats.succeeded + stats.failed >= load.ok()) {
                break;
            }
        }
        return stats;
    }

    /** A point of a drain: seconds since it began, executions finished so far. */
    private record Point(double seconds, long finished) {
    }

    private List<Point> awaitFinished(String flowId, long baseSucceeded, long baseFailed, long expected, Long startNanos) {
        long start = startNanos == null ? System.nanoTime() : startNanos;
        List<Point> timeline = new ArrayList<>();
        long lastProgress = System.nanoTime();
        long lastFinished = -1;
        while (true) {
            long finished = b.admin.countExecutions(flowId, "succeeded") - baseSucceeded
                    + b.admin.countExecutions(flowId, "failed") - baseFailed;
            long now = System.nanoTime();
            timeline.add(new Point((now - start) / 1e9, finished));
            if (finished >= expected) {
                return timeline;
            }
            if (finished != lastFinished) {
                lastFinished = finished;
                lastProgress = now;
            } else if (now - lastProgress > STALL.toNanos()) {
                System.out.printf("  no execution finished for %d s: %s of %s finished; giving up the wait%n",
                        STALL.toSeconds(), Table.f0(finished), Table.f0(expected));
                return timeline;
            }
            Bench.sleep(Duration.ofMillis(500));
        }
    }

    // --- backlog -----------------------------------------------------------------------------------------

    private void backlog() {
        int events = b.options.backlog();
        int sendRate = 5_000;
        String flowId = b.fixtures.noAuthFlow;
        System.out.printf("%n[backlog] pausing the executor, sending %s events at %s/s, then resuming it%n",
                Table.f0(events), Table.f0(sendRate));
        long baseSucceeded = b.admin.countExecutions(flowId, "succeeded");
        long baseFailed = b.admin.countExecutions(flowId, "failed");
        b.platform.pause(EXECUTOR);
        LoadResult sent;
        try {
            sent = b.measure(b.spec("backlog", List.of(Bench.hookPath(flowId)), Bench.jsonHeaders(), body, sendRate,
                    Duration.ofMillis(Math.round(events * 1000.0 / sendRate)), null)).result();
            Bench.sleep(Duration.ofSeconds(2));
            b.awaitQuiet();
        } finally {
            b.platform.resume(EXECUTOR);
        }
        long start = System.nanoTime();
        Platform.Snapshot before = b.platform.snapshot();
        Profiler profiler = null;
        if (b.options.profile()) {
            profiler = new Profiler(b, EXECUTOR);
            profiler.start();
        }
        List<Point> timeline = awaitFinished(flowId, baseSucceeded, baseFailed, sent.ok(), start);
        Platform.Snapshot after = b.platform.snapshot();
        Bench.Measured measured = new Bench.Measured(sent, before, after);
        long succeeded = b.admin.countExecutions(flowId, "succeeded") - baseSucceeded;
        long failed = b.admin.countExecutions(flowId, "failed") - baseFailed;
        Point end = timeline.get(timeline.size() - 1);
        double firstAt = timeline.stream().filter(p -> p.finished() > 0).mapToDouble(Point::seconds).findFirst().orElse(Double.NaN);
        double at10 = timeAt(timeline, sent.ok() / 10);
        double at90 = timeAt(timeline, sent.ok() * 9 / 10);
        double sustained = Double.isNaN(at10) || Double.isNaN(at90) || at90 <= at10 ? Double.NaN
                : (sent.ok() * 8 / 10.0) / (at90 - at10);
        double overall = end.finished() / Math.max(1e-9, end.seconds());
        System.out.printf("  drained %s of %s in %s s: %s executions/s overall, %s/s between 10 %% and 90 %%%n",
                Table.f0(end.finished()), Table.f0(sent.ok()), Table.f1(end.seconds()), Table.f0(overall),
                Double.isNaN(sustained) ? "-" : Table.f0(sustained));

        Table table = new Table("End to end: draining a backlog (2 steps, executor paused while the backlog was sent)",
                "events accepted", "send errors", "succeeded", "failed", "drain s", "first done after s",
                "executions/s overall", "executions/s 10-90 %");
        table.row(Table.f0(sent.ok()), sent.errorSummary(), Table.f0(succeeded), Table.f0(failed),
                Table.f1(end.seconds()), Table.f1(firstAt), Table.f0(overall),
                Double.isNaN(sustained) ? "-" : Table.f0(sustained));
        table.note("Drain: from resuming the executor (SIGCONT) until flow-service counts every accepted event as"
                + " succeeded or failed (X-Total-Count of the flow's executions, polled every 0.5 s)."
                + " Target: >= 2,000 executions/s.");
        b.add(table);
        Table usage = new Table("End to end: CPU while draining the backlog (percent of one core; ms per execution)",
                "part", "CPU %", "CPU ms/execution", "RSS MiB after");
        for (Platform.Usage u : measured.usage()) {
            if (u.part().equals(Platform.OTHERS)) {
                usage.row(u.part(), Table.f0(u.cpuPercent()), "", "");
                continue;
            }
            usage.row(u.part(), Table.f0(u.cpuPercent()), Table.f2(1000 * u.cpuSeconds() / Math.max(1, end.finished())),
                    Table.f0(u.rssAfterMiB()));
        }
        b.add(usage);
        if (profiler != null) {
            profiler.stopAndReport("while the executor drained a backlog of " + Table.f0(sent.ok()) + " events",
                    end.finished(), "execution");
        }
    }

    private static double timeAt(List<Point> timeline, long finished) {
        for (Point p : timeline) {
            if (p.finished() >= finished) {
                return p.seconds();
            }
        }
        return Double.NaN;
    }
}
