package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.Test;

class HornSlopeTest {
    @Test
    void volcanoMatchesGrass() throws IOException {
        HornSlope slope = HornSlope.compute(TestGrids.volcano());
        double[][] oracle = TestGrids.readTiff(SharedData.file("real/dem/oracles/volcano_grass_vslope.tif"));
        int compared = 0;
        double worst = 0;
        for (int row = 0; row < oracle.length; row++) {
            for (int col = 0; col < oracle[row].length; col++) {
                double expected = oracle[row][col];
                if (Double.isNaN(expected)) {
                    continue;
                }
                compared++;
                worst = Math.max(worst, Math.abs(slope.degrees().get(col, row) - expected));
            }
        }
        assertThat(compared).isEqualTo(87 * 61);
        assertThat(worst).isLessThan(0.001);
    }

    @Test
    void planeDegreesAndPercent() {
        // z = 0.1·x east, 10 m cells: 10 % rise, atan(0.1) = 5.7106°.
        double[][] rows = new double[4][5];
        for (int row = 0; row < 4; row++) {
            for (int col = 0; col < 5; col++) {
                rows[row][col] = col;
            }
        }
        HornSlope slope = HornSlope.compute(TestGrids.raster(10, 10, rows));
        assertThat((double) slope.percent().get(2, 1)).isCloseTo(10.0, within(1e-4));
        assertThat((double) slope.degrees().get(2, 1)).isCloseTo(5.7106, within(1e-4));
        assertThat(slope.degrees().unit()).isEqualTo("degree");
    }

    @Test
    void edgesLeftNaNWhenAsked() {
        HornSlope slope = HornSlope.compute(TestGrids.volcano(), false);
        assertThat(slope.degrees().get(0, 0)).isNaN();
        assertThat(slope.degrees().get(1, 1)).isNotNaN();
    }

    @Test
    void geographicUsesMetres() {
        // 1″ cells at 30° N: 26.8 m wide, 30.8 m tall. A rise of 1 m per column eastwards is 3.73 % there.
        double cell = 1.0 / 3600;
        int cols = 5;
        int rows = 5;
        float[] data = new float[cols * rows];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % cols;
        }
        GridGeometry grid = new GridGeometry(cols, rows, 104.0, 30.0 + rows * cell / 2, cell, cell, "EPSG:4326");
        HornSlope slope = HornSlope.compute(new Raster(grid, data, -9999f, "m"));
        double dx = CellMetrics.of(grid).dx(2);
        assertThat(dx).isCloseTo(26.8, within(0.1));
        assertThat((double) slope.percent().get(2, 2)).isCloseTo(100 / dx, within(1e-3));
    }
}
