package org.communitygis.terrain;

import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Fills depressions of a DEM by Priority-Flood (Barnes, Lehman and Mulla 2014, "Priority-Flood: An
 * optimal depression-filling and watershed-labeling algorithm for digital elevation models", Computers
 * &amp; Geosciences 62: 117–127), with the plain-queue ("pit queue") improvement of their Algorithm 2/3.
 *
 * <p>Contract: the result is a new raster in which every valid cell has a non-ascending path to an
 * outlet, and no cell is lower than in the input. Outlets are the cells of the grid's outer rows and
 * columns and, when {@link #noDataIsOutlet(boolean)} is true (the default), every valid cell next to a
 * NoData cell. NoData cells stay NaN and are never flooded across. With {@code noDataIsOutlet(false)} a
 * valid region that is enclosed by NoData and does not touch the grid's edge drains to its own lowest
 * cell, which then acts as that region's outlet.
 *
 * <p>Plain mode raises each depression cell to exactly its spill elevation, so filled depressions become
 * flats (resolve them with {@link FlatResolver}). Epsilon mode raises each flooded cell to
 * {@link Math#nextUp(float)} of the cell it was reached from, so every cell keeps a strictly descending
 * path to an outlet and D8 needs no flat resolution. Epsilon mode also lifts existing flats by these
 * steps, and across a flat of n cells the lift adds up to n float32 ulps (about 6·10⁻⁵ m per cell near
 * 1,000 m), so long flats at high elevations gain visible relief; prefer plain mode with
 * {@link FlatResolver} there.
 *
 * <p>Plain mode with NoData as outlets runs in parallel strips, one per available processor
 * ({@link StripPriorityFlood}), with the same result. Epsilon mode, {@code noDataIsOutlet(false)} and
 * grids of more than {@value StripPriorityFlood#MAX_COLS} columns run sequentially.
 *
 * <p>Memory per cell: 4 bytes for the output, 1 byte for the closed flags (2 bytes of labels in
 * parallel strips), up to 8 bytes in the priority queue (in practice about the outlet perimeter) and up
 * to 4 bytes in the pit queue. Time O(n log n) worst case, close to O(n) when most cells go through the
 * pit queue. No recursion.
 *
 * <p>The variant of Zhou, Sun and Fu (2016), which traces cells upslope of processed cells with a plain
 * queue instead of the priority queue, gave the same output but took 1.8 times the CPU time on the
 * benchmark DEM (docs/benchmarks.md): with per-cell noise nearly every traced cell has a lower
 * unprocessed neighbour, so it enters the priority queue anyway and is scanned twice.
 */
public final class PriorityFloodFill {
    private static final int PROGRESS_EVERY = 1 << 16;

    private boolean epsilon;
    private boolean noDataIsOutlet = true;
    private int threads = Runtime.getRuntime().availableProcessors();

    /** Creates a filler in plain mode with NoData edges as outlets. */
    public PriorityFloodFill() {
    }

    /** Sets epsilon mode (default false): filled cells get a minimal gradient instead of a flat. */
    public PriorityFloodFill epsilon(boolean enabled) {
        this.epsilon = enabled;
        return this;
    }

    /** Sets whether valid cells next to NoData are outlets (default true), like the grid edge. */
    public PriorityFloodFill noDataIsOutlet(boolean enabled) {
        this.noDataIsOutlet = enabled;
        return this;
    }

    /**
     * Sets the number of threads of plain mode with NoData as outlets (default: the available
     * processors); 1 runs the sequential Priority-Flood. The result does not depend on it.
     */
    PriorityFloodFill threads(int count) {
        this.threads = count;
        return this;
    }

    /** Fills {@code dem} without reporting progress. */
    public Raster fill(Raster dem) {
        return fill(dem, Progress.NONE);
    }

    /**
     * Returns a filled copy of {@code dem}; the input is not changed.
     *
     * @param progress receives {@link Progress#worked} with the number of cells processed so far; the
     *        caller calls {@code begin} and {@code end}
     */
    public Raster fill(Raster dem, Progress progress) {
        float[] z = dem.data().clone();
        floodAll(z, dem.grid(), progress);
        return new Raster(dem.grid(), z, dem.noDataValue(), dem.unit());
    }

    /** Fills {@code dem} in place without reporting progress; see {@link #fillInPlace(Raster, Progress)}. */
    public Raster fillInPlace(Raster dem) {
        return fillInPlace(dem, Progress.NONE);
    }

    /**
     * Fills {@code dem} in place, overwriting its cells, and returns it. This saves the 4 bytes per cell
     * of a copy on large grids, where the unfilled DEM is no longer needed (slope, for instance, must be
     * computed before, from the unfilled DEM).
     */
    public Raster fillInPlace(Raster dem, Progress progress) {
        floodAll(dem.data(), dem.grid(), progress);
        return dem;
    }

    private void floodAll(float[] z, GridGeometry grid, Progress progress) {
        int cols = grid.cols();
        int rows = grid.rows();
        int strips = StripPriorityFlood.strips(cols, rows, threads);
        if (!epsilon && noDataIsOutlet && strips > 1) {
            StripPriorityFlood.fill(z, cols, rows, strips, progress);
            return;
        }
        byte[] closed = new byte[z.length];
        FloatKeyHeap open = new FloatKeyHeap(2 * (cols + rows));
        IntQueue pit = new IntQueue(1024);

        seedOutlets(z, cols, rows, closed, open);
        long processed = flood(z, cols, rows, closed, open, pit, progress, 0);
        if (!noDataIsOutlet) {
            // Regions walled in by NoData were never reached from the edge: give each its lowest cell as outlet.
            if (seedEnclosedRegions(z, cols, rows, closed, open)) {
                flood(z, cols, rows, closed, open, pit, progress, processed);
            }
        }
    }

    private void seedOutlets(float[] z, int cols, int rows, byte[] closed, FloatKeyHeap open) {
        seedOutlets(z, cols, rows, closed, open, noDataIsOutlet);
    }

    /** Closes and queues the grid's edge cells and, with {@code noDataIsOutlet}, the valid cells next to NoData. */
    static void seedOutlets(float[] z, int cols, int rows, byte[] closed, FloatKeyHeap open, boolean noDataIsOutlet) {
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                int i = row * cols + col;
                if (Float.isNaN(z[i])) {
                    continue;
                }
                boolean edge = row == 0 || col == 0 || row == rows - 1 || col == cols - 1;
                if (edge || (noDataIsOutlet && nextToNoData(z, cols, col, row))) {
                    closed[i] = 1;
                    open.push(i, z[i]);
                }
            }
        }
    }

    private static boolean nextToNoData(float[] z, int cols, int col, int row) {
        // Only called for interior cells, whose eight neighbours all exist.
        for (int k = 0; k < 8; k++) {
            if (Float.isNaN(z[(row + D8.DROW[k]) * cols + col + D8.DCOL[k]])) {
                return true;
            }
        }
        return false;
    }

    private long flood(float[] z, int cols, int rows, byte[] closed, FloatKeyHeap open, IntQueue pit,
            Progress progress, long processedBefore) {
        long processed = processedBefore;
        int[] offsets = new int[8];
        for (int k = 0; k < 8; k++) {
            offsets[k] = D8.DROW[k] * cols + D8.DCOL[k];
        }
        boolean hasPitTop = false;
        float pitTop = 0;
        while (!open.isEmpty() || !pit.isEmpty()) {
            int c;
            if (epsilon && hasPitTop && !open.isEmpty() && open.peekKey() == pitTop) {
                // Barnes et al. Algorithm 3: a cell of the priority queue at the pit's entry elevation goes
                // first, otherwise epsilon steps would climb past an outlet of equal height.
                c = open.pop();
                hasPitTop = false;
            } else if (!pit.isEmpty()) {
                c = pit.poll();
                if (!hasPitTop) {
                    pitTop = z[c];
                    hasPitTop = true;
                }
            } else {
                c = open.pop();
                hasPitTop = false;
            }
            float zc = z[c];
            float spill = epsilon ? Math.nextUp(zc) : zc;
            int col = c % cols;
            int row = c / cols;
            boolean interior = col > 0 && row > 0 && col < cols - 1 && row < rows - 1;
            for (int k = 0; k < 8; k++) {
                int n;
                if (interior) {
                    n = c + offsets[k];
                } else {
                    int nc = col + D8.DCOL[k];
                    int nr = row + D8.DROW[k];
                    if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                        continue;
                    }
                    n = nr * cols + nc;
                }
                if (closed[n] != 0) {
                    continue;
                }
                float zn = z[n];
                if (Float.isNaN(zn)) {
                    continue;
                }
                closed[n] = 1;
                if (zn <= spill) {
                    z[n] = spill;
                    pit.add(n);
                } else {
                    open.push(n, zn);
                }
            }
            processed++;
            if ((processed & (PROGRESS_EVERY - 1)) == 0) {
                progress.worked(processed);
            }
        }
        progress.worked(processed);
        return processed;
    }

    /** Seeds the lowest cell of every unreached valid region; returns whether any was found. */
    static boolean seedEnclosedRegions(float[] z, int cols, int rows, byte[] closed, FloatKeyHeap open) {
        final byte visited = 2;
        IntQueue queue = new IntQueue(1024);
        IntQueue lowest = new IntQueue(16);
        for (int start = 0; start < z.length; start++) {
            if (closed[start] != 0 || Float.isNaN(z[start])) {
                continue;
            }
            int min = start;
            closed[start] = visited;
            queue.add(start);
            while (!queue.isEmpty()) {
                int c = queue.poll();
                if (z[c] < z[min]) {
                    min = c;
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
                    if (closed[n] == 0 && !Float.isNaN(z[n])) {
                        closed[n] = visited;
                        queue.add(n);
                    }
                }
            }
            lowest.add(min);
        }
        if (lowest.isEmpty()) {
            return false;
        }
        for (int i = 0; i < closed.length; i++) {
            if (closed[i] == visited) {
                closed[i] = 0;
            }
        }
        while (!lowest.isEmpty()) {
            int seed = lowest.poll();
            closed[seed] = 1;
            open.push(seed, z[seed]);
        }
        return true;
    }
}
