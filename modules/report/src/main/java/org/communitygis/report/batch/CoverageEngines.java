package org.communitygis.report.batch;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.communitygis.core.CgisException;
import org.communitygis.report.ReportMessages;

/** Finds a {@link CoverageEngine} by name among the {@link CoverageEngineProvider}s on the class path. */
public final class CoverageEngines {
    private CoverageEngines() {
    }

    /**
     * Creates the engine called {@code name}.
     *
     * @param settings passed to {@link CoverageEngineProvider#create}
     * @throws CgisException when no provider has that name; the message lists the installed ones
     */
    public static CoverageEngine open(String name, Map<String, String> settings) {
        TreeSet<String> known = new TreeSet<>();
        for (CoverageEngineProvider provider : ServiceLoader.load(CoverageEngineProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.create(settings);
            }
            known.add(provider.name());
        }
        throw new CgisException(ReportMessages.BUNDLE, "batch.unknownEngine", name, String.join(", ", known));
    }
}
