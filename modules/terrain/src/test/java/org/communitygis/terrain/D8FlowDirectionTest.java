package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.communitygis.core.CgisException;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;

class D8FlowDirectionTest {
    private static final double NAN = Double.NaN;

    private static D8FlowDirection plain(Raster dem) {
        return D8FlowDirection.compute(dem, false, true, Progress.NONE);
    }

    @Test
    void steepestNeighbourWins() {
        D8FlowDirection d = plain(TestGrids.raster(1, 1, new double[][] {
            {9, 9, 9},
            {9, 5, 9},
            {9, 9, 3}}));
        assertThat(d.code(1, 1)).isEqualTo(2);
    }

    @Test
    void diagonalUsesRootTwo() {
        // A 0.9 m drop over 1 m beats the larger 1.2 m drop over √2 m (0.85 per m).
        D8FlowDirection d = plain(TestGrids.raster(1, 1, new double[][] {
            {9, 9, 9},
            {9, 5, 4.1},
            {9, 9, 3.8}}));
        assertThat(d.code(1, 1)).isEqualTo(1);
    }

    @Test
    void nonSquareCellsChangeChoice() {
        // Cells 1 m wide and 10 m tall: a 2 m drop east beats a 5 m drop south.
        D8FlowDirection d = plain(TestGrids.raster(1, 10, new double[][] {
            {9, 9, 9},
            {9, 5, 3},
            {9, 0, 9}}));
        assertThat(d.code(1, 1)).isEqualTo(1);
    }

    @Test
    void edgeCellWithoutLowerFlowsOut() {
        D8FlowDirection d = plain(TestGrids.raster(1, 1, new double[][] {
            {1, 2, 3},
            {2, 3, 4},
            {3, 4, 5}}));
        assertThat(d.code(0, 0)).isEqualTo(16);
        assertThat(d.code(1, 0)).isEqualTo(16);
        assertThat(d.downstream(0)).isEqualTo(-1);
    }

    @Test
    void cornerPrefersCardinalOutlet() {
        D8FlowDirection d = plain(TestGrids.raster(1, 1, new double[][] {
            {1, 1},
            {1, 1}}));
        assertThat(d.code(0, 0)).isEqualTo(16);
        assertThat(d.code(1, 0)).isEqualTo(1);
        assertThat(d.code(0, 1)).isEqualTo(4);
        assertThat(d.code(1, 1)).isEqualTo(1);
    }

    @Test
    void noDataNeverTarget() {
        D8FlowDirection d = plain(TestGrids.raster(1, 1, new double[][] {
            {9, 9, 9, 9},
            {9, 5, NAN, 9},
            {9, 9, 9, 9},
            {9, 9, 9, 9}}));
        assertThat(d.code(1, 1)).isEqualTo(1);
        assertThat(d.downstream(d.grid().index(1, 1))).isEqualTo(-1);
        assertThat(d.code(2, 1)).isEqualTo(-1);
        assertThat(d.raster().get(2, 1)).isNaN();
    }

    @Test
    void noDataWallLeavesPit() {
        D8FlowDirection d = D8FlowDirection.compute(TestGrids.raster(1, 1, new double[][] {
            {9, 9, 9, 9},
            {9, 5, NAN, 9},
            {9, 9, 9, 9},
            {9, 9, 9, 9}}), false, false, Progress.NONE);
        assertThat(d.code(1, 1)).isZero();
    }

    @Test
    void grassCodes() {
        int[] esri = {1, 2, 4, 8, 16, 32, 64, 128};
        int[] grass = {8, 7, 6, 5, 4, 3, 2, 1};
        for (int i = 0; i < esri.length; i++) {
            assertThat(D8FlowDirection.toGrassCode(esri[i], false)).as("ESRI %d", esri[i]).isEqualTo(grass[i]);
        }
        assertThat(D8FlowDirection.toGrassCode(64, true)).isEqualTo(-2);
    }

    @Test
    void tauDemCodes() {
        int[] esri = {1, 2, 4, 8, 16, 32, 64, 128};
        int[] tauDem = {1, 8, 7, 6, 5, 4, 3, 2};
        for (int i = 0; i < esri.length; i++) {
            assertThat(D8FlowDirection.toTauDemCode(esri[i])).as("ESRI %d", esri[i]).isEqualTo(tauDem[i]);
        }
    }

    @Test
    void grassRasterMarksLeavingFlow() {
        D8FlowDirection d = plain(TestGrids.raster(1, 1, new double[][] {
            {1, 2, 3},
            {2, 3, 4},
            {3, 4, 5}}));
        Raster grass = d.toGrassRaster();
        assertThat(grass.get(0, 0)).isEqualTo(-4f);
        assertThat(grass.get(1, 0)).isEqualTo(4f);
    }

    @Test
    void invalidCodeRejected() {
        Raster codes = new Raster(new GridGeometry(2, 1, 0, 1, 1, 1, null), new float[] {1, 3}, 255f, "");
        assertThatThrownBy(() -> D8FlowDirection.fromRaster(codes)).isInstanceOf(CgisException.class)
                .hasMessageContaining("column 1");
    }

    @Test
    void code128RoundTrips() {
        Raster codes = new Raster(new GridGeometry(2, 2, 0, 2, 1, 1, null), new float[] {0, 0, 128, 0}, 255f, "");
        D8FlowDirection d = D8FlowDirection.fromRaster(codes);
        assertThat(d.code(0, 1)).isEqualTo(128);
        assertThat(d.raster().get(0, 1)).isEqualTo(128f);
        assertThat(d.downstream(2)).isEqualTo(1);
    }
}
