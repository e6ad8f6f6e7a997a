package org.communitygis.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.MemoryStore;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * A small project near Chengdu in EPSG:4544 (CGCS2000 3° Gauss-Krüger, CM 105°E), using the layer names
 * and fields of the architecture document. It has 400 survey points on an exact CRS84 grid, buildings
 * with coverage results, roads, zones, facilities, road damage zones, and DEM and flow-direction rasters.
 */
final class TestProject {
    /** EPSG:4544 position of the reference facility; CRS84 (104.07, 30.67) to within 1 m. */
    static final double KNOWN_EASTING = 410874.8;
    static final double KNOWN_NORTHING = 3394757.3;
    /** Survey grid: POINTS_PER_SIDE² points from (GRID_LON, GRID_LAT) every GRID_STEP degrees. */
    static final int POINTS_PER_SIDE = 20;
    static final double GRID_LON = 104.060;
    static final double GRID_LAT = 30.660;
    static final double GRID_STEP = 0.001;
    static final int BUILDINGS = 120;
    static final String CRS = "EPSG:4544";

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private TestProject() {
    }

    static MemoryStore create() {
        MemoryStore store = new MemoryStore();
        store.setCrs(CRS);
        CrsTransform toProject = Crs.transform(Crs.CRS84, CRS);
        store.writeFeatures(surveyPoints(toProject));
        store.writeFeatures(facilities());
        store.writeFeatures(zones());
        store.writeFeatures(coverageBuildings());
        store.writeFeatures(roads());
        store.writeFeatures(roadDamageZones());
        store.writeRaster("dem", dem());
        store.writeRaster("flow_dir", flowDirections());
        return store;
    }

    private static FeatureLayer surveyPoints(CrsTransform toProject) {
        FeatureLayer layer = new FeatureLayer("survey_points", GeometryKind.POINT, CRS,
                List.of(new Field("name", FieldType.STRING), new Field("row", FieldType.INTEGER),
                        new Field("col", FieldType.INTEGER)));
        long id = 1;
        for (int row = 0; row < POINTS_PER_SIDE; row++) {
            for (int col = 0; col < POINTS_PER_SIDE; col++) {
                double[] xy = {GRID_LON + col * GRID_STEP, GRID_LAT + row * GRID_STEP};
                toProject.apply(xy);
                layer.add(new Feature(id++, FACTORY.createPoint(new Coordinate(xy[0], xy[1])),
                        Map.of("name", "测点" + row + "-" + col, "row", row, "col", col)));
            }
        }
        return layer;
    }

    private static FeatureLayer facilities() {
        FeatureLayer layer = new FeatureLayer("facilities", GeometryKind.POINT, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING),
                new Field("capacity_households", FieldType.INTEGER), new Field("capacity_m3_per_day", FieldType.REAL),
                new Field("power_kw", FieldType.REAL), new Field("network", FieldType.STRING)));
        layer.add(new Feature(1, point(KNOWN_EASTING, KNOWN_NORTHING), attributes("name", "一组污水处理站",
                "kind", "treatment_unit", "capacity_households", 120, "capacity_m3_per_day", 36.0, "network", "一组")));
        layer.add(new Feature(2, point(KNOWN_EASTING + 320, KNOWN_NORTHING - 180), attributes("name", "二组化粪池",
                "kind", "septic_tank", "capacity_households", 30, "network", "二组")));
        layer.add(new Feature(3, point(KNOWN_EASTING - 250, KNOWN_NORTHING + 90), attributes("name", "提升泵站",
                "kind", "pump_station", "power_kw", 5.5, "network", "一组")));
        return layer;
    }

    private static FeatureLayer zones() {
        FeatureLayer layer = new FeatureLayer("zones", GeometryKind.MULTIPOLYGON, CRS,
                List.of(new Field("name", FieldType.STRING), new Field("code", FieldType.STRING)));
        layer.add(new Feature(1, FACTORY.createMultiPolygon(new Polygon[] {
            box(KNOWN_EASTING - 600, KNOWN_NORTHING - 400, KNOWN_EASTING, KNOWN_NORTHING + 400)}),
                attributes("name", "一组", "code", "G1")));
        layer.add(new Feature(2, FACTORY.createMultiPolygon(new Polygon[] {
            box(KNOWN_EASTING, KNOWN_NORTHING - 400, KNOWN_EASTING + 600, KNOWN_NORTHING + 400)}),
                attributes("name", "二组", "code", "G2")));
        return layer;
    }

    private static FeatureLayer coverageBuildings() {
        FeatureLayer layer = new FeatureLayer("coverage_buildings", GeometryKind.MULTIPOLYGON, CRS, List.of(
                new Field("building_id", FieldType.INTEGER), new Field("zone", FieldType.STRING),
                new Field("households", FieldType.INTEGER), new Field("residents", FieldType.INTEGER),
                new Field("nearest_pipe_id", FieldType.INTEGER), new Field("pipe_distance_m", FieldType.REAL),
                new Field("served_buffer", FieldType.BOOLEAN), new Field("road_distance_m", FieldType.REAL),
                new Field("served_road", FieldType.BOOLEAN), new Field("served", FieldType.BOOLEAN),
                new Field("network", FieldType.STRING)));
        for (int i = 0; i < BUILDINGS; i++) {
            double x = KNOWN_EASTING - 550 + (i % 12) * 95;
            double y = KNOWN_NORTHING - 350 + (i / 12) * 75;
            double distance = 5 + (i * 37 % 90);
            boolean served = distance <= 40;
            layer.add(new Feature(i + 1, FACTORY.createMultiPolygon(new Polygon[] {box(x, y, x + 12, y + 9)}),
                    attributes("building_id", i + 1, "zone", x < KNOWN_EASTING ? "一组" : "二组",
                            "households", 1 + i % 3, "residents", 3 + i % 4, "nearest_pipe_id", 1 + i % 5,
                            "pipe_distance_m", distance, "served_buffer", served, "road_distance_m", distance / 2,
                            "served_road", served, "served", served, "network", served ? "一组" : null)));
        }
        return layer;
    }

    private static FeatureLayer roads() {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("highway", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("surface", FieldType.STRING),
                new Field("width_m", FieldType.REAL)));
        String[] names = {"村道一号", "机耕道", "环村路", "新华路", "田间路"};
        for (int i = 0; i < names.length; i++) {
            double y = KNOWN_NORTHING - 300 + i * 150;
            layer.add(new Feature(i + 1, FACTORY.createLineString(new Coordinate[] {
                new Coordinate(KNOWN_EASTING - 700, y), new Coordinate(KNOWN_EASTING, y + 20),
                new Coordinate(KNOWN_EASTING + 700, y - 10)}),
                    attributes("osm_id", 1000 + i, "highway", i % 2 == 0 ? "track" : "residential", "name", names[i],
                            "surface", i % 2 == 0 ? "gravel" : "asphalt", "width_m", 3.5 + i)));
        }
        return layer;
    }

    private static FeatureLayer roadDamageZones() {
        FeatureLayer layer = new FeatureLayer("road_damage_zones", GeometryKind.POLYGON, CRS, List.of(
                new Field("zone_id", FieldType.INTEGER), new Field("road_id", FieldType.INTEGER),
                new Field("road_name", FieldType.STRING), new Field("severity", FieldType.INTEGER),
                new Field("severity_label", FieldType.STRING), new Field("reasons", FieldType.STRING)));
        String[] labels = {"低", "中", "高"};
        for (int i = 0; i < 3; i++) {
            double x = KNOWN_EASTING - 500 + i * 300;
            double y = KNOWN_NORTHING - 300;
            layer.add(new Feature(i + 1, box(x, y - 8, x + 80, y + 8), attributes("zone_id", i + 1, "road_id", 1,
                    "road_name", "村道一号", "severity", i + 1, "severity_label", labels[i], "reasons", "汇水冲刷")));
        }
        return layer;
    }

    /** 60 × 40 cells of 20 m, elevation rising to the north-east, a NoData hole at the centre. */
    static Raster dem() {
        GridGeometry grid = new GridGeometry(60, 40, KNOWN_EASTING - 600, KNOWN_NORTHING + 400, 20, 20, CRS);
        float[] data = new float[grid.size()];
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                boolean hole = Math.abs(col - 30) < 4 && Math.abs(row - 20) < 4;
                data[grid.index(col, row)] = hole ? Float.NaN : 480f + col * 0.8f + (grid.rows() - row) * 0.5f;
            }
        }
        return new Raster(grid, data, -9999f, "m");
    }

    private static Raster flowDirections() {
        GridGeometry grid = new GridGeometry(30, 20, KNOWN_EASTING - 600, KNOWN_NORTHING + 400, 40, 40, CRS);
        float[] data = new float[grid.size()];
        int[] codes = {1, 2, 4, 8, 16, 32, 64, 128, 0};
        for (int i = 0; i < data.length; i++) {
            data[i] = codes[i % codes.length];
        }
        return new Raster(grid, data, 255f, "");
    }

    private static Geometry point(double x, double y) {
        return FACTORY.createPoint(new Coordinate(x, y));
    }

    private static Polygon box(double minX, double minY, double maxX, double maxY) {
        return FACTORY.createPolygon(new Coordinate[] {new Coordinate(minX, minY), new Coordinate(maxX, minY),
            new Coordinate(maxX, maxY), new Coordinate(minX, maxY), new Coordinate(minX, minY)});
    }

    private static Map<String, Object> attributes(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** Returns the names of the vector layers {@link #create()} writes, sorted. */
    static List<String> vectorLayers() {
        List<String> names = new ArrayList<>(List.of("coverage_buildings", "facilities", "road_damage_zones", "roads",
                "survey_points", "zones"));
        names.sort(null);
        return names;
    }
}
