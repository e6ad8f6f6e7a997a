package org.communitygis.cli;

import java.io.PrintStream;
import org.communitygis.core.i18n.Message;

/**
 * The terminal the CLI talks to: normal output on stdout, warnings, errors and progress on stderr, all
 * in the user's language.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;

    /** Creates a console writing to the given streams (UTF-8 expected). */
    public Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Returns the standard output stream. */
    public PrintStream out() {
        return out;
    }

    /** Returns the error stream, also used for progress bars. */
    public PrintStream err() {
        return err;
    }

    /** Prints a CLI message on stdout. */
    public void info(String key, Object... args) {
        out.println(CliMessages.BUNDLE.format(key, args));
    }

    /** Prints a warning on stderr. */
    public void warn(Message message) {
        err.println(CliMessages.BUNDLE.format("console.warning", message.localized()));
    }

    /** Prints an error on stderr. */
    public void error(String localizedText) {
        err.println(CliMessages.BUNDLE.format("console.error", localizedText));
    }
}
