package org.communitygis.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/** Layers for the store tests, in EPSG:4544 (CGCS2000 3-degree Gauss-Kruger CM 105E) metres. */
final class Layers {
    static final String CRS = "EPSG:4544";
    static final GeometryFactory FACTORY = new GeometryFactory();
    static final double X0 = 500_000;
    static final double Y0 = 3_400_000;

    private Layers() {
    }

    /** Returns a square of side {@code size} m with its lower-left corner at (x, y). */
    static Polygon square(double x, double y, double size) {
        return FACTORY.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + size, y),
                new Coordinate(x + size, y + size), new Coordinate(x, y + size), new Coordinate(x, y)});
    }

    /** Returns {@code count} buildings as MultiPolygons of one or two squares, with attributes. */
    static FeatureLayer buildings(int count) {
        FeatureLayer layer = new FeatureLayer("buildings", GeometryKind.MULTIPOLYGON, CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("building", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("households", FieldType.INTEGER),
                new Field("residents", FieldType.INTEGER)));
        for (int i = 1; i <= count; i++) {
            double x = X0 + (i % 100) * 30.0;
            double y = Y0 + (i / 100) * 30.0;
            Polygon[] parts = i % 2 == 0 ? new Polygon[] {square(x, y, 10)}
                    : new Polygon[] {square(x, y, 10), square(x + 12, y, 5)};
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("osm_id", 1000L + i);
            attributes.put("building", i % 3 == 0 ? "house" : "farm_auxiliary");
            attributes.put("name", i % 5 == 0 ? null : "一组 " + i + " 号");
            attributes.put("households", (long) (i % 4));
            attributes.put("residents", i % 7 == 0 ? null : (long) (i % 4) * 3);
            layer.add(new Feature(i, FACTORY.createMultiPolygon(parts), attributes));
        }
        return layer;
    }

    /** Returns two pipes with every field type, including nulls, NaN-free reals and Chinese text. */
    static FeatureLayer pipes() {
        FeatureLayer layer = new FeatureLayer("pipes", GeometryKind.LINESTRING, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING),
                new Field("diameter_mm", FieldType.REAL), new Field("lanes", FieldType.INTEGER),
                new Field("planned", FieldType.BOOLEAN)));
        layer.add(new Feature(7, line(X0, Y0, X0 + 120.5, Y0 - 33.25), Map.of("name", "污水主管 一组", "kind", "sewer",
                "diameter_mm", 300.0, "lanes", 2L, "planned", true)));
        Map<String, Object> nulls = new LinkedHashMap<>();
        nulls.put("name", null);
        nulls.put("kind", "ditch");
        nulls.put("diameter_mm", null);
        nulls.put("lanes", null);
        nulls.put("planned", false);
        layer.add(new Feature(9, line(X0 + 0.125, Y0, X0 + 7, Y0 + 1e-3), nulls));
        return layer;
    }

    /** Returns three facilities as points. */
    static FeatureLayer facilities() {
        FeatureLayer layer = new FeatureLayer("facilities", GeometryKind.POINT, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("capacity_m3_per_day", FieldType.REAL)));
        for (int i = 1; i <= 3; i++) {
            layer.add(new Feature(i, FACTORY.createPoint(new Coordinate(X0 + i * 0.1, Y0 - i * 1e6 / 3)),
                    Map.of("name", "处理站" + i, "capacity_m3_per_day", i / 3.0)));
        }
        return layer;
    }

    static Geometry line(double x1, double y1, double x2, double y2) {
        return FACTORY.createLineString(new Coordinate[] {new Coordinate(x1, y1), new Coordinate(x2, y2)});
    }
}
