package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communitygis.network.TestLayers.box;
import static org.communitygis.network.TestLayers.line;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.junit.jupiter.api.Test;

class GravityConnectionTest {
    /** Ground z = 100 − 0.01·x; a sewer along y = 500 from x = 100 to 400. */
    private static FeatureLayer pipes(Double up, Double down) {
        FeatureLayer pipes = TestLayers.pipes();
        Map<String, Object> a = new HashMap<>(Map.of("kind", "sewer", "diameter_mm", 300.0, "network", ""));
        a.put("up_invert_m", up);
        a.put("down_invert_m", down);
        TestLayers.addPipe(pipes, 1, line(100, 500, 400, 500), a);
        return pipes;
    }

    private static FeatureLayer buildings() {
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(240, 520, 260, 530), Map.of("building", "house")));
        buildings.add(new Feature(2, box(240, 700, 260, 710), Map.of("building", "house")));
        buildings.add(new Feature(3, box(1100, 500, 1110, 510), Map.of("building", "house")));
        return buildings;
    }

    private static Map<Long, Object> servedGravity(FeatureLayer pipes, boolean withDem) {
        CoverageResult result = CoverageAnalysis.run(buildings(), pipes, Optional.empty(), Optional.empty(),
                Optional.empty(), withDem ? Optional.of(TestLayers.eastwardSlope(0.01)) : Optional.empty(),
                GradientRules.defaults(), CoverageOptions.defaults().withBufferM(1000), Progress.NONE, new Diagnostics());
        Map<Long, Object> out = new HashMap<>();
        for (Feature f : result.buildings().features()) {
            out.put(f.getLong("building_id", -1), f.get("served_gravity"));
        }
        return out;
    }

    @Test
    void nearBuildingReachesDeepSewer() {
        // Building 1: the drain starts about 0.75 m below ground (97.4–97.6 m) and falls 0.2 m over 20 m.
        // It arrives near 96.5 m, above the sewer invert of about 95.6 m there.
        Map<Long, Object> served = servedGravity(pipes(97.0, 94.0), true);
        assertThat(served.get(1L)).isEqualTo(true);
        // Building 2 is 200 m away: its drain loses 2 m and arrives near 94.85 m, below the invert.
        assertThat(served.get(2L)).isEqualTo(false);
        // Building 3 lies outside the DEM.
        assertThat(served.get(3L)).isNull();
    }

    @Test
    void shallowSewerNotReachableFromBelow() {
        // A sewer 0.3 m deep sits above the house drain of the building beside it.
        Map<Long, Object> served = servedGravity(pipes(98.7, 95.7), true);
        assertThat(served.get(1L)).isEqualTo(false);
    }

    @Test
    void demInvertsUsedWithoutAttributes() {
        // Without inverts the sewer lies 0.7 m cover + 0.3 m below ground: about 96.6 m at x = 240.
        Map<Long, Object> served = servedGravity(pipes(null, null), true);
        assertThat(served.get(1L)).isEqualTo(true);
    }

    @Test
    void noDemGivesNull() {
        assertThat(servedGravity(pipes(97.0, 94.0), false).values()).containsOnlyNulls();
    }
}
