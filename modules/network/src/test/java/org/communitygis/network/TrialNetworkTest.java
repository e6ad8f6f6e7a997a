package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.communitygis.network.TestLayers.line;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;

class TrialNetworkTest {
    private final Diagnostics diagnostics = new Diagnostics();

    @Test
    void piecesRunDownhill() {
        FeatureLayer roads = TestLayers.roads();
        // Digitized uphill (westwards) on ground that falls eastwards, 120 m long → 3 pieces of 40 m.
        roads.add(new Feature(1, line(620, 500, 500, 500), Map.of("highway", "residential", "name", "村道")));
        FeatureLayer pipes = TrialNetwork.alongRoads(roads, Optional.of(TestLayers.eastwardSlope(0.01)), Set.of(),
                TrialOptions.defaults(), diagnostics);
        assertThat(pipes.name()).isEqualTo("pipes");
        assertThat(pipes.size()).isEqualTo(3);
        for (Feature pipe : pipes.features()) {
            LineString geometry = (LineString) pipe.geometry();
            assertThat(geometry.getLength()).isCloseTo(40, within(1e-9));
            assertThat(geometry.getStartPoint().getX()).isLessThan(geometry.getEndPoint().getX());
            double ground = 100 - 0.01 * geometry.getStartPoint().getX();
            assertThat(pipe.getDouble("up_invert_m", 0)).isCloseTo(ground - 1.2, within(1e-3));
            assertThat(pipe.getDouble("up_invert_m", 0) - pipe.getDouble("down_invert_m", 0))
                    .isCloseTo(0.4, within(1e-3));
            assertThat(pipe.get("network")).isEqualTo("trial");
            assertThat(pipe.get("status")).isEqualTo("planned");
            assertThat(pipe.get("name")).isEqualTo("村道");
        }
        FeatureLayer checked = PipeGradientCheck.check(pipes, Optional.empty(), GradientRules.defaults(), diagnostics);
        assertThat(checked.features()).allMatch(f -> "ok".equals(f.get("flag")));
    }

    @Test
    void cutsAtJunctions() {
        FeatureLayer roads = TestLayers.roads();
        roads.add(new Feature(1, line(0, 0, 30, 0, 60, 0), Map.of("highway", "residential")));
        roads.add(new Feature(2, line(30, 0, 30, 20), Map.of("highway", "service")));
        roads.add(new Feature(3, line(60, 0, 60, 20), Map.of("highway", "track")));
        FeatureLayer pipes = TrialNetwork.alongRoads(roads, Optional.empty(), Set.of(), TrialOptions.defaults(),
                diagnostics);
        // Road 1 is cut at (30,0), where road 2 joins; the track is not followed and does not cut.
        assertThat(pipes.size()).isEqualTo(3);
        assertThat(pipes.features().get(0).geometry().getCoordinates()[1]).isEqualTo(new Coordinate(30, 0));
        assertThat(diagnostics.count("trial.noGround")).isEqualTo(1);
        assertThat(pipes.features().get(0).get("up_invert_m")).isNull();
    }

    @Test
    void noMatchingRoadsRejected() {
        FeatureLayer roads = TestLayers.roads();
        roads.add(new Feature(1, line(0, 0, 30, 0), Map.of("highway", "track")));
        assertThatThrownBy(() -> TrialNetwork.alongRoads(roads, Optional.empty(), Set.of(), TrialOptions.defaults()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("classes present: track");
    }
}
