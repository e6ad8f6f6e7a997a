package org.communitygis.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.communitygis.core.progress.Progress;

/**
 * A progress bar on stderr: {@code [########------------]  40% 400/1000 填洼 · 剩余约 1:23}. The count
 * {@code done/total} and the remaining time appear when the step has a total; the remaining time is
 * estimated from the rate so far, once at least one unit is done and one second has passed. On a terminal
 * the bar is redrawn in place at most every 100 ms. When stderr is not a terminal (CI logs, pipes), a line
 * with the current percentage is printed only when the progress enters a new 25 % band, so logs stay short.
 */
public final class ConsoleProgress implements Progress {
    private static final int WIDTH = 24;
    private static final long MIN_ETA_NANOS = 1_000_000_000L;
    private final PrintStream err;
    private final boolean interactive;
    private final LongSupplier clock;
    private String step = "";
    private long total;
    private long startNanos;
    private long lastDrawNanos;
    private int lastPercent = -1;
    private int lastWidth;

    /** Creates a progress bar on {@code err}; {@code interactive} redraws in place. */
    public ConsoleProgress(PrintStream err, boolean interactive) {
        this(err, interactive, System::nanoTime);
    }

    /** Creates a progress bar that reads the time, ns, from {@code clock} (for tests). */
    ConsoleProgress(PrintStream err, boolean interactive, LongSupplier clock) {
        this.err = err;
        this.interactive = interactive;
        this.clock = clock;
    }

    /** Creates a progress bar on {@code err}, interactive when the JVM has a console. */
    public static ConsoleProgress forStderr(PrintStream err) {
        return new ConsoleProgress(err, System.console() != null);
    }

    @Override
    public synchronized void begin(String stepName, long totalUnits) {
        this.step = stepName;
        this.total = totalUnits;
        this.lastPercent = -1;
        this.lastDrawNanos = 0;
        this.lastWidth = 0;
        this.startNanos = clock.getAsLong();
        draw(0, true);
    }

    @Override
    public synchronized void worked(long done) {
        draw(done, false);
    }

    @Override
    public synchronized void end() {
        draw(total, true);
        if (interactive) {
            err.println();
        }
    }

    private void draw(long done, boolean force) {
        int percent = total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        long now = clock.getAsLong();
        if (interactive) {
            if (!force && now - lastDrawNanos < 100_000_000L) {
                return;
            }
            lastDrawNanos = now;
            lastPercent = percent;
            int filled = percent * WIDTH / 100;
            String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent)
                    + count(done) + " " + step + eta(done, now);
            // Pad with spaces so a shorter line fully covers the previous one.
            String padding = " ".repeat(Math.max(0, lastWidth - line.length()));
            lastWidth = line.length();
            err.print("\r" + line + padding);
            err.flush();
            return;
        }
        int bucket = percent / 25;
        if (bucket != lastPercent) {
            lastPercent = bucket;
            // The line shows the real percentage (40% at 2/5), not the 25 % bucket that triggered it.
            err.println(String.format("%3d%%", percent) + count(done) + " " + step + eta(done, now));
        }
    }

    /** Returns " done/total", or "" without a total. */
    private String count(long done) {
        return total > 0 ? " " + Math.min(done, total) + "/" + total : "";
    }

    /** Returns " · remaining about m:ss" from the rate so far, or "" when it cannot be estimated yet or is 0. */
    private String eta(long done, long now) {
        long elapsed = now - startNanos;
        if (total <= 0 || done <= 0 || done >= total || elapsed < MIN_ETA_NANOS) {
            return "";
        }
        long remainingSeconds = Math.round(elapsed / 1e9 * (total - done) / done);
        return " · " + CliMessages.BUNDLE.format("progress.eta", duration(remainingSeconds));
    }

    /** Formats seconds as {@code m:ss}, or {@code h:mm:ss} from one hour. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
