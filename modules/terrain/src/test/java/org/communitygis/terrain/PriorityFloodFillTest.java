package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.Test;

class PriorityFloodFillTest {
    private static final double NAN = Double.NaN;

    @Test
    void volcanoRaiseStatistics() {
        Raster dem = TestGrids.volcano();
        Raster filled = new PriorityFloodFill().fill(dem);
        int raised = 0;
        double maxRaise = 0;
        double totalRaise = 0;
        for (int i = 0; i < dem.data().length; i++) {
            double raise = filled.data()[i] - dem.data()[i];
            if (raise > 0) {
                raised++;
                maxRaise = Math.max(maxRaise, raise);
                totalRaise += raise;
            }
        }
        assertThat(raised).isEqualTo(103);
        assertThat(maxRaise).isEqualTo(20.0);
        assertThat(totalRaise).isEqualTo(887.0);
    }

    @Test
    void volcanoMatchesOracle() throws IOException {
        Raster filled = new PriorityFloodFill().fill(TestGrids.volcano());
        double[][] oracle = TestGrids.readTable(SharedData.file("real/dem/oracles/volcano_priorityflood_d8_filled.txt"));
        assertThat(oracle.length).isEqualTo(filled.grid().rows());
        int mismatches = 0;
        for (int row = 0; row < oracle.length; row++) {
            assertThat(oracle[row].length).isEqualTo(filled.grid().cols());
            for (int col = 0; col < oracle[row].length; col++) {
                if (filled.get(col, row) != oracle[row][col]) {
                    mismatches++;
                }
            }
        }
        assertThat(mismatches).isZero();
    }

    @Test
    void inputUnchanged() {
        Raster dem = TestGrids.volcano();
        float[] before = dem.data().clone();
        new PriorityFloodFill().fill(dem);
        assertThat(dem.data()).isEqualTo(before);
    }

    @Test
    void epsilonResultDrains() {
        Raster dem = TestGrids.volcano();
        Raster filled = new PriorityFloodFill().epsilon(true).fill(dem);
        D8FlowDirection directions = D8FlowDirection.compute(filled, false, true, org.communitygis.core.progress.Progress.NONE);
        assertThat(directions.undrainedCells()).isZero();
        int cycles = 0;
        for (int i = 0; i < filled.data().length; i++) {
            if (TestGrids.stepsToExit(directions, i) < 0) {
                cycles++;
            }
        }
        assertThat(cycles).isZero();
    }

    @Test
    void epsilonRaisesAboveSpill() {
        Raster dem = TestGrids.raster(1, 1, new double[][] {
            {9, 9, 9, 9, 9},
            {9, 5, 5, 5, 9},
            {9, 5, 1, 5, 9},
            {9, 5, 5, 5, 9},
            {9, 9, 7, 9, 9}});
        Raster filled = new PriorityFloodFill().epsilon(true).fill(dem);
        assertThat(filled.get(2, 3)).isEqualTo(Math.nextUp(7f));
        assertThat(filled.get(2, 2)).isGreaterThan(filled.get(2, 3));
        assertThat(filled.get(1, 1)).isGreaterThan(filled.get(2, 3));
    }

    @Test
    void noDataOutletKeepsPit() {
        Raster dem = TestGrids.raster(1, 1, new double[][] {
            {9, 9, 9, 9, 9},
            {9, 8, 8, 8, 9},
            {9, 8, 1, NAN, 9},
            {9, 8, 8, 8, 9},
            {9, 9, 9, 9, 9}});
        Raster filled = new PriorityFloodFill().fill(dem);
        assertThat(filled.get(2, 2)).isEqualTo(1f);
        assertThat(filled.get(3, 2)).isNaN();
    }

    @Test
    void noDataWallFillsPit() {
        Raster dem = TestGrids.raster(1, 1, new double[][] {
            {9, 9, 9, 9, 9},
            {9, 8, 8, 8, 9},
            {9, 8, 1, NAN, 9},
            {9, 8, 8, 8, 9},
            {9, 9, 9, 9, 9}});
        Raster filled = new PriorityFloodFill().noDataIsOutlet(false).fill(dem);
        // The hole is a wall, so the whole basin fills to the 9 m rim.
        assertThat(filled.get(2, 2)).isEqualTo(9f);
    }

    @Test
    void enclosedRegionDrainsToLowest() {
        Raster dem = TestGrids.raster(1, 1, new double[][] {
            {NAN, NAN, NAN, NAN, NAN, NAN},
            {NAN, 6, 6, 6, 6, NAN},
            {NAN, 6, 2, 3, 4, NAN},
            {NAN, 6, 6, 6, 6, NAN},
            {NAN, NAN, NAN, NAN, NAN, NAN}});
        Raster filled = new PriorityFloodFill().noDataIsOutlet(false).fill(dem);
        assertThat(filled.get(2, 2)).isEqualTo(2f);
        assertThat(filled.get(3, 2)).isEqualTo(3f);
    }
}
