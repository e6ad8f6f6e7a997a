package org.communitygis.terrain;

import org.communitygis.core.raster.GridGeometry;

/**
 * Drainage directions over flats by Barnes, Lehman and Mulla 2014, "An efficient assignment of
 * drainage direction over flat surfaces in raster digital elevation models" (Computers &amp; Geosciences
 * 62: 128–135): a gradient towards lower terrain combined with a gradient away from higher terrain.
 *
 * <p>Contract: given a DEM and its plain D8 codes (0 = no downslope neighbour, see
 * {@link D8FlowDirection}), the resolver labels each flat that has an outlet, then computes for each of
 * its cells an integer increment {@link #increment(int)}: {@code 2·t + (h − a)}, where t is the number of
 * breadth-first steps to the flat's low edge (cells of the flat that already drain), a the steps from the
 * flat's high edge (flat cells next to higher ground) and h the flat's largest a (the a term is absent
 * for flats without a high edge). On every labelled cell the increment strictly decreases along some
 * neighbour of the same flat down to the low edge, so D8 over the increments drains every such cell,
 * towards lower terrain and away from higher terrain. The result is deterministic: no random tie-breaks.
 *
 * <p>Edge cases: flats with no outlet (for instance undrained depressions when the DEM was not filled)
 * get label 0 and keep code 0; {@link #undrainedCells()} counts them. Cells at the grid edge or next to
 * NoData that flow out of the grid count as draining cells, so flats touching the edge drain out there.
 *
 * <p>Memory per cell: 4 bytes label, 4 bytes increment, plus breadth-first queues that hold at most a
 * few times the number of flat cells. Increments are ints, so a flat must be crossable in fewer than
 * 2^29 steps, far more than any grid of at most 2^31 cells needs.
 */
public final class FlatResolver {
    private final int[] labels;
    private final int[] increments;
    private final int flatCount;
    private final long undrainedCells;

    private FlatResolver(int[] labels, int[] increments, int flatCount, long undrainedCells) {
        this.labels = labels;
        this.increments = increments;
        this.flatCount = flatCount;
        this.undrainedCells = undrainedCells;
    }

    /**
     * Computes labels and increments for the flats of {@code z}.
     *
     * @param z elevations, row-major, NaN for NoData
     * @param grid the grid of {@code z}
     * @param codes plain D8 codes of {@code z} ({@link D8FlowDirection#NO_DATA} on NoData); not changed
     */
    public static FlatResolver resolve(float[] z, GridGeometry grid, byte[] codes) {
        int cols = grid.cols();
        int rows = grid.rows();
        int[] labels = new int[z.length];
        int[] increments = new int[z.length];
        IntQueue lowEdges = new IntQueue(1024);
        IntQueue highEdges = new IntQueue(1024);
        findEdges(z, cols, rows, codes, lowEdges, highEdges);

        int flatCount = labelFlats(z, cols, rows, lowEdges, labels);
        if (flatCount == 0) {
            return new FlatResolver(labels, increments, 0, countUndrained(codes, labels));
        }
        int[] flatHeight = new int[flatCount + 1];
        awayFromHigher(cols, rows, codes, labels, highEdges, increments, flatHeight);
        towardsLower(cols, rows, codes, labels, lowEdges, increments, flatHeight);
        return new FlatResolver(labels, increments, flatCount, countUndrained(codes, labels));
    }

    /** Finds low edges (draining cells next to an equal non-draining cell) and high edges (non-draining cells next to higher ground). */
    private static void findEdges(float[] z, int cols, int rows, byte[] codes, IntQueue lowEdges, IntQueue highEdges) {
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                int c = row * cols + col;
                if (codes[c] == D8FlowDirection.NO_DATA) {
                    continue;
                }
                boolean drains = codes[c] != 0;
                for (int k = 0; k < 8; k++) {
                    int nc = col + D8.DCOL[k];
                    int nr = row + D8.DROW[k];
                    if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                        continue;
                    }
                    int n = nr * cols + nc;
                    if (codes[n] == D8FlowDirection.NO_DATA) {
                        continue;
                    }
                    if (drains && codes[n] == 0 && z[n] == z[c]) {
                        lowEdges.add(c);
                        break;
                    }
                    if (!drains && z[n] > z[c]) {
                        highEdges.add(c);
                        break;
                    }
                }
            }
        }
    }

    /** Labels each flat reached from a low edge through cells of equal elevation; returns the number of flats. */
    private static int labelFlats(float[] z, int cols, int rows, IntQueue lowEdges, int[] labels) {
        int label = 0;
        IntQueue fill = new IntQueue(1024);
        int edgeCount = lowEdges.size();
        for (int e = 0; e < edgeCount; e++) {
            int start = lowEdges.poll();
            lowEdges.add(start);
            if (labels[start] != 0) {
                continue;
            }
            label++;
            float elevation = z[start];
            labels[start] = label;
            fill.add(start);
            while (!fill.isEmpty()) {
                int c = fill.poll();
                int col = c % cols;
                int row = c / cols;
                for (int k = 0; k < 8; k++) {
                    int nc = col + D8.DCOL[k];
                    int nr = row + D8.DROW[k];
                    if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                        continue;
                    }
                    int n = nr * cols + nc;
                    if (labels[n] == 0 && z[n] == elevation) {
                        labels[n] = label;
                        fill.add(n);
                    }
                }
            }
        }
        return label;
    }

    private static void awayFromHigher(int cols, int rows, byte[] codes, int[] labels, IntQueue highEdges,
            int[] increments, int[] flatHeight) {
        IntQueue queue = new IntQueue(highEdges.size() + 16);
        while (!highEdges.isEmpty()) {
            int c = highEdges.poll();
            // High edges of flats without an outlet (label 0) stay unresolved.
            if (labels[c] != 0) {
                queue.add(c);
            }
        }
        int loops = 1;
        while (!queue.isEmpty()) {
            int levelSize = queue.size();
            for (int i = 0; i < levelSize; i++) {
                int c = queue.poll();
                if (increments[c] > 0) {
                    continue;
                }
                increments[c] = loops;
                flatHeight[labels[c]] = loops;
                pushFlatNeighbours(c, cols, rows, codes, labels, queue);
            }
            loops++;
        }
    }

    private static void towardsLower(int cols, int rows, byte[] codes, int[] labels, IntQueue lowEdges,
            int[] increments, int[] flatHeight) {
        for (int i = 0; i < increments.length; i++) {
            increments[i] = -increments[i];
        }
        IntQueue queue = lowEdges;
        int loops = 1;
        while (!queue.isEmpty()) {
            int levelSize = queue.size();
            for (int i = 0; i < levelSize; i++) {
                int c = queue.poll();
                if (increments[c] > 0) {
                    continue;
                }
                if (increments[c] < 0) {
                    increments[c] = flatHeight[labels[c]] + increments[c] + 2 * loops;
                } else {
                    increments[c] = 2 * loops;
                }
                pushFlatNeighbours(c, cols, rows, codes, labels, queue);
            }
            loops++;
        }
    }

    private static void pushFlatNeighbours(int c, int cols, int rows, byte[] codes, int[] labels, IntQueue queue) {
        int col = c % cols;
        int row = c / cols;
        for (int k = 0; k < 8; k++) {
            int nc = col + D8.DCOL[k];
            int nr = row + D8.DROW[k];
            if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                continue;
            }
            int n = nr * cols + nc;
            if (labels[n] == labels[c] && codes[n] == 0) {
                queue.add(n);
            }
        }
    }

    private static long countUndrained(byte[] codes, int[] labels) {
        long count = 0;
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == 0 && labels[i] == 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * Gives every labelled non-draining cell the D8 code of the neighbour in its flat with the steepest
     * fall of the increment, which is the increment difference over the metric distance. Ties go to the
     * first neighbour in ESRI order (E, SE, S, … NE).
     */
    void direct(byte[] codes, GridGeometry grid, CellMetrics metrics) {
        int cols = grid.cols();
        int rows = grid.rows();
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                int c = row * cols + col;
                if (codes[c] != 0 || labels[c] == 0) {
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
                    if (labels[n] != labels[c] || increments[n] >= increments[c]) {
                        continue;
                    }
                    double fall = (increments[c] - increments[n]) / metrics.step(row, k);
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
    }

    /** Returns the flat label of cell {@code index}: 0 outside flats that drain, else 1 … {@link #flatCount()}. */
    public int label(int index) {
        return labels[index];
    }

    /** Returns the tie-break increment of cell {@code index} (0 outside labelled flats); D8 on a flat follows falling increments. */
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
