package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.PriorityQueue;
import java.util.Random;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain fill with its pit queue against a textbook Priority-Flood with a boxed queue. */
class PriorityFloodReferenceTest {

    @ParameterizedTest
    @CsvSource({"1, true", "2, true", "3, false", "4, false", "5, true"})
    void equalsTextbookPriorityFlood(long seed, boolean noDataIsOutlet) {
        Raster dem = TestGrids.synthetic(120, 90, seed);
        Random random = new Random(seed);
        float[] z = dem.data();
        // Integer steps make wide flats and equal spill levels; NoData blobs make inner outlets or walls.
        for (int i = 0; i < z.length; i++) {
            z[i] = seed % 2 == 0 ? Math.round(z[i] / 5) * 5f : z[i];
        }
        for (int blob = 0; blob < 6; blob++) {
            int c0 = 10 + random.nextInt(100);
            int r0 = 10 + random.nextInt(70);
            for (int r = r0 - 3; r <= r0 + 3; r++) {
                for (int c = c0 - 3; c <= c0 + 3; c++) {
                    z[r * 120 + c] = Float.NaN;
                }
            }
        }
        float[] expected = textbook(z.clone(), dem.grid(), noDataIsOutlet);
        Raster filled = new PriorityFloodFill().noDataIsOutlet(noDataIsOutlet).fill(dem);
        assertThat(filled.data()).containsExactly(expected);
    }

    /** Barnes et al. 2014 Algorithm 1, with java.util.PriorityQueue and no pit queue. */
    private static float[] textbook(float[] z, GridGeometry grid, boolean noDataIsOutlet) {
        int cols = grid.cols();
        int rows = grid.rows();
        boolean[] closed = new boolean[z.length];
        PriorityQueue<float[]> open = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Float.compare(a[0], b[0])
                : Float.compare(a[1], b[1]));
        for (int i = 0; i < z.length; i++) {
            if (Float.isNaN(z[i])) {
                continue;
            }
            int col = i % cols;
            int row = i / cols;
            boolean outlet = col == 0 || row == 0 || col == cols - 1 || row == rows - 1;
            for (int k = 0; k < 8 && !outlet && noDataIsOutlet; k++) {
                outlet = Float.isNaN(z[(row + D8.DROW[k]) * cols + col + D8.DCOL[k]]);
            }
            if (outlet) {
                closed[i] = true;
                open.add(new float[] {z[i], i});
            }
        }
        drain(z, cols, rows, closed, open);
        if (!noDataIsOutlet) {
            // Enclosed regions: seed each region's lowest cell, as PriorityFloodFill documents.
            byte[] flags = new byte[z.length];
            for (int i = 0; i < z.length; i++) {
                flags[i] = (byte) (closed[i] ? 1 : 0);
            }
            FloatKeyHeap heap = new FloatKeyHeap(16);
            if (PriorityFloodFill.seedEnclosedRegions(z, cols, rows, flags, heap)) {
                while (!heap.isEmpty()) {
                    int seed = heap.pop();
                    closed[seed] = true;
                    open.add(new float[] {z[seed], seed});
                }
                drain(z, cols, rows, closed, open);
            }
        }
        return z;
    }

    private static void drain(float[] z, int cols, int rows, boolean[] closed, PriorityQueue<float[]> open) {
        while (!open.isEmpty()) {
            int c = (int) open.poll()[1];
            for (int k = 0; k < 8; k++) {
                int nc = c % cols + D8.DCOL[k];
                int nr = c / cols + D8.DROW[k];
                if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                    continue;
                }
                int n = nr * cols + nc;
                if (closed[n] || Float.isNaN(z[n])) {
                    continue;
                }
                closed[n] = true;
                z[n] = Math.max(z[n], z[c]);
                open.add(new float[] {z[n], n});
            }
        }
    }
}
