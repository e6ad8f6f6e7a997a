package org.communitygis.core.raster;

import org.locationtech.jts.geom.Envelope;

/**
 * A north-up raster grid: size in cells, the upper-left corner of cell (0, 0) and the cell size in CRS
 * units (metres for projected CRSs, degrees for geographic ones).
 *
 * <p>Row 0 is the northernmost row; x grows with columns and y decreases with rows. Rotated
 * geotransforms are not representable and are rejected by readers. Cell (col, row) covers
 * {@code [x0 + col·dx, x0 + (col+1)·dx] × [y0 − (row+1)·dy, y0 − row·dy]}.
 *
 * @param cols number of columns (≥ 1)
 * @param rows number of rows (≥ 1)
 * @param originX x of the upper-left corner of the grid
 * @param originY y of the upper-left corner of the grid
 * @param cellWidth cell width dx, positive, in CRS units
 * @param cellHeight cell height dy, positive, in CRS units
 * @param crs CRS code such as {@code EPSG:4544}
 */
public record GridGeometry(int cols, int rows, double originX, double originY, double cellWidth,
        double cellHeight, String crs) {

    /** Validates sizes. */
    public GridGeometry {
        if (cols < 1 || rows < 1) {
            throw new IllegalArgumentException("Grid size must be at least 1×1, got " + cols + "×" + rows);
        }
        if (!(cellWidth > 0) || !(cellHeight > 0) || Double.isInfinite(cellWidth) || Double.isInfinite(cellHeight)) {
            throw new IllegalArgumentException("Cell size must be positive and finite, got " + cellWidth + "×" + cellHeight);
        }
        if ((long) cols * rows > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Grid of " + cols + "×" + rows + " cells exceeds the 2^31 cell limit");
        }
    }

    /** Returns the number of cells, cols × rows. */
    public int size() {
        return cols * rows;
    }

    /** Returns the linear index of (col, row), row-major. */
    public int index(int col, int row) {
        return row * cols + col;
    }

    /** Returns the x of the centre of column {@code col}. */
    public double centerX(int col) {
        return originX + (col + 0.5) * cellWidth;
    }

    /** Returns the y of the centre of row {@code row}. */
    public double centerY(int row) {
        return originY - (row + 0.5) * cellHeight;
    }

    /** Returns the column containing x (may be outside 0..cols-1). */
    public int col(double x) {
        return (int) Math.floor((x - originX) / cellWidth);
    }

    /** Returns the row containing y (may be outside 0..rows-1). */
    public int row(double y) {
        return (int) Math.floor((originY - y) / cellHeight);
    }

    /** Returns whether (col, row) lies inside the grid. */
    public boolean contains(int col, int row) {
        return col >= 0 && row >= 0 && col < cols && row < rows;
    }

    /** Returns the grid's extent. */
    public Envelope envelope() {
        return new Envelope(originX, originX + cols * cellWidth, originY - rows * cellHeight, originY);
    }
}
