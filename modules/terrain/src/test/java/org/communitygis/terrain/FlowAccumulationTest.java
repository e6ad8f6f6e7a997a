package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowAccumulationTest {
    private static D8FlowDirection pysheds;

    @BeforeAll
    static void readPysheds() {
        Raster codes = AsciiGridReader.read(SharedData.file("real/dem/pysheds_dir.asc.gz"), "EPSG:4326");
        pysheds = D8FlowDirection.fromRaster(codes);
    }

    /** pysheds' test point, which is the north-west corner of cell (229, 101) up to 5·10⁻⁹ cell. */
    private static final double PYSHEDS_X = -97.29416666666677;
    private static final double PYSHEDS_Y = 32.73749999999989;

    /** Returns (col, row) of the test point snapped like pysheds' {@code nearest_cell(snap='corner')}: rounded. */
    private static int[] snapToCorner() {
        GridGeometry grid = pysheds.grid();
        int col = (int) Math.round((PYSHEDS_X - grid.originX()) / grid.cellWidth());
        int row = (int) Math.round((grid.originY() - PYSHEDS_Y) / grid.cellHeight());
        return new int[] {col, row};
    }

    /** Returns (col, row) of the cell that contains the test point (pysheds' {@code snap='center'}): truncated. */
    private static int[] containingCell() {
        GridGeometry grid = pysheds.grid();
        int col = (int) Math.floor((PYSHEDS_X - grid.originX()) / grid.cellWidth());
        int row = (int) Math.floor((grid.originY() - PYSHEDS_Y) / grid.cellHeight());
        return new int[] {col, row};
    }

    @Test
    void pyshedsMaximumPhysical() {
        FlowAccumulation acc = FlowAccumulation.compute(pysheds);
        assertThat(acc.max()).isEqualTo(77_260.0);
        assertThat(acc.cells(pysheds.grid().index(366, 39))).isEqualTo(77_260.0);
    }

    /**
     * pysheds 0.3's flat-index D8 routing sends the north-east corner cell, whose code E points off the
     * grid, to the first cell of row 1: at a corner only its top-edge table applies, and that table keeps
     * the E offset +1. That west-edge cell drains to the maximum at (366, 39), so pysheds' maximum has
     * one cell more than the grid's directions give. Adding the corner cell's unit at (0, 1) as a weight
     * reproduces pysheds' 77,261.
     */
    @Test
    void pyshedsMaximumWithCornerWrap() {
        GridGeometry grid = pysheds.grid();
        assertThat(pysheds.code(366, 0)).isEqualTo(1);
        assertThat(TestGrids.exitCell(pysheds, grid.index(0, 1))).isEqualTo(grid.index(366, 39));

        float[] weights = new float[grid.size()];
        java.util.Arrays.fill(weights, 1f);
        weights[grid.index(0, 1)] = 2f;
        FlowAccumulation wrapped = FlowAccumulation.compute(pysheds, new Raster(grid, weights, -1f, ""),
                Progress.NONE, new Diagnostics());
        assertThat(wrapped.max()).isEqualTo(77_261.0);
    }

    @Test
    void pyshedsPointSnapsToCorner() {
        assertThat(snapToCorner()).containsExactly(229, 101);
        // The published "column 228, row 100" is the cell that contains the point in floating point,
        // 4.7·10⁻⁹ cell inside its south-east corner.
        assertThat(containingCell()).containsExactly(228, 100);
    }

    @Test
    void pyshedsCatchment() {
        int[] outlet = snapToCorner();
        Catchment catchment = Catchment.upstreamOf(pysheds, outlet[0], outlet[1]);
        assertThat(catchment.cellCount()).isEqualTo(11_422);
    }

    @Test
    void pyshedsContainingCellCatchment() {
        // (229, 101) drains north-west into (228, 100), whose catchment has 8 cells more.
        GridGeometry grid = pysheds.grid();
        assertThat(pysheds.downstream(grid.index(229, 101))).isEqualTo(grid.index(228, 100));
        assertThat(Catchment.upstreamOf(pysheds, 228, 100).cellCount()).isEqualTo(11_430);
    }

    @Test
    void pourPointSnapsWithinRadius() {
        FlowAccumulation acc = FlowAccumulation.compute(pysheds);
        // Cells there are 78.1 m wide and 92.4 m tall, so diagonal neighbours lie 121 m away.
        assertThat(Catchment.snapPourPoint(acc, 229, 101, 0)).containsExactly(229, 101);
        assertThat(Catchment.snapPourPoint(acc, 229, 101, 100)).containsExactly(229, 101);
        assertThat(Catchment.snapPourPoint(acc, 229, 101, 125)).containsExactly(228, 100);
        assertThat(Catchment.snapPourPoint(acc, 229, 101, 250)).containsExactly(227, 99);
    }

    @Test
    void catchmentEqualsAccumulation() {
        FlowAccumulation acc = FlowAccumulation.compute(pysheds);
        int[] outlet = snapToCorner();
        assertThat(acc.cells(pysheds.grid().index(outlet[0], outlet[1]))).isEqualTo(11_422.0);
    }

    @Test
    void catchmentFromRaster() {
        Raster codes = AsciiGridReader.read(SharedData.file("real/dem/pysheds_dir.asc.gz"), "EPSG:4326");
        assertThat(Catchment.upstreamOf(codes, 229, 101).contains(229, 101)).isTrue();
    }

    @Test
    void rasterKeepsCounts() {
        FlowAccumulation acc = FlowAccumulation.compute(pysheds);
        Raster raster = acc.raster();
        assertThat(raster.get(229, 101)).isEqualTo(11_422f);
        assertThat(raster.unit()).isEqualTo("cells");
    }

    @Test
    void geographicAreaAccumulates() {
        FlowAccumulation acc = FlowAccumulation.compute(pysheds);
        int outlet = pysheds.grid().index(229, 101);
        // 3″ cells near 32.7° N are about 78 m × 92.4 m.
        double meanCellM2 = acc.areaM2(outlet) / acc.cells(outlet);
        assertThat(meanCellM2).isBetween(7_100.0, 7_300.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"test_east", "testdem1", "testdem10"})
    void richDemCases(String name) throws IOException {
        Path d8 = SharedData.file("real/dem/richdem/flow_accum/" + name + ".d8");
        Raster richCodes = AsciiGridReader.read(d8, null);
        float[] esri = new float[richCodes.data().length];
        for (int i = 0; i < esri.length; i++) {
            esri[i] = TestGrids.richDemToEsri((int) richCodes.data()[i]);
        }
        D8FlowDirection directions = D8FlowDirection.fromRaster(new Raster(richCodes.grid(), esri, 255f, ""));
        FlowAccumulation acc = FlowAccumulation.compute(directions);

        Raster expected = AsciiGridReader.read(SharedData.file("real/dem/richdem/flow_accum/" + name + ".out"), null);
        int mismatches = 0;
        for (int i = 0; i < esri.length; i++) {
            if (acc.cells(i) != expected.data()[i]) {
                mismatches++;
            }
        }
        assertThat(mismatches).isZero();
    }

    @Test
    void cycleWarnedAndNaN() {
        // Two cells pointing at each other (E then W), and a third draining into them.
        Raster codes = new Raster(new GridGeometry(3, 1, 0, 1, 1, 1, null), new float[] {1, 16, 16}, 255f, "");
        Diagnostics diagnostics = new Diagnostics();
        FlowAccumulation acc = FlowAccumulation.compute(D8FlowDirection.fromRaster(codes), Progress.NONE, diagnostics);
        assertThat(acc.cycleCells()).isEqualTo(2);
        assertThat(acc.cells(0)).isNaN();
        assertThat(acc.cells(2)).isEqualTo(1.0);
        assertThat(diagnostics.count("flowacc.cycle")).isEqualTo(1);
    }

    @Test
    void noDataStaysNaN() {
        Raster codes = new Raster(new GridGeometry(3, 1, 0, 1, 1, 1, null), new float[] {1, Float.NaN, 16}, 255f, "");
        FlowAccumulation acc = FlowAccumulation.compute(D8FlowDirection.fromRaster(codes));
        assertThat(acc.cells(1)).isNaN();
        assertThat(acc.cells(0)).isEqualTo(1.0);
        assertThat(acc.raster().get(1, 0)).isNaN();
    }
}
