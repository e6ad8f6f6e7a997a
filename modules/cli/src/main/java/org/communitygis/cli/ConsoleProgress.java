package org.communitygis.cli;

import java.io.PrintStream;
import org.communitygis.core.progress.Progress;

/**
 * A progress bar on stderr: {@code [########------------]  40% 填洼}. On a terminal the bar is redrawn in
 * place at most every 100 ms; when stderr is not a terminal (CI logs, pipes) one line is printed per 25 %
 * step so logs stay short.
 */
public final class ConsoleProgress implements Progress {
    private static final int WIDTH = 24;
    private final PrintStream err;
    private final boolean interactive;
    private String step = "";
    private long total;
    private long lastDrawNanos;
    private int lastPercent = -1;

    /** Creates a progress bar on {@code err}; {@code interactive} redraws in place. */
    public ConsoleProgress(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
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
        if (interactive) {
            long now = System.nanoTime();
            if (!force && (percent == lastPercent || now - lastDrawNanos < 100_000_000L)) {
                return;
            }
            lastDrawNanos = now;
            lastPercent = percent;
            int filled = percent * WIDTH / 100;
            String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
            err.print("\r[" + bar + "] " + String.format("%3d%%", percent) + " " + step);
            err.flush();
            return;
        }
        int bucket = percent / 25;
        if (bucket != lastPercent) {
            lastPercent = bucket;
            err.println(String.format("%3d%% %s", bucket * 25, step));
        }
    }
}
