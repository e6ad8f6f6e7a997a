package org.communitygis.report.batch;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.communitygis.core.CgisException;
import org.communitygis.report.ReportMessages;

/** Finds a {@link CoverageEngine} by name among the {@link CoverageEngineProvider}s on the class path. */
public final class CoverageEngines {
    /**
     * Engines built by this project. {@code spark} lives in the report-spark module, which {@code ./cgis} puts on
     * the class path only when the command line contains {@code --engine spark}.
     */
    static final List<String> BUNDLED = List.of("local", "spark");

    private CoverageEngines() {
    }

    /**
     * Creates the engine called {@code name}.
     *
     * @param settings passed to {@link CoverageEngineProvider#create}
     * @throws CgisException when no provider has that name. The message lists the installed engines and the
     *     bundled ones that are not on the class path, with how to load them.
     */
    public static CoverageEngine open(String name, Map<String, String> settings) {
        TreeSet<String> installed = new TreeSet<>();
        for (CoverageEngineProvider provider : ServiceLoader.load(CoverageEngineProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.create(settings);
            }
            installed.add(provider.name());
        }
        List<String> notLoaded = BUNDLED.stream().filter(engine -> !installed.contains(engine)).toList();
        if (notLoaded.isEmpty()) {
            throw new CgisException(ReportMessages.BUNDLE, "batch.unknownEngine", name, String.join(", ", installed));
        }
        TreeSet<String> all = new TreeSet<>(installed);
        all.addAll(BUNDLED);
        throw new CgisException(ReportMessages.BUNDLE, "batch.unknownEngine.notLoaded", name, String.join(", ", all),
                String.join(", ", notLoaded));
    }
}
