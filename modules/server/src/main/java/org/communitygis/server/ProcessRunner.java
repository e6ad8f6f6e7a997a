package org.communitygis.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.store.ProjectStore;

/**
 * An analysis offered through OGC API – Processes ({@code /processes/{id}}).
 *
 * <p>The server validates the request's inputs against {@link #inputs()} before calling {@link #run}, so
 * {@code run} receives every declared input, with its default where the request left it out, as a
 * {@link Double}, {@link Long}, {@link Boolean} or {@link String}. {@code run} executes on the server's
 * single job thread inside the project updater's transaction.
 */
public interface ProcessRunner {
    /** Returns the process id used in the URL, e.g. {@code drainage}: letters, digits, {@code -} and {@code _}. */
    String id();

    /** Returns the process title in {@code locale}. */
    String title(Locale locale);

    /** Returns a one-paragraph description in {@code locale}: what the process reads and writes. */
    String description(Locale locale);

    /** Returns the inputs in the order they are shown. */
    List<ProcessInput> inputs();

    /** Returns the names of the layers the process may write; a run reports those it did write. */
    List<String> outputLayers();

    /**
     * Runs the analysis on {@code store} and returns the names of the layers it wrote.
     *
     * @param store the project, writable; the updater commits all writes when this returns
     * @param inputs validated inputs with defaults filled in, keyed by {@link ProcessInput#name()}
     * @param progress receives steps and work done, shown as the job's progress
     * @param diagnostics receives warnings, listed in the job's status message
     * @throws org.communitygis.core.CgisException when the project lacks an input layer, or when an input is invalid
     *     beyond what the schema expresses. The job then fails with the exception's message.
     */
    List<String> run(ProjectStore store, Map<String, Object> inputs, Progress progress, Diagnostics diagnostics);
}
