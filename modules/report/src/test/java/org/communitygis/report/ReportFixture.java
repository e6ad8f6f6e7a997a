package org.communitygis.report;

import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.store.MemoryStore;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * A hand-made project with the analysis layers of a coverage run, following the layer schemas: two zones
 * (一组 west, 二组 east), six buildings, a sewer with a reverse link, a septic tank over capacity and two
 * road damage zones.
 */
final class ReportFixture {
    static final String CRS = "EPSG:4544";
    static final double E0 = 430000;
    static final double N0 = 3390000;
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private ReportFixture() {
    }

    /** Returns the full project: imported layers plus every analysis layer. */
    static MemoryStore full() {
        MemoryStore store = new MemoryStore();
        store.setCrs(CRS);
        store.putMetadata("project.name", "测试村");
        store.putMetadata("analysis.coverage.time", "2024-06-11T08:00:00Z");
        store.putMetadata("analysis.coverage.params", "buffer_m=30;road_m=80");
        store.writeFeatures(zones());
        store.writeFeatures(roads());
        store.writeFeatures(pipes());
        store.writeFeatures(facilities());
        store.writeFeatures(coverageBuildings());
        store.writeFeatures(coverageZones());
        store.writeFeatures(coverageFacilities());
        store.writeFeatures(pipeGradients());
        store.writeFeatures(damageZones());
        store.writeFeatures(roadGradients());
        return store;
    }

    static Polygon rectangle(double u0, double v0, double u1, double v1) {
        return FACTORY.createPolygon(new Coordinate[] {c(u0, v0), c(u1, v0), c(u1, v1), c(u0, v1), c(u0, v0)});
    }

    static Coordinate c(double u, double v) {
        return new Coordinate(E0 + u, N0 + v);
    }

    static Geometry line(double... uv) {
        Coordinate[] coordinates = new Coordinate[uv.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = c(uv[2 * i], uv[2 * i + 1]);
        }
        return FACTORY.createLineString(coordinates);
    }

    static FeatureLayer zones() {
        FeatureLayer layer = new FeatureLayer("zones", GeometryKind.MULTIPOLYGON, CRS,
                List.of(new Field("name", FieldType.STRING), new Field("code", FieldType.STRING)));
        layer.add(new Feature(1, rectangle(0, 0, 300, 300), Map.of("name", "一组", "code", "1")));
        layer.add(new Feature(2, rectangle(300, 0, 600, 300), Map.of("name", "二组", "code", "2")));
        return layer;
    }

    static FeatureLayer roads() {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, CRS, List.of(
                new Field("highway", FieldType.STRING), new Field("name", FieldType.STRING)));
        layer.add(new Feature(1, line(0, 150, 600, 150), Map.of("highway", "tertiary", "name", "桃园路")));
        layer.add(new Feature(2, line(150, 150, 150, 290), Map.of("highway", "residential", "name", "一组村道")));
        layer.add(new Feature(3, line(450, 150, 450, 10), Map.of("highway", "track")));
        return layer;
    }

    static FeatureLayer pipes() {
        FeatureLayer layer = new FeatureLayer("pipes", GeometryKind.LINESTRING, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING), new Field("network", FieldType.STRING)));
        layer.add(new Feature(1, line(280, 170, 160, 170), Map.of("name", "W1", "kind", "sewer", "network", "污水一期")));
        layer.add(new Feature(2, line(160, 170, 40, 170), Map.of("name", "W2", "kind", "sewer", "network", "污水一期")));
        layer.add(new Feature(3, line(500, 60, 500, 250), Map.of("name", "提灌主管", "kind", "rising_main", "network", "提灌")));
        return layer;
    }

    static FeatureLayer facilities() {
        FeatureLayer layer = new FeatureLayer("facilities", GeometryKind.POINT, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING)));
        layer.add(new Feature(1, FACTORY.createPoint(c(40, 170)), Map.of("name", "一体化污水处理设备", "kind", "treatment_unit")));
        layer.add(new Feature(2, FACTORY.createPoint(c(560, 200)), Map.of("name", "化粪池", "kind", "septic_tank")));
        layer.add(new Feature(3, FACTORY.createPoint(c(500, 60)), Map.of("name", "提灌站", "kind", "pump_station")));
        return layer;
    }

    /** Buildings: 1–3 in 一组 (1, 2 served), 4–6 in 二组 (4 served); building 6 has a comma in its network. */
    static FeatureLayer coverageBuildings() {
        FeatureLayer layer = new FeatureLayer("coverage_buildings", GeometryKind.MULTIPOLYGON, CRS, List.of(
                new Field("building_id", FieldType.INTEGER), new Field("zone", FieldType.STRING),
                new Field("households", FieldType.INTEGER), new Field("residents", FieldType.INTEGER),
                new Field("nearest_pipe_id", FieldType.INTEGER), new Field("pipe_distance_m", FieldType.REAL),
                new Field("served_buffer", FieldType.BOOLEAN), new Field("road_distance_m", FieldType.REAL),
                new Field("served_road", FieldType.BOOLEAN), new Field("served", FieldType.BOOLEAN),
                new Field("network", FieldType.STRING)));
        building(layer, 101, 60, 180, "一组", 1, 3, 2L, 8.5, true, 20.0, true, true, "污水一期");
        building(layer, 102, 120, 190, "一组", 2, 5, 2L, 14.25, true, 35.0, true, true, "污水一期");
        building(layer, 103, 200, 260, "一组", 1, 4, 1L, 87.4, false, 140.0, false, false, null);
        building(layer, 104, 350, 200, "二组", 1, 2, 1L, 28.0, true, 60.0, true, true, "污水一期");
        building(layer, 105, 420, 260, "二组", 2, 5, 3L, 75.0, false, 112.3, false, false, null);
        building(layer, 106, 540, 80, "二组", 1, 3, null, Double.NaN, false, Double.NaN, false, false, "a,\"b\"");
        return layer;
    }

    private static void building(FeatureLayer layer, long id, double u, double v, String zone, int households,
            int residents, Long pipeId, double pipeDistance, boolean buffer, double roadDistance, boolean road,
            boolean served, String network) {
        Feature feature = new Feature(id, FACTORY.createMultiPolygon(new Polygon[] {rectangle(u, v, u + 12, v + 10)}));
        feature.set("building_id", id).set("zone", zone).set("households", households).set("residents", residents)
                .set("nearest_pipe_id", pipeId).set("pipe_distance_m", Double.isNaN(pipeDistance) ? null : pipeDistance)
                .set("served_buffer", buffer).set("road_distance_m", Double.isNaN(roadDistance) ? null : roadDistance)
                .set("served_road", road).set("served", served).set("network", network);
        layer.add(feature);
    }

    static FeatureLayer coverageZones() {
        FeatureLayer layer = new FeatureLayer("coverage_zones", GeometryKind.MULTIPOLYGON, CRS, List.of(
                new Field("zone", FieldType.STRING), new Field("buildings", FieldType.INTEGER),
                new Field("households", FieldType.INTEGER), new Field("residents", FieldType.INTEGER),
                new Field("served_households", FieldType.INTEGER), new Field("served_residents", FieldType.INTEGER),
                new Field("served_share_pct", FieldType.REAL), new Field("unserved_households", FieldType.INTEGER)));
        layer.add(new Feature(1, rectangle(0, 0, 300, 300), Map.of("zone", "一组", "buildings", 3, "households", 4,
                "residents", 12, "served_households", 3, "served_residents", 8, "served_share_pct", 75.0, "unserved_households", 1)));
        layer.add(new Feature(2, rectangle(300, 0, 600, 300), Map.of("zone", "二组", "buildings", 3, "households", 4,
                "residents", 10, "served_households", 1, "served_residents", 2, "served_share_pct", 25.0, "unserved_households", 3)));
        return layer;
    }

    static FeatureLayer coverageFacilities() {
        FeatureLayer layer = new FeatureLayer("coverage_facilities", GeometryKind.POINT, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING), new Field("network", FieldType.STRING),
                new Field("capacity_households", FieldType.INTEGER), new Field("connected_households", FieldType.INTEGER),
                new Field("design_flow_m3_per_day", FieldType.REAL), new Field("capacity_m3_per_day", FieldType.REAL),
                new Field("load_pct", FieldType.REAL), new Field("flag", FieldType.STRING)));
        layer.add(new Feature(1, FACTORY.createPoint(c(40, 170)), Map.of("name", "一体化污水处理设备", "kind", "treatment_unit",
                "network", "污水一期", "capacity_households", 120, "connected_households", 4, "design_flow_m3_per_day", 1.2,
                "capacity_m3_per_day", 30.0, "load_pct", 3.3, "flag", "ok")));
        layer.add(new Feature(2, FACTORY.createPoint(c(560, 200)), Map.of("name", "化粪池", "kind", "septic_tank",
                "network", "化粪池", "capacity_households", 20, "connected_households", 30, "load_pct", 150.0, "flag", "over")));
        return layer;
    }

    static FeatureLayer pipeGradients() {
        FeatureLayer layer = new FeatureLayer("pipe_gradients", GeometryKind.LINESTRING, CRS, List.of(
                new Field("pipe_id", FieldType.INTEGER), new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING),
                new Field("length_m", FieldType.REAL), new Field("ground_gradient_permille", FieldType.REAL),
                new Field("invert_gradient_permille", FieldType.REAL), new Field("min_gradient_permille", FieldType.REAL),
                new Field("gradient_source", FieldType.STRING), new Field("flag", FieldType.STRING),
                new Field("message", FieldType.STRING)));
        layer.add(new Feature(1, line(280, 170, 160, 170), Map.of("pipe_id", 1, "name", "W1", "kind", "sewer", "length_m", 120.0,
                "ground_gradient_permille", 20.0, "invert_gradient_permille", -3.5, "min_gradient_permille", 2.0,
                "gradient_source", "inverts", "flag", "reverse", "message", "倒坡 3.5‰")));
        layer.add(new Feature(2, line(160, 170, 40, 170), Map.of("pipe_id", 2, "name", "W2", "kind", "sewer", "length_m", 120.0,
                "ground_gradient_permille", 30.0, "invert_gradient_permille", 25.0, "min_gradient_permille", 2.0,
                "gradient_source", "inverts", "flag", "ok", "message", "")));
        return layer;
    }

    static FeatureLayer damageZones() {
        FeatureLayer layer = new FeatureLayer("road_damage_zones", GeometryKind.POLYGON, CRS, List.of(
                new Field("zone_id", FieldType.INTEGER), new Field("road_id", FieldType.INTEGER),
                new Field("road_name", FieldType.STRING), new Field("from_m", FieldType.REAL), new Field("to_m", FieldType.REAL),
                new Field("length_m", FieldType.REAL), new Field("severity", FieldType.INTEGER),
                new Field("severity_label", FieldType.STRING), new Field("reasons", FieldType.STRING),
                new Field("rank", FieldType.INTEGER)));
        layer.add(new Feature(1, rectangle(390, 140, 590, 160), Map.of("zone_id", 1, "road_id", 1, "road_name", "桃园路",
                "from_m", 390.0, "to_m", 590.0, "length_m", 200.0, "severity", 2, "severity_label", "中", "reasons", "坡面汇水", "rank", 2)));
        layer.add(new Feature(2, rectangle(100, 140, 200, 160), Map.of("zone_id", 2, "road_id", 1, "road_name", "桃园路",
                "from_m", 1045.4, "to_m", 1145.0, "length_m", 99.6, "severity", 3, "severity_label", "高",
                "reasons", "砂石路面；重车 80 辆/日", "rank", 1)));
        return layer;
    }

    static FeatureLayer roadGradients() {
        FeatureLayer layer = new FeatureLayer("road_gradients", GeometryKind.LINESTRING, CRS, List.of(
                new Field("road_id", FieldType.INTEGER), new Field("name", FieldType.STRING), new Field("highway", FieldType.STRING),
                new Field("length_m", FieldType.REAL), new Field("max_gradient_permille", FieldType.REAL),
                new Field("flag", FieldType.STRING)));
        layer.add(new Feature(1, line(0, 150, 600, 150), Map.of("road_id", 1, "name", "桃园路", "highway", "tertiary",
                "length_m", 600.0, "max_gradient_permille", 92.5, "flag", "steep")));
        layer.add(new Feature(2, line(150, 150, 150, 290), Map.of("road_id", 2, "name", "一组村道", "highway", "residential",
                "length_m", 140.0, "max_gradient_permille", 30.0, "flag", "ok")));
        return layer;
    }
}
