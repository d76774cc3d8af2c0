package io.hookflow.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The processes of the platform that {@code ./hookflow up} started, for tests that cause faults for real: each
 * part's pid is in {@code .hookflow/run/<part>.pid}.
 */
final class Parts {

    static final Path ROOT = Path.of(System.getProperty("hookflow.root", "..")).toAbsolutePath().normalize();

    private Parts() {
    }

    static long pid(String part) {
        try {
            return Long.parseLong(Files.readString(Platform.STATE.resolve("run").resolve(part + ".pid")).trim());
        } catch (IOException e) {
            throw new IllegalStateException("No pid file for " + part + " under " + Platform.STATE, e);
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGSTOP: the process is frozen (a long GC pause, a frozen VM), its sockets stay open. */
    static void pause(String part) {
        signal("STOP", pid(part));
    }

    /** SIGCONT. */
    static void resume(String part) {
        signal("CONT", pid(part));
    }

    /** SIGTERM, then waits until the process is gone. */
    static void stop(String part) {
        long pid = pid(part);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        await().atMost(Duration.ofSeconds(60)).until(() -> !alive(pid));
    }

    /** {@code ./hookflow up}: starts whatever is not running (and restarts what is not live). */
    static void up() {
        hookflow("up");
    }

    static void down() {
        hookflow("down");
    }

    static void signal(String signal, long pid) {
        run(List.of("kill", "-" + signal, Long.toString(pid)), Map.of(), Duration.ofSeconds(10));
    }

    static void hookflow(String command) {
        run(List.of(ROOT.resolve("hookflow").toString(), command), Map.of("HOOKFLOW_HOME", Platform.STATE.toString()),
                Duration.ofMinutes(8));
    }

    /** Starts one more process of a Quarkus service's packaged jar, with its output in the state's logs. */
    static Process startExtra(String module, String logName, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("java", "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TrimNativeHeapInterval=10000", "-jar",
                ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(Platform.STATE.resolve("logs").resolve(logName + ".log").toFile());
        return builder.start();
    }

    private static void run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
