package org.communitygis.core.progress;

/**
 * Receives progress of long work: a named step with a known amount of work units.
 *
 * <p>Implementations must be cheap to call many times per second; callers report at most every few
 * thousand units. {@link #NONE} ignores everything.
 */
public interface Progress {
    /** A progress sink that ignores every report. */
    Progress NONE = new Progress() {
        @Override
        public void begin(String step, long total) {
        }

        @Override
        public void worked(long done) {
        }

        @Override
        public void end() {
        }
    };

    /** Starts a step named {@code step} (user language) with {@code total} units; 0 means unknown. */
    void begin(String step, long total);

    /** Reports that {@code done} units of the current step are finished (absolute, not a delta). */
    void worked(long done);

    /** Ends the current step. */
    void end();
}
