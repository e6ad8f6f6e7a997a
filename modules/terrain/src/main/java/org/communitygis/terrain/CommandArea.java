package org.communitygis.terrain;

import java.util.Arrays;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * The command area of a water source: the cells that an open channel leaving the source with at least
 * a given bed slope can serve by gravity. With a pump head added at the source, it also gives the cells
 * that a lift station makes reachable.
 *
 * <p>Model: a channel of length L (m) from the source carries water at level H − s·L, with H the source
 * water level (m) and s the minimum channel slope (m/m). A cell is commanded when that level is at least
 * {@code minHeadM} above its ground, through a chain of commanded cells, so a channel never crosses
 * ground higher than its water level. L is the shortest such chain over the eight neighbours with
 * metric steps ({@link CellMetrics}), found by Dijkstra's algorithm from all sources at once. The model
 * ignores head losses at structures, seepage and channel cross-sections: use it to screen where gravity
 * irrigation is possible and where a lift is needed, not to size channels.
 *
 * <p>Memory per cell: 4 bytes channel length, 4 bytes for the output raster, up to 8 bytes per queued
 * cell in the heap. Time O(n log n).
 */
public final class CommandArea {
    /** Class value of cells that no channel reaches, even with the lift. */
    public static final float NOT_COMMANDED = 0f;
    /** Class value of cells commanded by gravity alone. */
    public static final float GRAVITY = 1f;
    /** Class value of cells commanded only with the pump head added. */
    public static final float LIFT = 2f;

    private final Raster classes;
    private final Raster gravityLevel;
    private final double gravityAreaM2;
    private final double liftAreaM2;

    private CommandArea(Raster classes, Raster gravityLevel, double gravityAreaM2, double liftAreaM2) {
        this.classes = classes;
        this.gravityLevel = gravityLevel;
        this.gravityAreaM2 = gravityAreaM2;
        this.liftAreaM2 = liftAreaM2;
    }

    /**
     * Computes the gravity and lift command areas.
     *
     * @param dem ground elevations in m
     * @param sourceCells (col, row) pairs of the source cells: a pond, intake or channel head
     * @param sourceLevelM water level at the source, m, in the DEM's vertical datum
     * @param minSlope minimum channel bed slope, m/m (for instance 0.0005 = 0.5 ‰); ≥ 0
     * @param pumpHeadM head a lift station adds at the source, m; 0 for no lift
     * @param minHeadM water level required above the ground of a served cell, m; ≥ 0
     * @throws CgisException on a source outside the grid or on NoData, a source whose ground lies above
     *         the source level, or a negative slope, head or pump head
     */
    public static CommandArea compute(Raster dem, int[][] sourceCells, double sourceLevelM, double minSlope,
            double pumpHeadM, double minHeadM) {
        if (!(minSlope >= 0) || !(pumpHeadM >= 0) || !(minHeadM >= 0) || Double.isNaN(sourceLevelM)) {
            throw new CgisException(TerrainMessages.BUNDLE, "command.badParameters", minSlope, pumpHeadM, minHeadM);
        }
        GridGeometry grid = dem.grid();
        int[] sources = new int[sourceCells.length];
        for (int i = 0; i < sourceCells.length; i++) {
            int col = sourceCells[i][0];
            int row = sourceCells[i][1];
            if (!grid.contains(col, row) || Float.isNaN(dem.get(col, row))) {
                throw new CgisException(TerrainMessages.BUNDLE, "command.badSource", col, row);
            }
            if (dem.get(col, row) > sourceLevelM) {
                throw new CgisException(TerrainMessages.BUNDLE, "command.sourceAboveLevel", col, row,
                        (double) dem.get(col, row), sourceLevelM);
            }
            sources[i] = grid.index(col, row);
        }
        CellMetrics metrics = CellMetrics.of(grid);
        float[] gravityLength = reach(dem, metrics, sources, sourceLevelM, minSlope, minHeadM);
        float[] liftLength = pumpHeadM > 0
                ? reach(dem, metrics, sources, sourceLevelM + pumpHeadM, minSlope, minHeadM) : gravityLength;

        float[] z = dem.data();
        float[] classes = new float[z.length];
        float[] level = new float[z.length];
        double gravityArea = 0;
        double liftArea = 0;
        for (int i = 0; i < z.length; i++) {
            level[i] = Float.NaN;
            if (Float.isNaN(z[i])) {
                classes[i] = Float.NaN;
            } else if (!Float.isInfinite(gravityLength[i])) {
                classes[i] = GRAVITY;
                level[i] = (float) (sourceLevelM - minSlope * gravityLength[i]);
                gravityArea += metrics.area(i / grid.cols());
            } else if (!Float.isInfinite(liftLength[i])) {
                classes[i] = LIFT;
                liftArea += metrics.area(i / grid.cols());
            } else {
                classes[i] = NOT_COMMANDED;
            }
        }
        return new CommandArea(new Raster(grid, classes, 255f, ""), new Raster(grid, level, -9999f, "m"),
                gravityArea, liftArea);
    }

    /** Returns the channel length in m from the nearest source to each commanded cell, +∞ elsewhere. */
    private static float[] reach(Raster dem, CellMetrics metrics, int[] sources, double levelM, double slope,
            double minHeadM) {
        GridGeometry grid = dem.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        float[] z = dem.data();
        float[] length = new float[z.length];
        Arrays.fill(length, Float.POSITIVE_INFINITY);
        FloatKeyHeap heap = new FloatKeyHeap(1024);
        for (int source : sources) {
            length[source] = 0;
            heap.push(source, 0);
        }
        while (!heap.isEmpty()) {
            float key = heap.peekKey();
            int c = heap.pop();
            if (key > length[c]) {
                continue;
            }
            int col = c % cols;
            int row = c / cols;
            for (int k = 0; k < 8; k++) {
                int nc = col + D8.DCOL[k];
                int nr = row + D8.DROW[k];
                if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                    continue;
                }
                int n = nr * cols + nc;
                if (Float.isNaN(z[n])) {
                    continue;
                }
                float candidate = (float) (key + metrics.step(row, k));
                if (candidate >= length[n]) {
                    continue;
                }
                double waterLevel = levelM - slope * candidate;
                if (waterLevel - minHeadM >= z[n]) {
                    length[n] = candidate;
                    heap.push(n, candidate);
                }
            }
        }
        return length;
    }

    /**
     * Returns the class of each cell: {@link #GRAVITY}, {@link #LIFT} or {@link #NOT_COMMANDED}, NaN on
     * NoData, for storage as a raster layer.
     */
    public Raster classes() {
        return classes;
    }

    /** Returns the channel water level in m at each cell commanded by gravity, NaN elsewhere. */
    public Raster gravityWaterLevel() {
        return gravityLevel;
    }

    /** Returns the area commanded by gravity, m². */
    public double gravityAreaM2() {
        return gravityAreaM2;
    }

    /** Returns the area that only the lift commands, m². */
    public double liftAreaM2() {
        return liftAreaM2;
    }
}
