package org.communitygis.report.batch;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.store.GeoPackageStore;
import org.locationtech.jts.geom.Geometry;

/**
 * Writes {@code results.gpkg}: the tables with geometry as layers ({@code zones} with their figures,
 * {@code unserved} buildings, {@code facilities}, {@code drainage_findings}), features numbered 1, 2, … in
 * table order. The store stamps {@code gpkg_contents.last_change} with the current time; this writer sets
 * it to 2000-01-01T00:00:00.000Z afterwards, so reruns give equal content.
 */
final class ResultGeoPackage {
    private static final String FIXED_CHANGE = "2000-01-01T00:00:00.000Z";

    private ResultGeoPackage() {
    }

    /**
     * Writes the layers into the new file {@code file}.
     *
     * @param crs the CRS of every geometry in {@code tables}
     */
    static void write(Path file, String crs, Map<String, Table> tables) throws SQLException {
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
            store.setCrs(crs);
            store.writeFeatures(layer(tables.get(BatchTables.ZONES), GeometryKind.MULTIPOLYGON, crs));
            store.writeFeatures(layer(tables.get(BatchTables.UNSERVED), GeometryKind.MULTIPOLYGON, crs));
            store.writeFeatures(layer(tables.get(BatchTables.FACILITIES), GeometryKind.POINT, crs));
            store.writeFeatures(layer(tables.get(BatchTables.DRAINAGE), GeometryKind.LINESTRING, crs));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE gpkg_contents SET last_change = '" + FIXED_CHANGE + "'");
        }
    }

    private static FeatureLayer layer(Table table, GeometryKind kind, String crs) {
        List<Field> fields = new ArrayList<>();
        for (Table.Column column : table.columns) {
            fields.add(new Field(column.key(), switch (column.type()) {
                case TEXT -> FieldType.STRING;
                case INTEGER -> FieldType.INTEGER;
                case REAL -> FieldType.REAL;
                case BOOLEAN -> FieldType.BOOLEAN;
            }));
        }
        FeatureLayer layer = new FeatureLayer(table.name, kind, crs, fields);
        for (int r = 0; r < table.rows.size(); r++) {
            Geometry geometry = table.geometries.get(r);
            Feature feature = new Feature(r + 1, geometry);
            Object[] values = table.rows.get(r);
            for (int c = 0; c < values.length; c++) {
                feature.set(table.columns.get(c).key(), values[c]);
            }
            layer.add(feature);
        }
        return layer;
    }
}
