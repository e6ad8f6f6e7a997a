package org.communitygis.terrain;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.communitygis.core.progress.Progress;

/**
 * Unweighted D8 flow accumulation in parallel bands of rows, with the same counts as the sequential
 * path of {@link FlowAccumulation}.
 *
 * <p>Each band counts its cells' inflows by looking at their neighbours, then follows flow paths from
 * its cells without inflow downstream while each next cell has received all its inflows, as the
 * sequential path does. A path that leaves the band stops there, and its count goes into the band's
 * outbox. In rounds, each band then adds the counts it received to their target cells and continues
 * those paths, until no count crosses a band boundary. The approach follows Barnes 2017, "Parallel
 * non-divergent flow accumulation for trillion cell digital elevation models on desktops or clusters"
 * (Environmental Modelling &amp; Software 92: 202–212), with rounds of messages in place of his
 * tile-perimeter graph.
 *
 * <p>Counts are whole numbers below 2^53, so their double sums are exact in any order and the result
 * equals the sequential one. Weights and geographic cell areas are not whole numbers, and sums in
 * another order could differ in the last bit, so {@link FlowAccumulation} keeps those sequential.
 *
 * <p>Memory: the caller's arrays, plus per band 12 bytes per count that crosses its boundary.
 */
final class BandAccumulation {
    /** Minimum rows per band, because thinner bands send more counts across boundaries than they save. */
    static final int MIN_BAND_ROWS = 64;

    private static final int PROGRESS_EVERY = 1 << 16;
    private static final byte DONE = -1;
    /** The code with which neighbour k drains into the cell: direction k + 4, back towards the cell. */
    private static final byte[] INFLOW_CODES = new byte[8];

    static {
        for (int k = 0; k < 8; k++) {
            INFLOW_CODES[k] = (byte) (1 << ((k + 4) & 7));
        }
    }

    private final byte[] codes;
    private final int cols;
    private final int rows;
    private final double[] cells;
    private final byte[] inDegree;
    private final int[] firstRow;
    private final Outbox[] outboxes;
    private final Progress progress;
    private final AtomicLong done = new AtomicLong();
    /** Index offset of neighbour k. */
    private final int[] offsets = new int[8];

    private BandAccumulation(byte[] codes, int cols, int rows, double[] cells, byte[] inDegree, int bands,
            Progress progress) {
        this.codes = codes;
        this.cols = cols;
        this.rows = rows;
        this.cells = cells;
        this.inDegree = inDegree;
        this.firstRow = new int[bands + 1];
        for (int b = 0; b <= bands; b++) {
            firstRow[b] = (int) ((long) rows * b / bands);
        }
        this.outboxes = new Outbox[bands];
        for (int b = 0; b < bands; b++) {
            outboxes[b] = new Outbox();
        }
        this.progress = progress;
        for (int k = 0; k < 8; k++) {
            offsets[k] = D8.DROW[k] * cols + D8.DCOL[k];
        }
    }

    /** Returns the number of bands to use on {@code rows} rows with {@code threads} threads (1 means sequential). */
    static int bands(int rows, int threads) {
        return Math.max(1, Math.min(threads, rows / MIN_BAND_ROWS));
    }

    /**
     * Accumulates {@code codes} into {@code cells}, each valid cell counting 1 and NoData cells NaN.
     * Afterwards {@code inDegree} is {@link #DONE} on every cell, except positive on cells that a cycle
     * kept from receiving all their inflows.
     *
     * @param cells receives the counts; its previous content is ignored
     * @param inDegree a work array of the grid's size; its previous content is ignored
     * @param bands number of bands, at least 2
     * @param progress receives {@link Progress#worked} with the cells done so far, from any thread but
     *        never from two at once
     * @return the number of valid cells and the number of cells done, whose difference is the number of
     *         cells on or below a cycle
     */
    static long[] accumulate(byte[] codes, int cols, int rows, double[] cells, byte[] inDegree, int bands,
            Progress progress) {
        BandAccumulation accumulation = new BandAccumulation(codes, cols, rows, cells, inDegree, bands, progress);
        long valid = IntStream.range(0, bands).parallel().mapToLong(accumulation::countInflows).sum();
        IntStream.range(0, bands).parallel().forEach(accumulation::followFromSources);
        while (accumulation.anyOutgoing()) {
            Outbox[] sent = accumulation.outboxes.clone();
            for (int b = 0; b < bands; b++) {
                accumulation.outboxes[b] = new Outbox();
            }
            IntStream.range(0, bands).parallel().forEach(b -> accumulation.receive(b, sent));
        }
        long cellsDone = accumulation.done.get();
        progress.worked(cellsDone);
        return new long[] {valid, cellsDone};
    }

    /** Sets the counts and in-degrees of band {@code b}'s cells and returns its number of valid cells. */
    private long countInflows(int b) {
        long valid = 0;
        for (int row = firstRow[b]; row < firstRow[b + 1]; row++) {
            for (int col = 0; col < cols; col++) {
                int c = row * cols + col;
                if (codes[c] == D8FlowDirection.NO_DATA) {
                    cells[c] = Double.NaN;
                    inDegree[c] = DONE;
                    continue;
                }
                valid++;
                cells[c] = 1;
                byte inflows = 0;
                boolean interior = row > 0 && col > 0 && row < rows - 1 && col < cols - 1;
                for (int k = 0; k < 8; k++) {
                    if (interior) {
                        if (codes[c + offsets[k]] == INFLOW_CODES[k]) {
                            inflows++;
                        }
                        continue;
                    }
                    int nc = col + D8.DCOL[k];
                    int nr = row + D8.DROW[k];
                    if (nc >= 0 && nr >= 0 && nc < cols && nr < rows && codes[nr * cols + nc] == INFLOW_CODES[k]) {
                        inflows++;
                    }
                }
                inDegree[c] = inflows;
            }
        }
        return valid;
    }

    /** Follows the flow paths of band {@code b} from its cells without inflow. */
    private void followFromSources(int b) {
        long doneHere = 0;
        for (int start = firstRow[b] * cols, end = firstRow[b + 1] * cols; start < end; start++) {
            if (inDegree[start] == 0) {
                doneHere = follow(b, start, doneHere);
            }
        }
        report(doneHere & (PROGRESS_EVERY - 1));
    }

    /** Adds the counts that other bands sent to band {@code b} and continues the paths they complete. */
    private void receive(int b, Outbox[] sent) {
        int from = firstRow[b] * cols;
        int to = firstRow[b + 1] * cols;
        long doneHere = 0;
        for (Outbox outbox : sent) {
            for (int e = 0; e < outbox.size; e++) {
                int d = outbox.targets[e];
                if (d < from || d >= to) {
                    continue;
                }
                cells[d] += outbox.counts[e];
                if (--inDegree[d] == 0) {
                    doneHere = follow(b, d, doneHere);
                }
            }
        }
        report(doneHere & (PROGRESS_EVERY - 1));
    }

    /**
     * Follows the path from {@code start}, which has received all its inflows, down while each next cell
     * of band {@code b} has too. A count that leaves the band goes to its outbox. Returns {@code doneHere}
     * plus the cells done.
     */
    private long follow(int b, int start, long doneHere) {
        int from = firstRow[b] * cols;
        int to = firstRow[b + 1] * cols;
        int c = start;
        // The column and row follow the path, so that no step divides by cols.
        int row = start / cols;
        int col = start - row * cols;
        while (true) {
            inDegree[c] = DONE;
            if ((++doneHere & (PROGRESS_EVERY - 1)) == 0) {
                report(PROGRESS_EVERY);
            }
            byte code = codes[c];
            if (code == 0) {
                return doneHere;
            }
            // c is valid, because NoData cells start DONE and are never a target, so its code has one bit.
            int k = Integer.numberOfTrailingZeros(code & 0xFF);
            col += D8.DCOL[k];
            row += D8.DROW[k];
            if (col < 0 || row < 0 || col >= cols || row >= rows) {
                return doneHere;
            }
            int d = c + offsets[k];
            if (codes[d] == D8FlowDirection.NO_DATA) {
                return doneHere;
            }
            if (d < from || d >= to) {
                outboxes[b].add(d, cells[c]);
                return doneHere;
            }
            cells[d] += cells[c];
            if (--inDegree[d] != 0) {
                return doneHere;
            }
            c = d;
        }
    }

    private boolean anyOutgoing() {
        for (Outbox outbox : outboxes) {
            if (outbox.size > 0) {
                return true;
            }
        }
        return false;
    }

    private void report(long cellsDone) {
        long total = done.addAndGet(cellsDone);
        synchronized (progress) {
            progress.worked(total);
        }
    }

    /** Counts sent from one band to cells of other bands: target cell index and count. */
    private static final class Outbox {
        int[] targets = new int[256];
        double[] counts = new double[256];
        int size;

        void add(int target, double count) {
            if (size == targets.length) {
                targets = Arrays.copyOf(targets, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            targets[size] = target;
            counts[size] = count;
            size++;
        }
    }
}
