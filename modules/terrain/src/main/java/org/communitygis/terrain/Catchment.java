package org.communitygis.terrain;

import java.util.List;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Geometry;

/**
 * The catchment of a cell: the cell itself and every cell whose D8 path passes through it.
 *
 * <p>Method: breadth-first search upstream from the outlet cell with an explicit int queue; a neighbour
 * belongs to the catchment when its code points at a cell already in it. Memory: 1 byte per cell for
 * the mask plus up to 4 bytes per catchment cell in the queue. Cycles in the directions cannot make the
 * search loop, since each cell enters the mask once.
 */
public final class Catchment {
    private final GridGeometry grid;
    private final boolean[] mask;
    private final int cellCount;
    private final int outlet;

    private Catchment(GridGeometry grid, boolean[] mask, int cellCount, int outlet) {
        this.grid = grid;
        this.mask = mask;
        this.cellCount = cellCount;
        this.outlet = outlet;
    }

    /** The name of the pour-point catchment layer. */
    public static final String LAYER = "catchments";

    /**
     * Finds the cells draining through (col, row).
     *
     * @throws CgisException when (col, row) lies outside the grid or on a NoData cell
     */
    public static Catchment upstreamOf(D8FlowDirection directions, int col, int row) {
        return upstreamOf(directions.codes(), directions.grid(), col, row);
    }

    /** Finds the cells draining through (col, row) of a raster of ESRI codes (NaN for NoData). */
    public static Catchment upstreamOf(Raster esriCodes, int col, int row) {
        return upstreamOf(D8FlowDirection.fromRaster(esriCodes), col, row);
    }

    /**
     * Finds the cells draining through (col, row) of {@code codes}, coded as in {@link D8FlowDirection#codes()}.
     *
     * @throws CgisException when (col, row) lies outside the grid or on a NoData cell
     */
    public static Catchment upstreamOf(byte[] codes, GridGeometry grid, int col, int row) {
        if (!grid.contains(col, row)) {
            throw new CgisException(TerrainMessages.BUNDLE, "catchment.outside", col, row, grid.cols(), grid.rows());
        }
        int cols = grid.cols();
        int rows = grid.rows();
        int outlet = grid.index(col, row);
        if (codes[outlet] == D8FlowDirection.NO_DATA) {
            throw new CgisException(TerrainMessages.BUNDLE, "catchment.noData", col, row);
        }
        boolean[] mask = new boolean[codes.length];
        IntQueue queue = new IntQueue(1024);
        mask[outlet] = true;
        queue.add(outlet);
        int count = 0;
        while (!queue.isEmpty()) {
            int c = queue.poll();
            count++;
            int cc = c % cols;
            int cr = c / cols;
            for (int k = 0; k < 8; k++) {
                int nc = cc + D8.DCOL[k];
                int nr = cr + D8.DROW[k];
                if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                    continue;
                }
                int n = nr * cols + nc;
                // Neighbour k drains here when its code points back: the opposite direction, k + 4.
                if (!mask[n] && codes[n] == (byte) (1 << ((k + 4) & 7))) {
                    mask[n] = true;
                    queue.add(n);
                }
            }
        }
        return new Catchment(grid, mask, count, outlet);
    }

    /**
     * Snaps a pour point to the cell of largest accumulation within {@code radiusM} metres of (col, row),
     * measured between cell centres with the metric cell sizes of the pour point's row ({@link CellMetrics}). Ties go to
     * the cell nearest to (col, row), then to the lower row-major index, so the result is deterministic.
     *
     * @return {col, row} of the snapped cell; (col, row) itself when no valid cell lies within the radius
     * @throws CgisException when (col, row) lies outside the grid or the radius is negative or NaN
     */
    public static int[] snapPourPoint(FlowAccumulation accumulation, int col, int row, double radiusM) {
        GridGeometry grid = accumulation.grid();
        if (!grid.contains(col, row)) {
            throw new CgisException(TerrainMessages.BUNDLE, "catchment.outside", col, row, grid.cols(), grid.rows());
        }
        if (!(radiusM >= 0)) {
            throw new CgisException(TerrainMessages.BUNDLE, "catchment.badRadius", radiusM);
        }

        CellMetrics metrics = CellMetrics.of(grid);
        double dx = metrics.dx(row);
        double dy = metrics.dy(row);
        int reachCols = (int) Math.floor(radiusM / dx);
        int reachRows = (int) Math.floor(radiusM / dy);

        int[] best = {col, row};
        double bestValue = Double.NEGATIVE_INFINITY;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int r = Math.max(0, row - reachRows); r <= Math.min(grid.rows() - 1, row + reachRows); r++) {
            for (int c = Math.max(0, col - reachCols); c <= Math.min(grid.cols() - 1, col + reachCols); c++) {
                double distance = Math.hypot((c - col) * dx, (r - row) * dy);
                double value = accumulation.cells(grid.index(c, r));
                if (distance > radiusM || Double.isNaN(value)) {
                    continue;
                }
                if (value > bestValue || (value == bestValue && distance < bestDistance)) {
                    bestValue = value;
                    bestDistance = distance;
                    best = new int[] {c, r};
                }
            }
        }
        return best;
    }

    /** Returns the grid. */
    public GridGeometry grid() {
        return grid;
    }

    /** Returns the mask, row-major, true inside the catchment (backing array, not a copy). */
    public boolean[] mask() {
        return mask;
    }

    /** Returns whether (col, row) lies in the catchment. */
    public boolean contains(int col, int row) {
        return grid.contains(col, row) && mask[grid.index(col, row)];
    }

    /** Returns the row-major index of the outlet cell. */
    public int outlet() {
        return outlet;
    }

    /** Returns the catchment's area in m², the sum of the metric cell areas ({@link CellMetrics}). */
    public double areaM2() {
        CellMetrics metrics = CellMetrics.of(grid);
        double area = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                area += metrics.area(i / grid.cols());
            }
        }
        return area;
    }

    /**
     * Returns the catchment as a polygon in the grid's CRS: the union of its cell boxes, holes kept
     * ({@link RasterPolygons}); a MultiPolygon where cells meet only at corners.
     */
    public Geometry polygon() {
        int[] labels = new int[mask.length];
        for (int i = 0; i < mask.length; i++) {
            labels[i] = mask[i] ? 1 : 0;
        }
        return RasterPolygons.trace(grid, labels).get(1);
    }

    /**
     * Returns the {@code catchments} layer of pour-point catchments in the grid's CRS, one feature per
     * catchment in the given order: {@code catchment_id} (1, 2 …), {@code outlet_x}/{@code outlet_y} (the
     * centre of the snapped outlet cell), {@code cells} and {@code area_m2}. Nested catchments overlap.
     */
    public static FeatureLayer layer(GridGeometry grid, List<Catchment> catchments) {
        FeatureLayer layer = new FeatureLayer(LAYER, GeometryKind.MULTIPOLYGON, grid.crs(), List.of(
                new Field("catchment_id", FieldType.INTEGER),
                new Field("outlet_x", FieldType.REAL),
                new Field("outlet_y", FieldType.REAL),
                new Field("cells", FieldType.INTEGER),
                new Field("area_m2", FieldType.REAL)));
        long id = 1;
        for (Catchment catchment : catchments) {
            int cols = grid.cols();
            layer.add(new Feature(id, catchment.polygon(), Map.of(
                    "catchment_id", id,
                    "outlet_x", grid.centerX(catchment.outlet % cols),
                    "outlet_y", grid.centerY(catchment.outlet / cols),
                    "cells", (long) catchment.cellCount,
                    "area_m2", catchment.areaM2())));
            id++;
        }
        return layer;
    }

    /** Returns the number of cells in the catchment, the outlet included. */
    public int cellCount() {
        return cellCount;
    }
}
