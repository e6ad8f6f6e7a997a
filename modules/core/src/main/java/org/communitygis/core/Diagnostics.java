package org.communitygis.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.communitygis.core.i18n.Message;
import org.communitygis.core.i18n.MessageBundle;

/**
 * Warnings collected while a command runs: skipped features, repaired geometries, NoData cells.
 *
 * <p>A warning never stops the work; it names the file and feature so the user can fix the source. A
 * listener (the CLI's console, a test) receives each warning as it is added.
 */
public final class Diagnostics {
    private final List<Message> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<Message> listener;

    /** Creates a collector that only stores the warnings. */
    public Diagnostics() {
        this(message -> { });
    }

    /** Creates a collector that also passes every warning to {@code listener}. */
    public Diagnostics(Consumer<Message> listener) {
        this.listener = listener;
    }

    /** Adds a warning built from a key of {@code bundle}. */
    public void warn(MessageBundle bundle, String key, Object... args) {
        Message message = new Message(bundle, key, args);
        warnings.add(message);
        listener.accept(message);
    }

    /** Returns a copy of the warnings so far, in the order they were added. */
    public List<Message> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /** Returns how many warnings have the message key {@code key}. */
    public long count(String key) {
        return warnings().stream().filter(m -> m.key().equals(key)).count();
    }
}
