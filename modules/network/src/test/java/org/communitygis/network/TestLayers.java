package org.communitygis.network;

import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/** Builders for small hand-made layers in a projected CRS (metres). */
final class TestLayers {
    static final String CRS = "EPSG:4544";
    static final GeometryFactory GF = new GeometryFactory();

    private TestLayers() {
    }

    static LineString line(double... xy) {
        Coordinate[] coordinates = new Coordinate[xy.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        return GF.createLineString(coordinates);
    }

    static Polygon box(double minX, double minY, double maxX, double maxY) {
        return GF.createPolygon(new Coordinate[] {new Coordinate(minX, minY), new Coordinate(maxX, minY),
            new Coordinate(maxX, maxY), new Coordinate(minX, maxY), new Coordinate(minX, minY)});
    }

    static FeatureLayer pipes() {
        return new FeatureLayer("pipes", GeometryKind.LINESTRING, CRS, NetworkLayers.PIPES_FIELDS);
    }

    static FeatureLayer buildings() {
        return new FeatureLayer("buildings", GeometryKind.MULTIPOLYGON, CRS, java.util.List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("building", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("households", FieldType.INTEGER),
                new Field("residents", FieldType.INTEGER)));
    }

    static FeatureLayer roads() {
        return new FeatureLayer("roads", GeometryKind.LINESTRING, CRS, java.util.List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("highway", FieldType.STRING),
                new Field("name", FieldType.STRING)));
    }

    static FeatureLayer zones() {
        return new FeatureLayer("zones", GeometryKind.MULTIPOLYGON, CRS, java.util.List.of(
                new Field("name", FieldType.STRING), new Field("code", FieldType.STRING)));
    }

    static FeatureLayer facilities() {
        return new FeatureLayer("facilities", GeometryKind.POINT, CRS, java.util.List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING),
                new Field("capacity_households", FieldType.INTEGER), new Field("capacity_m3_per_day", FieldType.REAL),
                new Field("power_kw", FieldType.REAL), new Field("network", FieldType.STRING)));
    }

    static void addPipe(FeatureLayer layer, long id, LineString geometry, Map<String, ?> attributes) {
        layer.add(new Feature(id, geometry, attributes));
    }

    /** A DEM over [0, 1000] × [0, 1000] m with 10 m cells whose ground falls eastwards: z = 100 − slope·x. */
    static Raster eastwardSlope(double slope) {
        GridGeometry grid = new GridGeometry(100, 100, 0, 1000, 10, 10, CRS);
        float[] data = new float[grid.size()];
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                data[grid.index(col, row)] = (float) (100 - slope * grid.centerX(col));
            }
        }
        return new Raster(grid, data, -9999f, "m");
    }
}
