package org.communitygis.terrain;

import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * D8 flow accumulation: the number of cells draining through each cell, the cell itself included, so
 * every valid cell has at least 1 (pysheds' convention; ArcGIS, QGIS and WhiteboxTools start at 0 and
 * give exactly one less). NoData cells get NaN.
 *
 * <p>Method: in-degree counting and a topological sweep (Kahn's algorithm) with an explicit int queue,
 * no recursion. Sums are doubles, exact for counts up to 2^53. Flow into NoData or out of the grid leaves
 * the grid. When the directions contain a cycle (possible only in hand-made or foreign grids), the cells
 * on it and downstream of it never become ready; they get NaN and a {@code flowacc.cycle} warning.
 *
 * <p>Output: {@link #values()} in double and {@link #raster()} in float32, which represents whole numbers
 * exactly only up to 2^24 = 16,777,216 cells; larger counts are rounded to float32's precision there.
 * Upstream area in m² is accumulated as well when the grid is geographic, because cell areas vary with
 * latitude there.
 *
 * <p>Memory per cell: 8 bytes for the counts, 1 byte in-degree, up to 4 bytes in the queue, and 8 bytes
 * of area on geographic grids. Time O(n).
 */
public final class FlowAccumulation {
    private static final int PROGRESS_EVERY = 1 << 16;

    private final GridGeometry grid;
    private final double[] cells;
    private final double[] areaM2;
    private final double cellAreaM2;
    private final long cycleCells;

    private FlowAccumulation(GridGeometry grid, double[] cells, double[] areaM2, double cellAreaM2, long cycleCells) {
        this.grid = grid;
        this.cells = cells;
        this.areaM2 = areaM2;
        this.cellAreaM2 = cellAreaM2;
        this.cycleCells = cycleCells;
    }

    /** Accumulates {@code directions} without progress; cycles are warned to a throw-away collector. */
    public static FlowAccumulation compute(D8FlowDirection directions) {
        return compute(directions, Progress.NONE, new Diagnostics());
    }

    /**
     * Accumulates {@code directions}.
     *
     * @param progress receives {@link Progress#worked} in cells done; the caller calls begin and end
     * @param diagnostics receives {@code flowacc.cycle} when directions form cycles
     */
    public static FlowAccumulation compute(D8FlowDirection directions, Progress progress, Diagnostics diagnostics) {
        GridGeometry grid = directions.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        byte[] codes = directions.codes();
        int n = codes.length;
        CellMetrics metrics = CellMetrics.of(grid);

        byte[] inDegree = new byte[n];
        for (int i = 0; i < n; i++) {
            int d = D8FlowDirection.downstream(codes, cols, rows, i);
            if (d >= 0) {
                inDegree[d]++;
            }
        }

        double[] cells = new double[n];
        double[] area = metrics.geographic() ? new double[n] : null;
        IntQueue queue = new IntQueue(1 << 12);
        long valid = 0;
        for (int i = 0; i < n; i++) {
            if (codes[i] == D8FlowDirection.NO_DATA) {
                cells[i] = Double.NaN;
                if (area != null) {
                    area[i] = Double.NaN;
                }
                continue;
            }
            valid++;
            cells[i] = 1;
            if (area != null) {
                area[i] = metrics.area(i / cols);
            }
            if (inDegree[i] == 0) {
                queue.add(i);
            }
        }

        long done = 0;
        while (!queue.isEmpty()) {
            int c = queue.poll();
            done++;
            int d = D8FlowDirection.downstream(codes, cols, rows, c);
            if (d >= 0) {
                cells[d] += cells[c];
                if (area != null) {
                    area[d] += area[c];
                }
                if (--inDegree[d] == 0) {
                    queue.add(d);
                }
            }
            if ((done & (PROGRESS_EVERY - 1)) == 0) {
                progress.worked(done);
            }
        }
        progress.worked(done);

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
        double cellArea = metrics.geographic() ? Double.NaN : metrics.area(0);
        return new FlowAccumulation(grid, cells, area, cellArea, cycleCells);
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
        float[] data = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            data[i] = (float) cells[i];
        }
        return new Raster(grid, data, -1f, "cells");
    }
}
