package org.communitygis.roads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
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

/** Hand-made rasters and roads for the tests, in EPSG:4544 metres. */
final class Fixtures {
    static final String CRS = "EPSG:4544";
    static final GeometryFactory GEOMETRY = new GeometryFactory();

    private Fixtures() {
    }

    /** Returns a grid of square cells whose lower-left corner is (originX, 0). */
    static GridGeometry grid(int cols, int rows, double cell, double originX) {
        return new GridGeometry(cols, rows, originX, rows * cell, cell, cell, CRS);
    }

    /** Returns a raster whose cells hold {@code value} at their centre (x, y). */
    static Raster raster(GridGeometry grid, DoubleBinaryOperator value) {
        float[] data = new float[grid.size()];
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                data[grid.index(col, row)] = (float) value.applyAsDouble(grid.centerX(col), grid.centerY(row));
            }
        }
        return new Raster(grid, data, -9999f, "");
    }

    /** Returns a line through the given x, y pairs. */
    static LineString line(double... xy) {
        Coordinate[] coordinates = new Coordinate[xy.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        return GEOMETRY.createLineString(coordinates);
    }

    /** Returns a road feature; {@code attributes} alternate field names and values. */
    static Feature road(long id, LineString line, Object... attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            values.put((String) attributes[i], attributes[i + 1]);
        }
        return new Feature(id, line, values);
    }

    /** Returns a {@code roads} layer with the imported schema of docs/architecture.md. */
    static FeatureLayer roads(Feature... features) {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("highway", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("ref", FieldType.STRING),
                new Field("surface", FieldType.STRING), new Field("lanes", FieldType.INTEGER),
                new Field("width_m", FieldType.REAL), new Field("maxweight_t", FieldType.REAL),
                new Field("heavy_vehicles_per_day", FieldType.INTEGER)));
        for (Feature feature : features) {
            layer.add(feature);
        }
        return layer;
    }
}
