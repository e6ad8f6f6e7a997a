package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.testing.SharedData;
import org.communitygis.io.OsmReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * Routes built from the OpenStreetMap roads of northern Bayreuth (2014 extract), projected to UTM 32N:
 * named streets there are split into many ways, digitized in both directions, with forks and gaps.
 */
class BayreuthRoutesTest {
    private static final String UTM_32N = "EPSG:32632";
    private static FeatureLayer roads;
    private static Routes routes;

    @BeforeAll
    static void readRoads() {
        List<FeatureLayer> layers = OsmReader.read(SharedData.file("real/north-bayreuth.osm.gz"), new Diagnostics());
        FeatureLayer lonLat = layers.stream().filter(layer -> layer.name().equals("roads")).findFirst().orElseThrow();
        CrsTransform transform = Crs.transform(lonLat.crs(), UTM_32N);
        roads = new FeatureLayer("roads", lonLat.kind(), UTM_32N, lonLat.fields());
        for (Feature feature : lonLat.features()) {
            roads.add(new Feature(feature.id(), transform.apply(feature.geometry()), feature.attributes()));
        }
        routes = Routes.build(roads);
    }

    @Test
    void everyRoadOnExactlyItsRoute() {
        assertThat(roads.size()).isGreaterThan(500);
        Map<String, Double> lengthByRoute = new HashMap<>();
        for (Feature road : roads.features()) {
            if (!(road.geometry().getLength() > 0)) {
                continue;
            }
            Route route = routes.byRoad(road.id()).orElseThrow();
            assertThat(route.name()).isEqualTo(Routes.routeName(road));
            lengthByRoute.merge(route.name(), road.geometry().getLength(), Double::sum);
        }
        for (Route route : routes.all()) {
            // Each segment boundary is rounded to the millimetre, so a route of n segments may drift by n mm.
            assertThat(route.lengthM()).as(route.name())
                    .isCloseTo(lengthByRoute.get(route.name()), within(route.segments().size() * Route.SNAP_M));
        }
    }

    @Test
    void routeChainagesMapBackOntoRoads() {
        Map<Long, Geometry> byId = new HashMap<>();
        for (Feature road : roads.features()) {
            byId.put(road.id(), road.geometry());
        }
        int checked = 0;
        for (Route route : routes.all()) {
            for (Route.Segment segment : route.segments()) {
                Geometry road = byId.get(segment.roadId());
                for (double fraction : new double[] {0, 0.37, 1}) {
                    double m = segment.fromM() + fraction * segment.lengthM();
                    Coordinate point = route.pointAt(Math.min(m, Math.nextDown(segment.toM())));
                    assertThat(road.distance(road.getFactory().createPoint(point))).as(route.name() + " at " + m)
                            .isLessThan(0.01);
                    // The point's road chainage in the digitized direction converts back to the route chainage.
                    double partM = segment.partChainage(m);
                    assertThat(segment.routeChainage(partM)).isCloseTo(m, within(2 * Route.SNAP_M));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1500);
    }

    @Test
    void namedStreetsChainWithFewGaps() {
        Route longest = routes.all().stream().filter(route -> !route.name().startsWith("#"))
                .max((a, b) -> Integer.compare(a.segments().size(), b.segments().size())).orElseThrow();
        assertThat(longest.segments().size()).isGreaterThan(3);
        long gaps = longest.segments().stream().filter(segment -> segment.gapBeforeM() > 0).count();
        assertThat(gaps).as(longest.name()).isLessThan(longest.segments().size() / 2);
        // Locating each segment's middle on the route returns that chainage.
        for (Route.Segment segment : longest.segments()) {
            double middle = (segment.fromM() + segment.toM()) / 2;
            Route.Location location = longest.locate(longest.pointAt(middle));
            assertThat(location.offsetM()).isCloseTo(0, within(0.01));
            assertThat(longest.pointAt(location.chainageM()).distance(longest.pointAt(middle))).isLessThan(0.01);
        }
    }
}
