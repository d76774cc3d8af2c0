package io.hookflow.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JDK Flight Recorder file (settings=profile) into tables: where CPU samples land (top frame, and
 * the project's own methods on the stack), which threads run, where allocation happens, and GC pauses.
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    /** Prints the summary of a recording: {@code JfrSummary <file.jfr> [name]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrSummary <file.jfr> [name]");
            System.exit(2);
        }
        for (Table table : summarize(Path.of(args[0]), args.length > 1 ? args[1] : "recording", 15, 0, "")) {
            System.out.print(table.text());
        }
    }

    /**
     * @param operations requests or executions during the recording, for the per-operation allocation
     */
    static List<Table> summarize(Path file, String part, int top, long operations, String operation)
            throws IOException {
        Map<String, Long> selfMethods = new HashMap<>();
        Map<String, Long> selfPackages = new HashMap<>();
        Map<String, Long> hookflowInclusive = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> allocationSites = new HashMap<>();
        Map<String, Long> allocationClasses = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        long gcs = 0;
        Duration gcPause = Duration.ZERO;
        Duration longestPause = Duration.ZERO;
        long heapAllocated = 0;
        long lastAfterGc = -1;
        java.time.Instant first = null;
        java.time.Instant last = null;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (first == null || event.getStartTime().isBefore(first)) {
                    first = event.getStartTime();
                }
                if (last == null || event.getEndTime().isAfter(last)) {
                    last = event.getEndTime();
                }
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack != null && !stack.getFrames().isEmpty()) {
                            selfMethods.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
                            selfPackages.merge(packageGroup(stack.getFrames().get(0)), 1L, Long::sum);
                            Set<String> seen = new HashSet<>();
                            for (RecordedFrame frame : stack.getFrames()) {
                                String name = name(frame);
                                if (name.startsWith("io.hookflow.") && !generated(name) && seen.add(name)) {
                                    hookflowInclusive.merge(name, 1L, Long::sum);
                                }
                            }
                        }
                        if (event.getThread("sampledThread") != null) {
                            String thread = event.getThread("sampledThread").getJavaName();
                            threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = event.getLong("weight");
                        allocated += weight;
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack != null && !stack.getFrames().isEmpty()) {
                            allocationSites.merge(allocationSite(stack), weight, Long::sum);
                        }
                        allocationClasses.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                    }
                    case "jdk.GCHeapSummary" -> {
                        long used = event.getLong("heapUsed");
                        if ("Before GC".equals(event.getString("when"))) {
                            if (lastAfterGc >= 0 && used > lastAfterGc) {
                                heapAllocated += used - lastAfterGc;
                            }
                        } else {
                            lastAfterGc = used;
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        gcs++;
                        Duration pause = event.getDuration("sumOfPauses");
                        gcPause = gcPause.plus(pause);
                        if (pause.compareTo(longestPause) > 0) {
                            longestPause = pause;
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        List<Table> tables = new ArrayList<>();
        tables.add(top(part + ": hot methods (top frame of CPU samples; " + samples + " samples)",
                "method", "samples", selfMethods, samples, top, false));
        tables.add(top(part + ": CPU samples by package of the top frame", "package", "samples", selfPackages,
                samples, 12, false));
        tables.add(top(part + ": project methods on the stack (inclusive)", "method", "samples",
                hookflowInclusive, samples, top, false));
        tables.add(top(part + ": CPU samples by thread", "thread", "samples", threads, samples, 8, false));
        double seconds = first == null ? 1 : Math.max(1, Duration.between(first, last).toMillis() / 1000.0);
        String rate = "allocation " + Table.f0(heapAllocated / 1048576.0 / seconds) + " MiB/s"
                + (operations > 0 ? ", about " + Table.f1(heapAllocated / 1024.0 / operations) + " KiB per " + operation : "")
                + ", from the heap before and after each GC";
        tables.add(top(part + ": allocation by site (first frame outside java.*/jdk.*), share of sampled weight",
                "site", "weight MiB", allocationSites, allocated, top, true));
        tables.add(top(part + ": allocation by class, share of sampled weight", "class", "weight MiB",
                allocationClasses, allocated, 10, true));
        tables.get(tables.size() - 2).note(part + ": " + rate + ". JFR's sampled weights are estimates (they add up to "
                + Table.f0(allocated / 1048576.0) + " MiB); read the percentages.");
        tables.get(0).note("GC: " + gcs + " collections, " + gcPause.toMillis() + " ms paused in total, longest "
                + longestPause.toMillis() + " ms; " + rate + ". Recording " + Table.f0(seconds) + " s.");
        return tables;
    }

    /** The allocating frame and, when it is library code, the nearest caller outside java.* and jdk.*. */
    private static String allocationSite(RecordedStackTrace stack) {
        String first = name(stack.getFrames().get(0));
        for (RecordedFrame frame : stack.getFrames()) {
            String name = name(frame);
            if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                return name.equals(first) ? name : name + " > " + shortName(first);
            }
        }
        return first;
    }

    /** Quarkus's generated proxies and invokers repeat the method they wrap. */
    private static boolean generated(String name) {
        return name.contains("_ClientProxy") || name.contains("_Subclass") || name.contains("_SmallRyeMessagingInvoker")
                || name.contains("$$");
    }

    /** The first three segments of the frame's package (e.g. com.fasterxml.jackson, org.apache.kafka). */
    private static String packageGroup(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        int n = Math.min(3, parts.length - 1);
        return n <= 0 ? type : String.join(".", java.util.Arrays.copyOf(parts, n));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String shortName(String name) {
        int method = name.lastIndexOf('.');
        int type = name.lastIndexOf('.', method - 1);
        return name.substring(type + 1);
    }

    private static Table top(String title, String label, String unit, Map<String, Long> counts, long total, int n,
                             boolean bytes) {
        Table table = new Table(title, label, unit, "%");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> table.row(e.getKey(), bytes ? Table.f1(e.getValue() / 1048576.0) : e.getValue(),
                        Table.f1(100.0 * e.getValue() / Math.max(1, total))));
        return table;
    }
}
