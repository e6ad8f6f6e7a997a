package org.communitygis.terrain;

import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * D8 flow accumulation: the number of cells draining through each cell, the cell itself included, so
 * every valid cell has at least 1 (pysheds' convention; ArcGIS, QGIS and WhiteboxTools start at 0 and
 * give exactly one less, see {@link #raster(boolean)}). NoData cells get NaN.
 *
 * <p>Weights: with a weight grid (for instance runoff coefficients) each cell contributes its weight
 * instead of 1, so {@link #values()} is the sum of upstream weights, the cell's own included, and
 * {@link #areaM2(int)} is the weighted area Σ wᵢ·Aᵢ in m² (with runoff coefficients, the C·A of the
 * rational method). A NaN weight on a valid cell counts as 0.
 *
 * <p>Method: in-degree counting, then from every cell without inflow the flow path is followed
 * downstream as long as each next cell has received all its inflows (a topological order without a
 * queue, as in pysheds' iterative D8 accumulation). Sums are doubles, exact for counts up to 2^53. Flow
 * into NoData or out of the grid leaves the grid. When the directions contain a cycle (possible only in
 * hand-made or foreign grids), the cells on it and downstream of it never receive all inflows; they get
 * NaN and a {@code flowacc.cycle} warning.
 *
 * <p>Output: {@link #values()} in double and {@link #raster()} in float32, which represents whole numbers
 * exactly only up to 2^24 = 16,777,216 cells; larger counts are rounded to float32's precision there.
 * Upstream area in m² is accumulated as a separate grid when the grid is geographic (cell areas vary
 * with latitude there) or weighted, and derived from the count otherwise.
 *
 * <p>Unweighted accumulation on a metric grid runs in parallel bands of rows, one per available
 * processor, with the same result ({@link BandAccumulation}). Weighted or geographic accumulation is
 * sequential.
 *
 * <p>Memory per cell: 8 bytes for the sums and 1 byte in-degree, plus 8 bytes of area on geographic or
 * weighted grids. Time O(n).
 */
public final class FlowAccumulation {
    private static final int PROGRESS_EVERY = 1 << 16;
    private static final byte DONE = -1;

    private final GridGeometry grid;
    private final double[] cells;
    private final double[] areaM2;
    private final double cellAreaM2;
    private final long cycleCells;
    private final float[] weights;

    private FlowAccumulation(GridGeometry grid, double[] cells, double[] areaM2, double cellAreaM2, long cycleCells,
            float[] weights) {
        this.grid = grid;
        this.weights = weights;
        this.cells = cells;
        this.areaM2 = areaM2;
        this.cellAreaM2 = cellAreaM2;
        this.cycleCells = cycleCells;
    }

    /** Accumulates {@code directions} without progress; cycles are warned to a throw-away collector. */
    public static FlowAccumulation compute(D8FlowDirection directions) {
        return compute(directions, null, Progress.NONE, new Diagnostics());
    }

    /**
     * Accumulates {@code directions}, each cell counting 1.
     *
     * @param progress receives {@link Progress#worked} in cells done; the caller calls begin and end
     * @param diagnostics receives {@code flowacc.cycle} when directions form cycles
     */
    public static FlowAccumulation compute(D8FlowDirection directions, Progress progress, Diagnostics diagnostics) {
        return compute(directions, null, progress, diagnostics);
    }

    /**
     * Accumulates {@code directions} with per-cell weights.
     *
     * @param weights a raster on the same grid whose values each cell contributes (for instance runoff
     *        coefficients, dimensionless); null counts every cell as 1
     * @param progress receives {@link Progress#worked} in cells done; the caller calls begin and end
     * @param diagnostics receives {@code flowacc.cycle} when directions form cycles
     * @throws CgisException when {@code weights} lies on another grid
     */
    public static FlowAccumulation compute(D8FlowDirection directions, Raster weights, Progress progress,
            Diagnostics diagnostics) {
        return compute(directions, weights, progress, diagnostics, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Accumulates {@code directions} with up to {@code threads} threads. The result does not depend on
     * {@code threads}. Only unweighted accumulation on a metric grid runs in parallel
     * ({@link BandAccumulation}).
     */
    static FlowAccumulation compute(D8FlowDirection directions, Raster weights, Progress progress,
            Diagnostics diagnostics, int threads) {
        GridGeometry grid = directions.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        byte[] codes = directions.codes();
        int n = codes.length;
        CellMetrics metrics = CellMetrics.of(grid);
        float[] w = null;
        if (weights != null) {
            GridGeometry wg = weights.grid();
            if (wg.cols() != cols || wg.rows() != rows) {
                throw new CgisException(TerrainMessages.BUNDLE, "flowacc.weightGrid", wg.cols(), wg.rows(), cols, rows);
            }
            w = weights.data();
        }

        // The largest arrays first, while the heap has the most contiguous free space.
        double[] cells = new double[n];
        double[] area = metrics.geographic() || w != null ? new double[n] : null;
        byte[] inDegree = new byte[n];
        int bands = area == null ? BandAccumulation.bands(rows, threads) : 1;
        long valid;
        long done;
        if (bands > 1) {
            long[] counts = BandAccumulation.accumulate(codes, cols, rows, cells, inDegree, bands, progress);
            valid = counts[0];
            done = counts[1];
        } else {
            valid = initialize(codes, cols, rows, metrics, w, cells, area, inDegree);
            done = followPaths(codes, cols, rows, cells, area, inDegree, progress);
        }

        long cycleCells = valid - done;
        if (cycleCells > 0) {
            for (int i = 0; i < n; i++) {
                if (inDegree[i] > 0) {
                    cells[i] = Double.NaN;
                    if (area != null) {
                        area[i] = Double.NaN;
                    }
                }
            }
            diagnostics.warn(TerrainMessages.BUNDLE, "flowacc.cycle", cycleCells);
        }
        double cellArea = area != null ? Double.NaN : metrics.area(0);
        return new FlowAccumulation(grid, cells, area, cellArea, cycleCells, w);
    }

    /** Sets each cell's own weight (NaN on NoData) and in-degree, and returns the number of valid cells. */
    private static long initialize(byte[] codes, int cols, int rows, CellMetrics metrics, float[] w, double[] cells,
            double[] area, byte[] inDegree) {
        int n = codes.length;
        for (int i = 0; i < n; i++) {
            int d = D8FlowDirection.downstream(codes, cols, rows, i);
            if (d >= 0) {
                inDegree[d]++;
            }
        }

        long valid = 0;
        for (int i = 0; i < n; i++) {
            if (codes[i] == D8FlowDirection.NO_DATA) {
                cells[i] = Double.NaN;
                inDegree[i] = DONE;
                if (area != null) {
                    area[i] = Double.NaN;
                }
                continue;
            }
            valid++;
            double weight = w == null ? 1 : (Float.isNaN(w[i]) ? 0 : w[i]);
            cells[i] = weight;
            if (area != null) {
                area[i] = weight * metrics.area(i / cols);
            }
        }
        return valid;
    }

    /** Follows the flow paths from every cell without inflow and returns the number of cells done. */
    private static long followPaths(byte[] codes, int cols, int rows, double[] cells, double[] area, byte[] inDegree,
            Progress progress) {
        int n = codes.length;
        long done = 0;
        for (int start = 0; start < n; start++) {
            if (inDegree[start] != 0) {
                continue;
            }
            // Follow the path down while each next cell has received all its inflows.
            int c = start;
            while (true) {
                inDegree[c] = DONE;
                done++;
                if ((done & (PROGRESS_EVERY - 1)) == 0) {
                    progress.worked(done);
                }
                int d = D8FlowDirection.downstream(codes, cols, rows, c);
                if (d < 0) {
                    break;
                }
                cells[d] += cells[c];
                if (area != null) {
                    area[d] += area[c];
                }
                if (--inDegree[d] != 0) {
                    break;
                }
                c = d;
            }
        }
        progress.worked(done);
        return done;
    }

    /** Returns the grid. */
    public GridGeometry grid() {
        return grid;
    }

    /** Returns the cell counts, row-major (backing array, not a copy), NaN on NoData. */
    public double[] values() {
        return cells;
    }

    /** Returns the count of cell {@code index}, itself included; NaN on NoData. */
    public double cells(int index) {
        return cells[index];
    }

    /** Returns the upstream area of cell {@code index} in m², the cell itself included. */
    public double areaM2(int index) {
        return areaM2 != null ? areaM2[index] : cells[index] * cellAreaM2;
    }

    /** Returns the number of valid cells that a cycle in the directions left without a value. */
    public long cycleCells() {
        return cycleCells;
    }

    /** Returns the maximum count (NaN when the grid has no valid cell). */
    public double max() {
        double max = Double.NaN;
        for (double value : cells) {
            if (!Double.isNaN(value) && !(value <= max)) {
                max = value;
            }
        }
        return max;
    }

    /** Returns the counts as a float32 raster, unit {@code cells}, NaN on NoData, for storage as {@code flow_acc}. */
    public Raster raster() {
        return raster(true);
    }

    /**
     * Returns the counts as a float32 raster, unit {@code cells}, NaN on NoData.
     *
     * @param countSelf true for pysheds' and this class's convention (each cell counts itself, minimum 1),
     *        false for the ArcGIS, QGIS and WhiteboxTools convention (upstream cells only, minimum 0); with
     *        weights, false subtracts each cell's own weight
     */
    public Raster raster(boolean countSelf) {
        float[] data = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            data[i] = (float) (countSelf ? cells[i] : cells[i] - ownWeight(i));
        }
        return new Raster(grid, data, -1f, "cells");
    }

    private double ownWeight(int index) {
        if (weights == null) {
            return 1;
        }
        float weight = weights[index];
        return Float.isNaN(weight) ? 0 : weight;
    }
}
