package dev.vnlab.sweep;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress of a sweep on stderr, by work done (floating-point operations) rather than cells, so
 * the ETA holds when cells differ in size. On a terminal: one bar redrawn in place, with the
 * cells done, elapsed time and ETA. Otherwise (a log file, a batch job): a plain line such as
 * {@code depth: cell 3/40 (width=500,net=2) done, 12s elapsed, ETA 1m20s}, at most one every
 * {@value #PLAIN_INTERVAL_SECONDS} seconds. {@link #silent()} prints nothing (--quiet).
 * Thread-safe: cells finishing on several threads report here.
 */
public final class Progress {
    static final int PLAIN_INTERVAL_SECONDS = 5;
    private static final long BAR_INTERVAL_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintStream err;
    private final boolean terminal;
    private final String label;
    private final LongSupplier clock;
    private long started, lastPrint;
    private int cells, cellsDone;
    private double work, workDone;
    private boolean barShown;

    private Progress(PrintStream err, boolean terminal, String label, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
        this.clock = clock;
    }

    /** Prints nothing. */
    public static Progress silent() {
        return new Progress(null, false, "", System::nanoTime);
    }

    /**
     * Progress of the sweep {@code label} on {@code err}: a bar if {@code terminal}, else plain lines.
     * The CLI passes {@code System.console() != null} for terminal.
     */
    public static Progress on(PrintStream err, boolean terminal, String label) {
        return new Progress(err, terminal, label, System::nanoTime);
    }

    /** As {@link #on} with a clock in nanoseconds, for tests. */
    static Progress on(PrintStream err, boolean terminal, String label, LongSupplier clock) {
        return new Progress(err, terminal, label, clock);
    }

    /** Whether this prints nothing ({@link #silent()}). */
    public boolean isSilent() {
        return err == null;
    }

    /** Starts timing {@code cells} cells of {@code work} floating-point operations in all. */
    public synchronized void start(int cells, double work) {
        this.cells = cells;
        this.work = work;
        started = lastPrint = clock.getAsLong();
    }

    /** One cell, of {@code cellWork} operations, has finished. */
    public synchronized void done(String key, double cellWork) {
        cellsDone++;
        workDone += cellWork;
        if (err == null) return;
        long now = clock.getAsLong();
        if (terminal) {
            if (now - lastPrint >= BAR_INTERVAL_NANOS || cellsDone == cells) drawBar(now);
        } else if (now - lastPrint >= PLAIN_INTERVAL_SECONDS * 1_000_000_000L) {
            err.println(label + ": cell " + cellsDone + "/" + cells + " (" + key + ") done, " + duration(now - started) + " elapsed, ETA " + eta(now));
            lastPrint = now;
        }
    }

    /** A cell of {@code cellWork} operations turned out to be done by another process: it leaves the count. */
    public synchronized void skipped(double cellWork) {
        cells--;
        work -= cellWork;
    }

    /** Prints a line of its own (an estimate, a warning), above the bar on a terminal. */
    public synchronized void note(String line) {
        if (err == null) return;
        if (barShown) err.print("\r\033[K");
        err.println(line);
        if (barShown) drawBar(clock.getAsLong());
    }

    /** Ends the display: the final bar's line, or a closing plain line if the sweep took a while. */
    public synchronized void finish() {
        if (err == null) return;
        long now = clock.getAsLong();
        if (terminal && barShown) {
            drawBar(now);
            err.println();
            barShown = false;
        } else if (!terminal && now - started >= PLAIN_INTERVAL_SECONDS * 1_000_000_000L) {
            err.println(label + ": " + cellsDone + " cell" + (cellsDone == 1 ? "" : "s") + " in " + duration(now - started));
        }
    }

    private void drawBar(long now) {
        int filled = cells == 0 ? BAR_WIDTH : (int) Math.round(BAR_WIDTH * fraction());
        err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + cellsDone + "/" + cells + " cells  "
                + duration(now - started) + "  ETA " + eta(now) + "\033[K");
        err.flush();
        barShown = true;
        lastPrint = now;
    }

    private double fraction() {
        return work > 0 ? Math.min(1, workDone / work) : cells == 0 ? 1 : (double) cellsDone / cells;
    }

    private String eta(long now) {
        double f = fraction();
        if (f <= 0) return "?";
        return duration((long) ((now - started) * (1 - f) / f));
    }

    /** A duration as 45s, 3m07s or 2h05m. */
    static String duration(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m" + String.format("%02d", s % 60) + "s";
        return s / 3600 + "h" + String.format("%02d", s / 60 % 60) + "m";
    }
}
