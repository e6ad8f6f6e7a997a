package org.communitygis.terrain;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.communitygis.core.progress.Progress;

/**
 * Plain Priority-Flood filling in parallel horizontal strips, after Barnes 2016, "Parallel Priority-Flood
 * depression filling for trillion cell digital elevation models on desktops or clusters" (Computers &amp;
 * Geosciences 96: 56–68).
 *
 * <p>Contract: the same filled elevations as the sequential plain fill of {@link PriorityFloodFill} with
 * NoData cells as outlets. The plain fill raises each cell to the minimum, over all paths to an outlet,
 * of the highest elevation on the path, so it has exactly one result whatever the processing order.
 * Epsilon mode depends on the order and is never run here.
 *
 * <p>Method, in three steps:
 * <ol>
 * <li>Each strip is filled on its own, as if it were the whole grid, seeded from its outlets (label
 * {@link #OUTLET}) and from its rows on a split line, each of which starts a new label. A flooded cell
 * takes the label of the cell it was reached from. Wherever two cells with different labels meet, the
 * label pair is stored with the higher of their elevations. Pairs across split lines are added after all
 * strips are done.</li>
 * <li>A Priority-Flood over this small label graph, from {@link #OUTLET}, gives each label its spill
 * elevation: the lowest level at which water in it reaches an outlet.</li>
 * <li>Each cell is raised to its label's spill elevation where that is higher.</li>
 * </ol>
 *
 * <p>Memory per cell: 2 bytes of labels besides the elevations (the sequential fill uses 1 byte of
 * closed flags instead), plus per strip the priority queue and the plain queue of its largest
 * depression. Labels per strip are at most its split-line cells (2 × columns), so the graph is small.
 */
final class StripPriorityFlood {
    /** Label of cells that drain, inside their strip, to a grid-edge or NoData outlet. */
    static final int OUTLET = 1;
    /** Minimum rows per strip, because thinner strips spend more on their split lines than they save. */
    static final int MIN_STRIP_ROWS = 64;

    /**
     * Maximum columns of a grid that is filled in strips: a strip numbers its labels from 2 to 2 × cols + 1, and
     * these must fit in a {@code char}. Labels in 2 bytes instead of 4 keep the hole that the label grid
     * leaves in the heap small, so the larger grids of the later steps still find contiguous space.
     */
    static final int MAX_COLS = (Character.MAX_VALUE - OUTLET) / 2;

    private static final int PROGRESS_EVERY = 1 << 16;

    private final float[] z;
    private final int cols;
    private final int rows;
    /** Label of each cell, numbered per strip (see {@link #globalLabel}); 0 while not yet reached. */
    private final char[] labels;
    private final int[] firstRow;
    private final LabelEdges[] edges;
    private final Progress progress;
    private final AtomicLong processed = new AtomicLong();

    private StripPriorityFlood(float[] z, int cols, int rows, int strips, Progress progress) {
        this.z = z;
        this.cols = cols;
        this.rows = rows;
        this.labels = new char[z.length];
        this.firstRow = new int[strips + 1];
        for (int s = 0; s <= strips; s++) {
            firstRow[s] = (int) ((long) rows * s / strips);
        }
        this.edges = new LabelEdges[strips + 1];
        this.progress = progress;
    }

    /**
     * Returns the number of strips to use on a grid with {@code threads} threads (1 means sequential).
     * Grids of more than {@value #MAX_COLS} columns stay sequential, because a strip's labels must fit in
     * the 16 bits of a {@code char}.
     */
    static int strips(int cols, int rows, int threads) {
        if (cols > MAX_COLS) {
            return 1;
        }
        return Math.max(1, Math.min(threads, rows / MIN_STRIP_ROWS));
    }

    /** Returns the graph label of strip {@code s}'s label {@code local}. */
    private int globalLabel(int s, int local) {
        return local == OUTLET ? OUTLET : firstLabel(s) + local - (OUTLET + 1);
    }

    /**
     * Fills {@code z} in place, with the grid edge and valid cells next to NoData as outlets.
     *
     * @param strips number of strips, at least 2, each of at least 2 rows
     * @param progress receives {@link Progress#worked} with the cells flooded so far, from any thread
     *        but never from two at once
     */
    static void fill(float[] z, int cols, int rows, int strips, Progress progress) {
        if (strips < 2 || rows < 2 * strips) {
            throw new IllegalArgumentException("Need at least 2 strips of 2 rows, got " + strips + " strips for " + rows + " rows");
        }
        StripPriorityFlood flood = new StripPriorityFlood(z, cols, rows, strips, progress);
        IntStream.range(0, strips).parallel().forEach(flood::floodStrip);
        LabelEdges splits = new LabelEdges();
        for (int s = 1; s < strips; s++) {
            flood.linkSplit(s, splits);
        }
        flood.edges[strips] = splits;
        float[] spill = flood.spillElevations();
        IntStream.range(0, strips).parallel().forEach(s -> flood.raiseStrip(s, spill));
        progress.worked(flood.processed.get());
    }

    /** Returns the first label of strip {@code s}. Each strip has 2 × cols labels of its own. */
    private int firstLabel(int s) {
        return Math.addExact(OUTLET + 1, Math.multiplyExact(s, 2 * cols));
    }

    /** Fills strip {@code s} on its own, labelling each cell with the seed it was flooded from. */
    private void floodStrip(int s) {
        int r0 = firstRow[s];
        int r1 = firstRow[s + 1];
        LabelEdges pairs = new LabelEdges();
        edges[s] = pairs;
        FloatKeyHeap open = new FloatKeyHeap(2 * (cols + r1 - r0));
        IntQueue pit = new IntQueue(1024);
        seedStrip(r0, r1, open);

        int[] offsets = new int[8];
        for (int k = 0; k < 8; k++) {
            offsets[k] = D8.DROW[k] * cols + D8.DCOL[k];
        }
        long done = 0;
        while (!open.isEmpty() || !pit.isEmpty()) {
            int c = pit.isEmpty() ? open.pop() : pit.poll();
            float zc = z[c];
            char label = labels[c];
            int col = c % cols;
            int row = c / cols;
            boolean interior = col > 0 && row > r0 && col < cols - 1 && row < r1 - 1;
            for (int k = 0; k < 8; k++) {
                int n;
                if (interior) {
                    n = c + offsets[k];
                } else {
                    int nc = col + D8.DCOL[k];
                    int nr = row + D8.DROW[k];
                    if (nc < 0 || nr < r0 || nc >= cols || nr >= r1) {
                        continue;
                    }
                    n = nr * cols + nc;
                }
                char other = labels[n];
                if (other != 0) {
                    if (other != label) {
                        pairs.lower(globalLabel(s, label), globalLabel(s, other), Math.max(zc, z[n]));
                    }
                    continue;
                }
                float zn = z[n];
                if (Float.isNaN(zn)) {
                    continue;
                }
                labels[n] = label;
                if (zn <= zc) {
                    z[n] = zc;
                    pit.add(n);
                } else {
                    open.push(n, zn);
                }
            }
            if ((++done & (PROGRESS_EVERY - 1)) == 0) {
                report(PROGRESS_EVERY);
            }
        }
        report(done & (PROGRESS_EVERY - 1));
    }

    /**
     * Queues the outlets of rows r0 … r1 − 1 with label {@link #OUTLET}, and the other valid cells of the
     * strip's rows on a split line with a new label each.
     */
    private void seedStrip(int r0, int r1, FloatKeyHeap open) {
        // Rows next to the strip count too, because a NoData cell there makes its neighbours outlets.
        boolean anyNoData = false;
        for (int i = Math.max(0, r0 - 1) * cols, end = Math.min(rows, r1 + 1) * cols; i < end && !anyNoData; i++) {
            anyNoData = Float.isNaN(z[i]);
        }
        int next = OUTLET + 1;
        for (int row = r0; row < r1; row++) {
            boolean edgeRow = row == 0 || row == rows - 1;
            boolean splitRow = row == r0 || row == r1 - 1;
            if (!edgeRow && !splitRow && !anyNoData) {
                seed(row * cols, OUTLET, open);
                seed(row * cols + cols - 1, OUTLET, open);
                continue;
            }
            for (int col = 0; col < cols; col++) {
                int i = row * cols + col;
                if (Float.isNaN(z[i])) {
                    continue;
                }
                if (edgeRow || col == 0 || col == cols - 1 || (anyNoData && nextToNoData(col, row))) {
                    seed(i, OUTLET, open);
                } else if (splitRow) {
                    seed(i, next++, open);
                }
            }
        }
    }

    private void seed(int i, int label, FloatKeyHeap open) {
        if (Float.isNaN(z[i])) {
            return;
        }
        labels[i] = (char) label;
        open.push(i, z[i]);
    }

    private boolean nextToNoData(int col, int row) {
        // Only called for cells off the grid edge, whose eight neighbours all exist.
        for (int k = 0; k < 8; k++) {
            if (Float.isNaN(z[(row + D8.DROW[k]) * cols + col + D8.DCOL[k]])) {
                return true;
            }
        }
        return false;
    }

    /** Adds the label pairs of cells that touch across the split between strip {@code s} − 1 and strip {@code s}. */
    private void linkSplit(int s, LabelEdges pairs) {
        int upper = firstRow[s] - 1;
        for (int col = 0; col < cols; col++) {
            int a = upper * cols + col;
            if (labels[a] == 0) {
                continue;
            }
            int la = globalLabel(s - 1, labels[a]);
            for (int dc = -1; dc <= 1; dc++) {
                int nc = col + dc;
                if (nc < 0 || nc >= cols) {
                    continue;
                }
                int b = a + cols + dc;
                if (labels[b] == 0) {
                    continue;
                }
                int lb = globalLabel(s, labels[b]);
                if (lb != la) {
                    pairs.lower(la, lb, Math.max(z[a], z[b]));
                }
            }
        }
    }

    /**
     * Returns the spill elevation of every label: a minimax Priority-Flood (Dijkstra's order) over the
     * label graph from {@link #OUTLET}, whose spill is −∞. Labels that no path reaches keep +∞.
     */
    private float[] spillElevations() {
        int labelCount = firstLabel(firstRow.length - 1);
        int[] start = new int[labelCount + 1];
        for (LabelEdges pairs : edges) {
            pairs.forEach((a, b, level) -> {
                start[a + 1]++;
                start[b + 1]++;
            });
        }
        for (int l = 0; l < labelCount; l++) {
            start[l + 1] += start[l];
        }
        int[] fill = Arrays.copyOf(start, labelCount);
        int[] target = new int[start[labelCount]];
        float[] weight = new float[start[labelCount]];
        for (LabelEdges pairs : edges) {
            pairs.forEach((a, b, level) -> {
                target[fill[a]] = b;
                weight[fill[a]++] = level;
                target[fill[b]] = a;
                weight[fill[b]++] = level;
            });
        }

        float[] spill = new float[labelCount];
        Arrays.fill(spill, Float.POSITIVE_INFINITY);
        spill[OUTLET] = Float.NEGATIVE_INFINITY;
        FloatKeyHeap open = new FloatKeyHeap(1024);
        open.push(OUTLET, Float.NEGATIVE_INFINITY);
        while (!open.isEmpty()) {
            float key = open.peekKey();
            int label = open.pop();
            if (key > spill[label]) {
                continue;
            }
            for (int e = start[label]; e < start[label + 1]; e++) {
                float level = Math.max(key, weight[e]);
                if (level < spill[target[e]]) {
                    spill[target[e]] = level;
                    open.push(target[e], level);
                }
            }
        }
        return spill;
    }

    /** Raises each cell of strip {@code s} to the spill elevation of its label where that is higher. */
    private void raiseStrip(int s, float[] spill) {
        int offset = firstLabel(s) - (OUTLET + 1);
        for (int i = firstRow[s] * cols, end = firstRow[s + 1] * cols; i < end; i++) {
            char label = labels[i];
            if (label > OUTLET) {
                float level = spill[offset + label];
                if (z[i] < level && level != Float.POSITIVE_INFINITY) {
                    z[i] = level;
                }
            }
        }
    }

    private void report(long cells) {
        long total = processed.addAndGet(cells);
        synchronized (progress) {
            progress.worked(total);
        }
    }

    /** Label pairs with the lowest elevation at which they touch: an open-addressing map from pair to level. */
    static final class LabelEdges {
        /** Receives one pair. */
        interface PairConsumer {
            void accept(int a, int b, float level);
        }

        private long[] keys = new long[1024];
        private float[] levels = new float[1024];
        private int size;

        /** Stores {@code level} for the pair {a, b} (a ≠ b, both ≥ 1) when it is lower than the stored one. */
        void lower(int a, int b, float level) {
            long key = a < b ? (long) a << 32 | b : (long) b << 32 | a;
            int mask = keys.length - 1;
            int slot = hash(key) & mask;
            while (keys[slot] != 0) {
                if (keys[slot] == key) {
                    if (level < levels[slot]) {
                        levels[slot] = level;
                    }
                    return;
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            levels[slot] = level;
            if (++size * 2 > keys.length) {
                grow();
            }
        }

        void forEach(PairConsumer consumer) {
            for (int slot = 0; slot < keys.length; slot++) {
                long key = keys[slot];
                if (key != 0) {
                    consumer.accept((int) (key >>> 32), (int) key, levels[slot]);
                }
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            float[] oldLevels = levels;
            keys = new long[oldKeys.length * 2];
            levels = new float[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    int slot = hash(oldKeys[i]) & mask;
                    while (keys[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    levels[slot] = oldLevels[i];
                }
            }
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
