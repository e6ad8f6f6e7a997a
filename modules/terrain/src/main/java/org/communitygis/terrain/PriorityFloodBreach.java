package org.communitygis.terrain;

import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Removes depressions by complete breaching instead of filling: a trench is lowered from each
 * depression to its outlet, so the cells inside the depression keep their elevations. This is the
 * Priority-Flood form of complete breaching that Lindsay (2016, "Efficient hybrid breaching-filling sink
 * removal methods for flow path enforcement in digital elevation models", Hydrological Processes 30(6):
 * 846–857) describes.
 *
 * <p>Method: cells are visited in Priority-Flood order from the outlets (as in {@link PriorityFloodFill}),
 * and each cell remembers the neighbour it was reached from, which builds a tree of minimax paths: the
 * path from a cell to the outlet whose highest cell is lowest. When a newly reached cell n is not higher
 * than the cell c it was reached from, the path from c towards the outlet is lowered, cell by cell, to
 * one float32 step ({@link Math#nextDown(float)}) below the previous cell, until the path already
 * descends. Every valid cell then has a strictly descending path to an outlet, so D8 needs no flat
 * resolution (flats are breached too, by float32 steps).
 *
 * <p>Contract: the result is a new raster in which no cell is higher than in the input. Outlets and
 * NoData are treated as by {@link PriorityFloodFill} (see {@link #noDataIsOutlet(boolean)}). Breaching
 * changes fewer cells than filling where a depression is large and its barrier narrow, such as a road
 * embankment across a valley. Where the barrier is wide it cuts deep, long trenches, and filling or a
 * hybrid is then the better model.
 *
 * <p>Memory per cell: 4 bytes for the output, 1 byte closed flag, 1 byte direction to the parent, plus
 * the priority queue. No recursion.
 */
public final class PriorityFloodBreach {
    // TODO: add Lindsay's (2016) least-cost breaching beside complete breaching: a Dijkstra search from
    // each pit for the trench of least total lowering, within a maximum length and depth, with filling
    // for the pits it cannot drain.
    private static final byte NO_PARENT = -1;

    private boolean noDataIsOutlet = true;

    /** Sets whether valid cells next to NoData are outlets (default true), like the grid edge. */
    public PriorityFloodBreach noDataIsOutlet(boolean enabled) {
        this.noDataIsOutlet = enabled;
        return this;
    }

    /** Returns a breached copy of {@code dem}; the input is not changed. */
    public Raster breach(Raster dem) {
        GridGeometry grid = dem.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        float[] z = dem.data().clone();
        byte[] closed = new byte[z.length];
        byte[] parent = new byte[z.length];
        java.util.Arrays.fill(parent, NO_PARENT);
        FloatKeyHeap open = new FloatKeyHeap(2 * (cols + rows));

        PriorityFloodFill.seedOutlets(z, cols, rows, closed, open, noDataIsOutlet);
        flood(z, cols, rows, closed, parent, open);
        if (!noDataIsOutlet && PriorityFloodFill.seedEnclosedRegions(z, cols, rows, closed, open)) {
            flood(z, cols, rows, closed, parent, open);
        }
        return new Raster(grid, z, dem.noDataValue(), dem.unit());
    }

    private static void flood(float[] z, int cols, int rows, byte[] closed, byte[] parent, FloatKeyHeap open) {
        while (!open.isEmpty()) {
            int c = open.pop();
            int col = c % cols;
            int row = c / cols;
            for (int k = 0; k < 8; k++) {
                int nc = col + D8.DCOL[k];
                int nr = row + D8.DROW[k];
                if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                    continue;
                }
                int n = nr * cols + nc;
                if (closed[n] != 0 || Float.isNaN(z[n])) {
                    continue;
                }
                closed[n] = 1;
                // Direction from n back to c is the opposite of k.
                parent[n] = (byte) ((k + 4) & 7);
                if (z[n] <= z[c]) {
                    lowerPath(z, cols, parent, n);
                }
                open.push(n, z[n]);
            }
        }
    }

    /** Lowers the parent path of {@code start} until each cell lies below the one before it. */
    private static void lowerPath(float[] z, int cols, byte[] parent, int start) {
        int previous = start;
        int current = start;
        while (parent[current] != NO_PARENT) {
            int k = parent[current];
            current = current + D8.DROW[k] * cols + D8.DCOL[k];
            if (z[current] < z[previous]) {
                return;
            }
            z[current] = Math.nextDown(z[previous]);
            previous = current;
        }
    }
}
