package org.communitygis.terrain;

import java.util.stream.IntStream;
import org.communitygis.core.raster.GridGeometry;

/**
 * Drainage directions over flats by Barnes, Lehman and Mulla 2014, "An efficient assignment of
 * drainage direction over flat surfaces in raster digital elevation models" (Computers &amp; Geosciences
 * 62: 128–135): a gradient towards lower terrain combined with a gradient away from higher terrain.
 *
 * <p>Contract: given a DEM and its plain D8 codes (0 = no downslope neighbour, see
 * {@link D8FlowDirection}), a flat is a connected set of cells of equal elevation that contains
 * non-draining cells. For each flat that has an outlet (a low edge: a draining cell of the flat next to
 * one of its non-draining cells) the resolver computes for each non-draining cell an integer increment
 * {@link #increment(int)}: {@code 2·t + (h − a)}, where t is the number of breadth-first steps to the
 * flat's low edge plus 1 (the low edge itself has t = 1 and increment 2), a the steps from the flat's
 * high edge (flat cells next to higher ground) plus 1 and h the flat's largest a. The a term is absent
 * for cells that no high edge reaches. On every resolved cell the increment strictly decreases along some
 * neighbour of the same flat down to the low edge, so D8 over the increments drains every such cell,
 * towards lower terrain and away from higher terrain. The result is deterministic: no random tie-breaks.
 *
 * <p>Edge cases: flats with no outlet (for instance undrained depressions when the DEM was not filled)
 * keep increment 0 and code 0; {@link #undrainedCells()} counts them. Cells at the grid edge or next to
 * NoData that flow out of the grid count as draining cells, so flats touching the edge drain out there.
 *
 * <p>Method: flats are processed one at a time (Barnes et al. process all at once with a label grid);
 * the flat's cells are collected by a flood fill, then the two breadth-first passes run inside it. This
 * gives the same increments without the 4-byte-per-cell label grid, because two adjacent cells belong to
 * the same flat exactly when their elevations are equal. Flats are resolved in parallel bands of rows,
 * one per available processor. Flats that cross a band boundary are resolved afterwards on one thread.
 *
 * <p>Memory per cell: 4 bytes increment, plus per band the cell list and queues of its largest flat (up
 * to 12 bytes per cell of that flat). Increments are ints, so a flat must be crossable in fewer than 2^29 steps,
 * far more than any grid of at most 2^31 cells needs.
 */
public final class FlatResolver {
    /** Increment of a cell collected into the current flat and not yet reached by a pass. */
    private static final int COLLECTED = Integer.MIN_VALUE;
    /** Increment of a non-draining cell of a flat without outlet, reset to 0 at the end. */
    private static final int NO_OUTLET = Integer.MIN_VALUE + 1;
    /** Increment of a cell of a flat that crosses a band boundary, until the sequential pass resolves it. */
    private static final int DEFERRED = Integer.MIN_VALUE + 2;
    /** Minimum rows per band, because thinner bands defer more flats to the sequential pass than they save. */
    private static final int MIN_BAND_ROWS = 64;
    /** Rows per parallel task when flat cells get their codes. */
    private static final int DIRECT_BAND_ROWS = 16;

    private final int[] increments;
    private final int flatCount;
    private final long undrainedCells;

    private FlatResolver(int[] increments, int flatCount, long undrainedCells) {
        this.increments = increments;
        this.flatCount = flatCount;
        this.undrainedCells = undrainedCells;
    }

    /**
     * Computes the increments of the flats of {@code z}.
     *
     * @param z elevations, row-major, NaN for NoData
     * @param grid the grid of {@code z}
     * @param codes plain D8 codes of {@code z} ({@link D8FlowDirection#NO_DATA} on NoData); not changed
     */
    public static FlatResolver resolve(float[] z, GridGeometry grid, byte[] codes) {
        return resolve(z, grid, codes, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Computes the increments with up to {@code threads} threads, in bands of rows. The result does not
     * depend on {@code threads}. Each band resolves the flats that lie wholly inside it and marks the
     * others {@link #DEFERRED}. Bands share the increment grid: a band writes only its own rows and, for
     * rows outside it, reads only elevations and codes, which no thread changes. The deferred flats
     * are resolved afterwards on the calling thread.
     */
    static FlatResolver resolve(float[] z, GridGeometry grid, byte[] codes, int threads) {
        int cols = grid.cols();
        int rows = grid.rows();
        int[] increments = new int[z.length];
        int bandCount = Math.max(1, Math.min(threads, rows / MIN_BAND_ROWS));
        Workspace[] bands = new Workspace[bandCount];
        for (int b = 0; b < bandCount; b++) {
            int firstRow = (int) ((long) rows * b / bandCount);
            int endRow = (int) ((long) rows * (b + 1) / bandCount);
            bands[b] = new Workspace(z, cols, rows, codes, increments, firstRow, endRow);
        }
        if (bandCount == 1) {
            bands[0].resolveBand();
        } else {
            IntStream.range(0, bandCount).parallel().forEach(b -> bands[b].resolveBand());
        }

        Workspace whole = new Workspace(z, cols, rows, codes, increments, 0, rows);
        int flatCount = 0;
        boolean anyWithoutOutlet = false;
        for (Workspace band : bands) {
            flatCount += band.flatCount;
            anyWithoutOutlet |= band.anyWithoutOutlet;
            IntQueue starts = band.deferredStarts;
            while (!starts.isEmpty()) {
                int start = starts.poll();
                if (increments[start] == DEFERRED) {
                    whole.resolveFlat(start);
                }
            }
        }
        flatCount += whole.flatCount;
        anyWithoutOutlet |= whole.anyWithoutOutlet;

        long undrained = 0;
        if (anyWithoutOutlet) {
            for (int i = 0; i < increments.length; i++) {
                if (increments[i] == NO_OUTLET) {
                    increments[i] = 0;
                    undrained++;
                }
            }
        }
        return new FlatResolver(increments, flatCount, undrained);
    }

    /** The grids, the rows of one band and the reusable per-flat lists of one resolution. */
    private static final class Workspace {
        final float[] z;
        final int cols;
        final int rows;
        final byte[] codes;
        final int[] increments;
        /** The band's first row and the row after its last. */
        final int firstRow;
        final int endRow;
        /** One cell of each flat that the band marked {@link #DEFERRED}. */
        final IntQueue deferredStarts = new IntQueue(256);
        int flatCount;
        boolean anyWithoutOutlet;
        /** Whether the flat being collected has a cell of equal elevation outside the band. */
        boolean crossesBand;
        /** Index offset of neighbour k, for cells off the grid edge. */
        final int[] offsets = new int[8];
        final IntQueue flat = new IntQueue(1024);
        final IntQueue lowEdges = new IntQueue(256);
        final IntQueue highEdges = new IntQueue(256);
        final IntQueue queue = new IntQueue(1024);
        float elevation;
        /** The largest a of the current flat. */
        int flatHeight;

        Workspace(float[] z, int cols, int rows, byte[] codes, int[] increments, int firstRow, int endRow) {
            for (int k = 0; k < 8; k++) {
                offsets[k] = D8.DROW[k] * cols + D8.DCOL[k];
            }
            this.z = z;
            this.cols = cols;
            this.rows = rows;
            this.codes = codes;
            this.increments = increments;
            this.firstRow = firstRow;
            this.endRow = endRow;
        }

        /** Returns whether cell {@code c} lies off the grid edge, so that all its neighbours exist. */
        boolean interior(int c) {
            int row = c / cols;
            int col = c - row * cols;
            return col > 0 && row > 0 && col < cols - 1 && row < rows - 1;
        }

        /** Returns neighbour k of cell {@code c}, or −1 outside the grid. */
        int neighbour(int c, int k) {
            int row = c / cols;
            int nc = c - row * cols + D8.DCOL[k];
            int nr = row + D8.DROW[k];
            if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                return -1;
            }
            return nr * cols + nc;
        }

        /** Resolves the flats that start in the band's rows, deferring those that leave the band. */
        void resolveBand() {
            for (int start = firstRow * cols, end = endRow * cols; start < end; start++) {
                if (codes[start] == 0 && increments[start] == 0) {
                    resolveFlat(start);
                }
            }
        }

        /** Resolves the flat of non-draining cell {@code start}, or marks its cells in the band {@link #DEFERRED} when it leaves the band. */
        void resolveFlat(int start) {
            collectFlat(start);
            if (crossesBand) {
                deferredStarts.add(start);
                releaseFlat(DEFERRED, DEFERRED);
            } else if (findEdges()) {
                flatCount++;
                awayFromHigher();
                towardsLower();
                releaseFlat(0, 0);
            } else {
                anyWithoutOutlet = true;
                releaseFlat(NO_OUTLET, 0);
            }
        }

        /**
         * Collects the cells of equal elevation connected to {@code start} inside the band into
         * {@link #flat}, marked COLLECTED, and sets {@link #crossesBand}. Cells with increment 0 or
         * {@link #DEFERRED} are collected: a band defers only the parts of a crossing flat that contain a
         * non-draining cell, so its parts of draining cells only still have 0.
         */
        void collectFlat(int start) {
            flat.clear();
            crossesBand = false;
            elevation = z[start];
            increments[start] = COLLECTED;
            flat.add(start);
            queue.clear();
            queue.add(start);
            while (!queue.isEmpty()) {
                int c = queue.poll();
                boolean interior = interior(c);
                for (int k = 0; k < 8; k++) {
                    int n = interior ? c + offsets[k] : neighbour(c, k);
                    if (n < 0) {
                        continue;
                    }
                    if (z[n] != elevation || codes[n] == D8FlowDirection.NO_DATA) {
                        continue;
                    }
                    if (n < firstRow * cols || n >= endRow * cols) {
                        crossesBand = true;
                    } else if (increments[n] == 0 || increments[n] == DEFERRED) {
                        increments[n] = COLLECTED;
                        flat.add(n);
                        queue.add(n);
                    }
                }
            }
        }

        /**
         * Finds the low edges (draining cells of the flat next to a non-draining one) and high edges
         * (non-draining cells next to higher ground); returns whether the flat has a low edge.
         */
        boolean findEdges() {
            lowEdges.clear();
            highEdges.clear();
            int size = flat.size();
            for (int i = 0; i < size; i++) {
                int c = flat.poll();
                flat.add(c);
                boolean drains = codes[c] != 0;
                boolean interior = interior(c);
                for (int k = 0; k < 8; k++) {
                    int n = interior ? c + offsets[k] : neighbour(c, k);
                    if (n < 0) {
                        continue;
                    }
                    if (drains && codes[n] == 0 && z[n] == elevation) {
                        lowEdges.add(c);
                        break;
                    }
                    if (!drains && z[n] > elevation) {
                        highEdges.add(c);
                        break;
                    }
                }
            }
            return !lowEdges.isEmpty();
        }

        /**
         * Stores −a in each non-draining cell that a high edge reaches, a being its breadth-first
         * distance from the high edge plus 1, and the largest a in {@link #flatHeight}.
         */
        void awayFromHigher() {
            flatHeight = 0;
            queue.clear();
            while (!highEdges.isEmpty()) {
                int c = highEdges.poll();
                increments[c] = -1;
                queue.add(c);
            }
            while (!queue.isEmpty()) {
                int c = queue.poll();
                int a = -increments[c];
                if (a > flatHeight) {
                    flatHeight = a;
                }
                boolean interior = interior(c);
                for (int k = 0; k < 8; k++) {
                    int n = interior ? c + offsets[k] : neighbour(c, k);
                    if (n < 0) {
                        continue;
                    }
                    // Cells of equal elevation outside the band belong to no flat resolved here.
                    if (z[n] == elevation && increments[n] == COLLECTED && codes[n] == 0) {
                        increments[n] = -(a + 1);
                        queue.add(n);
                    }
                }
            }
        }

        /** Sets the final increments, level by level from the low edges (t = 1 there). */
        void towardsLower() {
            queue.clear();
            while (!lowEdges.isEmpty()) {
                int c = lowEdges.poll();
                increments[c] = 2;
                queue.add(c);
            }
            int t = 1;
            while (!queue.isEmpty()) {
                int levelSize = queue.size();
                t++;
                for (int i = 0; i < levelSize; i++) {
                    int c = queue.poll();
                    boolean interior = interior(c);
                    for (int k = 0; k < 8; k++) {
                        int n = interior ? c + offsets[k] : neighbour(c, k);
                        if (n < 0) {
                            continue;
                        }
                        if (z[n] != elevation || codes[n] != 0) {
                            continue;
                        }
                        int current = increments[n];
                        // Not yet reached from the low edge: COLLECTED, or −a from the first pass.
                        if (current <= 0) {
                            increments[n] = current == COLLECTED ? 2 * t : flatHeight + current + 2 * t;
                            queue.add(n);
                        }
                    }
                }
            }
        }

        /**
         * Replaces the COLLECTED mark left on cells of the flat: {@code nonDraining} on non-draining
         * cells no pass reached, {@code draining} on draining cells that are no low edge.
         */
        void releaseFlat(int nonDraining, int draining) {
            while (!flat.isEmpty()) {
                int c = flat.poll();
                if (increments[c] == COLLECTED) {
                    increments[c] = codes[c] == 0 ? nonDraining : draining;
                }
            }
        }
    }

    /**
     * Gives every resolved non-draining cell the D8 code of the neighbour in its flat with the steepest
     * fall of the increment, which is the increment difference over the metric distance. Ties go to the
     * first neighbour in ESRI order (E, SE, S, … NE).
     */
    void direct(byte[] codes, float[] z, GridGeometry grid, CellMetrics metrics) {
        int rows = grid.rows();
        // Each row writes only its own codes and reads increments, which no longer change.
        int bands = (rows + DIRECT_BAND_ROWS - 1) / DIRECT_BAND_ROWS;
        IntStream.range(0, bands).parallel().forEach(band -> {
            double[] step = new double[8];
            for (int row = band * DIRECT_BAND_ROWS, end = Math.min(rows, row + DIRECT_BAND_ROWS); row < end; row++) {
                for (int k = 0; k < 8; k++) {
                    step[k] = metrics.step(row, k);
                }
                directRow(codes, z, grid.cols(), rows, row, step);
            }
        });
    }

    private void directRow(byte[] codes, float[] z, int cols, int rows, int row, double[] step) {
        for (int col = 0; col < cols; col++) {
            int c = row * cols + col;
            int own = increments[c];
            if (codes[c] != 0 || own <= 0) {
                continue;
            }
            int bestK = -1;
            double best = 0;
            for (int k = 0; k < 8; k++) {
                int nc = col + D8.DCOL[k];
                int nr = row + D8.DROW[k];
                if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                    continue;
                }
                int n = nr * cols + nc;
                int other = increments[n];
                // Equal elevation means the same flat; draining cells other than low edges keep 0.
                if (other <= 0 || other >= own || z[n] != z[c]) {
                    continue;
                }
                double fall = (own - other) / step[k];
                if (fall > best) {
                    best = fall;
                    bestK = k;
                }
            }
            if (bestK >= 0) {
                codes[c] = (byte) (1 << bestK);
            }
        }
    }

    /** Returns the tie-break increment of cell {@code index} (0 outside resolved flats); D8 on a flat follows falling increments. */
    public int increment(int index) {
        return increments[index];
    }

    /** Returns the increments, row-major (the backing array, not a copy). */
    public int[] increments() {
        return increments;
    }

    /** Returns the number of flats that have an outlet. */
    public int flatCount() {
        return flatCount;
    }

    /** Returns the number of valid cells without a downslope neighbour that no flat resolution reaches (pits and undrained flats). */
    public long undrainedCells() {
        return undrainedCells;
    }
}
