package org.communitygis.report.batch;

import java.util.List;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.network.CoverageOptions;

/**
 * Computes the {@code coverage_buildings} rows of many communities for a batch report. The batch
 * ({@link BatchReport}) derives every table it writes (zones, communities, unserved households, facility
 * loads, ...) from these rows and the communities' other layers, so two engines that return equal rows
 * produce byte-identical CSV and XLSX tables.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Rows.</b> For each community, the layer is the one {@code CoverageAnalysis.run(buildings,
 *       pipes, roads, zones, facilities, dem, GradientRules.defaults(), options, …).buildings()} returns:
 *       name {@code coverage_buildings}, fields {@code NetworkLayers.COVERAGE_BUILDINGS_FIELDS} in that
 *       order, one feature per polygon building in the order of {@link CommunityInput#buildings()}, with
 *       the building's feature id. The batch sorts nothing that the engine could reorder, except where a
 *       table documents its own order.</li>
 *   <li><b>Values.</b> Equal to {@code CoverageAnalysis} field by field. The tables round distances to
 *       0.01 m and shares to 0.1 %, so a distance may differ only below that rounding. Booleans and
 *       counts must be equal.</li>
 *   <li><b>Order and failures.</b> The result list has one entry per input, in input order. A community
 *       that fails gets {@link CommunityCoverage#failed} with a message in the user's language
 *       ({@code CgisException.getLocalizedMessage()}); the other communities still get their rows. An
 *       exception thrown by {@link #compute} fails every community of that call.</li>
 *   <li><b>Calls.</b> The batch calls {@link #compute} once per chunk of at most {@link #chunkSize()}
 *       communities, from one thread, and {@link #close} once at the end.</li>
 * </ul>
 *
 * <p>Engines are found by name through {@link java.util.ServiceLoader} and {@link CoverageEngineProvider}
 * ({@link CoverageEngines#open}), so the CLI needs no compile dependency on an engine's module:
 * {@code local} is {@link LocalCoverageEngine}; an engine module registers its provider in
 * {@code META-INF/services/org.communitygis.report.batch.CoverageEngineProvider}.
 */
public interface CoverageEngine extends AutoCloseable {

    /** Returns the engine name used by {@code --engine}. */
    String name();

    /** Returns the largest number of communities per {@link #compute} call. */
    default int chunkSize() {
        return 64;
    }

    /**
     * Computes the rows of {@code communities}.
     *
     * @param options the coverage thresholds, the same for every community
     * @param progress receives one step per community finished (total {@code communities.size()})
     * @param diagnostics receives the analysis warnings (skipped features) of every community
     * @return one entry per community, in input order
     */
    List<CommunityCoverage> compute(List<CommunityInput> communities, CoverageOptions options, Progress progress,
            Diagnostics diagnostics);

    /** Releases the engine's resources (a Spark session, worker threads). */
    @Override
    default void close() {
    }
}
