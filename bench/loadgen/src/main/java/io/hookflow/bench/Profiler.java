package io.hookflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A JDK Flight Recorder recording of one part ({@code jcmd JFR.start settings=profile}), saved under
 * {@code bench/results/raw/} and summarised into the results.
 */
final class Profiler {

    private final Bench bench;
    private final String part;
    private final long pid;
    private final Path file;

    Profiler(Bench bench, String part) {
        this.bench = bench;
        this.part = part;
        this.pid = bench.platform.pid(part).orElseThrow(() -> new IllegalStateException(part + " is not running"));
        this.file = bench.rawDir().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + part + ".jfr");
    }

    void start() {
        bench.platform.jcmd(pid, "JFR.start", "name=bench", "settings=profile");
    }

    void stopAndReport(String context, long operations, String operation) {
        bench.platform.jcmd(pid, "JFR.dump", "name=bench", "filename=" + file);
        bench.platform.jcmd(pid, "JFR.stop", "name=bench");
        try {
            List<Table> tables = JfrSummary.summarize(file, part, 15, operations, operation);
            tables.get(0).note("Recorded " + context + "; file " + bench.options.root().relativize(file) + ".");
            tables.forEach(bench::add);
        } catch (IOException e) {
            bench.note("Could not read the " + part + " recording " + file + ": " + e.getMessage());
        }
    }
}
