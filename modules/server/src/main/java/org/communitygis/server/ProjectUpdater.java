package org.communitygis.server;

import java.util.List;
import java.util.function.Function;
import org.communitygis.core.store.ProjectStore;

/**
 * Runs a process on a writable project in one transaction: all of its writes reach the project, or none
 * when it throws. The CLI passes its project location's atomic update here; tests on a
 * {@link org.communitygis.core.store.MemoryStore} pass {@code work -> work.apply(store)}.
 */
@FunctionalInterface
public interface ProjectUpdater {
    /** Opens the project for writing, applies {@code work}, commits, and returns its result. */
    List<String> update(Function<ProjectStore, List<String>> work);
}
