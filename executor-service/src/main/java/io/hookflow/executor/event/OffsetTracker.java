package io.hookflow.executor.event;

import java.util.TreeSet;

/**
 * The offsets of one partition that were taken but are not yet done. Records finish out of order (many run at
 * once); the offset that may be committed is the lowest one still open, or the one after the highest taken when
 * none is open, so a crash never skips a record that had not finished.
 */
final class OffsetTracker {

    private final TreeSet<Long> open = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    synchronized void taken(long offset) {
        open.add(offset);
        next = Math.max(next, offset + 1);
    }

    synchronized void done(long offset) {
        open.remove(offset);
    }

    /** The offset to commit now, or -1 when nothing changed since the last commit. */
    synchronized long committable() {
        long offset = open.isEmpty() ? next : open.first();
        return offset > committed ? offset : -1;
    }

    synchronized void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    synchronized int openCount() {
        return open.size();
    }
}
