package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;

class MfdAccumulationTest {
    /** Builds a plane of 10 m cells rising 1 m per column eastwards. */
    private static Raster plane(int cols, int rows) {
        float[] z = new float[cols * rows];
        for (int i = 0; i < z.length; i++) {
            z[i] = i % cols;
        }
        return new Raster(new GridGeometry(cols, rows, 0, rows * 10.0, 10, 10, "EPSG:32648"), z, -9999f, "m");
    }

    @Test
    void freemanSharesOnPlane() {
        MfdAccumulation acc = MfdAccumulation.compute(plane(3, 5), 1.1, null);
        // W slope 0.1, NW and SW slopes 0.1/√2, so each diagonal weighs f = 2^−0.55 against the W neighbour.
        double f = Math.pow(2, -0.55);
        double expected = 1 + f / (1 + f) + (1 + f) / (1 + 2 * f);
        assertThat(acc.cells(1 * 3 + 1)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void largeExponentApproachesD8() {
        MfdAccumulation acc = MfdAccumulation.compute(plane(3, 5), 100, null);
        assertThat(acc.cells(1 * 3 + 1)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void flowConservedToOutlet() {
        int cols = 40;
        int rows = 30;
        Raster dem = new PriorityFloodFill().epsilon(true).fill(TestGrids.synthetic(cols, rows, 7L));
        MfdAccumulation acc = MfdAccumulation.compute(dem, 1.1, null);
        // Flow leaves only from cells without a lower neighbour, which after epsilon filling lie on the edge.
        double leaving = 0;
        D8FlowDirection directions = D8FlowDirection.compute(dem, false, true, org.communitygis.core.progress.Progress.NONE);
        for (int i = 0; i < cols * rows; i++) {
            int col = i % cols;
            int row = i / cols;
            boolean edge = col == 0 || row == 0 || col == cols - 1 || row == rows - 1;
            if (edge && directions.downstream(i) < 0) {
                leaving += acc.cells(i);
            }
        }
        assertThat(leaving).isCloseTo(cols * rows, within(1e-6));
    }

    @Test
    void nonPositiveExponentRejected() {
        assertThatThrownBy(() -> MfdAccumulation.compute(plane(3, 3), 0, null)).isInstanceOf(CgisException.class);
    }
}
