package io.hookflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The running local platform as {@code ./hookflow up} leaves it: one pid file per part in
 * {@code .hookflow/run/<part>.pid}, each part started with {@code setsid}, so a part's processes are the
 * members of the session its pid leads (plus that pid's descendants, for any that left the session).
 * Reads CPU time and RSS from {@code /proc}, pauses and resumes a part, and runs {@code jcmd}.
 */
final class Platform {

    /** Every part, in the order {@code ./hookflow up} starts them. */
    static final List<String> PARTS = List.of("postgres", "kafka", "keycloak", "petstore-api", "credential-service",
            "flow-service", "petstore-connector", "executor-service", "ingress-service");
    /** The Quarkus services (the 256 MiB target applies to these). */
    static final List<String> SERVICES = List.of("petstore-api", "credential-service", "flow-service",
            "petstore-connector", "executor-service", "ingress-service");
    static final String LOADGEN = "load generator";
    /** Every other process on the machine (builds, tests, the desktop...): busy CPU not used by the above. */
    static final String OTHERS = "other processes";

    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    private final Path runDir;
    private final Set<String> paused = new HashSet<>();

    Platform(Path home) {
        this.runDir = home.resolve("run");
        // On an interrupted run (Ctrl-C, SIGTERM): the scenario's own clean-up, then resume what is paused.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Runnable cleanUp = onInterrupt;
            if (cleanUp != null) {
                try {
                    cleanUp.run();
                } catch (RuntimeException e) {
                    System.err.println("bench: clean-up after the interruption failed: " + e.getMessage());
                }
            }
            for (String part : List.copyOf(paused)) {
                resume(part);
            }
        }));
    }

    private volatile Runnable onInterrupt;

    /** What to do, before paused parts are resumed, if the benchmark is interrupted; null for nothing. */
    void onInterrupt(Runnable cleanUp) {
        this.onInterrupt = cleanUp;
    }

    OptionalLong pid(String part) {
        Path file = runDir.resolve(part + ".pid");
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    boolean running(String part) {
        OptionalLong pid = pid(part);
        return pid.isPresent() && Files.exists(Path.of("/proc", Long.toString(pid.getAsLong())));
    }

    /** CPU seconds used so far and current RSS of each part and of this process. */
    Snapshot snapshot() {
        return snapshot(false);
    }

    /** As {@link #snapshot()}, with each part's PSS too when {@code withPss} (shared pages split between processes). */
    Snapshot snapshot(boolean withPss) {
        List<ProcStat> all = ProcStat.readAll();
        Map<String, PartSample> parts = new LinkedHashMap<>();
        for (String part : PARTS) {
            OptionalLong pid = pid(part);
            if (pid.isEmpty() || !Files.exists(Path.of("/proc", Long.toString(pid.getAsLong())))) {
                continue;
            }
            Set<Long> members = membersOf(rootsOf(part, pid.getAsLong(), all), all);
            long ticks = 0;
            long rss = 0;
            long pss = 0;
            for (ProcStat stat : all) {
                if (members.contains(stat.pid)) {
                    ticks += stat.cpuTicks;
                    rss += rssKiB(stat.pid);
                    pss += withPss ? pssKiB(stat.pid) : 0;
                }
            }
            parts.put(part, new PartSample(part, ticks, rss, pss, members.size()));
        }
        long self = ProcessHandle.current().pid();
        for (ProcStat stat : all) {
            if (stat.pid == self) {
                parts.put(LOADGEN, new PartSample(LOADGEN, stat.cpuTicks, rssKiB(self), withPss ? pssKiB(self) : 0, 1));
            }
        }
        return new Snapshot(System.nanoTime(), parts, machineBusyTicks());
    }

    /** Busy CPU ticks of the whole machine, all cores (from the first line of /proc/stat). */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The part's pid, and for PostgreSQL also the server, which pg_ctl detaches into its own session: it is
     * the process whose command line names the platform's data directory.
     */
    private List<Long> rootsOf(String part, long pid, List<ProcStat> all) {
        List<Long> roots = new ArrayList<>(List.of(pid));
        if (part.equals("postgres")) {
            String dataDir = runDir.getParent().resolve("data").resolve("postgres").toString();
            for (ProcStat stat : all) {
                String cmdline = cmdline(stat.pid);
                if (cmdline.contains(" -D " + dataDir + " ") || cmdline.endsWith(" -D " + dataDir)) {
                    roots.add(stat.pid);
                }
            }
        }
        return roots;
    }

    /** The JVM options ({@code -X...}) a part was started with, as its command line shows them. */
    String jvmOptions(String part) {
        OptionalLong pid = pid(part);
        if (pid.isEmpty()) {
            return "?";
        }
        StringBuilder options = new StringBuilder();
        for (String arg : cmdline(pid.getAsLong()).split(" ")) {
            if (arg.startsWith("-X")) {
                options.append(options.length() == 0 ? "" : " ").append(arg);
            }
        }
        return options.toString();
    }

    /**
     * The checkout whose code ingress runs: {@code ./hookflow up} starts it as
     * {@code java ... -jar <checkout>/ingress-service/target/quarkus-app/quarkus-run.jar}. Empty when ingress is not
     * running or was started otherwise.
     */
    java.util.Optional<Path> ingressCheckout() {
        OptionalLong pid = pid("ingress-service");
        if (pid.isEmpty()) {
            return java.util.Optional.empty();
        }
        String suffix = "/ingress-service/target/quarkus-app/quarkus-run.jar";
        for (String arg : cmdline(pid.getAsLong()).split(" ")) {
            if (arg.endsWith(suffix)) {
                return java.util.Optional.of(Path.of(arg.substring(0, arg.length() - suffix.length())));
            }
        }
        return java.util.Optional.empty();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static Set<Long> membersOf(List<Long> roots, List<ProcStat> all) {
        Set<Long> members = new HashSet<>(roots);
        Map<Long, List<Long>> children = new HashMap<>();
        for (ProcStat stat : all) {
            if (roots.contains(stat.session)) {
                members.add(stat.pid);
            }
            children.computeIfAbsent(stat.ppid, k -> new ArrayList<>()).add(stat.pid);
        }
        List<Long> queue = new ArrayList<>(members);
        while (!queue.isEmpty()) {
            long pid = queue.remove(queue.size() - 1);
            for (long child : children.getOrDefault(pid, List.of())) {
                if (members.add(child)) {
                    queue.add(child);
                }
            }
        }
        return members;
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between the listing and this read
        }
        return 0;
    }

    private static long pssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no smaps_rollup on this kernel
        }
        return 0;
    }

    /** SIGSTOP to the part's process group: it keeps its state but does nothing until {@link #resume}. */
    void pause(String part) {
        signal(part, "STOP");
        paused.add(part);
    }

    void resume(String part) {
        signal(part, "CONT");
        paused.remove(part);
    }

    private void signal(String part, String signal) {
        long pid = pid(part).orElseThrow(() -> new IllegalStateException(part + " is not running"));
        run(List.of("kill", "-" + signal, "--", "-" + pid), 10);
    }

    /** Runs {@code jcmd <pid> args...} with the JDK that runs this generator, answering its output. */
    String jcmd(long pid, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(pid));
        command.addAll(List.of(args));
        return run(command, 120);
    }

    static String run(List<String> command, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Heap in use after a full GC, in MiB, from {@code jcmd GC.run} and {@code GC.heap_info}. */
    double heapAfterGcMiB(String part) {
        long pid = pid(part).orElseThrow(() -> new IllegalStateException(part + " is not running"));
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long usedKiB = 0;
        // Serial GC: "def new generation total 9792K, used 1234K [...]" and "tenured generation total ..., used ..."
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(info);
        while (m.find()) {
            usedKiB += Long.parseLong(m.group(1));
        }
        if (usedKiB == 0) {
            java.util.regex.Matcher g1 = java.util.regex.Pattern.compile("garbage-first heap\\s+total (?:reserved )?\\d+K, (?:committed \\d+K, )?used (\\d+)K").matcher(info);
            if (g1.find()) {
                usedKiB = Long.parseLong(g1.group(1));
            }
        }
        return usedKiB / 1024.0;
    }

    /** One process's line of {@code /proc/<pid>/stat}. */
    private record ProcStat(long pid, long ppid, long session, long cpuTicks) {

        static List<ProcStat> readAll() {
            List<ProcStat> stats = new ArrayList<>();
            try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
                dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                    try {
                        String text = Files.readString(dir.resolve("stat"));
                        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                        // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
                        stats.add(new ProcStat(Long.parseLong(dir.getFileName().toString()), Long.parseLong(f[1]),
                                Long.parseLong(f[3]), Long.parseLong(f[11]) + Long.parseLong(f[12])));
                    } catch (IOException | RuntimeException e) {
                        // gone meanwhile
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException("cannot list /proc", e);
            }
            return stats;
        }
    }

    /** A part's processes at one moment. */
    record PartSample(String part, long cpuTicks, long rssKiB, long pssKiB, int processes) {
        double cpuSeconds() {
            return cpuTicks / (double) CLOCK_TICKS;
        }

        double rssMiB() {
            return rssKiB / 1024.0;
        }

        double pssMiB() {
            return pssKiB / 1024.0;
        }
    }

    /** Every part at one moment. */
    record Snapshot(long nanos, Map<String, PartSample> parts, long machineBusyTicks) {
    }

    /** What a part used between two snapshots. */
    record Usage(String part, double cpuSeconds, double cpuPercent, double rssBeforeMiB, double rssAfterMiB) {
    }

    static List<Usage> between(Snapshot before, Snapshot after) {
        double wall = Math.max(1e-9, (after.nanos() - before.nanos()) / 1e9);
        List<Usage> usage = new ArrayList<>();
        double known = 0;
        for (PartSample end : after.parts().values()) {
            PartSample start = before.parts().get(end.part());
            double cpu = start == null ? end.cpuSeconds() : end.cpuSeconds() - start.cpuSeconds();
            known += cpu;
            usage.add(new Usage(end.part(), cpu, 100 * cpu / wall, start == null ? 0 : start.rssMiB(), end.rssMiB()));
        }
        if (before.machineBusyTicks() >= 0 && after.machineBusyTicks() >= 0) {
            double others = Math.max(0, (after.machineBusyTicks() - before.machineBusyTicks()) / (double) CLOCK_TICKS - known);
            usage.add(new Usage(OTHERS, others, 100 * others / wall, 0, 0));
        }
        return usage;
    }
}
