package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;

/** Hand-made grids for the failure kinds that hydrology tools are known to get wrong. */
class HardCasesTest {

    /** Builds a V-shaped valley of cols × rows 1 m cells that drains south along its middle column. */
    private static Raster valley(int cols, int rows) {
        float[] z = new float[cols * rows];
        int middle = cols / 2;
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                z[row * cols + col] = (float) (100 + Math.abs(col - middle) * 0.5 + (rows - row) * 0.01);
            }
        }
        return new Raster(new GridGeometry(cols, rows, 0, rows, 1, 1, "EPSG:32648"), z, -9999f, "m");
    }

    @Test
    void accumulationBeyond65535Cells() {
        Raster dem = valley(301, 301);
        D8FlowDirection directions = D8FlowDirection.compute(dem);
        FlowAccumulation acc = FlowAccumulation.compute(directions);
        // Every cell drains to the valley's outlet on the south edge: 90,601 cells, more than 16 bits hold.
        assertThat(acc.cells(dem.grid().index(150, 300))).isEqualTo(301.0 * 301);
        assertThat(acc.raster().get(150, 300)).isEqualTo(90_601f);
    }

    @Test
    void weightsAndAreaAccumulate() {
        Raster dem = valley(5, 4);
        D8FlowDirection directions = D8FlowDirection.compute(dem);
        float[] weights = new float[20];
        Arrays.fill(weights, 0.5f);
        weights[0] = Float.NaN;
        FlowAccumulation acc = FlowAccumulation.compute(directions, new Raster(dem.grid(), weights, -1f, ""),
                Progress.NONE, new Diagnostics());
        int outlet = dem.grid().index(2, 3);
        // 19 cells of weight 0.5 and one NaN weight, which counts 0; 1 m² cells.
        assertThat(acc.cells(outlet)).isEqualTo(9.5);
        assertThat(acc.areaM2(outlet)).isEqualTo(9.5);
        assertThat(acc.raster(false).get(2, 3)).isEqualTo(9.0f);
    }

    @Test
    void selfCountConventions() {
        FlowAccumulation acc = FlowAccumulation.compute(D8FlowDirection.compute(valley(5, 4)));
        assertThat(acc.raster(true).get(0, 0)).isEqualTo(1f);
        assertThat(acc.raster(false).get(0, 0)).isEqualTo(0f);
        assertThat(acc.raster(false).get(2, 3)).isEqualTo(19f);
    }

    @Test
    void weightGridMismatchRejected() {
        D8FlowDirection directions = D8FlowDirection.compute(valley(5, 4));
        Raster weights = Raster.empty(new GridGeometry(4, 4, 0, 4, 1, 1, "EPSG:32648"), -1f, "");
        assertThatThrownBy(() -> FlowAccumulation.compute(directions, weights, Progress.NONE, new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("4");
    }

    @Test
    void integerDemWideFlatDrains() {
        // A 200 × 60 plateau at 120 m (whole metres, as in int16 DEMs), higher ground on three sides and
        // one outlet cell in the middle of the south side.
        int cols = 202;
        int rows = 62;
        float[] z = new float[cols * rows];
        Arrays.fill(z, 130f);
        for (int row = 1; row < rows - 1; row++) {
            for (int col = 1; col < cols - 1; col++) {
                z[row * cols + col] = 120f;
            }
        }
        z[(rows - 1) * cols + 101] = 119f;
        Raster dem = new Raster(new GridGeometry(cols, rows, 0, rows * 30.0, 30, 30, "EPSG:32648"), z, -9999f, "m");
        D8FlowDirection directions = D8FlowDirection.compute(dem);
        assertThat(directions.undrainedCells()).isZero();
        FlowAccumulation acc = FlowAccumulation.compute(directions);
        // The walls drain into the plateau, so the outlet collects every cell of the grid.
        assertThat(acc.cells(dem.grid().index(101, rows - 1))).isEqualTo(cols * rows);
        // Next to the north wall, flow leaves the wall (south, south-east or south-west).
        int code = directions.code(50, 1);
        assertThat(code).isIn(2, 4, 8);
    }

    @Test
    void epsilonFillAcross5000Cells() {
        // A trough 5,000 cells long at 1,000 m that drains only through its west end: the float32
        // epsilon steps (6.1·10⁻⁵ m each at 1,000 m) must climb 4,998 times without reaching the rim.
        int cols = 5000;
        int rows = 5;
        float[] z = new float[cols * rows];
        Arrays.fill(z, 1002f);
        for (int col = 1; col < cols - 1; col++) {
            z[cols + col] = 1001f;
            z[2 * cols + col] = 1000f;
            z[3 * cols + col] = 1001f;
        }
        z[2 * cols] = 999f;
        Raster dem = new Raster(new GridGeometry(cols, rows, 0, rows * 10.0, 10, 10, "EPSG:32648"), z, -9999f, "m");
        Raster filled = new PriorityFloodFill().epsilon(true).fill(dem);
        D8FlowDirection directions = D8FlowDirection.compute(filled, false, true, Progress.NONE);
        assertThat(directions.undrainedCells()).isZero();
        assertThat(directions.code(cols - 2, 2)).isEqualTo(16);
        float lift = filled.get(cols - 2, 2) - 1000f;
        assertThat(lift).isPositive().isLessThan(4998 * Math.ulp(1000f) * 1.01f);
        // Every cell, walls included, leaves through the west end.
        FlowAccumulation acc = FlowAccumulation.compute(directions);
        assertThat(acc.cells(2 * cols)).isEqualTo(cols * rows);
    }

    @Test
    void degreeDemAt60North() {
        // 1″ cells at 60° N on WGS 84: 15.500 m wide (N·cos φ·Δλ) and 30.948 m tall (M·Δφ).
        double cell = 1.0 / 3600;
        GridGeometry grid = new GridGeometry(5, 5, 10, 60 + 2.5 * cell, cell, cell, "EPSG:4326");
        CellMetrics metrics = CellMetrics.of(grid);
        assertThat(metrics.dx(2)).isCloseTo(15.500, within(0.001));
        assertThat(metrics.dy(2)).isCloseTo(30.948, within(0.001));

        // The same 1 m drop east and north: east is steeper because its cell is half as long.
        float[] z = new float[25];
        Arrays.fill(z, 10f);
        z[2 * 5 + 3] = 9f;
        z[5 + 2] = 9f;
        D8FlowDirection directions = D8FlowDirection.compute(new Raster(grid, z, -9999f, "m"));
        assertThat(directions.code(2, 2)).isEqualTo(1);

        // A plane rising 1 m per column: Horn slope atan(1 / 15.5 m) = 3.69°.
        float[] plane = new float[25];
        for (int i = 0; i < 25; i++) {
            plane[i] = i % 5;
        }
        Raster slope = HornSlope.compute(new Raster(grid, plane, -9999f, "m")).degrees();
        assertThat((double) slope.get(2, 2)).isCloseTo(Math.toDegrees(Math.atan(1 / metrics.dx(2))), within(1e-4));
    }

    @Test
    void wrongNoDataTagRejected() {
        // Float32 NoData written as −3.4·10³⁸ while the file's NoData tag is 0, so the cells arrive as elevations.
        float[] z = new float[16];
        Arrays.fill(z, 500f);
        z[5] = -3.4028235e38f;
        Raster dem = new Raster(new GridGeometry(4, 4, 0, 4, 1, 1, "EPSG:32648"), z, 0f, "m");
        assertThatThrownBy(() -> DrainageAnalysis.run(dem, DrainageOptions.defaults(), Progress.NONE, new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("NoData").hasMessageContaining("row 1");
    }

    @Test
    void singleColumnRejected() {
        Raster dem = new Raster(new GridGeometry(1, 6, 0, 6, 1, 1, "EPSG:32648"), new float[6], -9999f, "m");
        assertThatThrownBy(() -> DrainageAnalysis.run(dem, DrainageOptions.defaults(), Progress.NONE, new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("2 columns × 2 rows");
    }

    @Test
    void pitNextToNoDataOption() {
        double nan = Double.NaN;
        Raster dem = TestGrids.raster(1, 1, new double[][] {
            {9, 9, 9, 9, 9},
            {9, 5, 5, 5, 9},
            {9, 5, 1, nan, 9},
            {9, 5, 5, 5, 9},
            {9, 9, 9, 9, 9},
        });
        // As an outlet, the pit drains into the NoData hole and is not filled.
        Raster asOutlet = new PriorityFloodFill().noDataIsOutlet(true).fill(dem);
        assertThat(asOutlet.get(2, 2)).isEqualTo(1f);
        assertThat(D8FlowDirection.compute(asOutlet, true, true, Progress.NONE).code(2, 2)).isEqualTo(1);
        // As a wall, the pit and its ring fill to the spill height of 9 m.
        Raster asWall = new PriorityFloodFill().noDataIsOutlet(false).fill(dem);
        assertThat(asWall.get(2, 2)).isEqualTo(9f);
        D8FlowDirection walled = D8FlowDirection.compute(asWall, true, false, Progress.NONE);
        assertThat(walled.undrainedCells()).isZero();
        assertThat(walled.downstream(dem.grid().index(2, 2))).isNotEqualTo(dem.grid().index(3, 2));
    }
}
