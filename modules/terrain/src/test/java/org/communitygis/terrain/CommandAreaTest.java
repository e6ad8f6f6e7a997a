package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;

class CommandAreaTest {
    /** Builds a slope rising 1 m per 10 m column eastwards from 100 m: 10 m cells, 30 columns × 3 rows. */
    private static Raster hillside() {
        int cols = 30;
        int rows = 3;
        float[] z = new float[cols * rows];
        for (int i = 0; i < z.length; i++) {
            z[i] = 100f + i % cols;
        }
        return new Raster(new GridGeometry(cols, rows, 0, 30, 10, 10, "EPSG:32648"), z, -9999f, "m");
    }

    @Test
    void gravityReachesDownhillOnly() {
        // Source at column 10 (ground 110 m), water at 110.5 m, channel slope 1 ‰.
        CommandArea area = CommandArea.compute(hillside(), new int[][] {{10, 1}}, 110.5, 0.001, 0, 0);
        assertThat(area.classes().get(10, 1)).isEqualTo(CommandArea.GRAVITY);
        assertThat(area.classes().get(0, 1)).isEqualTo(CommandArea.GRAVITY);
        assertThat(area.classes().get(11, 1)).isEqualTo(CommandArea.NOT_COMMANDED);
        // Columns 0 … 10 of 3 rows, 100 m² each.
        assertThat(area.gravityAreaM2()).isEqualTo(33 * 100.0);
        assertThat(area.liftAreaM2()).isZero();
        assertThat((double) area.gravityWaterLevel().get(0, 1)).isCloseTo(110.5 - 0.001 * 100, within(1e-4));
    }

    @Test
    void pumpHeadAddsLiftArea() {
        // A 5 m lift raises the water to 115.5 m: columns 11 … 15 become reachable, less the channel fall.
        CommandArea area = CommandArea.compute(hillside(), new int[][] {{10, 1}}, 110.5, 0.001, 5, 0);
        assertThat(area.classes().get(15, 1)).isEqualTo(CommandArea.LIFT);
        assertThat(area.classes().get(16, 1)).isEqualTo(CommandArea.NOT_COMMANDED);
        assertThat(area.liftAreaM2()).isEqualTo(15 * 100.0);
    }

    @Test
    void requiredHeadShrinksArea() {
        // With 0.6 m required above ground, the source's neighbours at 110 m are no longer served.
        CommandArea area = CommandArea.compute(hillside(), new int[][] {{10, 1}}, 110.5, 0.001, 0, 0.6);
        assertThat(area.classes().get(10, 0)).isEqualTo(CommandArea.NOT_COMMANDED);
        assertThat(area.classes().get(9, 1)).isEqualTo(CommandArea.GRAVITY);
    }

    @Test
    void ridgeBlocksChannel() {
        // A ridge at 120 m along column 5, across every row, cuts the source off from the low ground beyond.
        Raster dem = hillside();
        for (int row = 0; row < 3; row++) {
            dem.set(5, row, 120f);
        }
        CommandArea area = CommandArea.compute(dem, new int[][] {{10, 1}}, 110.5, 0.001, 0, 0);
        assertThat(area.classes().get(6, 1)).isEqualTo(CommandArea.GRAVITY);
        assertThat(area.classes().get(4, 1)).isEqualTo(CommandArea.NOT_COMMANDED);
    }

    @Test
    void sourceAboveLevelRejected() {
        assertThatThrownBy(() -> CommandArea.compute(hillside(), new int[][] {{20, 1}}, 110.5, 0.001, 0, 0))
                .isInstanceOf(CgisException.class).hasMessageContaining("120");
    }

    @Test
    void negativeSlopeRejected() {
        assertThatThrownBy(() -> CommandArea.compute(hillside(), new int[][] {{10, 1}}, 110.5, -0.001, 0, 0))
                .isInstanceOf(CgisException.class);
    }
}
