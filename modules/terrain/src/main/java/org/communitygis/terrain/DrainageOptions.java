package org.communitygis.terrain;

import org.communitygis.core.CgisException;

/**
 * Settings of {@link DrainageAnalysis}.
 *
 * @param epsilonFill fill depressions with a minimal gradient ({@link PriorityFloodFill#epsilon}) instead
 *        of flat surfaces; default false, because flats are then drained by {@link FlatResolver} and the
 *        stored {@code dem_filled} keeps whole-metre elevations where the source had them
 * @param resolveFlats give flats directions with {@link FlatResolver}; default true
 * @param noDataIsOutlet let water leave the DEM into NoData holes as at the grid edge; default true
 * @param streamThresholdM2 minimum upstream area of a stream cell, m²; default 10,000 m² (1 ha), the
 *        order of the smallest catchment for which a village ditch or culvert is sized
 * @param minStreamCells minimum upstream cells of a stream cell whatever the area; default 10. A 90 m SRTM
 *        cell is 0.8 ha, so without this floor a coarse DEM would turn nearly every cell into a stream
 * @param breachDepressions remove depressions by {@link PriorityFloodBreach} (trenches through their
 *        barriers) instead of filling; default false. {@code epsilonFill} then has no effect
 */
public record DrainageOptions(boolean epsilonFill, boolean resolveFlats, boolean noDataIsOutlet,
        double streamThresholdM2, int minStreamCells, boolean breachDepressions) {

    /** The default stream threshold, m². */
    public static final double DEFAULT_STREAM_THRESHOLD_M2 = 10_000;
    /** The default minimum stream cells. */
    public static final int DEFAULT_MIN_STREAM_CELLS = 10;

    /** Validates the thresholds. */
    public DrainageOptions {
        if (!(streamThresholdM2 > 0) || Double.isInfinite(streamThresholdM2)) {
            throw new CgisException(TerrainMessages.BUNDLE, "stream.badThreshold", streamThresholdM2);
        }
        if (minStreamCells < 1) {
            throw new CgisException(TerrainMessages.BUNDLE, "stream.badMinCells", minStreamCells);
        }
    }

    /** Creates options that fill depressions. */
    public DrainageOptions(boolean epsilonFill, boolean resolveFlats, boolean noDataIsOutlet, double streamThresholdM2,
            int minStreamCells) {
        this(epsilonFill, resolveFlats, noDataIsOutlet, streamThresholdM2, minStreamCells, false);
    }

    /** Returns the defaults. */
    public static DrainageOptions defaults() {
        return new DrainageOptions(false, true, true, DEFAULT_STREAM_THRESHOLD_M2, DEFAULT_MIN_STREAM_CELLS, false);
    }

    /** Returns a copy that breaches depressions (true) or fills them (false). */
    public DrainageOptions withBreachDepressions(boolean enabled) {
        return new DrainageOptions(epsilonFill, resolveFlats, noDataIsOutlet, streamThresholdM2, minStreamCells, enabled);
    }

    /** Returns a copy with another stream threshold, m². */
    public DrainageOptions withStreamThresholdM2(double areaM2) {
        return new DrainageOptions(epsilonFill, resolveFlats, noDataIsOutlet, areaM2, minStreamCells, breachDepressions);
    }

    /** Returns a copy with another minimum of stream cells. */
    public DrainageOptions withMinStreamCells(int cells) {
        return new DrainageOptions(epsilonFill, resolveFlats, noDataIsOutlet, streamThresholdM2, cells, breachDepressions);
    }

    /** Returns a copy with epsilon filling on or off. */
    public DrainageOptions withEpsilonFill(boolean enabled) {
        return new DrainageOptions(enabled, resolveFlats, noDataIsOutlet, streamThresholdM2, minStreamCells, breachDepressions);
    }

    /** Returns the options as {@code key=value;…} for the {@code analysis.drainage.params} metadata. */
    public String toParams() {
        return "epsilon_fill=" + epsilonFill + ";resolve_flats=" + resolveFlats + ";nodata_is_outlet=" + noDataIsOutlet
                + ";stream_threshold_m2=" + streamThresholdM2 + ";min_stream_cells=" + minStreamCells
                + ";breach_depressions=" + breachDepressions;
    }
}
