package org.communitygis.core.raster;

import java.util.Arrays;

/**
 * A single-band float32 raster held in memory, row-major, row 0 north.
 *
 * <p>NoData is always {@link Float#NaN} in memory, whatever the source file used; readers convert their
 * NoData value to NaN and writers write {@link #noDataValue()} in its place. Memory: 4 bytes per cell.
 * Float32 represents whole numbers exactly up to 2^24 = 16,777,216, which bounds cell counts stored here.
 */
public final class Raster {
    private final GridGeometry grid;
    private final float[] data;
    private final float noDataValue;
    private final String unit;

    /**
     * Wraps {@code data} (not copied).
     *
     * @param grid the grid
     * @param data cell values, length cols × rows, NaN for NoData
     * @param noDataValue the value written for NaN cells when the raster leaves memory
     * @param unit the unit of the values ({@code m}, {@code degree}, {@code %}, {@code cells}, or empty)
     */
    public Raster(GridGeometry grid, float[] data, float noDataValue, String unit) {
        if (data.length != grid.size()) {
            throw new IllegalArgumentException("Data length " + data.length + " does not match grid "
                    + grid.cols() + "×" + grid.rows());
        }
        this.grid = grid;
        this.data = data;
        this.noDataValue = noDataValue;
        this.unit = unit == null ? "" : unit;
    }

    /** Creates a raster filled with NaN. */
    public static Raster empty(GridGeometry grid, float noDataValue, String unit) {
        float[] data = new float[grid.size()];
        Arrays.fill(data, Float.NaN);
        return new Raster(grid, data, noDataValue, unit);
    }

    /** Returns the grid. */
    public GridGeometry grid() {
        return grid;
    }

    /** Returns the backing array (not a copy). */
    public float[] data() {
        return data;
    }

    /** Returns the NoData value declared on export. */
    public float noDataValue() {
        return noDataValue;
    }

    /** Returns the unit of the values. */
    public String unit() {
        return unit;
    }

    /** Returns the value at (col, row), NaN for NoData. */
    public float get(int col, int row) {
        return data[grid.index(col, row)];
    }

    /** Sets the value at (col, row). */
    public void set(int col, int row, float value) {
        data[grid.index(col, row)] = value;
    }

    /** Returns the value of the cell containing (x, y), or NaN outside the grid. */
    public float valueAt(double x, double y) {
        int col = grid.col(x);
        int row = grid.row(y);
        return grid.contains(col, row) ? get(col, row) : Float.NaN;
    }

    /**
     * Returns the bilinear interpolation of cell centres at (x, y); NaN outside the grid or when a
     * neighbouring centre is NoData (then the nearest cell's value is used if it is valid).
     */
    public double interpolate(double x, double y) {
        double fx = (x - grid.originX()) / grid.cellWidth() - 0.5;
        double fy = (grid.originY() - y) / grid.cellHeight() - 0.5;
        int c0 = (int) Math.floor(fx);
        int r0 = (int) Math.floor(fy);
        double tx = fx - c0;
        double ty = fy - r0;
        int c1 = Math.min(c0 + 1, grid.cols() - 1);
        int r1 = Math.min(r0 + 1, grid.rows() - 1);
        int cc0 = Math.max(c0, 0);
        int rr0 = Math.max(r0, 0);
        if (fx < -0.5 || fy < -0.5 || fx > grid.cols() - 0.5 || fy > grid.rows() - 0.5) {
            return Double.NaN;
        }
        float v00 = get(cc0, rr0);
        float v10 = get(c1, rr0);
        float v01 = get(cc0, r1);
        float v11 = get(c1, r1);
        if (Float.isNaN(v00) || Float.isNaN(v10) || Float.isNaN(v01) || Float.isNaN(v11)) {
            return valueAt(x, y);
        }
        double top = v00 + (v10 - v00) * tx;
        double bottom = v01 + (v11 - v01) * tx;
        return top + (bottom - top) * ty;
    }

    /** Returns {min, max} of the valid cells, or {NaN, NaN} when every cell is NoData. */
    public double[] minMax() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float value : data) {
            if (!Float.isNaN(value)) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return min > max ? new double[] {Double.NaN, Double.NaN} : new double[] {min, max};
    }

    /** Returns the number of NoData cells. */
    public long noDataCount() {
        long count = 0;
        for (float value : data) {
            if (Float.isNaN(value)) {
                count++;
            }
        }
        return count;
    }
}
