package org.communitygis.cli;

import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;

/** The console of the running command, shared by the subcommands of one {@link Main#run} call. */
final class CliContext {
    private static volatile Console console = new Console(System.out, System.err);

    private CliContext() {
    }

    static void set(Console current) {
        console = current;
    }

    static Console console() {
        return console;
    }

    /** Returns a collector that prints every warning as it arrives. */
    static Diagnostics diagnostics() {
        Console current = console;
        return new Diagnostics(current::warn);
    }

    /** Returns a progress bar on stderr. */
    static Progress progress() {
        return ConsoleProgress.forStderr(console.err());
    }
}
