package org.communitygis.report.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.network.CoverageAnalysis;
import org.communitygis.network.CoverageOptions;
import org.communitygis.network.GradientRules;
import org.communitygis.report.ReportMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} engine: runs {@link CoverageAnalysis} in this JVM, on as many communities at a time as
 * it has threads (setting {@code threads}, default one per available processor). Results keep the input
 * order. A {@link CgisException} or runtime exception of one community fails that community only.
 */
public final class LocalCoverageEngine implements CoverageEngine {
    /** The engine name. */
    public static final String NAME = "local";

    private static final Logger LOG = LoggerFactory.getLogger(LocalCoverageEngine.class);

    private final int threads;
    private ExecutorService pool;

    /** Creates the engine with one thread per available processor. */
    public LocalCoverageEngine() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** Creates the engine with {@code threads} worker threads (at least 1). */
    public LocalCoverageEngine(int threads) {
        this.threads = Math.max(1, threads);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CommunityCoverage> compute(List<CommunityInput> communities, CoverageOptions options,
            Progress progress, Diagnostics diagnostics) {
        List<CommunityCoverage> results = new ArrayList<>(communities.size());
        if (threads == 1 || communities.size() < 2) {
            for (CommunityInput community : communities) {
                results.add(computeOne(community, options, diagnostics));
                progress.worked(results.size());
            }
            return results;
        }
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, task -> {
                Thread thread = new Thread(task, "cgis-local-engine");
                thread.setDaemon(true);
                return thread;
            });
        }
        List<Future<CommunityCoverage>> futures = new ArrayList<>();
        for (CommunityInput community : communities) {
            futures.add(pool.submit(() -> computeOne(community, options, diagnostics)));
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CgisException(e, ReportMessages.BUNDLE, "batch.interrupted");
            } catch (ExecutionException e) {
                // computeOne catches every exception; an Error (out of memory) ends the batch.
                throw new IllegalStateException("Coverage of " + communities.get(i).id() + " failed", e.getCause());
            }
            progress.worked(results.size());
        }
        return results;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    private static CommunityCoverage computeOne(CommunityInput community, CoverageOptions options,
            Diagnostics diagnostics) {
        try {
            return CommunityCoverage.of(community.id(), CoverageAnalysis.run(community.buildings(), community.pipes(),
                    community.roads(), community.zones(), community.facilities(), community.dem(),
                    GradientRules.defaults(), options, Progress.NONE, diagnostics).buildings());
        } catch (CgisException e) {
            LOG.debug("Coverage of community {} failed: {}", community.id(), e.getMessage());
            return CommunityCoverage.failed(community.id(), e.getLocalizedMessage());
        } catch (RuntimeException e) {
            LOG.debug("Coverage of community {} failed", community.id(), e);
            return CommunityCoverage.failed(community.id(),
                    ReportMessages.BUNDLE.format("batch.engineError", e.getClass().getSimpleName(), e.getMessage()));
        }
    }

    /** Registers the engine under {@value #NAME}. */
    public static final class Provider implements CoverageEngineProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CoverageEngine create(Map<String, String> settings) {
            String threads = settings.get("threads");
            if (threads == null || threads.isBlank() || threads.equals("0")) {
                return new LocalCoverageEngine();
            }
            try {
                return new LocalCoverageEngine(Integer.parseInt(threads.trim()));
            } catch (NumberFormatException e) {
                throw new CgisException(e, ReportMessages.BUNDLE, "batch.badThreads", threads);
            }
        }
    }
}
