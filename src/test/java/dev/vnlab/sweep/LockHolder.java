package dev.vnlab.sweep;

import java.nio.file.Path;

/**
 * A second process for the lock tests: takes one lock in a sweep directory, prints "held", and
 * keeps it until its standard input closes. Arguments: DIR, then {@code shard I/N} (the right
 * to append to that shard's results file, through {@link CellLog}) or {@code cell INDEX}.
 */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        AutoCloseable held;
        if (args[1].equals("shard")) {
            held = CellLog.open(dir, Shard.parse(args[2]), ResultsFileTest.header(3));
        } else {
            SweepLocks locks = SweepLocks.open(dir);
            if (locks.tryCell(Integer.parseInt(args[2])) == null) throw new IllegalStateException("cell " + args[2] + " is already claimed");
            held = locks;
        }
        System.out.println("held");
        System.out.flush();
        while (System.in.read() >= 0) { } // until the test closes our input
        held.close();
    }
}
