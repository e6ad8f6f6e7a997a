package org.communitygis.store.postgis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.communitygis.core.CgisException;
import org.communitygis.core.CoreMessages;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.feature.LayerNames;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.FeatureQuerySource;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.core.store.VectorTileSource;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.StoreMessages;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A project in one PostgreSQL schema with PostGIS: what QGIS, GDAL and MapServer read as ordinary
 * PostGIS tables.
 *
 * <p>Tables of the project schema:
 * <ul>
 * <li>one table per vector layer, named like the layer: {@code fid bigint PRIMARY KEY}, {@code geom
 * geometry(<type>, <srid>)} with a GiST index, and one column per field (STRING → text, INTEGER →
 * bigint, REAL → double precision, BOOLEAN → boolean). A REAL NaN is stored as NULL, as in the
 * GeoPackage store. Layers of a MULTI kind store single parts as one-part multi geometries;
 * coordinates are stored 2D.</li>
 * <li>one table per raster layer, named like the layer, holding square tiles of
 * {@value RasterTiles#TILE_SIZE}² cells: {@code tile_row}, {@code tile_col}, {@code extent
 * geometry(Polygon, <srid>)} (GiST-indexed) and {@code cells bytea}, the tile's float32 values
 * big-endian, row by row, with NaN where there is no data. Tiles without any data are not stored. The
 * {@code postgis_raster} extension is not used, so the store needs only {@code CREATE EXTENSION
 * postgis}; values come back bit for bit.</li>
 * <li>{@code cgis_layers}: name, type, geometry type, SRID, CRS code and extent of every layer;
 * {@code cgis_fields}: field order, names, types and columns of vector layers; {@code cgis_rasters}:
 * grid, NoData value and unit of raster layers; {@code cgis_metadata(key, value)}: the project
 * metadata, with the project CRS under {@value GeoPackageStore#CRS_KEY}.</li>
 * </ul>
 *
 * <p>Every value goes through a prepared statement; identifiers are validated layer names or quoted
 * field names. Each write is atomic (its own transaction, or a savepoint inside
 * {@link PostGisProjects#update}). Methods are synchronized, so several threads can share a read-only
 * instance; one instance wraps one JDBC connection. The map server reads through
 * {@link PooledPostGisStore} instead, which lends each call a pooled connection and reconnects.
 *
 * <p>Vector tiles ({@link VectorTileSource}) are encoded by PostGIS with {@code ST_AsMVT} over
 * {@code ST_AsMVTGeom}, one prepared statement per layer, filtered through the layer's GiST index.
 */
public final class PostGisStore implements ProjectStore, VectorTileSource, FeatureQuerySource {
    private static final Logger LOG = LoggerFactory.getLogger(PostGisStore.class);
    private static final String VECTOR = "vector";
    private static final String RASTER = "raster";
    /** Primary key column of layer tables. */
    static final String FID = "fid";
    /** Geometry column of vector layer tables. */
    static final String GEOM = "geom";
    /** Maximum identifier length PostgreSQL keeps, in bytes (NAMEDATALEN − 1); longer names are truncated. */
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final int BATCH_ROWS = 1000;

    private final PostGisUrl url;
    private final Connection connection;
    private final boolean readOnly;
    private final boolean managed;
    private int savepoints;
    /** Prepared {@code ST_AsMVT} statements of each vector layer tiled so far; dropped when the layer changes. */
    private final Map<String, TileStatements> tileStatements = new HashMap<>();

    private PostGisStore(PostGisUrl url, Connection connection, boolean readOnly, boolean managed) {
        this.url = url;
        this.connection = connection;
        this.readOnly = readOnly;
        this.managed = managed;
    }

    /**
     * Opens the project at {@code url} for reading and writing, creating its schema and tables when
     * missing. Each write commits on its own; use {@link PostGisProjects#update} for atomic commands.
     *
     * @throws CgisException when the server cannot be reached, PostGIS is missing or the schema cannot be created
     */
    public static PostGisStore open(PostGisUrl url) {
        Connection connection = connect(url);
        try {
            connection.setAutoCommit(false);
            PostGisStore store = new PostGisStore(url, connection, false, false);
            store.createSchema();
            connection.commit();
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw e instanceof CgisException c ? c : failed(url, e);
        }
    }

    /**
     * Opens the project at {@code url} read-only: every write throws a {@link CgisException}. Reads see
     * each committed update as soon as it commits.
     *
     * @throws CgisException when the server cannot be reached or the schema contains no project
     */
    public static PostGisStore openReadOnly(PostGisUrl url) {
        // The store keeps one connection and does not reconnect when the server closes it (restart, idle
        // timeout). Long-running readers such as the map server use PooledPostGisStore, which does.
        Connection connection = connect(url);
        try {
            connection.setAutoCommit(true);
            connection.setReadOnly(true);
            PostGisStore store = new PostGisStore(url, connection, true, false);
            if (!store.tableExists("cgis_layers")) {
                throw new CgisException(StoreMessages.BUNDLE, "postgis.projectNotFound", url);
            }
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw e instanceof CgisException c ? c : failed(url, e);
        }
    }

    /**
     * Returns a read-only store over a connection borrowed from {@link PooledPostGisStore}'s pool for one
     * call; closing the store leaves the connection open.
     */
    static PostGisStore borrowed(PostGisUrl url, Connection connection) {
        return new PostGisStore(url, connection, true, true);
    }

    /**
     * Opens a store inside the transaction that {@link PostGisProjects#update} commits or rolls back:
     * writes use savepoints and nothing is committed here.
     */
    static PostGisStore openManaged(PostGisUrl url, Connection connection) throws SQLException {
        PostGisStore store = new PostGisStore(url, connection, false, true);
        store.createSchema();
        return store;
    }

    /** Connects and checks that PostGIS is installed in the database. */
    /**
     * Returns a driver message without its final {@code .} or {@code 。}, for the bundle messages that insert
     * it as a clause and end the sentence themselves.
     */
    static String withoutFinalStop(String reason) {
        String text = reason.strip();
        while (text.endsWith(".") || text.endsWith("。")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    static Connection connect(PostGisUrl url) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(url.jdbcUrl(), url.properties());
        } catch (SQLException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "postgis.connectFailed", url,
                    withoutFinalStop(String.valueOf(e.getMessage())));
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")) {
            if (!rows.next()) {
                throw new CgisException(StoreMessages.BUNDLE, "postgis.noExtension", url);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw e instanceof CgisException c ? c : failed(url, e);
        }
    }

    private void createSchema() throws SQLException {
        String s = quote(url.schema());
        boolean exists;
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            select.setString(1, url.schema());
            try (ResultSet rows = select.executeQuery()) {
                exists = rows.next();
            }
        }
        try (Statement statement = connection.createStatement()) {
            if (!exists) {
                // Only a missing schema needs CREATE on the database; an existing one needs CREATE on the schema.
                statement.execute("CREATE SCHEMA " + s);
            }
            statement.execute("CREATE TABLE IF NOT EXISTS " + s + ".cgis_metadata (key text PRIMARY KEY, value text)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + s + ".cgis_layers (name text PRIMARY KEY,"
                    + " layer_type text NOT NULL CHECK (layer_type IN ('vector', 'raster')), geometry_type text,"
                    + " srid integer NOT NULL, crs text NOT NULL, title text, min_x double precision,"
                    + " min_y double precision, max_x double precision, max_y double precision)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + s + ".cgis_fields (layer text NOT NULL REFERENCES "
                    + s + ".cgis_layers (name) ON DELETE CASCADE, position integer NOT NULL, name text NOT NULL,"
                    + " field_type text NOT NULL, column_name text NOT NULL, PRIMARY KEY (layer, position))");
            statement.execute("CREATE TABLE IF NOT EXISTS " + s + ".cgis_rasters (layer text PRIMARY KEY REFERENCES "
                    + s + ".cgis_layers (name) ON DELETE CASCADE, cols integer NOT NULL, rows integer NOT NULL,"
                    + " origin_x double precision NOT NULL, origin_y double precision NOT NULL,"
                    + " cell_width double precision NOT NULL, cell_height double precision NOT NULL,"
                    + " tile_size integer NOT NULL, nodata real, unit text)");
        }
    }

    /** Returns where this project lives (without password when printed). */
    public PostGisUrl url() {
        return url;
    }

    /**
     * Returns the schema-qualified, quoted name of {@code table} in the project schema, for SQL that reads
     * a layer's table directly (such as vector tiles with ST_AsMVT over its {@code geom} column).
     */
    public String table(String table) {
        return quote(url.schema()) + "." + quote(table);
    }

    /** Quotes an SQL identifier. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public synchronized Optional<String> crs() {
        return Optional.ofNullable(metadataValue(GeoPackageStore.CRS_KEY));
    }

    @Override
    public synchronized void setCrs(String code) {
        putMetadata(GeoPackageStore.CRS_KEY, Crs.normalizeCode(code));
    }

    @Override
    public synchronized List<LayerInfo> layers() {
        return query(() -> {
            List<LayerInfo> layers = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT l.name, l.layer_type, l.geometry_type,"
                    + " l.crs, l.title, l.min_x, l.min_y, l.max_x, l.max_y, r.cols::bigint * r.rows"
                    + " FROM " + table("cgis_layers") + " l LEFT JOIN " + table("cgis_rasters")
                    + " r ON r.layer = l.name ORDER BY l.name");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    boolean vector = VECTOR.equals(rows.getString(2));
                    Envelope envelope = rows.getObject(6) == null ? new Envelope()
                            : new Envelope(rows.getDouble(6), rows.getDouble(8), rows.getDouble(7), rows.getDouble(9));
                    String title = rows.getString(5) == null ? name : rows.getString(5);
                    // Vector layers are counted live, since other clients (QGIS) may edit the tables.
                    long count = vector ? countRows(name) : rows.getLong(10);
                    layers.add(new LayerInfo(name, vector ? LayerInfo.LayerType.VECTOR : LayerInfo.LayerType.RASTER,
                            vector ? GeometryKind.valueOf(rows.getString(3)) : null, count, envelope, rows.getString(4),
                            title));
                }
            }
            return layers;
        });
    }

    private long countRows(String name) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + table(name));
                ResultSet rows = count.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** A layer's cgis_layers row. */
    private record Stored(String type, String geometryType, int srid, String crs) {
    }

    private Stored find(String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT layer_type, geometry_type, srid, crs FROM "
                + table("cgis_layers") + " WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Stored(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4))
                        : null;
            }
        }
    }

    @Override
    public synchronized FeatureLayer readFeatures(String name) {
        return readWhere(name, null, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Selects rows with {@code geom && ST_MakeEnvelope(…, srid)}, which the layer's GiST index serves.
     */
    @Override
    public synchronized FeatureLayer readFeatures(String name, Envelope envelope) {
        return readInBox(layerSchema(name), envelope);
    }

    @Override
    public synchronized FeatureLayer readFeature(String name, long id) {
        return readById(layerSchema(name), id);
    }

    /** Reads the rows whose geometry's bounding box intersects {@code envelope}; none for a null envelope. */
    FeatureLayer readInBox(LayerSchema schema, Envelope envelope) {
        if (envelope.isNull()) {
            return readRows(schema, "false", null);
        }
        // The SRID is a parameter, not ST_SRID(geom): an envelope computed from the row would make the
        // planner scan the whole table instead of using the GiST index.
        return readRows(schema, quote(GEOM) + " && ST_MakeEnvelope(?, ?, ?, ?, ?)",
                statement -> {
                    statement.setDouble(1, envelope.getMinX());
                    statement.setDouble(2, envelope.getMinY());
                    statement.setDouble(3, envelope.getMaxX());
                    statement.setDouble(4, envelope.getMaxY());
                    statement.setInt(5, schema.srid());
                });
    }

    /** Reads the row with feature id {@code id}, if any. */
    FeatureLayer readById(LayerSchema schema, long id) {
        return readRows(schema, quote(FID) + " = ?", statement -> statement.setLong(1, id));
    }

    /** Binds the parameters of a row condition. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Reads the rows of a vector layer that satisfy {@code condition} (all rows when null), in id order.
     *
     * @param binder sets the condition's parameters, may be null
     */
    private FeatureLayer readWhere(String name, String condition, Binder binder) {
        return readRows(layerSchema(name), condition, binder);
    }

    /**
     * The registry rows of a vector layer that reads need: its kind, CRS, fields and their columns.
     *
     * @param srid the SRID of the geometry column
     * @param columns the table column of each field, in field order
     */
    record LayerSchema(String name, GeometryKind kind, String crs, int srid, List<Field> fields,
            List<String> columns) {
    }

    /**
     * Reads the registry rows of vector layer {@code name}.
     *
     * @throws CgisException when the layer does not exist or is a raster
     */
    LayerSchema layerSchema(String name) {
        Stored stored = query(() -> find(name));
        if (stored == null) {
            throw missing(name, "store.layerNotFound");
        }
        if (!stored.type.equals(VECTOR)) {
            throw missing(name, "store.notVector");
        }
        return query(() -> {
            List<Field> fields = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT name, field_type, column_name FROM "
                    + table("cgis_fields") + " WHERE layer = ? ORDER BY position")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        fields.add(new Field(rows.getString(1), FieldType.valueOf(rows.getString(2))));
                        columns.add(rows.getString(3));
                    }
                }
            }
            return new LayerSchema(name, GeometryKind.valueOf(stored.geometryType), stored.crs, stored.srid,
                    List.copyOf(fields),
                    List.copyOf(columns));
        });
    }

    /**
     * Reads the rows of a vector layer that satisfy {@code condition} (all rows when null), in id order.
     * Only a read of all rows runs in a transaction with a cursor, which bounds the driver's buffer. A read
     * with a condition fetches its rows at once, one round trip less, because the map server's bbox and id
     * reads usually select few rows.
     *
     * @param binder sets the condition's parameters, may be null
     */
    synchronized FeatureLayer readRows(LayerSchema schema, String condition, Binder binder) {
        String name = schema.name();
        List<Field> fields = schema.fields();
        return query(() -> {
            FeatureLayer layer = new FeatureLayer(name, schema.kind(), schema.crs(), fields);
            StringBuilder sql = new StringBuilder("SELECT ").append(quote(FID)).append(", ST_AsBinary(")
                    .append(quote(GEOM)).append(')');
            for (String column : schema.columns()) {
                sql.append(", ").append(quote(column));
            }
            sql.append(" FROM ").append(table(name));
            if (condition != null) {
                sql.append(" WHERE ").append(condition);
            }
            sql.append(" ORDER BY ").append(quote(FID));
            WKBReader reader = new WKBReader();
            boolean cursor = condition == null && connection.getAutoCommit();
            if (cursor) {
                // A cursor (fetch size) needs a transaction; a read-only store runs autocommit otherwise.
                connection.setAutoCommit(false);
            }
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                if (binder != null) {
                    binder.bind(select);
                }
                select.setFetchSize(5000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long fid = rows.getLong(1);
                        byte[] wkb = rows.getBytes(2);
                        if (wkb == null) {
                            LOG.warn("Reading {}: feature {} of layer {} has no geometry and was skipped", url, fid, name);
                            continue;
                        }
                        Geometry geometry;
                        try {
                            geometry = reader.read(wkb);
                        } catch (ParseException e) {
                            throw new CgisException(e, StoreMessages.BUNDLE, "postgis.badGeometry", name, fid, url,
                                    e.getMessage());
                        }
                        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
                        for (int i = 0; i < fields.size(); i++) {
                            attributes.put(fields.get(i).name(), value(rows, i + 3, fields.get(i).type()));
                        }
                        layer.add(new Feature(fid, geometry, attributes));
                    }
                }
            } finally {
                if (cursor) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
            return layer;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs {@code ST_AsMVT} over {@code ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(z, x, y),
     * extent, buffer, true)}, so PostGIS clips, snaps to the tile grid and drops features that collapse
     * below one tile unit. Rows are picked with {@code geom && ST_Transform(ST_Segmentize(ST_TileEnvelope(z,
     * x, y, margin => buffer / extent), side / 8), srid)}, which the layer's GiST index serves. The
     * envelope is densified so that its bounding box in a projected CRS still covers the curved tile edges.
     * A projected layer's zoom 0–{@value #MIN_INDEXED_ZOOM_PROJECTED} tiles span too much of the globe to
     * transform into the CRS (a Gauss-Krüger zone is undefined 90° from its meridian), so those few tiles
     * scan the whole table. The feature id is the {@code fid} column; properties are the field columns
     * under their field names. The aggregate takes its rows in id order, so a tile's bytes do not depend
     * on the plan.
     */
    @Override
    public synchronized Optional<byte[]> vectorTile(String layer, int z, int x, int y, int extent, int buffer) {
        checkTile(z, x, y, extent, buffer);
        return query(() -> {
            TileStatements statements = tileStatements(layer);
            boolean indexed = statements.sql.indexed(z);
            return encodeTile(indexed ? statements.indexed : statements.whole, layer, indexed, z, x, y, extent,
                    buffer);
        });
    }

    /** Checks that a tile request lies inside WebMercatorQuad and has a positive extent. */
    static void checkTile(int z, int x, int y, int extent, int buffer) {
        if (z < 0 || z > 30 || x < 0 || y < 0 || x >= (1L << z) || y >= (1L << z) || extent <= 0 || buffer < 0) {
            throw new IllegalArgumentException("Tile " + z + "/" + x + "/" + y + " (extent " + extent + ", buffer "
                    + buffer + ") is outside WebMercatorQuad");
        }
    }

    /**
     * Runs a prepared tile statement of {@link TileSql} for one tile of {@code layer}.
     *
     * @param indexed whether {@code statement} is {@link TileSql#indexedSql}, which takes the tile envelope
     *     parameters of the index condition too
     */
    static Optional<byte[]> encodeTile(PreparedStatement statement, String layer, boolean indexed, int z, int x, int y,
            int extent, int buffer) throws SQLException {
        statement.setString(1, layer);
        statement.setInt(2, extent);
        statement.setInt(3, z);
        statement.setInt(4, x);
        statement.setInt(5, y);
        statement.setInt(6, extent);
        statement.setInt(7, buffer);
        if (indexed) {
            statement.setInt(8, z);
            statement.setInt(9, x);
            statement.setInt(10, y);
            statement.setDouble(11, (double) buffer / extent);
            statement.setDouble(12, WEB_MERCATOR_SIDE_M / (1L << z) / 8);
        }
        try (ResultSet rows = statement.executeQuery()) {
            byte[] tile = rows.next() ? rows.getBytes(1) : null;
            return tile == null || tile.length == 0 ? Optional.<byte[]>empty() : Optional.of(tile);
        }
    }

    /** Column alias of the tile geometry; chosen so that no field name clashes with it. */
    private static final String TILE_GEOM = "cgis_tile_geom";
    /** Column alias of the feature id in a tile. */
    private static final String TILE_ID = "cgis_tile_id";
    /** Deepest zoom at which a projected layer's tiles are read without the spatial index. */
    private static final int MIN_INDEXED_ZOOM_PROJECTED = 4;
    /** Side of the EPSG:3857 square at zoom 0, m (2π × 6 378 137). */
    private static final double WEB_MERCATOR_SIDE_M = 2 * Math.PI * 6378137.0;

    /**
     * The SQL of one layer's tile statements. Parameter 1 is the layer name, which is also the MVT layer
     * name.
     *
     * @param indexedSql the statement that selects rows through the GiST index
     * @param wholeSql the statement that scans the whole table, for the few tiles too large to transform
     *     into a projected CRS
     * @param geographic whether the layer's CRS is geographic (or EPSG:3857), so every tile uses the index
     */
    record TileSql(String indexedSql, String wholeSql, boolean geographic) {
        /** Returns whether a tile at zoom {@code z} uses {@link #indexedSql}. */
        boolean indexed(int z) {
            return geographic || z > MIN_INDEXED_ZOOM_PROJECTED;
        }
    }

    /** The prepared tile statements of one layer. */
    private record TileStatements(TileSql sql, PreparedStatement indexed, PreparedStatement whole) {
    }

    private TileStatements tileStatements(String name) throws SQLException {
        TileStatements cached = tileStatements.get(name);
        if (cached != null) {
            return cached;
        }
        TileSql sql = tileSql(name);
        PreparedStatement indexed = connection.prepareStatement(sql.indexedSql());
        PreparedStatement whole = connection.prepareStatement(sql.wholeSql());
        TileStatements statements = new TileStatements(sql, indexed, whole);
        tileStatements.put(name, statements);
        return statements;
    }

    /**
     * Builds the tile SQL of a vector layer from the registry tables.
     *
     * @throws CgisException when the layer does not exist or is a raster
     */
    TileSql tileSql(String name) throws SQLException {
        Stored stored = find(name);
        if (stored == null) {
            throw missing(name, "store.layerNotFound");
        }
        if (!stored.type.equals(VECTOR)) {
            throw missing(name, "store.notVector");
        }
        StringBuilder sql = new StringBuilder("SELECT ST_AsMVT(t, ?, ?, '").append(TILE_GEOM).append("', '")
                .append(TILE_ID).append("' ORDER BY t.").append(TILE_ID).append(") FROM (SELECT ").append(quote(FID)).append(" AS ").append(TILE_ID)
                .append(", ST_AsMVTGeom(ST_Transform(").append(quote(GEOM))
                .append(", 3857), ST_TileEnvelope(?, ?, ?), ?, ?, true) AS ").append(TILE_GEOM)
                .append(tileColumns(name)).append(" FROM ").append(table(name));
        // ST_AsMVT numbers keys and values in the order it receives rows, so without the aggregate's ORDER BY
        // a tile's bytes (and ETag) would depend on the plan: an index scan and a bitmap scan differ.
        String tail = ") t WHERE t." + TILE_GEOM + " IS NOT NULL";
        String indexed = sql + " WHERE " + quote(GEOM) + " && ST_Transform(ST_Segmentize(ST_TileEnvelope(?, ?, ?,"
                + " margin => ?), ?), " + stored.srid + ")" + tail;

        boolean geographic;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT proj4text LIKE '%+proj=longlat%' FROM spatial_ref_sys WHERE srid = ?")) {
            select.setInt(1, stored.srid);
            try (ResultSet rows = select.executeQuery()) {
                geographic = rows.next() && rows.getBoolean(1) || stored.srid == 3857;
            }
        }
        return new TileSql(indexed, sql + tail, geographic);
    }

    /** Returns {@code , "column" AS "field"} for each field of a layer, the properties of its tiles. */
    private String tileColumns(String name) throws SQLException {
        StringBuilder sql = new StringBuilder();
        try (PreparedStatement select = connection.prepareStatement("SELECT name, column_name FROM "
                + table("cgis_fields") + " WHERE layer = ? ORDER BY position")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String field = rows.getString(1);
                    if (field.equals(TILE_GEOM) || field.equals(TILE_ID)) {
                        LOG.warn("Layer {}: field {} is left out of vector tiles, its name is reserved", name, field);
                        continue;
                    }
                    sql.append(", ").append(quote(rows.getString(2))).append(" AS ").append(quote(field));
                }
            }
        }
        return sql.toString();
    }

    private void forgetTileStatement(String name) {
        TileStatements statements = tileStatements.remove(name);
        if (statements != null) {
            try {
                statements.indexed.close();
                statements.whole.close();
            } catch (SQLException e) {
                LOG.debug("Closing the tile statement of {}: {}", name, e.toString());
            }
        }
    }

    private static Object value(ResultSet rows, int index, FieldType type) throws SQLException {
        Object value;
        switch (type) {
            case STRING:
                value = rows.getString(index);
                break;
            case INTEGER:
                value = rows.getLong(index);
                break;
            case REAL:
                value = rows.getDouble(index);
                break;
            case BOOLEAN:
                value = rows.getBoolean(index);
                break;
            default:
                throw new AssertionError(type);
        }
        return rows.wasNull() ? null : value;
    }

    @Override
    public synchronized void writeFeatures(FeatureLayer layer) {
        String name = LayerNames.validate(layer.name());
        checkWritable();
        forgetTileStatement(name);
        String crs = layerCrs(layer.crs());
        int srid = srid(crs);
        List<String> columns = columnNames(layer);
        long start = System.nanoTime();
        write(() -> {
            dropLayer(name);
            String geometryType = postgisType(layer.kind());
            StringBuilder create = new StringBuilder("CREATE TABLE ").append(table(name)).append(" (")
                    .append(quote(FID)).append(" bigint PRIMARY KEY, ").append(quote(GEOM)).append(" geometry(")
                    .append(geometryType).append(", ").append(srid).append(')');
            for (int i = 0; i < columns.size(); i++) {
                create.append(", ").append(quote(columns.get(i))).append(' ').append(sqlType(layer.fields().get(i).type()));
            }
            create.append(')');
            try (Statement statement = connection.createStatement()) {
                statement.execute(create.toString());
            }
            insertRows(layer, columns, srid);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX ON " + table(name) + " USING GIST (" + quote(GEOM) + ")");
                statement.execute("ANALYZE " + table(name));
            }
            register(name, VECTOR, layer.kind().name(), srid, crs, layer.envelope());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table("cgis_fields")
                    + " (layer, position, name, field_type, column_name) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < columns.size(); i++) {
                    insert.setString(1, name);
                    insert.setInt(2, i);
                    insert.setString(3, layer.fields().get(i).name());
                    insert.setString(4, layer.fields().get(i).type().name());
                    insert.setString(5, columns.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        LOG.debug("Wrote layer {} ({} features) to {} in {} ms", name, layer.size(), url,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Returns the column of each field: its name, or {@code field_<n>} when the name is longer than
     * PostgreSQL keeps or clashes (case-insensitively) with another column; cgis_fields keeps the name.
     */
    private static List<String> columnNames(FeatureLayer layer) {
        List<String> columns = new ArrayList<>();
        Set<String> used = new HashSet<>(List.of(FID, GEOM));
        for (int i = 0; i < layer.fields().size(); i++) {
            String field = layer.fields().get(i).name();
            String lower = field.toLowerCase(Locale.ROOT);
            if (lower.equals(FID) || lower.equals(GEOM)) {
                throw new CgisException(StoreMessages.BUNDLE, "postgis.reservedField", layer.name(), field);
            }
            String column = field;
            if (field.isEmpty() || field.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES
                    || field.indexOf('\0') >= 0 || used.contains(lower)) {
                column = "field_" + (i + 1);
            }
            used.add(column.toLowerCase(Locale.ROOT));
            columns.add(column);
        }
        return columns;
    }

    private void insertRows(FeatureLayer layer, List<String> columns, int srid) throws SQLException {
        List<Field> fields = layer.fields();
        boolean multi = layer.kind() == GeometryKind.MULTIPOINT || layer.kind() == GeometryKind.MULTILINESTRING
                || layer.kind() == GeometryKind.MULTIPOLYGON;
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table(layer.name())).append(" (")
                .append(quote(FID)).append(", ").append(quote(GEOM));
        for (String column : columns) {
            sql.append(", ").append(quote(column));
        }
        sql.append(") VALUES (?, ").append(multi ? "ST_Multi(ST_GeomFromWKB(?, ?))" : "ST_GeomFromWKB(?, ?)")
                .append(", ?".repeat(columns.size())).append(')');
        WKBWriter writer = new WKBWriter(2);
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int pending = 0;
            for (Feature feature : layer.features()) {
                insert.setLong(1, feature.id());
                insert.setBytes(2, writer.write(feature.geometry()));
                insert.setInt(3, srid);
                for (int i = 0; i < fields.size(); i++) {
                    bind(insert, i + 4, fields.get(i).type(), feature.get(fields.get(i).name()));
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
            statement.setNull(index, sqlTypeCode(type));
            return;
        }
        switch (type) {
            case STRING:
                statement.setString(index, ((String) value).replace("\0", ""));
                break;
            case INTEGER:
                statement.setLong(index, (Long) value);
                break;
            case REAL:
                double number = (Double) value;
                if (Double.isNaN(number)) {
                    statement.setNull(index, Types.DOUBLE);
                } else {
                    statement.setDouble(index, number);
                }
                break;
            case BOOLEAN:
                statement.setBoolean(index, (Boolean) value);
                break;
            default:
                throw new AssertionError(type);
        }
    }

    private static int sqlTypeCode(FieldType type) {
        switch (type) {
            case STRING:
                return Types.VARCHAR;
            case INTEGER:
                return Types.BIGINT;
            case REAL:
                return Types.DOUBLE;
            case BOOLEAN:
                return Types.BOOLEAN;
            default:
                throw new AssertionError(type);
        }
    }

    private static String sqlType(FieldType type) {
        switch (type) {
            case STRING:
                return "text";
            case INTEGER:
                return "bigint";
            case REAL:
                return "double precision";
            case BOOLEAN:
                return "boolean";
            default:
                throw new AssertionError(type);
        }
    }

    private static String postgisType(GeometryKind kind) {
        switch (kind) {
            case POINT:
                return "Point";
            case LINESTRING:
                return "LineString";
            case POLYGON:
                return "Polygon";
            case MULTIPOINT:
                return "MultiPoint";
            case MULTILINESTRING:
                return "MultiLineString";
            case MULTIPOLYGON:
                return "MultiPolygon";
            default:
                return "Geometry";
        }
    }

    /** Returns the PostGIS SRID of a CRS code: n for {@code EPSG:n}, 4326 for CRS:84. */
    static int srid(String crs) {
        String code = Crs.normalizeCode(crs);
        if (code.equals(Crs.CRS84)) {
            return 4326;
        }
        if (code.startsWith("EPSG:")) {
            return Integer.parseInt(code.substring("EPSG:".length()));
        }
        throw new CgisException(StoreMessages.BUNDLE, "postgis.unsupportedCrs", crs);
    }

    private void register(String name, String type, String geometryType, int srid, String crs, Envelope extent)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table("cgis_layers")
                + " (name, layer_type, geometry_type, srid, crs, title, min_x, min_y, max_x, max_y)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, type);
            insert.setString(3, geometryType);
            insert.setInt(4, srid);
            insert.setString(5, Crs.normalizeCode(crs));
            insert.setString(6, name);
            Double[] bounds = extent.isNull() ? new Double[4]
                    : new Double[] {extent.getMinX(), extent.getMinY(), extent.getMaxX(), extent.getMaxY()};
            for (int i = 0; i < 4; i++) {
                if (bounds[i] == null) {
                    insert.setNull(7 + i, Types.DOUBLE);
                } else {
                    insert.setDouble(7 + i, bounds[i]);
                }
            }
            insert.executeUpdate();
        }
    }

    private String layerCrs(String layerCrs) {
        if (layerCrs != null) {
            return layerCrs;
        }
        return crs().orElseThrow(() -> new CgisException(CoreMessages.BUNDLE, "store.noCrs"));
    }

    @Override
    public synchronized Raster readRaster(String name) {
        Stored stored = query(() -> find(name));
        if (stored == null) {
            throw missing(name, "store.layerNotFound");
        }
        if (!stored.type.equals(RASTER)) {
            throw missing(name, "store.notRaster");
        }
        return query(() -> RasterTiles.read(connection, this, name, stored.crs));
    }

    @Override
    public synchronized void writeRaster(String name, Raster raster) {
        LayerNames.validate(name);
        checkWritable();
        String crs = layerCrs(raster.grid().crs());
        int srid = srid(crs);
        long start = System.nanoTime();
        write(() -> {
            dropLayer(name);
            register(name, RASTER, null, srid, crs, raster.grid().envelope());
            RasterTiles.write(connection, this, name, raster, srid);
        });
        LOG.debug("Wrote raster {} ({}×{}) to {} in {} ms", name, raster.grid().cols(), raster.grid().rows(), url,
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public synchronized void delete(String name) {
        checkWritable();
        forgetTileStatement(name);
        write(() -> dropLayer(name));
    }

    /** Drops the table of a layer this store registered, and its registry rows; other tables are left alone. */
    private void dropLayer(String name) throws SQLException {
        forgetTileStatement(name);
        if (find(name) == null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table(name));
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table("cgis_layers") + " WHERE name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
    }

    @Override
    public synchronized Map<String, String> metadata() {
        return query(() -> {
            Map<String, String> result = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT key, value FROM " + table("cgis_metadata"));
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getString(2));
                }
            }
            return result;
        });
    }

    @Override
    public synchronized void putMetadata(String key, String value) {
        checkWritable();
        write(() -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table("cgis_metadata")
                    + " (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
                upsert.setString(1, key);
                upsert.setString(2, value);
                upsert.executeUpdate();
            }
        });
    }

    private String metadataValue(String key) {
        return query(() -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT value FROM " + table("cgis_metadata")
                    + " WHERE key = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    private boolean tableExists(String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            select.setString(1, table(name));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new CgisException(StoreMessages.BUNDLE, "postgis.readOnly", url);
        }
    }

    /** SQL work that returns a value. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** SQL work without a value. */
    @FunctionalInterface
    interface SqlAction {
        void run() throws SQLException;
    }

    private <T> T query(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failed(url, e);
        }
    }

    /**
     * Runs one write atomically: inside {@link PostGisProjects#update} as a savepoint that is rolled back
     * on failure (the command's transaction goes on), otherwise as its own transaction.
     */
    private void write(SqlAction action) {
        String savepoint = "cgis_write_" + (++savepoints);
        try {
            try (Statement statement = connection.createStatement()) {
                if (managed) {
                    statement.execute("SAVEPOINT " + savepoint);
                }
            }
            action.run();
            if (managed) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("RELEASE SAVEPOINT " + savepoint);
                }
            } else {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            try (Statement statement = connection.createStatement()) {
                if (managed) {
                    statement.execute("ROLLBACK TO SAVEPOINT " + savepoint);
                } else {
                    connection.rollback();
                }
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            if (e instanceof SQLException sql) {
                throw failed(url, sql);
            }
            throw (RuntimeException) e;
        }
    }

    static CgisException failed(PostGisUrl url, Exception e) {
        return new CgisException(e, StoreMessages.BUNDLE, "postgis.sqlFailed", url, PostGisUrl.redact(String.valueOf(e.getMessage())));
    }

    private CgisException missing(String name, String key) {
        String present = layers().stream().map(LayerInfo::name).collect(Collectors.joining(", "));
        return new CgisException(CoreMessages.BUNDLE, key, name, present.isEmpty() ? "-" : present);
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public synchronized void close() {
        for (String name : List.copyOf(tileStatements.keySet())) {
            forgetTileStatement(name);
        }
        try {
            if (!managed && !connection.getAutoCommit() && !connection.isClosed()) {
                connection.rollback();
            }
            if (!managed) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.debug("Closing {}: {}", url, e.toString());
        }
    }
}
