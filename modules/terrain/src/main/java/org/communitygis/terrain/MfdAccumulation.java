package org.communitygis.terrain;

import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Multiple-flow-direction accumulation (Freeman 1991, "Calculating catchment area with divergent flow
 * based on a regular grid", Computers &amp; Geosciences 17(3): 413–422; Holmgren 1994, "Multiple flow
 * direction algorithms for runoff modelling in grid based elevation models", Hydrological Processes
 * 8(4): 327–334): each cell passes its accumulated flow to all lower neighbours, neighbour i receiving
 * the fraction tan(βᵢ)^p / Σⱼ tan(βⱼ)^p, where tan β is the drop over the metric distance
 * ({@link CellMetrics}) and p the exponent. Freeman used p = 1.1. Holmgren found p between 4 and 6
 * realistic, and large p approaches D8.
 *
 * <p>Convention: each cell counts itself (weight 1, or its weight), as in {@link FlowAccumulation}.
 * Flow leaves the grid from cells without a lower valid neighbour, so pass a DEM without depressions
 * or flats: {@link PriorityFloodFill#epsilon} or {@link PriorityFloodBreach} output, where every cell
 * has a strictly lower neighbour or lies on an outlet. NoData cells get NaN.
 *
 * <p>Method: Kahn's topological order over the "higher neighbour drains into lower neighbour" graph,
 * with an explicit int queue. Memory per cell: 8 bytes for the sums, 1 byte in-degree, up to 4 bytes in
 * the queue.
 */
public final class MfdAccumulation {
    private final GridGeometry grid;
    private final double[] cells;

    private MfdAccumulation(GridGeometry grid, double[] cells) {
        this.grid = grid;
        this.cells = cells;
    }

    /**
     * Accumulates flow over {@code dem}.
     *
     * @param dem elevations in m, depression- and flat-free for full routing
     * @param exponent p of the flow partition, &gt; 0 (1.1 after Freeman)
     * @param weights per-cell contributions on the same grid, or null for 1 per cell; NaN counts 0
     * @throws CgisException when the exponent is not positive or the weights lie on another grid
     */
    public static MfdAccumulation compute(Raster dem, double exponent, Raster weights) {
        if (!(exponent > 0) || Double.isInfinite(exponent)) {
            throw new CgisException(TerrainMessages.BUNDLE, "mfd.badExponent", exponent);
        }
        GridGeometry grid = dem.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        if (weights != null && (weights.grid().cols() != cols || weights.grid().rows() != rows)) {
            throw new CgisException(TerrainMessages.BUNDLE, "flowacc.weightGrid", weights.grid().cols(),
                    weights.grid().rows(), cols, rows);
        }
        float[] z = dem.data();
        CellMetrics metrics = CellMetrics.of(grid);
        double[] cells = new double[z.length];
        byte[] higherNeighbours = new byte[z.length];
        IntQueue queue = new IntQueue(1 << 12);
        for (int c = 0; c < z.length; c++) {
            if (Float.isNaN(z[c])) {
                cells[c] = Double.NaN;
                continue;
            }
            float weight = weights == null ? 1f : weights.data()[c];
            cells[c] = Float.isNaN(weight) ? 0 : weight;
            int col = c % cols;
            int row = c / cols;
            byte count = 0;
            for (int k = 0; k < 8; k++) {
                int nc = col + D8.DCOL[k];
                int nr = row + D8.DROW[k];
                if (nc >= 0 && nr >= 0 && nc < cols && nr < rows && z[nr * cols + nc] > z[c]) {
                    count++;
                }
            }
            higherNeighbours[c] = count;
            if (count == 0) {
                queue.add(c);
            }
        }

        double[] share = new double[8];
        while (!queue.isEmpty()) {
            int c = queue.poll();
            int col = c % cols;
            int row = c / cols;
            int lower = 0;
            double steepest = 0;
            for (int k = 0; k < 8; k++) {
                share[k] = 0;
                int nc = col + D8.DCOL[k];
                int nr = row + D8.DROW[k];
                if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                    continue;
                }
                float zn = z[nr * cols + nc];
                if (zn < z[c]) {
                    share[k] = (z[c] - zn) / metrics.step(row, k);
                    steepest = Math.max(steepest, share[k]);
                    lower |= 1 << k;
                }
            }
            if (lower == 0) {
                continue;
            }
            // Slopes relative to the steepest keep the largest share at 1, so large exponents cannot underflow to 0/0.
            double total = 0;
            for (int k = 0; k < 8; k++) {
                if ((lower & (1 << k)) != 0) {
                    share[k] = Math.pow(share[k] / steepest, exponent);
                    total += share[k];
                }
            }
            for (int k = 0; k < 8; k++) {
                if ((lower & (1 << k)) == 0) {
                    continue;
                }
                int n = (row + D8.DROW[k]) * cols + col + D8.DCOL[k];
                cells[n] += cells[c] * share[k] / total;
                if (--higherNeighbours[n] == 0) {
                    queue.add(n);
                }
            }
        }
        return new MfdAccumulation(grid, cells);
    }

    /** Returns the accumulated flow of cell {@code index}, the cell's own contribution included; NaN on NoData. */
    public double cells(int index) {
        return cells[index];
    }

    /** Returns the sums, row-major (the backing array, not a copy). */
    public double[] values() {
        return cells;
    }

    /** Returns the sums as a float32 raster, unit {@code cells}, NaN on NoData. */
    public Raster raster() {
        float[] data = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            data[i] = (float) cells[i];
        }
        return new Raster(grid, data, -1f, "cells");
    }
}
