package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.communitygis.terrain.bench.TerrainBench;
import org.junit.jupiter.api.Test;

/**
 * The parallel strips and bands of filling, flat resolution and accumulation against their sequential
 * paths, cell for cell, on the benchmark's noisy DEM. After filling, about a third of its cells lie in
 * flats, so flats and depressions cross the split lines ({@link #flatBandsEqualSequential} checks this).
 */
class ParallelTerrainTest {
    private static final int COLS = 700;
    private static final int ROWS = 640;
    private static final long SEED = 20261204;

    @Test
    void fillStripsEqualSequential() {
        Raster dem = TerrainBench.dem(COLS, ROWS, SEED);
        float[] sequential = new PriorityFloodFill().threads(1).fill(dem).data();
        long raised = 0;
        for (int i = 0; i < sequential.length; i++) {
            if (sequential[i] > dem.data()[i]) {
                raised++;
            }
        }
        assertThat(raised).as("cells raised by the sequential fill").isGreaterThan(COLS * ROWS / 10);
        for (int threads : new int[] {2, 3, 10}) {
            float[] parallel = new PriorityFloodFill().threads(threads).fill(dem).data();
            assertThat(firstDifference(parallel, sequential)).as("first cell that differs with %d strips", threads).isEqualTo("none");
        }
    }

    @Test
    void fillStripsEqualSequentialWithNoData() {
        Raster dem = withNoData(TerrainBench.dem(COLS, ROWS, SEED));
        float[] sequential = new PriorityFloodFill().threads(1).fill(dem).data();
        for (int threads : new int[] {2, 7}) {
            float[] parallel = new PriorityFloodFill().threads(threads).fill(dem).data();
            assertThat(firstDifference(parallel, sequential)).as("first cell that differs with %d strips", threads).isEqualTo("none");
        }
    }

    @Test
    void stripCountFollowsRows() {
        assertThat(StripPriorityFlood.strips(4000, 4000, 2)).isEqualTo(2);
        assertThat(StripPriorityFlood.strips(4000, 100, 2)).as("too few rows").isEqualTo(1);
        assertThat(StripPriorityFlood.strips(700, 640, 16)).isEqualTo(10);
        assertThat(StripPriorityFlood.strips(StripPriorityFlood.MAX_COLS, 4000, 2)).isEqualTo(2);
        assertThat(StripPriorityFlood.strips(StripPriorityFlood.MAX_COLS + 1, 4000, 2)).as("labels beyond 16 bits").isEqualTo(1);
    }

    /**
     * Returns {@code dem} with NoData: a round hole near the first split line of 2 strips, a column of
     * NoData that cuts through every split line, and scattered single cells.
     */
    static Raster withNoData(Raster dem) {
        float[] z = dem.data().clone();
        int cols = dem.grid().cols();
        int rows = dem.grid().rows();
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                double dr = row - rows / 2.0;
                double dc = col - cols / 3.0;
                if (dr * dr + dc * dc < 30 * 30 || (col == 2 * cols / 3 && row > 5 && row < rows - 5)) {
                    z[row * cols + col] = Float.NaN;
                }
            }
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 500; n++) {
            z[random.nextInt(z.length)] = Float.NaN;
        }
        return new Raster(dem.grid(), z, dem.noDataValue(), dem.unit());
    }

    @Test
    void flatBandsEqualSequential() {
        Raster filled = new PriorityFloodFill().fill(TerrainBench.dem(COLS, ROWS, SEED));
        FlatResolver sequential = resolveFlats(filled, 1);
        assertThat(sequential.flatCount()).as("flats").isGreaterThan(10_000);
        assertThat(crossingPairs(filled, sequential, ROWS / 2)).as("flat cells touching across the split of 2 bands")
                .isGreaterThan(50);
        assertThat(sequential.undrainedCells()).isZero();
        for (int threads : new int[] {2, 3, 10}) {
            FlatResolver parallel = resolveFlats(filled, threads);
            assertThat(firstDifference(parallel.increments(), sequential.increments()))
                    .as("first increment that differs with %d bands", threads).isEqualTo("none");
            assertThat(parallel.flatCount()).as("flats with %d bands", threads).isEqualTo(sequential.flatCount());
        }
    }

    @Test
    void flatBandsEqualSequentialUnfilledWithNoData() {
        // Unfilled, so flats at the bottom of depressions have no outlet and stay undrained.
        Raster dem = withNoData(TerrainBench.dem(COLS, ROWS, SEED));
        FlatResolver sequential = resolveFlats(dem, 1);
        assertThat(sequential.undrainedCells()).as("undrained cells").isGreaterThan(1000);
        for (int threads : new int[] {2, 7}) {
            FlatResolver parallel = resolveFlats(dem, threads);
            assertThat(firstDifference(parallel.increments(), sequential.increments()))
                    .as("first increment that differs with %d bands", threads).isEqualTo("none");
            assertThat(parallel.flatCount()).as("flats with %d bands", threads).isEqualTo(sequential.flatCount());
            assertThat(parallel.undrainedCells()).as("undrained with %d bands", threads).isEqualTo(sequential.undrainedCells());
        }
    }

    @Test
    void flatCodesEqualSequential() {
        Raster filled = new PriorityFloodFill().fill(withNoData(TerrainBench.dem(COLS, ROWS, SEED)));
        CellMetrics metrics = CellMetrics.of(filled.grid());
        byte[] sequential = D8FlowDirection.steepestDescent(filled.data(), filled.grid(), metrics, true, Progress.NONE);
        byte[] parallel = sequential.clone();
        FlatResolver flats = FlatResolver.resolve(filled.data(), filled.grid(), sequential, 1);
        // The reference: the codes of flat cells set row by row on this thread.
        for (int c = 0; c < sequential.length; c++) {
            if (sequential[c] == 0 && flats.increment(c) > 0) {
                sequential[c] = (byte) steepestIncrementFall(flats, filled, metrics, c);
            }
        }
        flats.direct(parallel, filled.data(), filled.grid(), metrics);
        assertThat(firstDifference(parallel, sequential)).as("first code that differs").isEqualTo("none");
        assertThat(firstDifference(D8FlowDirection.compute(filled).codes(), sequential))
                .as("first code of D8FlowDirection.compute that differs").isEqualTo("none");
    }

    @Test
    void accumulationBandsEqualSequential() {
        for (Raster dem : new Raster[] {TerrainBench.dem(COLS, ROWS, SEED), withNoData(TerrainBench.dem(COLS, ROWS, SEED))}) {
            D8FlowDirection directions = D8FlowDirection.compute(new PriorityFloodFill().fill(dem));
            FlowAccumulation sequential = FlowAccumulation.compute(directions, null, Progress.NONE, new Diagnostics(), 1);
            assertThat(sequential.max()).as("largest count").isGreaterThan(COLS * ROWS / 20);
            for (int threads : new int[] {2, 3, 10}) {
                FlowAccumulation parallel = FlowAccumulation.compute(directions, null, Progress.NONE, new Diagnostics(), threads);
                assertThat(firstDifference(parallel.values(), sequential.values()))
                        .as("first count that differs with %d bands", threads).isEqualTo("none");
                assertThat(parallel.cycleCells()).isZero();
            }
        }
    }

    @Test
    void accumulationBandsMarkCycles() {
        // Two neighbouring cells on the split line of 2 bands point at each other, as in a broken foreign grid.
        Raster dem = TerrainBench.dem(COLS, ROWS, SEED);
        D8FlowDirection directions = D8FlowDirection.compute(new PriorityFloodFill().fill(dem));
        int upper = (ROWS / 2 - 1) * COLS + COLS / 2;
        directions.codes()[upper] = 4;
        directions.codes()[upper + COLS] = 64;
        Diagnostics sequentialWarnings = new Diagnostics();
        FlowAccumulation sequential = FlowAccumulation.compute(directions, null, Progress.NONE, sequentialWarnings, 1);
        FlowAccumulation parallel = FlowAccumulation.compute(directions, null, Progress.NONE, new Diagnostics(), 2);
        assertThat(sequential.cycleCells()).as("cells on or below the cycle").isGreaterThan(1);
        assertThat(parallel.cycleCells()).isEqualTo(sequential.cycleCells());
        assertThat(firstDifference(parallel.values(), sequential.values())).as("first count that differs").isEqualTo("none");
    }

    /** Returns "none", or the first index where the arrays differ with both values. */
    private static String firstDifference(Object actual, Object expected) {
        int length = java.lang.reflect.Array.getLength(expected);
        assertThat(java.lang.reflect.Array.getLength(actual)).as("length").isEqualTo(length);
        for (int i = 0; i < length; i++) {
            Object a = java.lang.reflect.Array.get(actual, i);
            Object e = java.lang.reflect.Array.get(expected, i);
            if (!a.equals(e)) {   // Double.equals and Float.equals treat NaN as equal to NaN
                return "cell " + i + ": " + a + " instead of " + e;
            }
        }
        return "none";
    }

    private static FlatResolver resolveFlats(Raster dem, int threads) {
        byte[] codes = D8FlowDirection.steepestDescent(dem.data(), dem.grid(), CellMetrics.of(dem.grid()), true, Progress.NONE);
        return FlatResolver.resolve(dem.data(), dem.grid(), codes, threads);
    }

    /** Returns the ESRI code towards the neighbour with the steepest fall of the increment in the same flat. */
    private static int steepestIncrementFall(FlatResolver flats, Raster filled, CellMetrics metrics, int c) {
        int cols = filled.grid().cols();
        int rows = filled.grid().rows();
        int col = c % cols;
        int row = c / cols;
        int bestK = -1;
        double best = 0;
        for (int k = 0; k < 8; k++) {
            int nc = col + D8.DCOL[k];
            int nr = row + D8.DROW[k];
            if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                continue;
            }
            int n = nr * cols + nc;
            int other = flats.increment(n);
            if (other > 0 && other < flats.increment(c) && filled.data()[n] == filled.data()[c]) {
                double fall = (flats.increment(c) - other) / metrics.step(row, k);
                if (fall > best) {
                    best = fall;
                    bestK = k;
                }
            }
        }
        return bestK < 0 ? 0 : 1 << bestK;
    }

    /** Counts pairs of resolved flat cells of equal elevation, one in row {@code split} − 1 and one in row {@code split}. */
    private static int crossingPairs(Raster filled, FlatResolver flats, int split) {
        int cols = filled.grid().cols();
        int pairs = 0;
        for (int col = 1; col < cols - 1; col++) {
            int a = (split - 1) * cols + col;
            for (int dc = -1; dc <= 1; dc++) {
                int b = split * cols + col + dc;
                if (flats.increment(a) > 0 && flats.increment(b) > 0 && filled.data()[a] == filled.data()[b]) {
                    pairs++;
                }
            }
        }
        return pairs;
    }
}
