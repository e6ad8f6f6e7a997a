package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RasterStyleTest {
    private static final Map<String, String> GRASS = Map.of(RasterStyle.FLOW_DIR_CODES_KEY, "grass");
    private static final Map<String, String> TAUDEM = Map.of(RasterStyle.FLOW_DIR_CODES_KEY, "taudem");

    @Test
    void flowDirStyleFollowsCodeScheme() {
        assertThat(RasterStyle.forLayer("flow_dir")).isEqualTo(RasterStyle.FLOW_DIRECTION);
        assertThat(RasterStyle.forLayer("flow_dir", Map.of(RasterStyle.FLOW_DIR_CODES_KEY, "esri")))
                .isEqualTo(RasterStyle.FLOW_DIRECTION);
        assertThat(RasterStyle.forLayer("flow_dir", GRASS)).isEqualTo(RasterStyle.FLOW_DIRECTION_GRASS);
        assertThat(RasterStyle.forLayer("flow_dir", TAUDEM)).isEqualTo(RasterStyle.FLOW_DIRECTION_TAUDEM);
        assertThat(RasterStyle.forLayer("dem", GRASS)).isEqualTo(RasterStyle.HYPSOMETRIC);
    }

    @Test
    void directionColoursSameInEveryScheme() {
        RasterStyle esri = RasterStyle.FLOW_DIRECTION;
        RasterStyle grass = RasterStyle.FLOW_DIRECTION_GRASS;
        RasterStyle taudem = RasterStyle.FLOW_DIRECTION_TAUDEM;
        // {ESRI, GRASS, TauDEM} codes of E, SE, S, SW, W, NW, N, NE.
        int[][] codes = {{1, 8, 1}, {2, 7, 8}, {4, 6, 7}, {8, 5, 6}, {16, 4, 5}, {32, 3, 4}, {64, 2, 3}, {128, 1, 2}};
        for (int[] direction : codes) {
            int colour = esri.argb(direction[0], 0, 128);
            assertThat(grass.argb(direction[1], -8, 8)).as("GRASS code %d", direction[1]).isEqualTo(colour);
            assertThat(grass.argb(-direction[1], -8, 8)).as("GRASS code −%d", direction[1]).isEqualTo(colour);
            assertThat(taudem.argb(direction[2], 0, 8)).as("TauDEM code %d", direction[2]).isEqualTo(colour);
        }
        assertThat(grass.argb(0, -8, 8)).as("outlet").isEqualTo(esri.argb(0, 0, 128));
        // 3 is SW in GRASS and N in TauDEM, but no ESRI code.
        assertThat(esri.argb(3, 0, 128)).isNotEqualTo(grass.argb(3, -8, 8));
        assertThat(grass.argb(3, -8, 8)).isNotEqualTo(taudem.argb(3, 0, 8));
    }

    @Test
    void legendListsSchemeCodes() {
        List<RasterStyle.LegendEntry> grass = RasterStyle.FLOW_DIRECTION_GRASS.legend(-8, 8, "", Locale.ENGLISH);
        assertThat(grass).hasSize(9);
        assertThat(grass.get(0).label()).isEqualTo("East (8, −8)");
        assertThat(grass.get(8).label()).isEqualTo("Outlet (0)");
        List<RasterStyle.LegendEntry> taudem = RasterStyle.FLOW_DIRECTION_TAUDEM.legend(0, 8, "", Locale.ENGLISH);
        assertThat(taudem.get(7).label()).isEqualTo("Northeast (2)");
        List<RasterStyle.LegendEntry> esri = RasterStyle.FLOW_DIRECTION.legend(0, 128, "", Locale.ENGLISH);
        assertThat(esri.get(7).label()).isEqualTo("Northeast (128)");
    }
}
