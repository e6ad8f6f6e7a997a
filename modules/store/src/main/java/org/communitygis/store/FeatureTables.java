package org.communitygis.store;

import static org.communitygis.store.GpkgConnection.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;

/**
 * Writes and reads GeoPackage feature tables (OGC 12-128, clause 2.1) with an RTree spatial index
 * (Annex F.3, extension {@code gpkg_rtree_index}).
 *
 * <p>Written tables have the feature id as {@code fid INTEGER PRIMARY KEY}, the geometry in {@code geom}
 * and one column per field: STRING → TEXT, INTEGER → INTEGER, REAL → REAL (NaN as NULL), BOOLEAN →
 * BOOLEAN (0/1).
 * Reading accepts any feature table: the primary key becomes the feature id (the rowid when the table
 * has none), and columns map by their declared type.
 */
final class FeatureTables {
    /** Primary key column of written tables, as GDAL names it. */
    static final String FID = "fid";
    /** Geometry column of written tables. */
    static final String GEOM = "geom";
    private static final String RTREE_EXTENSION = "gpkg_rtree_index";
    private static final String RTREE_DEFINITION = "http://www.geopackage.org/spec120/#extension_rtree";
    private static final int BATCH_ROWS = 1000;

    private FeatureTables() {
    }

    /**
     * Creates table {@code layer.name()} and fills it, inside the caller's transaction. The table must
     * not exist.
     *
     * @throws CgisException when a field is called {@code fid} or {@code geom}
     */
    static void write(GpkgConnection gpkg, Connection connection, FeatureLayer layer, int srsId) throws SQLException {
        String table = layer.name();
        List<Field> fields = layer.fields();
        for (Field field : fields) {
            String lower = field.name().toLowerCase(Locale.ROOT);
            if (lower.equals(FID) || lower.equals(GEOM)) {
                throw new CgisException(StoreMessages.BUNDLE, "store.reservedField", table, field.name());
            }
        }
        StringBuilder create = new StringBuilder("CREATE TABLE ").append(quote(table)).append(" (")
                .append(quote(FID)).append(" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ")
                .append(quote(GEOM)).append(' ').append(layer.kind().name());
        // TODO: SQLite column names are case-insensitive, so fields differing only in case (Name, name) fail
        // here with "duplicate column name". The PostGIS store renames the second column instead.
        for (Field field : fields) {
            create.append(", ").append(quote(field.name())).append(' ').append(sqlType(field.type()));
        }
        create.append(')');
        try (Statement statement = connection.createStatement()) {
            statement.execute(create.toString());
        }

        Envelope extent = layer.envelope();
        GpkgSchema.insertContents(connection, table, "features", table, extent, srsId);
        try (PreparedStatement columns = connection.prepareStatement("INSERT INTO gpkg_geometry_columns"
                + " (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, ?, 0, 0)")) {
            columns.setString(1, table);
            columns.setString(2, GEOM);
            columns.setString(3, layer.kind().name());
            columns.setInt(4, srsId);
            columns.executeUpdate();
        }

        insertRows(connection, layer, srsId);
        createRTree(connection, layer);
    }

    private static String sqlType(FieldType type) {
        switch (type) {
            case STRING:
                return "TEXT";
            case INTEGER:
                return "INTEGER";
            case REAL:
                return "REAL";
            case BOOLEAN:
                return "BOOLEAN";
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * Returns a single polygon, line or point of a layer of the multi kind as a collection of one, as the
     * PostGIS store writes it with ST_Multi, so that the column's declared type holds for every row.
     */
    static Geometry promote(Geometry geometry, GeometryKind kind) {
        if (geometry == null) {
            return null;
        }
        GeometryFactory factory = geometry.getFactory();
        if (kind == GeometryKind.MULTIPOLYGON && geometry instanceof Polygon polygon) {
            return factory.createMultiPolygon(new Polygon[] {polygon});
        }
        if (kind == GeometryKind.MULTILINESTRING && geometry instanceof LineString line) {
            return factory.createMultiLineString(new LineString[] {line});
        }
        if (kind == GeometryKind.MULTIPOINT && geometry instanceof Point point) {
            return factory.createMultiPoint(new Point[] {point});
        }
        return geometry;
    }

    private static void insertRows(Connection connection, FeatureLayer layer, int srsId) throws SQLException {
        List<Field> fields = layer.fields();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(layer.name())).append(" (")
                .append(quote(FID)).append(", ").append(quote(GEOM));
        for (Field field : fields) {
            sql.append(", ").append(quote(field.name()));
        }
        sql.append(") VALUES (?, ?").append(", ?".repeat(fields.size())).append(')');
        GpkgGeometry codec = new GpkgGeometry();
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int pending = 0;
            for (Feature feature : layer.features()) {
                insert.setLong(1, feature.id());
                insert.setBytes(2, codec.encode(promote(feature.geometry(), layer.kind()), srsId));
                for (int i = 0; i < fields.size(); i++) {
                    bind(insert, i + 3, fields.get(i).type(), feature.get(fields.get(i).name()));
                }
                insert.addBatch();
                if (++pending == BATCH_ROWS) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
    }

    private static void bind(PreparedStatement statement, int index, FieldType type, Object raw) throws SQLException {
        Object value = type.coerce(raw);
        if (value == null) {
            statement.setNull(index, Types.NULL);
            return;
        }
        switch (type) {
            case STRING:
                statement.setString(index, (String) value);
                break;
            case INTEGER:
                statement.setLong(index, (Long) value);
                break;
            case REAL:
                double number = (Double) value;
                if (Double.isNaN(number)) {
                    statement.setNull(index, Types.NULL);
                } else {
                    statement.setDouble(index, number);
                }
                break;
            case BOOLEAN:
                statement.setInt(index, (Boolean) value ? 1 : 0);
                break;
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * Creates the RTree index, fills it from the JTS envelopes and then adds the GeoPackage 1.3 triggers.
     * Filling before the triggers exist means no {@code ST_*} SQL functions are needed on this
     * connection. Later edits by other tools (GDAL, QGIS) run the triggers with their own functions.
     */
    private static void createRTree(Connection connection, FeatureLayer layer) throws SQLException {
        String table = layer.name();
        String rtree = "rtree_" + table + "_" + GEOM;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE VIRTUAL TABLE " + quote(rtree) + " USING rtree(id, minx, maxx, miny, maxy)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quote(rtree)
                + " (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (Feature feature : layer.features()) {
                Envelope envelope = feature.geometry().getEnvelopeInternal();
                if (envelope.isNull()) {
                    continue;
                }
                insert.setLong(1, feature.id());
                insert.setDouble(2, envelope.getMinX());
                insert.setDouble(3, envelope.getMaxX());
                insert.setDouble(4, envelope.getMinY());
                insert.setDouble(5, envelope.getMaxY());
                insert.addBatch();
                if (++pending == BATCH_ROWS) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String trigger : RTreeTriggers.sql(table, GEOM, FID)) {
                statement.execute(trigger);
            }
        }
        try (PreparedStatement extension = connection.prepareStatement("INSERT INTO gpkg_extensions"
                + " (table_name, column_name, extension_name, definition, scope) VALUES (?, ?, ?, ?, 'write-only')")) {
            extension.setString(1, table);
            extension.setString(2, GEOM);
            extension.setString(3, RTREE_EXTENSION);
            extension.setString(4, RTREE_DEFINITION);
            extension.executeUpdate();
        }
    }

    /**
     * Reads feature table {@code table} completely.
     *
     * <p>Rows with a null, empty or unreadable geometry are skipped with a warning naming table and fid.
     * A value that does not fit its column type becomes null with a warning. BLOB columns are skipped
     * with a warning. A column called {@code fid} or {@code geom} that is not the key or geometry is
     * renamed to {@code <name>_1}. When geometries do not fit the declared geometry type (a MultiPolygon
     * in a POLYGON table), the layer gets the multi type, or {@link GeometryKind#GEOMETRY} when that
     * does not fit either.
     */
    static FeatureLayer read(GpkgConnection gpkg, String table, String layerName, String crs,
            Diagnostics diagnostics) {
        return gpkg.query(connection -> {
            TableShape shape = TableShape.of(connection, gpkg.file(), table, diagnostics);
            RowDecoder decoder = new RowDecoder(gpkg.file(), table, shape, diagnostics);
            List<Feature> features = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(selectSql(table, shape) + " ORDER BY 1")) {
                while (rows.next()) {
                    Feature feature = decoder.decode(rows);
                    if (feature != null) {
                        features.add(feature);
                    }
                }
            }
            return layer(layerName, crs, shape, features);
        });
    }

    /**
     * Returns {@code SELECT id, geometry, columns… FROM table} for {@link RowDecoder}, without a
     * condition or order.
     */
    static String selectSql(String table, TableShape shape) {
        StringBuilder sql = new StringBuilder("SELECT ").append(shape.idExpression).append(", ")
                .append(quote(shape.geometryColumn));
        for (String column : shape.columns) {
            sql.append(", ").append(quote(column));
        }
        return sql.append(" FROM ").append(quote(table)).toString();
    }

    /**
     * Returns a layer of {@code features} with the table's fields and its declared geometry kind, widened
     * to the multi kind or {@link GeometryKind#GEOMETRY} when a geometry does not fit it.
     */
    static FeatureLayer layer(String layerName, String crs, TableShape shape, List<Feature> features) {
        GeometryKind kind = fittingKind(shape.declaredKind, features);
        FeatureLayer layer = new FeatureLayer(layerName, kind, crs, shape.fields);
        for (Feature feature : features) {
            layer.add(feature);
        }
        return layer;
    }

    /**
     * Turns the rows of {@link #selectSql} into features, with the warnings that {@link #read} documents.
     * Not thread-safe, because it keeps one geometry decoder.
     */
    static final class RowDecoder {
        private final String file;
        private final String table;
        private final TableShape shape;
        private final Diagnostics diagnostics;
        private final GpkgGeometry codec = new GpkgGeometry();

        RowDecoder(java.nio.file.Path file, String table, TableShape shape, Diagnostics diagnostics) {
            this.file = file.toString();
            this.table = table;
            this.shape = shape;
            this.diagnostics = diagnostics;
        }

        /** Decodes the current row, or returns null (with a warning) when it has no usable geometry. */
        Feature decode(ResultSet rows) throws SQLException {
            Geometry geometry = geometry(rows);
            return geometry == null ? null : feature(rows, geometry);
        }

        /** Decodes the current row's geometry, or returns null (with a warning) when it has no usable one. */
        Geometry geometry(ResultSet rows) throws SQLException {
            byte[] blob = rows.getBytes(2);
            Geometry geometry;
            try {
                geometry = blob == null ? null : codec.decode(blob);
            } catch (ParseException | RuntimeException e) {
                diagnostics.warn(StoreMessages.BUNDLE, "reader.badGeometry", table, String.valueOf(rows.getLong(1)),
                        file, e.getMessage());
                return null;
            }
            if (geometry == null) {
                diagnostics.warn(StoreMessages.BUNDLE, "reader.emptyGeometry", table, String.valueOf(rows.getLong(1)),
                        file);
            }
            return geometry;
        }

        /** Returns the feature of the current row with {@code geometry} and the row's attribute values. */
        Feature feature(ResultSet rows, Geometry geometry) throws SQLException {
            long fid = rows.getLong(1);
            Feature feature = new Feature(fid, geometry);
            for (int i = 0; i < shape.columns.size(); i++) {
                Field field = shape.fields.get(i);
                Object value = rows.getObject(i + 3);
                try {
                    feature.set(field.name(), field.type().coerce(value));
                } catch (NumberFormatException e) {
                    diagnostics.warn(StoreMessages.BUNDLE, "reader.badValue", table, String.valueOf(fid), file,
                            shape.columns.get(i), value);
                    feature.set(field.name(), null);
                }
            }
            return feature;
        }
    }

    private static GeometryKind fittingKind(GeometryKind declared, List<Feature> features) {
        GeometryKind kind = declared;
        for (Feature feature : features) {
            if (kind.accepts(feature.geometry())) {
                continue;
            }
            GeometryKind multi = multiOf(kind);
            kind = multi.accepts(feature.geometry()) ? multi : GeometryKind.GEOMETRY;
        }
        return kind;
    }

    private static GeometryKind multiOf(GeometryKind kind) {
        switch (kind) {
            case POINT:
                return GeometryKind.MULTIPOINT;
            case LINESTRING:
                return GeometryKind.MULTILINESTRING;
            case POLYGON:
                return GeometryKind.MULTIPOLYGON;
            default:
                return GeometryKind.GEOMETRY;
        }
    }

    /** Maps a GeoPackage geometry_type_name to a kind. Curves and collections become GEOMETRY. */
    static GeometryKind kindOf(String geometryTypeName) {
        String name = geometryTypeName == null ? "" : geometryTypeName.trim().toUpperCase(Locale.ROOT);
        for (GeometryKind kind : GeometryKind.values()) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        return GeometryKind.GEOMETRY;
    }

    /**
     * Maps a declared SQLite column type to a field type, following SQLite's affinity rules (type names
     * containing INT are integers, CHAR/CLOB/TEXT are text, REAL/FLOA/DOUB are real). Returns null for
     * BLOB and for types without a name.
     */
    static FieldType fieldTypeOf(String declared) {
        String type = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (type.startsWith("BOOL")) {
            return FieldType.BOOLEAN;
        }
        if (type.contains("INT")) {
            return FieldType.INTEGER;
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") || type.startsWith("DATE")) {
            return FieldType.STRING;
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") || type.contains("NUMERIC")
                || type.contains("DECIMAL")) {
            return FieldType.REAL;
        }
        return null;
    }

    /** The key, geometry and attribute columns of a feature table. */
    static final class TableShape {
        String idExpression;
        String geometryColumn;
        GeometryKind declaredKind;
        final List<String> columns = new ArrayList<>();
        final List<Field> fields = new ArrayList<>();

        static TableShape of(Connection connection, java.nio.file.Path file, String table, Diagnostics diagnostics)
                throws SQLException {
            TableShape shape = new TableShape();
            try (PreparedStatement find = connection.prepareStatement("SELECT column_name, geometry_type_name"
                    + " FROM gpkg_geometry_columns WHERE table_name = ?")) {
                find.setString(1, table);
                try (ResultSet rows = find.executeQuery()) {
                    if (!rows.next()) {
                        throw new CgisException(StoreMessages.BUNDLE, "reader.noGeometryColumn", table, file);
                    }
                    shape.geometryColumn = rows.getString(1);
                    shape.declaredKind = kindOf(rows.getString(2));
                }
            }
            String primaryKey = null;
            List<String[]> attributeColumns = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
                while (rows.next()) {
                    String name = rows.getString("name");
                    String type = rows.getString("type");
                    boolean key = rows.getInt("pk") == 1 && type != null && type.toUpperCase(Locale.ROOT).contains("INT");
                    if (key && primaryKey == null) {
                        primaryKey = name;
                    } else if (!name.equalsIgnoreCase(shape.geometryColumn)) {
                        attributeColumns.add(new String[] {name, type});
                    }
                }
            }
            shape.idExpression = primaryKey == null ? "rowid" : quote(primaryKey);
            Set<String> used = new HashSet<>();
            for (String[] column : attributeColumns) {
                FieldType type = fieldTypeOf(column[1]);
                if (type == null) {
                    diagnostics.warn(StoreMessages.BUNDLE, "reader.skippedColumn", table, file, column[0],
                            column[1] == null || column[1].isEmpty() ? "-" : column[1]);
                    continue;
                }
                String fieldName = column[0];
                String lower = fieldName.toLowerCase(Locale.ROOT);
                if (lower.equals(FID) || lower.equals(GEOM)) {
                    fieldName = fieldName + "_1";
                    diagnostics.warn(StoreMessages.BUNDLE, "reader.renamedColumn", table, file, column[0], fieldName);
                }
                if (!used.add(fieldName.toLowerCase(Locale.ROOT))) {
                    diagnostics.warn(StoreMessages.BUNDLE, "reader.skippedColumn", table, file, column[0], column[1]);
                    continue;
                }
                shape.columns.add(column[0]);
                shape.fields.add(new Field(fieldName, type));
            }
            return shape;
        }
    }
}
