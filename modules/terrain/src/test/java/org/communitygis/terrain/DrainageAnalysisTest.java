package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;

class DrainageAnalysisTest {
    @Test
    void volcanoOutputs() {
        DrainageResult result = DrainageAnalysis.run(TestGrids.volcano(), DrainageOptions.defaults(), Progress.NONE,
                new Diagnostics());
        assertThat(result.filled().get(40, 30)).isGreaterThanOrEqualTo(TestGrids.volcano().get(40, 30));
        assertThat(result.flowAcc().minMax()[0]).isEqualTo(1.0);
        assertThat(result.directions().undrainedCells()).isZero();
        assertThat(result.streams().name()).isEqualTo("streams");
        assertThat(result.slopePct().unit()).isEqualTo("%");
    }

    @Test
    void everyCellReachesEdge() {
        DrainageResult result = DrainageAnalysis.run(TestGrids.volcano(), DrainageOptions.defaults(), Progress.NONE,
                new Diagnostics());
        double total = 0;
        D8FlowDirection directions = result.directions();
        for (int i = 0; i < directions.codes().length; i++) {
            if (directions.downstream(i) < 0) {
                total += result.accumulation().cells(i);
            }
        }
        assertThat(total).isEqualTo(87.0 * 61);
    }

    @Test
    void progressStepsReported() {
        List<String> steps = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void begin(String step, long total) {
                steps.add(step);
            }

            @Override
            public void worked(long done) {
            }

            @Override
            public void end() {
            }
        };
        DrainageAnalysis.run(TestGrids.volcano(), DrainageOptions.defaults(), progress, new Diagnostics());
        assertThat(steps).hasSize(5);
    }

    @Test
    void allNoDataRejected() {
        Raster dem = Raster.empty(new GridGeometry(4, 4, 0, 4, 1, 1, "EPSG:32648"), -9999f, "m");
        assertThatThrownBy(() -> DrainageAnalysis.run(dem, DrainageOptions.defaults(), Progress.NONE, new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("NoData");
    }

    @Test
    void singleRowRejected() {
        Raster dem = new Raster(new GridGeometry(5, 1, 0, 1, 1, 1, "EPSG:32648"), new float[5], -9999f, "m");
        assertThatThrownBy(() -> DrainageAnalysis.run(dem, DrainageOptions.defaults(), Progress.NONE, new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("2 columns × 2 rows");
    }

    @Test
    void thresholdRaisedForCoarseCells() {
        GridGeometry coarse = new GridGeometry(10, 10, 0, 900, 90, 90, "EPSG:32648");
        StreamThreshold threshold = DrainageAnalysis.streamThreshold(coarse, DrainageOptions.defaults());
        assertThat(threshold.value()).isEqualTo(10 * 8100.0);
    }

    /** Prints timings of each step on a 2,000 × 2,000 synthetic DEM; asserts only that it ran. */
    @Test
    void timingSynthetic2000() {
        Raster dem = TestGrids.synthetic(2000, 2000, 20240601L);
        List<String> lines = new ArrayList<>();
        long[] started = new long[1];
        Progress timer = new Progress() {
            private String current;

            @Override
            public void begin(String step, long total) {
                current = step;
                started[0] = System.nanoTime();
            }

            @Override
            public void worked(long done) {
            }

            @Override
            public void end() {
                lines.add(current + ": " + (System.nanoTime() - started[0]) / 1_000_000 + " ms");
            }
        };
        long begin = System.nanoTime();
        DrainageResult result = DrainageAnalysis.run(dem, DrainageOptions.defaults(), timer, new Diagnostics());
        long total = (System.nanoTime() - begin) / 1_000_000;
        System.out.println("Synthetic 2000x2000 drainage (seed 20240601): " + String.join(", ", lines) + "; total "
                + total + " ms; " + result.streams().size() + " stream segments; max accumulation "
                + (long) result.accumulation().max());
        assertThat(result.streams().size()).isPositive();
    }
}
