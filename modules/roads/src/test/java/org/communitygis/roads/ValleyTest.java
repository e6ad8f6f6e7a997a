package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;

/**
 * A road across a synthetic V-shaped valley whose flow accumulation comes from a plain D8 written here.
 *
 * <p>Valley: 41 × 60 cells of 10 m, x 0–410 m, y 0–600 m, z(x, y) = 100 + 0.03·y + 0.06·|x − 205| m. The
 * axis is column 20 (x = 205 m) and falls 30 ‰ to the south. The sides fall 60 ‰ towards it, below the
 * 80 ‰ steep grade. The steepest D8 neighbour of a side cell is the diagonal towards the axis and
 * downstream: a drop of 0.9 m over 14.1 m beats 0.6 m over 10 m across and 0.3 m over 10 m downstream.
 * So a cell d columns from the axis reaches it d rows further south, and the axis cell in row 29 drains
 * every cell with row + d ≤ 29: rows 0–9 give 41 cells each, rows 10–29 give 1 + 2·(29 − row), 810 cells
 * = 8.1 ha in all. The road runs along row 29 (y = 305 m) from x = 5 m to 405 m, so it crosses the axis at
 * chainage 200 m, the lowest point of its profile.
 */
class ValleyTest {
    private static final GridGeometry GRID = Fixtures.grid(41, 60, 10, 0);

    private static double valley(double x, double y) {
        return 100 + 0.03 * y + 0.06 * Math.abs(x - 205);
    }

    /**
     * Computes D8 flow accumulation after O'Callaghan and Mark (1984), counting each cell itself. Each cell
     * drains to its steepest lower neighbour, and a cell without one is an outlet.
     */
    static float[] flowAccumulation(Raster dem) {
        GridGeometry grid = dem.grid();
        int cols = grid.cols();
        int size = grid.size();
        int[] receiver = new int[size];
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < cols; col++) {
                double z = dem.get(col, row);
                double steepest = 0;
                int target = -1;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        if ((dr == 0 && dc == 0) || !grid.contains(col + dc, row + dr)) {
                            continue;
                        }
                        double distance = Math.hypot(dc * grid.cellWidth(), dr * grid.cellHeight());
                        double slope = (z - dem.get(col + dc, row + dr)) / distance;
                        if (slope > steepest) {
                            steepest = slope;
                            target = grid.index(col + dc, row + dr);
                        }
                    }
                }
                receiver[grid.index(col, row)] = target;
            }
        }

        // Every receiver lies lower, so passing counts from the highest cell down visits donors first.
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        float[] data = dem.data();
        Arrays.sort(order, Comparator.comparingDouble(i -> -data[i]));
        float[] accumulation = new float[size];
        Arrays.fill(accumulation, 1);
        for (int cell : order) {
            if (receiver[cell] >= 0) {
                accumulation[receiver[cell]] += accumulation[cell];
            }
        }
        return accumulation;
    }

    @Test
    void d8MatchesClosedForm() {
        Raster dem = Fixtures.raster(GRID, ValleyTest::valley);
        float[] accumulation = flowAccumulation(dem);
        assertThat(accumulation[GRID.index(20, 29)]).isEqualTo(810f);
        assertThat(accumulation[GRID.index(21, 29)]).isLessThan(100f);
    }

    @Test
    void valleyCrossingOneZone() {
        Raster dem = Fixtures.raster(GRID, ValleyTest::valley);
        Raster flowAcc = new Raster(GRID, flowAccumulation(dem), -1f, "cells");
        FeatureLayer roads = Fixtures.roads(Fixtures.road(1, Fixtures.line(5, 305, 405, 305), "name", "沟口路"));
        Diagnostics diagnostics = new Diagnostics();

        FeatureLayer zones = RoadDamageZones.compute(roads, flowAcc, dem, RoadZoneOptions.defaults(),
                Progress.NONE, diagnostics);

        assertThat(zones.size()).isEqualTo(1);
        Feature zone = zones.features().get(0);
        assertThat(((Number) zone.get("from_m")).doubleValue()).isEqualTo(180.0);
        assertThat(((Number) zone.get("to_m")).doubleValue()).isEqualTo(220.0);
        assertThat(zone.get("runoff_area_m2")).isEqualTo(81_000.0);
        assertThat(zone.get("severity")).isEqualTo(2L);
        assertThat((String) zone.get("reasons")).contains("K0+200");
        assertThat(diagnostics.warnings()).isEmpty();
    }
}
