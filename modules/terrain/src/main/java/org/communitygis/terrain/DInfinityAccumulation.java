package org.communitygis.terrain;

import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Flow accumulation over {@link DInfinity} directions (Tarboton 1997): each cell passes its accumulated
 * flow to the two neighbours whose directions enclose its flow angle, in proportion to how close the
 * angle lies to each ({@link DInfinity#receivers}). Flow into NoData or off the grid leaves the model.
 *
 * <p>Convention: each cell counts itself (1, or its weight), as in {@link FlowAccumulation}; the area
 * sums each cell's metric area ({@link CellMetrics}) the same way. Mass is conserved: the totals leaving
 * the grid equal the sum of all contributions.
 *
 * <p>Method: Kahn's topological order over the receiver graph with an explicit int queue; cells in a
 * cycle (none on directions from a filled DEM) keep their partial sums. Memory per cell: 16 bytes for
 * the two sums, 1 byte donor count, up to 4 bytes in the queue.
 */
public final class DInfinityAccumulation {
    private final GridGeometry grid;
    private final double[] cells;
    private final double[] areaM2;

    private DInfinityAccumulation(GridGeometry grid, double[] cells, double[] areaM2) {
        this.grid = grid;
        this.cells = cells;
        this.areaM2 = areaM2;
    }

    /** Accumulates one unit per cell. */
    public static DInfinityAccumulation compute(DInfinity directions) {
        return compute(directions, null);
    }

    /**
     * Accumulates flow.
     *
     * @param directions D∞ angles
     * @param weights per-cell contributions on the same grid (e.g. runoff coefficients), or null for 1;
     *        NaN counts 0
     * @throws CgisException when the weights lie on another grid
     */
    public static DInfinityAccumulation compute(DInfinity directions, Raster weights) {
        GridGeometry grid = directions.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        if (weights != null && (weights.grid().cols() != cols || weights.grid().rows() != rows)) {
            throw new CgisException(TerrainMessages.BUNDLE, "flowacc.weightGrid", weights.grid().cols(),
                    weights.grid().rows(), cols, rows);
        }
        float[] angles = directions.angles();
        CellMetrics metrics = CellMetrics.of(grid);
        int n = angles.length;
        double[] cells = new double[n];
        double[] area = new double[n];
        byte[] donors = new byte[n];
        boolean[] valid = validCells(directions);
        int[] k = new int[2];
        double[] share = new double[2];
        for (int row = 0; row < rows; row++) {
            double dx = metrics.dx(row);
            double dy = metrics.dy(row);
            for (int col = 0; col < cols; col++) {
                int c = row * cols + col;
                if (!valid[c]) {
                    cells[c] = Double.NaN;
                    area[c] = Double.NaN;
                    continue;
                }
                float w = weights == null ? 1f : weights.data()[c];
                cells[c] = Float.isNaN(w) ? 0 : w;
                area[c] = metrics.area(row) * (Float.isNaN(w) ? 0 : w);
                if (DInfinity.receivers(angles[c], dx, dy, k, share)) {
                    for (int j = 0; j < 2; j++) {
                        int target = receiver(col, row, cols, rows, valid, k[j], share[j]);
                        if (target >= 0) {
                            donors[target]++;
                        }
                    }
                }
            }
        }
        IntQueue queue = new IntQueue(1 << 12);
        for (int c = 0; c < n; c++) {
            if (valid[c] && donors[c] == 0) {
                queue.add(c);
            }
        }
        while (!queue.isEmpty()) {
            int c = queue.poll();
            int col = c % cols;
            int row = c / cols;
            if (!DInfinity.receivers(angles[c], metrics.dx(row), metrics.dy(row), k, share)) {
                continue;
            }
            for (int j = 0; j < 2; j++) {
                int target = receiver(col, row, cols, rows, valid, k[j], share[j]);
                if (target < 0) {
                    continue;
                }
                cells[target] += cells[c] * share[j];
                area[target] += area[c] * share[j];
                if (--donors[target] == 0) {
                    queue.add(target);
                }
            }
        }
        return new DInfinityAccumulation(grid, cells, area);
    }

    private static boolean[] validCells(DInfinity directions) {
        float[] angles = directions.angles();
        boolean[] valid = new boolean[angles.length];
        for (int i = 0; i < angles.length; i++) {
            valid[i] = !Float.isNaN(angles[i]);
        }
        return valid;
    }

    private static int receiver(int col, int row, int cols, int rows, boolean[] valid, int k, double share) {
        if (share <= 0) {
            return -1;
        }
        int nc = col + D8.DCOL[k];
        int nr = row + D8.DROW[k];
        if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
            return -1;
        }
        int n = nr * cols + nc;
        return valid[n] ? n : -1;
    }

    /** Returns the grid. */
    public GridGeometry grid() {
        return grid;
    }

    /** Returns the accumulated cells (weighted), row-major, NaN on NoData (the backing array). */
    public double[] values() {
        return cells;
    }

    /** Returns the accumulated flow of cell {@code index}, the cell's own contribution included. */
    public double cells(int index) {
        return cells[index];
    }

    /** Returns the contributing area of cell {@code index} in m², the cell's own area included. */
    public double areaM2(int index) {
        return areaM2[index];
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
