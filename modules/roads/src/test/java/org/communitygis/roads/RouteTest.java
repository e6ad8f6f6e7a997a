package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

class RouteTest {
    private static Route only(Feature... roads) {
        List<Route> routes = Routes.build(Fixtures.roads(roads)).all();
        assertThat(routes).hasSize(1);
        return routes.get(0);
    }

    @Test
    void partsMergedByName() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0), "name", "桃园路"),
                Fixtures.road(2, Fixtures.line(100, 0, 250, 0), "name", "桃园路"));
        assertThat(route.name()).isEqualTo("桃园路");
        assertThat(route.lengthM()).isEqualTo(250.0);
        assertThat(route.roadIds()).containsExactly(1L, 2L);
        assertThat(route.segments().get(1).fromM()).isEqualTo(100.0);
        assertThat(route.closed()).isFalse();
    }

    @Test
    void mergedByRefWithoutName() {
        Routes routes = Routes.build(Fixtures.roads(Fixtures.road(1, Fixtures.line(0, 0, 100, 0), "ref", "X012"),
                Fixtures.road(2, Fixtures.line(100, 0, 200, 0), "ref", "X012"),
                Fixtures.road(3, Fixtures.line(0, 50, 100, 50))));
        assertThat(routes.all()).extracting(Route::name).containsExactly("X012", "#3");
        assertThat(routes.byRoad(2).orElseThrow().lengthM()).isEqualTo(200.0);
    }

    @Test
    void reversedFirstPartOriented() {
        // The first feature is digitized from x = 100 back to 0; the route still starts at x = 0.
        Route route = only(Fixtures.road(1, Fixtures.line(100, 0, 0, 0), "name", "A"),
                Fixtures.road(2, Fixtures.line(100, 0, 200, 0), "name", "A"),
                Fixtures.road(3, Fixtures.line(200, 0, 300, 0), "name", "A"));
        assertThat(route.segments().get(0).reversed()).isTrue();
        assertThat(route.segments().get(1).reversed()).isFalse();
        assertThat(route.pointAt(0).x).isEqualTo(0.0);
        assertThat(route.locate(new Coordinate(30, 0)).chainageM()).isEqualTo(30.0);
        // Chainage 30 along the route is 70 along road 1 in its digitized direction.
        assertThat(route.segments().get(0).partChainage(30)).isEqualTo(70.0);
        assertThat(route.segments().get(0).routeChainage(70)).isEqualTo(30.0);
    }

    @Test
    void mostlyReversedChainFlipped() {
        // Two of three parts run west: the route runs west too, from x = 300.
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0), "name", "A"),
                Fixtures.road(2, Fixtures.line(200, 0, 100, 0), "name", "A"),
                Fixtures.road(3, Fixtures.line(300, 0, 200, 0), "name", "A"));
        assertThat(route.pointAt(0).x).isEqualTo(300.0);
        assertThat(route.segments().get(2).reversed()).isTrue();
        assertThat(route.segments().get(2).roadId()).isEqualTo(1L);
    }

    @Test
    void multiPartGapNotCounted() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0), "name", "A"),
                Fixtures.road(2, Fixtures.line(130, 0, 230, 0), "name", "A"));
        assertThat(route.lengthM()).isEqualTo(200.0);
        assertThat(route.segments().get(1).gapBeforeM()).isEqualTo(30.0);
        assertThat(route.segments().get(1).fromM()).isEqualTo(100.0);
        // A point in the gap is nearer to the end of part 1 than to the start of part 2.
        assertThat(route.locate(new Coordinate(110, 0)).chainageM()).isEqualTo(100.0);
        assertThat(route.locate(new Coordinate(125, 0)).chainageM()).isEqualTo(100.0);
        assertThat(route.pointAt(100).x).isEqualTo(130.0);
        Geometry across = route.subLine(50, 150, Fixtures.GEOMETRY);
        assertThat(across.getNumGeometries()).isEqualTo(2);
        assertThat(across.getLength()).isCloseTo(100.0, within(1e-9));
        assertThat(route.closed()).isFalse();
    }

    @Test
    void multiLineStringFeature() {
        FeatureLayer roads = new FeatureLayer("roads", GeometryKind.MULTILINESTRING, Fixtures.CRS,
                Fixtures.roads().fields());
        roads.add(new Feature(7, Fixtures.GEOMETRY.createMultiLineString(new LineString[] {
            Fixtures.line(200, 0, 300, 0), Fixtures.line(0, 0, 100, 0)})));
        Route route = Routes.build(roads).all().get(0);
        assertThat(route.lengthM()).isEqualTo(200.0);
        // Stored in reverse order: the route still runs west to east, over the shortest gap.
        assertThat(route.segments()).extracting(Route.Segment::part).containsExactly(1, 0);
        assertThat(route.pointAt(0).x).isEqualTo(0.0);
        assertThat(route.segments().get(1).gapBeforeM()).isEqualTo(100.0);
    }

    @Test
    void ringStartIsZeroAndEnd() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0, 100, 100, 0, 100, 0, 0), "name", "环路"));
        assertThat(route.closed()).isTrue();
        assertThat(route.lengthM()).isEqualTo(400.0);
        assertThat(route.locate(new Coordinate(0, 0)).chainageM()).isEqualTo(0.0);
        assertThat(route.pointAt(400).x).isEqualTo(0.0);
        assertThat(route.pointAt(400).y).isEqualTo(0.0);
        assertThat(route.locate(new Coordinate(0, 10)).chainageM()).isEqualTo(390.0);
    }

    @Test
    void ringOfTwoFeatures() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0, 100, 100), "name", "环路"),
                Fixtures.road(2, Fixtures.line(0, 0, 0, 100, 100, 100), "name", "环路"));
        assertThat(route.closed()).isTrue();
        assertThat(route.segments().get(1).reversed()).isTrue();
        assertThat(route.lengthM()).isEqualTo(400.0);
    }

    @Test
    void zeroLengthSegmentIgnored() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 50, 0, 50, 0, 100, 0), "name", "A"),
                Fixtures.road(2, Fixtures.line(100, 0, 100, 0), "name", "A"));
        assertThat(route.lengthM()).isEqualTo(100.0);
        assertThat(route.segments()).hasSize(1);
        assertThat(route.locate(new Coordinate(50, 5)).chainageM()).isEqualTo(50.0);
        assertThat(route.locate(new Coordinate(50, 5)).side()).isEqualTo(Route.Side.LEFT);
        assertThat(route.locate(new Coordinate(50, -5)).offsetM()).isEqualTo(-5.0);
        assertThat(route.pointAt(50).x).isEqualTo(50.0);
    }

    @Test
    void pointOnSharedVertex() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0), "name", "A"),
                Fixtures.road(2, Fixtures.line(100, 0, 100, 100), "name", "A"));
        Route.Location location = route.locate(new Coordinate(100, 0));
        assertThat(location.chainageM()).isEqualTo(100.0);
        assertThat(location.side()).isEqualTo(Route.Side.ON);
        assertThat(location.roadId()).isEqualTo(1L);
        assertThat(route.segmentAt(100).roadId()).isEqualTo(2L);
    }

    @Test
    void measureAtZeroAndEnd() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0), "name", "A"),
                Fixtures.road(2, Fixtures.line(100, 0, 100, 100), "name", "A"));
        assertThat(route.pointAt(0)).isEqualTo(new Coordinate(0, 0));
        assertThat(route.pointAt(200)).isEqualTo(new Coordinate(100, 100));
        assertThat(route.pointAt(250)).isEqualTo(new Coordinate(100, 100));
        assertThat(route.locate(new Coordinate(-5, 0)).chainageM()).isEqualTo(0.0);
        assertThat(route.locate(new Coordinate(100, 120)).chainageM()).isEqualTo(200.0);
        assertThat(route.subLine(200, 200, Fixtures.GEOMETRY).getLength()).isZero();
        assertThat(route.subLine(0, 200, Fixtures.GEOMETRY).getLength()).isEqualTo(200.0);
        assertThat(route.subLine(0, 200, Fixtures.GEOMETRY).getNumGeometries()).isEqualTo(1);
    }

    @Test
    void offsetLeftAndRight() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0), "name", "A"));
        Route.Location left = route.locate(new Coordinate(40, 3));
        Route.Location right = route.locate(new Coordinate(40, -2));
        assertThat(left.side()).isEqualTo(Route.Side.LEFT);
        assertThat(left.offsetM()).isEqualTo(3.0);
        assertThat(right.side()).isEqualTo(Route.Side.RIGHT);
        assertThat(right.offsetM()).isEqualTo(-2.0);
    }

    @Test
    void polygonLocatedAsRange() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 100, 0), "name", "A"),
                Fixtures.road(2, Fixtures.line(100, 0, 200, 0), "name", "A"));
        Geometry patch = Fixtures.GEOMETRY.toGeometry(new org.locationtech.jts.geom.Envelope(90, 120, -1, 2));
        Chainage.Range range = route.locateRange(patch);
        assertThat(range.fromM()).isEqualTo(90.0);
        assertThat(range.toM()).isEqualTo(120.0);
        assertThat(route.locateCentroid(patch).side()).isEqualTo(Route.Side.LEFT);
    }

    @Test
    void floatDriftSnapped() {
        // Three parts whose lengths are not exact in binary: the boundaries still land on the millimetre,
        // and the next segment starts at exactly the same double.
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 0.1, 0.2, 33.3, 0.7), "name", "A"),
                Fixtures.road(2, Fixtures.line(33.3, 0.7, 66.6, 1.4), "name", "A"),
                Fixtures.road(3, Fixtures.line(66.6, 1.4, 99.9, 2.1), "name", "A"));
        for (int i = 1; i < route.segments().size(); i++) {
            assertThat(route.segments().get(i).fromM()).isEqualTo(route.segments().get(i - 1).toM());
            assertThat(route.segments().get(i).fromM() * 1000).isCloseTo(Math.rint(route.segments().get(i).fromM() * 1000),
                    within(1e-6));
        }
    }

    @Test
    void unitBoundaryProration() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 300, 0), "name", "A"));
        List<Chainage.Range> units = route.units(100);
        assertThat(units).hasSize(3);
        Chainage.Range damage = new Chainage.Range(80, 130);
        assertThat(Route.overlapM(damage, units.get(0))).isEqualTo(20.0);
        assertThat(Route.overlapM(damage, units.get(1))).isEqualTo(30.0);
        assertThat(Route.overlapM(damage, units.get(2))).isZero();
        DistressSurvey.Record record = new DistressSurvey.Record(2, route, 80, 130,
                Jtg5210.type(Pavement.ASPHALT, "龟裂"), DamageSeverity.HEAVY, 10);
        assertThat(PavementCondition.share(record, units.get(0), false)).isEqualTo(0.4);
        assertThat(PavementCondition.share(record, units.get(1), false)).isEqualTo(0.6);
        DistressSurvey.Record atBoundary = new DistressSurvey.Record(3, route, 100, 100,
                Jtg5210.type(Pavement.ASPHALT, "坑槽"), DamageSeverity.HEAVY, 1);
        assertThat(PavementCondition.share(atBoundary, units.get(0), false)).isZero();
        assertThat(PavementCondition.share(atBoundary, units.get(1), false)).isEqualTo(1.0);
        DistressSurvey.Record atEnd = new DistressSurvey.Record(4, route, 300, 300,
                Jtg5210.type(Pavement.ASPHALT, "坑槽"), DamageSeverity.HEAVY, 1);
        assertThat(PavementCondition.share(atEnd, units.get(2), true)).isEqualTo(1.0);
    }

    @Test
    void unitsOfTenHundredThousand() {
        Route route = only(Fixtures.road(1, Fixtures.line(0, 0, 2345, 0), "name", "A"));
        assertThat(route.units(10)).hasSize(235);
        assertThat(route.units(100)).hasSize(23);
        assertThat(route.units(1000)).hasSize(2);
        assertThat(route.units(1000).get(1).toM()).isEqualTo(2345.0);
    }
}
