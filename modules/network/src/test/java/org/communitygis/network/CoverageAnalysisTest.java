package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.communitygis.network.TestLayers.box;
import static org.communitygis.network.TestLayers.line;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.progress.Progress;
import org.junit.jupiter.api.Test;

class CoverageAnalysisTest {
    private final Diagnostics diagnostics = new Diagnostics();
    private final CoverageOptions options = CoverageOptions.defaults();

    private CoverageResult run(FeatureLayer buildings, FeatureLayer pipes, FeatureLayer roads, FeatureLayer zones,
            FeatureLayer facilities, CoverageOptions chosen) {
        return CoverageAnalysis.run(buildings, pipes, Optional.ofNullable(roads), Optional.ofNullable(zones),
                Optional.ofNullable(facilities), chosen, Progress.NONE, diagnostics);
    }

    private static Feature byId(FeatureLayer layer, long id) {
        return layer.features().stream().filter(f -> f.id() == id).findFirst().orElseThrow();
    }

    private static FeatureLayer oneSewer(double... xy) {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(xy), Map.of("kind", "sewer", "network", ""));
        return pipes;
    }

    @Test
    void building20mFromPipeServedByBuffer() {
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(50, 20, 60, 30), Map.of("building", "house")));
        buildings.add(new Feature(2, box(50, 40, 60, 50), Map.of("building", "house")));
        CoverageResult result = run(buildings, oneSewer(0, 0, 200, 0), null, null, null, options);
        Feature near = byId(result.buildings(), 1);
        assertThat(near.getDouble("pipe_distance_m", -1)).isCloseTo(20, within(1e-9));
        assertThat(near.get("served_buffer")).isEqualTo(true);
        assertThat(near.get("served")).isEqualTo(true);
        assertThat(near.get("road_distance_m")).isNull();
        assertThat(near.get("nearest_pipe_id")).isEqualTo(1L);
        assertThat(byId(result.buildings(), 2).get("served_buffer")).isEqualTo(false);
    }

    @Test
    void roadPath305mNotServed() {
        // Road north from (0,0) to (0,300); the pipe crosses it at (0,0). The building sits 5 m beyond the
        // road's end, so its path is 5 + 300 + 0 m.
        FeatureLayer roads = TestLayers.roads();
        roads.add(new Feature(1, line(0, 0, 0, 150, 0, 300), Map.of("highway", "residential")));
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(-5, 305, 5, 315), Map.of("building", "house")));
        CoverageResult result = run(buildings, oneSewer(-20, 0, 20, 0), roads, null, null, options);
        Feature building = byId(result.buildings(), 1);
        assertThat(building.getDouble("road_distance_m", -1)).isCloseTo(305, within(1e-6));
        assertThat(building.get("served_road")).isEqualTo(false);
        assertThat(building.get("served")).isEqualTo(false);

        CoverageResult wider = run(buildings, oneSewer(-20, 0, 20, 0), roads, null, null,
                options.withRoadDistanceM(310));
        assertThat(byId(wider.buildings(), 1).get("served")).isEqualTo(true);
    }

    @Test
    void roadPathAddsPipeOffset() {
        // Pipe 5 m south of an east-west road, ending at x = 100; building 10 m north of the road at x 140..150.
        FeatureLayer roads = TestLayers.roads();
        roads.add(new Feature(1, line(0, 0, 500, 0), Map.of("highway", "residential")));
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(140, 10, 150, 20), Map.of("building", "house")));
        buildings.add(new Feature(2, box(395, 10, 405, 20), Map.of("building", "house")));
        CoverageResult result = run(buildings, oneSewer(0, -5, 100, -5), roads, null, null, options);
        Feature near = byId(result.buildings(), 1);
        assertThat(near.getDouble("road_distance_m", -1)).isCloseTo(10 + 40 + 5, within(10.0));
        assertThat(near.get("served_road")).isEqualTo(true);
        assertThat(near.get("served_buffer")).isEqualTo(false);
        assertThat(near.get("served")).isEqualTo(true);
        Feature far = byId(result.buildings(), 2);
        assertThat(far.getDouble("road_distance_m", -1)).isBetween(305.0, 315.0);
        assertThat(far.get("served")).isEqualTo(false);
    }

    @Test
    void disconnectedRoadHasNoPath() {
        FeatureLayer roads = TestLayers.roads();
        roads.add(new Feature(1, line(0, 0, 100, 0), Map.of("highway", "residential")));
        roads.add(new Feature(2, line(0, 300, 100, 300), Map.of("highway", "residential")));
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(40, 305, 50, 315), Map.of("building", "house")));
        CoverageResult result = run(buildings, oneSewer(50, -10, 50, 10), roads, null, null, options);
        assertThat(byId(result.buildings(), 1).get("road_distance_m")).isNull();
        assertThat(byId(result.buildings(), 1).get("served")).isEqualTo(false);
    }

    @Test
    void householdsAndResidents() {
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(0, 10, 10, 20), Map.of("building", "house")));
        buildings.add(new Feature(2, box(20, 10, 30, 20), Map.of("building", "shed")));
        buildings.add(new Feature(3, box(40, 10, 50, 20), Map.of("building", "apartments", "households", 6L)));
        buildings.add(new Feature(4, box(60, 10, 70, 20), Map.of("building", "yes", "households", 2L,
                "residents", 7L)));
        FeatureLayer out = run(buildings, oneSewer(0, 0, 100, 0), null, null, null, options).buildings();
        assertThat(byId(out, 1).get("households")).isEqualTo(1L);
        assertThat(byId(out, 1).get("residents")).isEqualTo(3L);
        assertThat(byId(out, 2).get("households")).isEqualTo(0L);
        assertThat(byId(out, 3).get("residents")).isEqualTo(16L);
        assertThat(byId(out, 4).get("residents")).isEqualTo(7L);
    }

    @Test
    void zoneTotals() {
        java.util.Locale previous = UserLocale.get();
        UserLocale.set(UserLocale.CHINESE);
        try {
            checkZoneTotals();
        } finally {
            UserLocale.set(previous);
        }
    }

    private static long sum(FeatureLayer table, String field) {
        return table.features().stream().mapToLong(row -> row.getLong(field, 0)).sum();
    }

    private void checkZoneTotals() {
        FeatureLayer zones = TestLayers.zones();
        zones.add(new Feature(1, box(0, 0, 100, 100), Map.of("name", "一组")));
        zones.add(new Feature(2, box(100, 0, 200, 100), Map.of("name", "二组")));
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(10, 10, 20, 20), Map.of("building", "house", "households", 2L)));
        buildings.add(new Feature(2, box(30, 70, 40, 80), Map.of("building", "house", "households", 3L)));
        buildings.add(new Feature(3, box(150, 10, 160, 20), Map.of("building", "house", "households", 4L)));
        buildings.add(new Feature(4, box(500, 500, 510, 510), Map.of("building", "house", "households", 5L)));
        CoverageResult result = run(buildings, oneSewer(0, 0, 200, 0), null, zones, null, options);
        FeatureLayer table = result.zones().orElseThrow();
        assertThat(table.size()).isEqualTo(3);
        Feature first = table.features().get(0);
        assertThat(first.get("zone")).isEqualTo("一组");
        assertThat(first.get("households")).isEqualTo(5L);
        assertThat(first.get("served_households")).isEqualTo(2L);
        assertThat(first.getDouble("served_share_pct", -1)).isCloseTo(40, within(1e-9));
        assertThat(table.features().get(2).get("zone")).isEqualTo("");
        assertThat(sum(table, "buildings")).isEqualTo(4L);
        assertThat(sum(table, "households")).isEqualTo(14L);
        assertThat(sum(table, "served_households")).isEqualTo(6L);
        assertThat(sum(table, "unserved_households")).isEqualTo(8L);
        assertThat(byId(result.buildings(), 4).get("zone")).isEqualTo("");
        assertThat(byId(result.buildings(), 3).get("zone")).isEqualTo("二组");
    }

    @Test
    void facilityLoadOver() {
        FeatureLayer buildings = TestLayers.buildings();
        for (int i = 0; i < 3; i++) {
            buildings.add(new Feature(i + 1, box(20 * i, 10, 20 * i + 10, 20),
                    Map.of("building", "house", "households", 10L, "residents", 26L)));
        }
        buildings.add(new Feature(9, box(20, 400, 30, 410), Map.of("building", "house", "households", 10L)));
        FeatureLayer facilities = TestLayers.facilities();
        facilities.add(new Feature(1, TestLayers.GF.createPoint(new org.locationtech.jts.geom.Coordinate(110, 0)),
                Map.of("name", "一组污水处理站", "kind", "treatment_unit", "capacity_m3_per_day", 10.0)));
        facilities.add(new Feature(2, TestLayers.GF.createPoint(new org.locationtech.jts.geom.Coordinate(900, 900)),
                Map.of("name", "远处化粪池", "kind", "septic_tank", "capacity_households", 5L)));
        facilities.add(new Feature(3, TestLayers.GF.createPoint(new org.locationtech.jts.geom.Coordinate(5, 0)),
                Map.of("name", "泵站", "kind", "pump_station")));
        CoverageResult result = run(buildings, oneSewer(0, 0, 100, 0), null, null, facilities, options);
        FeatureLayer table = result.facilities().orElseThrow();
        assertThat(table.size()).isEqualTo(2);
        Feature plant = byId(table, 1);
        // 78 residents × 80 L / 1000 = 6.24 m³/day mean, 0.072 L/s → Kz 2.3 → 14.352 m³/day.
        assertThat(plant.get("connected_households")).isEqualTo(30L);
        assertThat(plant.getDouble("design_flow_m3_per_day", -1)).isCloseTo(14.352, within(1e-9));
        assertThat(plant.getDouble("load_pct", -1)).isCloseTo(143.52, within(1e-9));
        assertThat(plant.get("flag")).isEqualTo("over");
        Feature tank = byId(table, 2);
        assertThat(tank.get("connected_households")).isEqualTo(0L);
        assertThat(tank.getDouble("load_pct", -1)).isCloseTo(0, within(1e-9));
        assertThat(tank.get("flag")).isEqualTo("ok");
    }

    @Test
    void namedNetworksMatchFacilities() {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(0, 0, 100, 0), Map.of("kind", "sewer", "network", "A"));
        TestLayers.addPipe(pipes, 2, line(0, 500, 100, 500), Map.of("kind", "sewer", "network", "B"));
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(10, 10, 20, 20), Map.of("building", "house")));
        buildings.add(new Feature(2, box(10, 510, 20, 520), Map.of("building", "house", "households", 4L)));
        FeatureLayer facilities = TestLayers.facilities();
        // Facility B lies next to network A: the name decides, not the distance.
        facilities.add(new Feature(1, TestLayers.GF.createPoint(new org.locationtech.jts.geom.Coordinate(0, -5)),
                Map.of("kind", "treatment_unit", "network", "B", "capacity_households", 4L)));
        facilities.add(new Feature(2, TestLayers.GF.createPoint(new org.locationtech.jts.geom.Coordinate(0, 505)),
                Map.of("kind", "treatment_unit", "network", "A")));
        CoverageResult result = run(buildings, pipes, null, null, facilities, options);
        FeatureLayer table = result.facilities().orElseThrow();
        assertThat(byId(table, 1).get("connected_households")).isEqualTo(4L);
        assertThat(byId(table, 1).getDouble("load_pct", -1)).isCloseTo(100, within(1e-9));
        assertThat(byId(table, 1).get("flag")).isEqualTo("ok");
        assertThat(byId(table, 2).get("connected_households")).isEqualTo(1L);
        assertThat(byId(table, 2).get("flag")).isEqualTo("unknown");
        assertThat(byId(result.buildings(), 2).get("network")).isEqualTo("B");
    }

    @Test
    void missingPipesRejected() {
        FeatureLayer buildings = TestLayers.buildings();
        assertThatThrownBy(() -> run(buildings, null, null, null, null, options))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("--trial-network");
    }

    @Test
    void wrongKindsRejected() {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(0, 0, 100, 0), Map.of("kind", "ditch"));
        FeatureLayer buildings = TestLayers.buildings();
        assertThatThrownBy(() -> run(buildings, pipes, null, null, null, options))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("kinds present: ditch");
        CoverageResult ditches = run(buildings, pipes, null, null, null, options.withPipeKinds(Set.of("ditch")));
        assertThat(ditches.buildings().size()).isZero();
    }

    @Test
    void pointBuildingSkipped() {
        FeatureLayer buildings = new FeatureLayer("buildings", org.communitygis.core.feature.GeometryKind.GEOMETRY,
                TestLayers.CRS, TestLayers.buildings().fields());
        buildings.add(new Feature(5, TestLayers.GF.createPoint(new org.locationtech.jts.geom.Coordinate(1, 1))));
        CoverageResult result = run(buildings, oneSewer(0, 0, 100, 0), null, null, null, options);
        assertThat(result.buildings().size()).isZero();
        assertThat(diagnostics.count("coverage.badBuilding")).isEqualTo(1);
    }
}
