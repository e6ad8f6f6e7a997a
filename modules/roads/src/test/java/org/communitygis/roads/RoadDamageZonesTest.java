package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/**
 * Hand-made cases on a 40 × 20 grid of 10 m cells whose x runs from 5 to 405 m and y from 0 to 200 m.
 * A stream runs north–south through column 18 (x 185–195 m) with 200 cells (2 ha) of contributing area.
 * An east–west road at y = 105 m from x = 20 m therefore crosses the stream at chainage 165–175 m.
 */
class RoadDamageZonesTest {
    private static final GridGeometry GRID = Fixtures.grid(40, 20, 10, 5);
    private static final Raster STREAM = Fixtures.raster(GRID, (x, y) -> x > 185 && x < 195 ? 200 : 1);
    private static final Raster FLAT = Fixtures.raster(GRID, (x, y) -> 500);
    private static final Raster NO_RUNOFF = Fixtures.raster(GRID, (x, y) -> 1);

    private final Locale savedLocale = UserLocale.get();
    private final Diagnostics diagnostics = new Diagnostics();

    @AfterEach
    void restoreLocale() {
        UserLocale.set(savedLocale);
    }

    private static LineString eastWest() {
        return Fixtures.line(20, 105, 300, 105);
    }

    private FeatureLayer compute(FeatureLayer roads, Raster flowAcc, Raster dem, RoadZoneOptions options) {
        return RoadDamageZones.compute(roads, flowAcc, dem, options, Progress.NONE, diagnostics);
    }

    private FeatureLayer compute(FeatureLayer roads, Raster flowAcc, Raster dem) {
        return compute(roads, flowAcc, dem, RoadZoneOptions.defaults());
    }

    private static double number(Feature feature, String field) {
        return ((Number) feature.get(field)).doubleValue();
    }

    @Test
    void layerSchemaAsDocumented() {
        FeatureLayer zones = compute(Fixtures.roads(), STREAM, FLAT);
        assertThat(zones.name()).isEqualTo("road_damage_zones");
        assertThat(zones.kind()).isEqualTo(GeometryKind.POLYGON);
        assertThat(zones.crs()).isEqualTo(Fixtures.CRS);
        assertThat(zones.fields()).extracting(f -> f.name()).containsExactly("zone_id", "road_id", "road_name",
                "from_m", "to_m", "length_m", "severity", "severity_label", "runoff_area_m2", "max_grade_permille",
                "heavy_vehicles_per_day", "surface", "reasons", "rank", "route", "route_zone", "route_from_m",
                "route_to_m", "from_station", "to_station", "pci", "pci_grade", "pci_standard", "esal_per_day",
                "rqi");
    }

    @Test
    void streamCrossingZoneContainsChainage() {
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(7, eastWest(), "name", "幸福路")), STREAM, FLAT);
        assertThat(zones.size()).isEqualTo(1);
        Feature zone = zones.features().get(0);
        assertThat(number(zone, "from_m")).isLessThanOrEqualTo(170.0);
        assertThat(number(zone, "to_m")).isGreaterThanOrEqualTo(170.0);
        assertThat(number(zone, "runoff_area_m2")).isEqualTo(20_000.0);
        assertThat(zone.get("road_id")).isEqualTo(7L);
        assertThat(zone.get("road_name")).isEqualTo("幸福路");
        assertThat(number(zone, "severity")).isEqualTo(1.0);
    }

    @Test
    void streamCrossingZoneIsOneUnit() {
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(7, eastWest())), STREAM, FLAT);
        Feature zone = zones.features().get(0);
        assertThat(number(zone, "from_m")).isEqualTo(160.0);
        assertThat(number(zone, "to_m")).isEqualTo(180.0);
        assertThat(number(zone, "length_m")).isEqualTo(20.0);
    }

    @Test
    void steepStraightRoadGradeZone() {
        Raster slope = Fixtures.raster(GRID, (x, y) -> 500 + 0.1 * y);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(3, Fixtures.line(105, 20, 105, 180))),
                NO_RUNOFF, slope);
        assertThat(zones.size()).isEqualTo(1);
        Feature zone = zones.features().get(0);
        assertThat(number(zone, "from_m")).isEqualTo(0.0);
        assertThat(number(zone, "to_m")).isEqualTo(160.0);
        assertThat(number(zone, "max_grade_permille")).isCloseTo(100, within(1e-3));
        assertThat(number(zone, "severity")).isEqualTo(1.0);
    }

    @Test
    void gentleRoadNoGradeZone() {
        Raster gentle = Fixtures.raster(GRID, (x, y) -> 500 + 0.07 * y);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(3, Fixtures.line(105, 20, 105, 180))),
                NO_RUNOFF, gentle);
        assertThat(zones.size()).isZero();
    }

    @Test
    void gravelTrucksRunoffHighRankOne() {
        // Flat west of x = 320 m, 100 ‰ north–south slope east of it, where a second road climbs.
        Raster dem = Fixtures.raster(GRID, (x, y) -> x < 320 ? 500 : 500 + 0.1 * y);
        FeatureLayer roads = Fixtures.roads(
                Fixtures.road(1, Fixtures.line(365, 20, 365, 180), "highway", "tertiary", "surface", "asphalt"),
                Fixtures.road(2, eastWest(), "highway", "unclassified", "surface", "gravel",
                        "heavy_vehicles_per_day", 60));
        FeatureLayer zones = compute(roads, STREAM, dem);

        assertThat(zones.size()).isEqualTo(2);
        Feature gravel = zones.features().stream().filter(f -> f.get("road_id").equals(2L)).findFirst().orElseThrow();
        assertThat(gravel.get("severity")).isEqualTo(3L);
        assertThat(gravel.get("rank")).isEqualTo(1L);
        assertThat(gravel.get("heavy_vehicles_per_day")).isEqualTo(60L);
        assertThat(gravel.get("surface")).isEqualTo("gravel");
        Feature steep = zones.features().stream().filter(f -> f.get("road_id").equals(1L)).findFirst().orElseThrow();
        assertThat(steep.get("rank")).isEqualTo(2L);
        assertThat(steep.get("severity")).isEqualTo(1L);
    }

    @Test
    void reasonsAndLabelChinese() {
        UserLocale.set(UserLocale.CHINESE);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(2, eastWest(), "surface", "gravel",
                "heavy_vehicles_per_day", 60)), STREAM, FLAT);
        Feature zone = zones.features().get(0);
        assertThat(zone.get("reasons")).isEqualTo("径流汇水面积 2.0 公顷在 K0+170 处穿越道路；重车 60 辆/日，路面为砂石");
        assertThat(zone.get("severity_label")).isEqualTo("重");
    }

    @Test
    void reasonsAndLabelEnglish() {
        UserLocale.set(UserLocale.ENGLISH);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(2, eastWest(), "surface", "砂石",
                "heavy_vehicles_per_day", 60)), STREAM, FLAT);
        Feature zone = zones.features().get(0);
        assertThat(zone.get("reasons")).isEqualTo("runoff from 2.0 ha crosses at K0+170; 60 heavy vehicles/day on gravel");
        assertThat(zone.get("severity_label")).isEqualTo("high");
    }

    @Test
    void reasonsNameGradeAndLowPoint() {
        UserLocale.set(UserLocale.ENGLISH);
        // A V across the road: 100 ‰ on both sides of x = 200 m, lowest at chainage 180 m.
        Raster valley = Fixtures.raster(GRID, (x, y) -> 500 + 0.1 * Math.abs(x - 200));
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(4, eastWest())), NO_RUNOFF, valley);
        assertThat(zones.size()).isEqualTo(1);
        String reasons = (String) zones.features().get(0).get("reasons");
        assertThat(reasons).isEqualTo("max grade 100 ‰; low point at K0+180 where water ponds");
    }

    @Test
    void weightLimitLowersTraffic() {
        UserLocale.set(UserLocale.ENGLISH);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(2, eastWest(), "surface", "gravel",
                "heavy_vehicles_per_day", 60, "maxweight_t", 5.0)), STREAM, FLAT);
        Feature zone = zones.features().get(0);
        assertThat(zone.get("severity")).isEqualTo(2L);
        assertThat((String) zone.get("reasons")).endsWith("60 heavy vehicles/day on gravel; weight limit 5 t");
    }

    @Test
    void pavedQuietFlatNoZone() {
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(5, eastWest(), "highway", "tertiary",
                "surface", "asphalt", "heavy_vehicles_per_day", 40)), NO_RUNOFF, FLAT);
        assertThat(zones.size()).isZero();
        assertThat(diagnostics.warnings()).isEmpty();
    }

    @Test
    void trafficOnlyZonesOption() {
        FeatureLayer roads = Fixtures.roads(Fixtures.road(2, eastWest(), "surface", "gravel",
                "heavy_vehicles_per_day", 60));
        assertThat(compute(roads, NO_RUNOFF, FLAT).size()).isZero();
        FeatureLayer zones = compute(roads, NO_RUNOFF, FLAT, RoadZoneOptions.defaults().withTrafficOnlyZones(true));
        assertThat(zones.size()).isEqualTo(1);
        assertThat(number(zones.features().get(0), "length_m")).isEqualTo(280.0);
    }

    @Test
    void oneQuietUnitBridged() {
        // Streams at chainage 65–75 m and 105–115 m: hazard units 3 and 5, unit 4 quiet between them.
        Raster twoStreams = Fixtures.raster(GRID, (x, y) -> (x > 85 && x < 95) || (x > 125 && x < 135) ? 200 : 1);
        FeatureLayer roads = Fixtures.roads(Fixtures.road(1, eastWest()));
        FeatureLayer bridged = compute(roads, twoStreams, FLAT);
        FeatureLayer split = compute(roads, twoStreams, FLAT, RoadZoneOptions.defaults().withMaxBridgedGapUnits(0));
        assertThat(bridged.size()).isEqualTo(1);
        assertThat(number(bridged.features().get(0), "from_m")).isEqualTo(60.0);
        assertThat(number(bridged.features().get(0), "to_m")).isEqualTo(120.0);
        assertThat(split.size()).isEqualTo(2);
    }

    @Test
    void twoQuietUnitsNotBridged() {
        Raster twoStreams = Fixtures.raster(GRID, (x, y) -> (x > 85 && x < 95) || (x > 145 && x < 155) ? 200 : 1);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(1, eastWest())), twoStreams, FLAT);
        assertThat(zones.size()).isEqualTo(2);
    }

    @Test
    void zoneRangesMapBackOntoRoad() {
        // A zigzag climbing a 100 ‰ slope: its north–south legs are steep, its east–west legs flat.
        Raster slope = Fixtures.raster(GRID, (x, y) -> 500 + 0.1 * y);
        LineString zigzag = Fixtures.line(20, 10, 20, 90, 140, 90, 140, 190, 260, 190, 260, 110, 380, 110);
        FeatureLayer roads = Fixtures.roads(Fixtures.road(9, zigzag, "width_m", 5.0));
        FeatureLayer zones = compute(roads, STREAM, slope);

        assertThat(zones.size()).isGreaterThanOrEqualTo(3);
        for (Feature zone : zones.features()) {
            Geometry subLine = Chainage.subLine(zigzag, number(zone, "from_m"), number(zone, "to_m"));
            assertThat(zone.geometry().buffer(1e-6).covers(subLine)).as("zone %s", zone.id()).isTrue();
            assertThat(zone.geometry().getArea()).isCloseTo(5.0 * number(zone, "length_m"), within(1.0));
        }
    }

    @Test
    void mergedZonesDoNotOverlap() {
        Raster slope = Fixtures.raster(GRID, (x, y) -> 500 + 0.1 * y);
        LineString zigzag = Fixtures.line(20, 10, 20, 90, 140, 90, 140, 190, 260, 190, 260, 110, 380, 110);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(9, zigzag)), STREAM, slope);
        List<Feature> list = zones.features();
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                double overlap = list.get(i).geometry().intersection(list.get(j).geometry()).getArea();
                assertThat(overlap).as("zones %d and %d", i + 1, j + 1).isLessThan(1e-6);
                boolean disjointRanges = number(list.get(i), "to_m") < number(list.get(j), "from_m")
                        || number(list.get(j), "to_m") < number(list.get(i), "from_m");
                assertThat(disjointRanges).as("chainage ranges of zones %d and %d", i + 1, j + 1).isTrue();
            }
        }
    }

    @Test
    void ranksOrderedBySeverityScoreLength() {
        Raster dem = Fixtures.raster(GRID, (x, y) -> x < 320 ? 500 : 500 + 0.1 * y);
        FeatureLayer roads = Fixtures.roads(
                Fixtures.road(1, Fixtures.line(365, 20, 365, 180)),
                Fixtures.road(2, Fixtures.line(345, 20, 345, 100)),
                Fixtures.road(3, eastWest(), "surface", "gravel", "heavy_vehicles_per_day", 60));
        FeatureLayer zones = compute(roads, STREAM, dem);
        assertThat(zones.features()).extracting(f -> f.get("zone_id")).containsExactly(1L, 2L, 3L);
        assertThat(zones.features()).extracting(f -> f.get("rank")).containsExactly(2L, 3L, 1L);
    }

    @Test
    void widthFromClassWhenMissing() {
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(1, eastWest(), "highway", "track")), STREAM, FLAT);
        assertThat(zones.features().get(0).geometry().getArea()).isCloseTo(3.0 * 20, within(1e-6));
    }

    @Test
    void gridMismatchRejected() {
        Raster shifted = Fixtures.raster(Fixtures.grid(40, 20, 10, 0), (x, y) -> 1);
        FeatureLayer roads = Fixtures.roads(Fixtures.road(1, eastWest()));
        assertThatThrownBy(() -> compute(roads, shifted, FLAT))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("flow_acc");
    }

    @Test
    void crsMismatchRejected() {
        GridGeometry other = new GridGeometry(40, 20, 5, 200, 10, 10, "EPSG:32648");
        Raster flow = Fixtures.raster(other, (x, y) -> 1);
        Raster dem = Fixtures.raster(other, (x, y) -> 500);
        FeatureLayer roads = Fixtures.roads(Fixtures.road(1, eastWest()));
        assertThatThrownBy(() -> compute(roads, flow, dem))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("EPSG:32648");
    }

    @Test
    void roadOutsideRastersSkipped() {
        FeatureLayer roads = Fixtures.roads(Fixtures.road(11, Fixtures.line(1000, 1000, 1200, 1000)),
                Fixtures.road(12, eastWest()));
        FeatureLayer zones = compute(roads, STREAM, FLAT);
        assertThat(zones.size()).isEqualTo(1);
        assertThat(diagnostics.count("roads.outsideRasters")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("Road 11 ");
    }

    @Test
    void roadPartlyOutsideWarned() {
        // The raster starts at x = 5 m: the first four units lie wholly outside, the fifth partly.
        FeatureLayer roads = Fixtures.roads(Fixtures.road(13, Fixtures.line(-90, 105, 300, 105)));
        FeatureLayer zones = compute(roads, STREAM, FLAT);
        assertThat(zones.size()).isEqualTo(1);
        assertThat(diagnostics.count("roads.partlyOutside")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("80 m of its 390 m");
    }

    @Test
    void zeroLengthRoadSkipped() {
        FeatureLayer roads = Fixtures.roads(Fixtures.road(21, Fixtures.line(50, 105, 50, 105)),
                Fixtures.road(22, eastWest()));
        FeatureLayer zones = compute(roads, STREAM, FLAT);
        assertThat(zones.size()).isEqualTo(1);
        assertThat(diagnostics.count("roads.zeroLength")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("Road 21 ");
    }

    @Test
    void zeroLengthPartSkipped() {
        Geometry multi = Fixtures.GEOMETRY.createMultiLineString(new LineString[] {
            Fixtures.line(30, 105, 30, 105), eastWest()});
        FeatureLayer roads = new FeatureLayer("roads", GeometryKind.MULTILINESTRING, Fixtures.CRS,
                Fixtures.roads().fields());
        roads.add(new Feature(31, multi));
        FeatureLayer zones = compute(roads, STREAM, FLAT);
        assertThat(zones.size()).isEqualTo(1);
        assertThat(number(zones.features().get(0), "from_m")).isEqualTo(160.0);
        assertThat(diagnostics.count("roads.zeroLengthPart")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("Part 1 of road 31 ");
    }

    @Test
    void ringRoadLowPointAtSeam() {
        // A 640 m ring on a 50 ‰ tilted plane, lowest at its first vertex (20, 20) where the ring closes.
        // The sag sits at chainage 0 = 640 m, and the tie goes to the last unit, whose next neighbour is unit 0.
        UserLocale.set(UserLocale.ENGLISH);
        Raster tilted = Fixtures.raster(GRID, (x, y) -> 500 + 0.05 * (x + y));
        LineString ring = Fixtures.line(20, 20, 180, 20, 180, 180, 20, 180, 20, 20);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(41, ring)), NO_RUNOFF, tilted);
        assertThat(zones.size()).isEqualTo(1);
        Feature zone = zones.features().get(0);
        assertThat(number(zone, "from_m")).isEqualTo(620.0);
        assertThat(number(zone, "to_m")).isEqualTo(640.0);
        assertThat(zone.get("reasons")).isEqualTo("low point at K0+640 where water ponds");
    }

    @Test
    void openRoadEndNeverLowPoint() {
        Raster tilted = Fixtures.raster(GRID, (x, y) -> 500 + 0.05 * (x + y));
        LineString open = Fixtures.line(20, 20, 180, 20, 180, 180, 20, 180, 20, 30);
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(42, open)), NO_RUNOFF, tilted);
        assertThat(zones.size()).isZero();
    }

    @Test
    void notLinearLayerRejected() {
        FeatureLayer points = new FeatureLayer("roads", GeometryKind.POINT, Fixtures.CRS, List.of());
        assertThatThrownBy(() -> compute(points, STREAM, FLAT)).isInstanceOf(CgisException.class);
    }

    @Test
    void invalidOptionRejected() {
        FeatureLayer roads = Fixtures.roads();
        RoadZoneOptions options = RoadZoneOptions.defaults().withUnitLengthM(0);
        assertThatThrownBy(() -> compute(roads, STREAM, FLAT, options))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("unitLengthM");
    }

    @Test
    void missingFlowAccWarned() {
        FeatureLayer zones = compute(Fixtures.roads(Fixtures.road(1, eastWest())), null, FLAT);
        assertThat(zones.size()).isZero();
        assertThat(diagnostics.count("roads.noFlowAcc")).isEqualTo(1);
    }

    @Test
    void noRastersRejected() {
        FeatureLayer roads = Fixtures.roads(Fixtures.road(1, eastWest()));
        assertThatThrownBy(() -> compute(roads, null, null)).isInstanceOf(CgisException.class);
    }
}
