package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Grade zones on the real volcano DEM (R's Maunga Whau, 87 × 61 cells of 10 m, placed in EPSG:32760) for
 * east–west roads along a row of cell centres. With 20 m units starting on a cell centre, every unit end
 * is a cell centre, where the bilinear DEM is the cell value. The expected steep units are therefore
 * read straight from the file: |z(col + 2) − z(col)| ≥ 1.6 m, i.e. ≥ 80 ‰ over 20 m.
 */
class VolcanoTest {
    private static final int COLS = 87;
    private static final int ROWS = 61;

    private static float[] readAsciiGrid() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.file("real/dem/volcano_10m.asc"), StandardCharsets.US_ASCII);
        float[] data = new float[COLS * ROWS];
        int index = 0;
        for (String line : lines.subList(6, lines.size())) {
            for (String token : line.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    data[index++] = Float.parseFloat(token);
                }
            }
        }
        assertThat(index).isEqualTo(COLS * ROWS);
        return data;
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 30, 50})
    void gradeZonesMatchRawCells(int row) throws IOException {
        float[] cells = readAsciiGrid();
        GridGeometry grid = new GridGeometry(COLS, ROWS, 0, ROWS * 10.0, 10, 10, "EPSG:32760");
        Raster dem = new Raster(grid, cells, -9999f, "m");
        double y = grid.centerY(row);
        FeatureLayer roads = new FeatureLayer("roads", GeometryKind.LINESTRING, "EPSG:32760",
                Fixtures.roads().fields());
        roads.add(Fixtures.road(1, Fixtures.line(grid.centerX(0), y, grid.centerX(COLS - 1), y)));
        RoadZoneOptions options = RoadZoneOptions.defaults().withMaxBridgedGapUnits(0).withLowPointDepthM(100);

        FeatureLayer zones = RoadDamageZones.compute(roads, null, dem, options, Progress.NONE, new Diagnostics());

        // Expected: maximal runs of steep units, as [from, to, max grade].
        List<double[]> expected = new ArrayList<>();
        double[] run = null;
        for (int unit = 0; unit < (COLS - 1) / 2; unit++) {
            double rise = cells[row * COLS + 2 * unit + 2] - cells[row * COLS + 2 * unit];
            double grade = Math.abs(rise) / 20 * 1000;
            if (grade >= 80) {
                if (run == null) {
                    run = new double[] {unit * 20, unit * 20 + 20, grade};
                    expected.add(run);
                } else {
                    run[1] = unit * 20 + 20;
                    run[2] = Math.max(run[2], grade);
                }
            } else {
                run = null;
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(zones.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Feature zone = zones.features().get(i);
            assertThat(((Number) zone.get("from_m")).doubleValue()).as("zone %d from", i + 1).isEqualTo(expected.get(i)[0]);
            assertThat(((Number) zone.get("to_m")).doubleValue()).as("zone %d to", i + 1).isEqualTo(expected.get(i)[1]);
            assertThat(((Number) zone.get("max_grade_permille")).doubleValue()).as("zone %d grade", i + 1)
                    .isCloseTo(expected.get(i)[2], within(1e-9));
        }
    }
}
