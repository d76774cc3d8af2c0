package io.hookflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        long memKiB = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKiB = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // leave the defaults
        }
        String kernel = read(Path.of("/proc/sys/kernel/osrelease"));
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Math.round(memKiB / 1048576.0) + " GiB RAM, Linux " + kernel + ", Java "
                + System.getProperty("java.version") + "; load generator and platform share the cores";
    }

    static String gitRevision(Path root) {
        try {
            String head = Platform.run(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD"), 10).strip();
            String dirty = Platform.run(List.of("git", "-C", root.toString(), "status", "--porcelain",
                    "--untracked-files=no"), 10).strip();
            return "commit " + head + (dirty.isEmpty() ? "" : " with uncommitted changes in the working tree");
        } catch (RuntimeException e) {
            return "unknown (not a git checkout)";
        }
    }

    /** The first three fields of /proc/loadavg. */
    static String loadAverage() {
        String[] f = read(Path.of("/proc/loadavg")).split(" ");
        return f.length >= 3 ? f[0] + ", " + f[1] + ", " + f[2] : "?";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
