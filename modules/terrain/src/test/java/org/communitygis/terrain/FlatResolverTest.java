package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FlatResolverTest {
    /** Builds a 7×7 flat at 5 m ringed by 9 m ground, open to the edge only at column 3 of the bottom row (4 m). */
    private static Raster handMadeFlat() {
        double[][] rows = new double[9][9];
        for (int row = 0; row < 9; row++) {
            for (int col = 0; col < 9; col++) {
                boolean ring = row == 0 || col == 0 || row == 8 || col == 8;
                rows[row][col] = ring ? 9 : 5;
            }
        }
        rows[8][3] = 4;
        return TestGrids.raster(2, 2, rows);
    }

    @Test
    void everyFlatCellDrains() {
        D8FlowDirection directions = D8FlowDirection.compute(handMadeFlat());
        int stuck = 0;
        for (int row = 1; row < 8; row++) {
            for (int col = 1; col < 8; col++) {
                if (TestGrids.stepsToExit(directions, directions.grid().index(col, row)) < 0) {
                    stuck++;
                }
            }
        }
        assertThat(stuck).isZero();
        assertThat(directions.undrainedCells()).isZero();
    }

    @Test
    void cellsDrainAwayFromHigher() {
        D8FlowDirection directions = D8FlowDirection.compute(handMadeFlat());
        // The top-row flat cells touch the 9 m ring: none may flow sideways along it or towards it.
        for (int col = 2; col <= 6; col++) {
            int code = directions.code(col, 1);
            assertThat(code).as("code at column %d", col).isIn(2, 4, 8);
        }
        // The far corner (7, 1) lies next to higher ground on two sides and must leave towards the interior.
        assertThat(directions.code(7, 1)).isEqualTo(8);
    }

    @Test
    void incrementsFallTowardsOutlet() {
        Raster dem = handMadeFlat();
        byte[] codes = D8FlowDirection.steepestDescent(dem.data(), dem.grid(), CellMetrics.of(dem.grid()), true, Progress.NONE);
        FlatResolver flats = FlatResolver.resolve(dem.data(), dem.grid(), codes);
        assertThat(flats.flatCount()).isEqualTo(1);
        int nearOutlet = flats.increment(dem.grid().index(3, 7));
        int farCorner = flats.increment(dem.grid().index(7, 1));
        assertThat(nearOutlet).isLessThan(farCorner);
    }

    @Test
    void garbrechtIncrementsByHand() {
        Raster dem = AsciiGridReader.read(SharedData.file("real/dem/richdem/richdem_garbrecht.dem"), null);
        byte[] codes = D8FlowDirection.steepestDescent(dem.data(), dem.grid(), CellMetrics.of(dem.grid()), true, Progress.NONE);
        FlatResolver flats = FlatResolver.resolve(dem.data(), dem.grid(), codes);
        // Garbrecht and Martz's 5×5 flat at 6 m drains through the 5 m cell below its second column. Worked
        // by hand as 2·t + (h − a): the three bottom cells above the outlet drain already (t = 1, no a);
        // a runs 1 on the high edge to 3 in the centre, so h = 3.
        int[][] expected = {
            {12, 12, 12, 12, 12},
            {10, 9, 9, 9, 10},
            {8, 7, 6, 7, 8},
            {6, 5, 5, 5, 8},
            {2, 2, 2, 6, 8}};
        int mismatches = 0;
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 5; col++) {
                if (flats.increment(dem.grid().index(col + 1, row + 1)) != expected[row][col]) {
                    mismatches++;
                }
            }
        }
        assertThat(mismatches).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"richdem_garbrecht.dem", "richdem_garbrecht_valley.dem", "richdem_multi_flat.dem",
        "richdem_multi_flat_run.dem", "richdem_pit.dem", "richdem_tests_depressions_testdem1.dem",
        "richdem_tests_ones_block.dem", "richdem_dinf_test.dem"})
    void richDemCasesDrainAfterFill(String name) {
        Path file = SharedData.file("real/dem/richdem/" + name);
        Raster filled = new PriorityFloodFill().fill(AsciiGridReader.read(file, null));
        D8FlowDirection directions = D8FlowDirection.compute(filled);
        int stuck = 0;
        for (int i = 0; i < filled.data().length; i++) {
            if (!Float.isNaN(filled.data()[i]) && TestGrids.stepsToExit(directions, i) < 0) {
                stuck++;
            }
        }
        assertThat(stuck).isZero();
    }

    @Test
    void unfilledPitStaysUndrained() {
        Raster dem = AsciiGridReader.read(SharedData.file("real/dem/richdem/richdem_pit.dem"), null);
        D8FlowDirection directions = D8FlowDirection.compute(dem);
        // The 5 m basin of 8 cells has no outlet without filling.
        assertThat(directions.undrainedCells()).isEqualTo(8);
    }
}
