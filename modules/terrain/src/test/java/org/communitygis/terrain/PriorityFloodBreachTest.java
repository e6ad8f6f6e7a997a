package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;

import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;

class PriorityFloodBreachTest {
    @Test
    void damTrenchedPitKept() {
        // A valley draining west, dammed at column 2 (8 m) above a pit at column 3 (1 m).
        Raster dem = TestGrids.raster(1, 1, new double[][] {
            {20, 20, 20, 20, 20, 20, 20},
            {0, 2, 8, 1, 3, 4, 20},
            {20, 20, 20, 20, 20, 20, 20},
        });
        Raster breached = new PriorityFloodBreach().breach(dem);
        assertThat(breached.get(3, 1)).isEqualTo(1f);
        assertThat(breached.get(2, 1)).isLessThan(1f).isGreaterThan(0.9999f);
        assertThat(breached.get(1, 1)).isLessThan(breached.get(2, 1));
        assertThat(breached.get(0, 1)).isEqualTo(0f);
        assertThat(breached.get(4, 1)).isEqualTo(3f);
        assertThat(dem.get(2, 1)).isEqualTo(8f);
    }

    @Test
    void volcanoDrainsWithoutRaising() {
        Raster dem = TestGrids.volcano();
        Raster breached = new PriorityFloodBreach().breach(dem);
        int lowered = 0;
        int raised = 0;
        for (int i = 0; i < dem.data().length; i++) {
            if (breached.data()[i] < dem.data()[i]) {
                lowered++;
            } else if (breached.data()[i] > dem.data()[i]) {
                raised++;
            }
        }
        assertThat(raised).isZero();
        assertThat(lowered).isPositive();
        D8FlowDirection directions = D8FlowDirection.compute(breached, false, true, Progress.NONE);
        assertThat(directions.undrainedCells()).isZero();
        int stuck = 0;
        for (int i = 0; i < dem.data().length; i++) {
            if (TestGrids.stepsToExit(directions, i) < 0) {
                stuck++;
            }
        }
        assertThat(stuck).isZero();
    }

    @Test
    void drainageAnalysisBreachOption() {
        DrainageOptions options = DrainageOptions.defaults().withBreachDepressions(true);
        DrainageResult result = DrainageAnalysis.run(TestGrids.volcano(), options, Progress.NONE,
                new org.communitygis.core.Diagnostics());
        assertThat(result.directions().undrainedCells()).isZero();
        // The crater is breached, not filled: its floor stays at its original height.
        assertThat(result.filled().get(35, 30)).isLessThanOrEqualTo(TestGrids.volcano().get(35, 30));
        assertThat(options.toParams()).contains("breach_depressions=true");
    }

    @Test
    void noDataWallBreachesToLowest() {
        double nan = Double.NaN;
        Raster dem = TestGrids.raster(1, 1, new double[][] {
            {nan, nan, nan, nan, nan},
            {nan, 5, 6, 5, nan},
            {nan, 6, 2, 6, nan},
            {nan, 5, 6, 5, nan},
            {nan, nan, nan, nan, nan},
        });
        // With NoData as a wall, the enclosed region drains to its lowest cell, which stays unchanged.
        Raster breached = new PriorityFloodBreach().noDataIsOutlet(false).breach(dem);
        assertThat(breached.get(2, 2)).isEqualTo(2f);
        assertThat(breached.get(1, 1)).isEqualTo(5f);
        assertThat(breached.get(0, 0)).isNaN();
    }
}
