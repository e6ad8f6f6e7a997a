package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DInfinityTest {

    /** Builds a plane falling towards the direction {@code degrees} (counter-clockwise from east) by 0.1 m/m. */
    private static Raster plane(int cols, int rows, double dx, double dy, double degrees) {
        double a = Math.toRadians(degrees);
        float[] z = new float[cols * rows];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                double x = col * dx;
                double y = -row * dy;
                z[row * cols + col] = (float) (1000 - 0.1 * (x * Math.cos(a) + y * Math.sin(a)));
            }
        }
        return new Raster(new GridGeometry(cols, rows, 0, rows * dy, dx, dy, "EPSG:32648"), z, -9999f, "m");
    }

    @ParameterizedTest
    @CsvSource({"0", "10", "30", "45", "60", "100", "135", "200", "250", "315", "350"})
    void planeAnglesOnSquareCells(double degrees) {
        DInfinity dinf = DInfinity.compute(plane(9, 9, 10, 10, degrees));
        assertThat((double) dinf.angle(4 * 9 + 4)).isCloseTo(Math.toRadians(degrees), within(1e-4));
    }

    @ParameterizedTest
    @CsvSource({"20", "80", "160", "290"})
    void planeAnglesOnNonSquareCells(double degrees) {
        // 30 m wide, 10 m tall: the diagonal lies at 18.4°, so facet boundaries are not at multiples of 45°.
        DInfinity dinf = DInfinity.compute(plane(9, 9, 30, 10, degrees));
        assertThat((double) dinf.angle(4 * 9 + 4)).isCloseTo(Math.toRadians(degrees), within(1e-4));
    }

    @Test
    void angleSplitsBetweenEnclosingNeighbours() {
        int[] k = new int[2];
        double[] share = new double[2];
        assertThat(DInfinity.receivers((float) Math.toRadians(30), 10, 10, k, share)).isTrue();
        // 30° lies between E (0°) and NE (45°): 1/3 to E, 2/3 to NE (Tarboton 1997, eq. 5).
        assertThat(k).containsExactly(0, 7);
        assertThat(share[0]).isCloseTo(1 / 3.0, within(1e-6));
        assertThat(share[1]).isCloseTo(2 / 3.0, within(1e-6));
        assertThat(DInfinity.receivers((float) Math.toRadians(200), 10, 10, k, share)).isTrue();
        assertThat(k).containsExactly(4, 3);
        assertThat(share[1]).isCloseTo(20 / 45.0, within(1e-6));
        assertThat(DInfinity.receivers(DInfinity.NO_DIRECTION, 10, 10, k, share)).isFalse();
        assertThat(DInfinity.receivers(Float.NaN, 10, 10, k, share)).isFalse();
    }

    @Test
    void diagonalPlaneAccumulatesLikeD8() {
        // Falling to the south-east at 315°: all flow goes to the SE neighbour.
        DInfinity dinf = DInfinity.compute(plane(6, 6, 10, 10, 315));
        DInfinityAccumulation acc = DInfinityAccumulation.compute(dinf);
        // Cell (k, k) collects the diagonal above it: k + 1 cells. Float32 elevations near 1,000 m are
        // rounded to 6·10⁻⁵ m, which turns the angle by up to 10⁻⁵ rad and leaks a share of that order.
        for (int k = 0; k < 5; k++) {
            assertThat(acc.cells(k * 6 + k)).isCloseTo(k + 1, within(1e-3));
        }
        // Cells on the south and east edges have no facet towards the south-east, so they drain along the
        // edge, and the corner cell collects the whole grid.
        assertThat(acc.cells(5 * 6 + 5)).isCloseTo(36, within(1e-3));
        assertThat(acc.areaM2(5 * 6 + 5)).isCloseTo(3600, within(0.1));
    }

    @Test
    void accumulationConservesMassOnVolcano() {
        Raster filled = new PriorityFloodFill().fill(TestGrids.volcano());
        D8FlowDirection d8 = D8FlowDirection.compute(filled, true, true, Progress.NONE);
        DInfinity dinf = DInfinity.compute(filled, d8);
        DInfinityAccumulation acc = DInfinityAccumulation.compute(dinf);
        GridGeometry grid = dinf.grid();
        int cols = grid.cols();
        int[] k = new int[2];
        double[] share = new double[2];
        double leaving = 0;
        long valid = 0;
        for (int c = 0; c < grid.size(); c++) {
            if (Float.isNaN(dinf.angle(c))) {
                continue;
            }
            valid++;
            if (!DInfinity.receivers(dinf.angle(c), grid.cellWidth(), grid.cellHeight(), k, share)) {
                leaving += acc.cells(c);
                continue;
            }
            for (int j = 0; j < 2; j++) {
                if (!grid.contains(c % cols + D8.DCOL[k[j]], c / cols + D8.DROW[k[j]])) {
                    leaving += acc.cells(c) * share[j];
                }
            }
        }
        assertThat(leaving).isCloseTo(valid, within(1e-6 * valid));
        // Every cell counts itself and nothing is lost on the way, so no sum is below 1 and the outlets
        // together carry the whole grid.
        for (int c = 0; c < grid.size(); c++) {
            assertThat(acc.cells(c)).isGreaterThanOrEqualTo(1.0 - 1e-9);
        }
        // D∞ spreads flow, but the largest sum stays of the order of D8's.
        double d8Max = FlowAccumulation.compute(d8).max();
        double dinfMax = 0;
        for (double v : acc.values()) {
            dinfMax = Math.max(dinfMax, v);
        }
        assertThat(dinfMax).isBetween(0.5 * d8Max, 1.5 * d8Max);
    }

    @Test
    void rasterDeclaresNoDataAndRadians() {
        float[] z = {5, 4, 3, Float.NaN, 4, 3, 2, 2, 3, 2, 1, 1};
        Raster dem = new Raster(new GridGeometry(4, 3, 0, 30, 10, 10, "EPSG:32648"), z, -9999f, "m");
        DInfinity dinf = DInfinity.compute(new PriorityFloodFill().fill(dem));
        Raster raster = dinf.raster();
        assertThat(raster.noDataValue()).isEqualTo(DInfinity.NO_DATA);
        assertThat(raster.unit()).isEqualTo("radian");
        assertThat(raster.get(3, 0)).isNaN();
        for (float angle : raster.data()) {
            assertThat(Float.isNaN(angle) || (angle >= 0 && angle < 2 * Math.PI)).isTrue();
        }
    }
}
