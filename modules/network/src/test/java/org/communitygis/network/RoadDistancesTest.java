package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.communitygis.network.TestLayers.line;

import java.util.List;
import java.util.Optional;
import org.communitygis.core.progress.Progress;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/** Road distances on hand-made roads where the shortest path can be worked out by hand. */
class RoadDistancesTest {
    /** An east-west road from x = 0 to x = 300 along y = 0. */
    private static final List<LineString> ROAD = List.of(line(0, 0, 300, 0));
    /** A building whose point nearest to the road is its south corner (20, 5), 5 m from the road. */
    private static final Polygon DIAMOND = TestLayers.GF.createPolygon(new Coordinate[] {new Coordinate(20, 5),
        new Coordinate(25, 10), new Coordinate(20, 15), new Coordinate(15, 10), new Coordinate(20, 5)});

    @Test
    void pathRunsToPipeCrossing() {
        // A pipe crosses the road at x = 200.
        Optional<double[]> distances = RoadDistances.compute(List.of(DIAMOND),
                List.of(line(200, -50, 200, 50)), ROAD, 5, Progress.NONE);

        assertThat(distances).isPresent();
        // 5 m to the road at x = 20 (the nearest point), 180 m along it, 0 m off the road at the crossing.
        assertThat(distances.get()[0]).isCloseTo(185, within(1e-9));
    }

    @Test
    void pipeBesideRoadAddsItsOffset() {
        // The pipe runs parallel to the road 8 m south of it, from x = 100 to x = 150.
        Optional<double[]> distances = RoadDistances.compute(List.of(DIAMOND),
                List.of(line(100, -8, 150, -8)), ROAD, 5, Progress.NONE);

        assertThat(distances.orElseThrow()[0]).isCloseTo(5 + 80 + 8, within(1e-9));
    }

    @Test
    void disconnectedRoadGivesInfinity() {
        // The building's nearest road is a separate lane that shares no vertex with the road of the pipe.
        List<LineString> roads = List.of(line(0, 0, 50, 0), line(0, 100, 300, 100));
        Optional<double[]> distances = RoadDistances.compute(List.of(DIAMOND),
                List.of(line(200, 90, 200, 110)), roads, 5, Progress.NONE);

        assertThat(distances.orElseThrow()[0]).isInfinite();
    }

    @Test
    void noRoadSegmentsGiveEmpty() {
        Optional<double[]> distances = RoadDistances.compute(List.of(DIAMOND),
                List.of(line(200, -50, 200, 50)), List.of(), 5, Progress.NONE);

        assertThat(distances).isEmpty();
    }
}
