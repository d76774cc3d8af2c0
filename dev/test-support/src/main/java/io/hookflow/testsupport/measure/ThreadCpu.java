package io.hookflow.testsupport.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time and heap allocation of this JVM's threads, summed per group, at one moment: the measurement classes
 * ({@code *Measurement}) take one before and one after a round and report the difference per request.
 */
public final class ThreadCpu {

    private final Map<String, Long> cpuNanos = new HashMap<>();
    private final Map<String, Long> allocatedBytes = new HashMap<>();
    private long processCpuNanos;
    private long gcCount;
    private long gcMillis;

    private ThreadCpu() {
    }

    /** Now, with each live thread counted in the group {@code groupOf} names for it. */
    public static ThreadCpu take(Function<ThreadInfo, String> groupOf) {
        ThreadCpu s = new ThreadCpu();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String group = groupOf.apply(info);
            s.cpuNanos.merge(group, Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
            s.allocatedBytes.merge(group, Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId())), Long::sum);
        }
        s.processCpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> {
            s.gcCount += gc.getCollectionCount();
            s.gcMillis += gc.getCollectionTime();
        });
        return s;
    }

    /** CPU nanoseconds of {@code group}'s threads between {@code before} and this. */
    public long cpuSince(ThreadCpu before, String group) {
        return cpuNanos.getOrDefault(group, 0L) - before.cpuNanos.getOrDefault(group, 0L);
    }

    /** Bytes {@code group}'s threads allocated between {@code before} and this. */
    public long allocatedSince(ThreadCpu before, String group) {
        return allocatedBytes.getOrDefault(group, 0L) - before.allocatedBytes.getOrDefault(group, 0L);
    }

    /** CPU nanoseconds of the whole process (GC and JIT included) between {@code before} and this. */
    public long processCpuSince(ThreadCpu before) {
        return processCpuNanos - before.processCpuNanos;
    }

    public long gcCountSince(ThreadCpu before) {
        return gcCount - before.gcCount;
    }

    public long gcMillisSince(ThreadCpu before) {
        return gcMillis - before.gcMillis;
    }
}
