package org.communitygis.terrain;

import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drainage analysis as one call: depression filling, D8 directions, flow accumulation, Horn slope
 * and stream extraction, each reported as a {@link Progress} step.
 *
 * <p>Steps: {@link PriorityFloodFill}, or {@link PriorityFloodBreach} when breaching is chosen (grid edge, and
 * NoData if enabled, as outlets) → {@link D8FlowDirection}
 * on the filled DEM with {@link FlatResolver} → {@link FlowAccumulation} → {@link HornSlope} on the
 * unfilled DEM (filling would flatten slopes inside depressions) → {@link StreamExtractor} with the
 * threshold max(streamThresholdM2, minStreamCells cells).
 *
 * <p>Memory: the returned outputs take 29 bytes per cell (filled DEM, flow direction, accumulation and
 * two slope rasters at 4 bytes each, 1 byte of codes and 8 bytes of double accumulation), 33 with the
 * input DEM, so a 2,000 × 2,000 DEM needs about 130 MB. For grids near the heap limit, call the steps
 * directly: {@link PriorityFloodFill#fillInPlace}, {@link D8FlowDirection#compute} and
 * {@link FlowAccumulation#compute} together peak at 14 bytes per cell plus queues that grow with the
 * largest depression and flat.
 */
public final class DrainageAnalysis {
    private static final Logger LOG = LoggerFactory.getLogger(DrainageAnalysis.class);
    /** Lowest accepted elevation, m: below the Challenger Deep (−10,935 m). */
    private static final float MIN_PLAUSIBLE_ELEVATION_M = -12_000f;
    /** Highest accepted elevation, m: above Mount Everest (8,849 m). */
    private static final float MAX_PLAUSIBLE_ELEVATION_M = 9_000f;

    private DrainageAnalysis() {
    }

    /**
     * Runs the analysis.
     *
     * @param dem elevations in m, in a metric or geographic CRS
     * @param options settings
     * @param progress receives one step per stage
     * @param diagnostics receives warnings (undrained cells, no streams)
     * @throws CgisException when the DEM has no valid cell, fewer than 2 rows or columns, or an elevation
     *         outside −12,000 … 9,000 m (typically an undeclared NoData value)
     */
    public static DrainageResult run(Raster dem, DrainageOptions options, Progress progress, Diagnostics diagnostics) {
        validate(dem);
        GridGeometry grid = dem.grid();
        long cells = grid.size();

        long started = System.nanoTime();
        progress.begin(TerrainMessages.BUNDLE.format("step.fill"), cells);
        Raster filled = options.breachDepressions()
                ? new PriorityFloodBreach().noDataIsOutlet(options.noDataIsOutlet()).breach(dem)
                : new PriorityFloodFill().epsilon(options.epsilonFill()).noDataIsOutlet(options.noDataIsOutlet())
                        .fill(dem, progress);
        progress.end();
        long filledAt = System.nanoTime();

        progress.begin(TerrainMessages.BUNDLE.format("step.flowDir"), grid.rows());
        D8FlowDirection directions = D8FlowDirection.compute(filled, options.resolveFlats(), options.noDataIsOutlet(), progress);
        progress.end();
        if (directions.undrainedCells() > 0) {
            diagnostics.warn(TerrainMessages.BUNDLE, "drainage.undrained", directions.undrainedCells());
        }
        long directedAt = System.nanoTime();

        progress.begin(TerrainMessages.BUNDLE.format("step.flowAcc"), cells - dem.noDataCount());
        FlowAccumulation accumulation = FlowAccumulation.compute(directions, progress, diagnostics);
        progress.end();
        long accumulatedAt = System.nanoTime();

        progress.begin(TerrainMessages.BUNDLE.format("step.slope"), 0);
        HornSlope slope = HornSlope.compute(dem);
        progress.end();
        long slopedAt = System.nanoTime();

        progress.begin(TerrainMessages.BUNDLE.format("step.streams"), 0);
        StreamThreshold threshold = streamThreshold(grid, options);
        var streams = StreamExtractor.extract(directions, accumulation, threshold, progress);
        progress.end();
        if (streams.size() == 0) {
            diagnostics.warn(TerrainMessages.BUNDLE, "drainage.noStreams", options.streamThresholdM2(), options.minStreamCells());
        }
        long streamedAt = System.nanoTime();

        LOG.info("Drainage of {}x{} cells: fill {} ms, directions {} ms, accumulation {} ms, slope {} ms, streams {} ms ({} segments)",
                grid.cols(), grid.rows(), millis(started, filledAt), millis(filledAt, directedAt),
                millis(directedAt, accumulatedAt), millis(accumulatedAt, slopedAt), millis(slopedAt, streamedAt),
                streams.size());
        return new DrainageResult(filled, directions.raster(), accumulation.raster(), slope.degrees(), slope.percent(),
                streams, directions, accumulation);
    }

    /**
     * Returns the stream threshold of {@code options}: the area threshold, raised to minStreamCells cells
     * where cells are larger. On a geographic grid, where cell areas vary, the cell minimum uses the
     * largest cell area of the grid.
     */
    public static StreamThreshold streamThreshold(GridGeometry grid, DrainageOptions options) {
        CellMetrics metrics = CellMetrics.of(grid);
        double largestCellM2 = 0;
        for (int row = 0; row < grid.rows(); row++) {
            largestCellM2 = Math.max(largestCellM2, metrics.area(row));
        }
        return StreamThreshold.areaM2(Math.max(options.streamThresholdM2(), options.minStreamCells() * largestCellM2));
    }

    private static void validate(Raster dem) {
        GridGeometry grid = dem.grid();
        if (grid.cols() < 2 || grid.rows() < 2) {
            throw new CgisException(TerrainMessages.BUNDLE, "drainage.tooSmall", grid.cols(), grid.rows());
        }
        if (dem.noDataCount() == grid.size()) {
            throw new CgisException(TerrainMessages.BUNDLE, "drainage.allNoData", grid.cols(), grid.rows());
        }
        // A NoData value such as −3.4·10³⁸ that the file's NoData tag does not name arrives as an elevation.
        float[] z = dem.data();
        for (int i = 0; i < z.length; i++) {
            float value = z[i];
            if (value < MIN_PLAUSIBLE_ELEVATION_M || value > MAX_PLAUSIBLE_ELEVATION_M) {
                throw new CgisException(TerrainMessages.BUNDLE, "drainage.implausibleElevation", i % grid.cols(),
                        i / grid.cols(), (double) value, (double) dem.noDataValue());
            }
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
