package org.communitygis.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import mil.nga.geopackage.db.GeoPackageConnection;
import mil.nga.geopackage.db.GeoPackageTableCreator;
import org.communitygis.core.CgisException;
import org.communitygis.core.CoreMessages;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.LayerNames;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.FeatureQuerySource;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project file: a GeoPackage (OGC 12-128) that GDAL and QGIS open as it is.
 *
 * <p>Vector layers are feature tables with an RTree index ({@link FeatureTables}); rasters are 2D
 * gridded coverages of float32 TIFF tiles ({@link CoverageTables}). The project CRS and the metadata
 * entries live in table {@code cgis_metadata(key, value)}. Key {@value #CRS_KEY} contains the CRS code
 * and {@code raster.<name>.unit} the unit of each raster, and {@link #metadata()} returns these rows too.
 * Every write of a layer is one SQLite transaction, so a failed write leaves the previous layer in
 * place. Atomicity across several writes comes from {@link Projects#update}.
 *
 * <p>Layer titles are {@code gpkg_contents.identifier}; this store writes the layer name there.
 * Coordinates are stored 2D: Z and M values of written geometries are dropped.
 *
 * <p>Threads: feature reads ({@link #readFeatures(String)}, {@link #readFeatures(String, Envelope)},
 * {@link #readFeature}) are safe for concurrent callers. They run in parallel on a pool of read-only
 * connections ({@link GpkgReadPool}: opened on first need, at most {@link #DEFAULT_READ_CONNECTIONS},
 * closed by {@link #close}), never on the store's own connection, and each reads the last committed state
 * of the file that the store opened. Every other method runs on the store's own connection and must be
 * called by one thread at a time, and writes must not overlap feature reads.
 *
 * <p>A bounding-box read selects candidates through the layer's RTree, or scans a table that has none
 * ({@link LayerReader}). The schema of a layer (fields, geometry kind, CRS, whether it has an RTree) is
 * read on its first feature read and kept until this store writes anything or closes. So a column that
 * another program adds to the file later is not read, and one that it removes makes reads of the layer
 * fail, until the project is opened again.
 */
public final class GeoPackageStore implements ProjectStore, FeatureQuerySource {
    /** Metadata key of the project CRS code. */
    public static final String CRS_KEY = "project.crs";
    private static final Logger LOG = LoggerFactory.getLogger(GeoPackageStore.class);
    /** GeoPackage version written into new files (PRAGMA user_version), 1.3.0. */
    static final int GEOPACKAGE_VERSION = 10300;
    private static final String FEATURES = "features";
    private static final String COVERAGE = "2d-gridded-coverage";
    /** Maximum number of read-only connections for feature reads: twice the available processors. */
    public static final int DEFAULT_READ_CONNECTIONS = 2 * Runtime.getRuntime().availableProcessors();

    private final GpkgConnection gpkg;
    private final boolean readOnly;
    private final GpkgReadPool reads;
    /** Readers of the layers read so far, by layer name. Every write clears them. */
    private final Map<String, LayerReader> readers = new ConcurrentHashMap<>();
    /** Number of times {@link #readers} was cleared. Guarded by {@link #readers}. */
    private long readersGeneration;
    /** Layers whose missing RTree was logged, so that it is logged once per store. */
    private final Set<String> unindexedLogged = ConcurrentHashMap.newKeySet();

    private GeoPackageStore(GpkgConnection gpkg, boolean readOnly, GpkgReadPool reads) {
        this.gpkg = gpkg;
        this.readOnly = readOnly;
        this.reads = reads;
    }

    /**
     * Opens {@code file} in {@code mode}. The file identity is taken before the connection opens it, so that
     * the read pool never reads a file that replaced it (see {@link GpkgReadPool}).
     */
    private static GeoPackageStore open(Path file, GpkgConnection.Mode mode, int maxReadConnections) {
        Object fileKey = GpkgReadPool.fileKey(file);
        GpkgConnection gpkg = GpkgConnection.open(file, mode);
        return new GeoPackageStore(gpkg, mode == GpkgConnection.Mode.READ_ONLY,
                new GpkgReadPool(file, fileKey, maxReadConnections));
    }

    /**
     * Creates a new, empty project file.
     *
     * @throws CgisException when the file exists or cannot be created
     */
    public static GeoPackageStore create(Path file) {
        if (Files.exists(file)) {
            throw new CgisException(StoreMessages.BUNDLE, "store.fileExists", file);
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "store.ioFailed", file, e.getMessage());
        }
        try {
            initialize(file);
            GeoPackageStore store = open(file, GpkgConnection.Mode.READ_WRITE, DEFAULT_READ_CONNECTIONS);
            try {
                SpatialRefs.register(store.gpkg, Crs.WGS84);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return store;
        } catch (RuntimeException e) {
            deleteQuietly(file, e);
            throw e;
        }
    }

    /** Writes the GeoPackage core tables, application id and version into an empty file. */
    private static void initialize(Path file) {
        try (Connection connection = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            // NGA's DDL and pragmas, run on this connection only (no ORMLite connection source).
            GeoPackageConnection nga = new GeoPackageConnection(file.toFile(), connection, null);
            nga.setApplicationId();
            GeoPackageTableCreator creator = new GeoPackageTableCreator(nga);
            creator.createSpatialReferenceSystem();
            creator.createContents();
            creator.createGeometryColumns();
            creator.createExtensions();
            try (Statement statement = connection.createStatement()) {
                // GeoPackage 1.3 rather than NGA's 1.4, because GDAL before 3.7 warns on opening 1.4 files.
                statement.execute("PRAGMA user_version = " + GEOPACKAGE_VERSION);
                statement.execute("CREATE TABLE cgis_metadata (key TEXT PRIMARY KEY NOT NULL, value TEXT)");
                // The two undefined systems the GeoPackage standard requires in every file.
                statement.execute("INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization,"
                        + " organization_coordsys_id, definition, description) VALUES"
                        + " ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),"
                        + " ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')");
            }
        } catch (SQLException | RuntimeException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "store.ioFailed", file, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Opens an existing project file for reading and writing.
     *
     * @throws CgisException naming the file when it is missing, not an SQLite database or not a GeoPackage
     */
    public static GeoPackageStore open(Path file) {
        return open(file, GpkgConnection.Mode.READ_WRITE, DEFAULT_READ_CONNECTIONS);
    }

    /**
     * Opens an existing project file read-only; every write throws a {@link CgisException}.
     *
     * @throws CgisException naming the file when it is missing, not an SQLite database or not a GeoPackage
     */
    public static GeoPackageStore openReadOnly(Path file) {
        return openReadOnly(file, DEFAULT_READ_CONNECTIONS);
    }

    /** Opens {@code file} read-only with at most {@code maxReadConnections} connections for feature reads. */
    static GeoPackageStore openReadOnly(Path file, int maxReadConnections) {
        return open(file, GpkgConnection.Mode.READ_ONLY, maxReadConnections);
    }

    /** Opens a scratch copy that {@link Projects#update} discards on failure: no journal file, no syncs. */
    static GeoPackageStore openScratch(Path file) {
        return open(file, GpkgConnection.Mode.SCRATCH, DEFAULT_READ_CONNECTIONS);
    }

    /** Returns the project file. */
    public Path file() {
        return gpkg.file();
    }

    /** Returns the number of open read-only connections for feature reads, idle or in use. */
    int openReadConnections() {
        return reads.openConnections();
    }

    @Override
    public Optional<String> crs() {
        return crs(gpkg);
    }

    private static Optional<String> crs(GpkgConnection connection) {
        return Optional.ofNullable(metadataValue(connection, CRS_KEY));
    }

    @Override
    public void setCrs(String code) {
        putMetadata(CRS_KEY, Crs.normalizeCode(code));
    }

    @Override
    public List<LayerInfo> layers() {
        return layers(gpkg);
    }

    private static List<LayerInfo> layers(GpkgConnection gpkg) {
        boolean hasGeometryColumns = gpkg.tableExists("gpkg_geometry_columns");
        String sql = "SELECT c.table_name, c.data_type, c.identifier, c.min_x, c.min_y, c.max_x, c.max_y, c.srs_id, "
                + (hasGeometryColumns ? "g.geometry_type_name" : "NULL") + " FROM gpkg_contents c"
                + (hasGeometryColumns ? " LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name" : "")
                + " WHERE c.data_type IN ('" + FEATURES + "', '" + COVERAGE + "') ORDER BY c.table_name";
        Map<Integer, String> codes = new HashMap<>();
        return gpkg.query(connection -> {
            List<LayerInfo> layers = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    boolean vector = FEATURES.equals(rows.getString(2));
                    String title = rows.getString(3) == null || rows.getString(3).isBlank() ? name : rows.getString(3);
                    Envelope envelope = rows.getObject(4) == null ? new Envelope()
                            : new Envelope(rows.getDouble(4), rows.getDouble(6), rows.getDouble(5), rows.getDouble(7));
                    int srsId = rows.getInt(8);
                    String crs = codes.computeIfAbsent(srsId, id -> crsOf(gpkg, id));
                    if (vector) {
                        layers.add(new LayerInfo(name, LayerInfo.LayerType.VECTOR, FeatureTables.kindOf(rows.getString(9)),
                                countRows(connection, name), envelope, crs, title));
                    } else {
                        layers.add(new LayerInfo(name, LayerInfo.LayerType.RASTER, null, cellCount(connection, name, envelope),
                                envelope, crs, title));
                    }
                }
            }
            return layers;
        });
    }

    private static long countRows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + GpkgConnection.quote(table))) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static long cellCount(Connection connection, String table, Envelope envelope) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT pixel_x_size, pixel_y_size FROM gpkg_tile_matrix"
                + " WHERE table_name = ? ORDER BY zoom_level DESC LIMIT 1")) {
            select.setString(1, table);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next() || envelope.isNull()) {
                    return 0;
                }
                return Math.round(envelope.getWidth() / rows.getDouble(1)) * Math.round(envelope.getHeight() / rows.getDouble(2));
            }
        }
    }

    /**
     * Returns the CRS code of {@code srsId}: {@code EPSG:n}, or CRS:84 for srs_id 4326 in a project whose
     * CRS is CRS:84 (both store longitude first). Null when the row has no EPSG code.
     */
    private static String crsOf(GpkgConnection gpkg, int srsId) {
        Optional<String> code = SpatialRefs.epsgCode(gpkg, srsId);
        if (code.isPresent() && code.get().equals(Crs.WGS84) && crs(gpkg).filter(Crs.CRS84::equals).isPresent()) {
            return Crs.CRS84;
        }
        return code.orElse(null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Rows the store did not write (edits in QGIS) may lack a geometry; they are skipped and logged.
     */
    @Override
    public FeatureLayer readFeatures(String name) {
        return reads.read(connection -> reader(connection, name).readAll(connection));
    }

    /** {@inheritDoc} See {@link LayerReader} for the RTree query and the scan of a table without one. */
    @Override
    public FeatureLayer readFeatures(String name, Envelope envelope) {
        return reads.read(connection -> reader(connection, name).readInBox(connection, envelope));
    }

    @Override
    public FeatureLayer readFeature(String name, long id) {
        return reads.read(connection -> reader(connection, name).readById(connection, id));
    }

    /**
     * Returns the reader of vector layer {@code name}, reading its schema on {@code connection} on first use.
     *
     * @throws CgisException when the layer does not exist or is a raster
     */
    private LayerReader reader(GpkgReadPool.ReadConnection connection, String name) throws SQLException {
        LayerReader reader = readers.get(name);
        if (reader != null) {
            return reader;
        }
        long generation;
        synchronized (readers) {
            generation = readersGeneration;
        }
        GpkgConnection read = connection.gpkg();
        StoredLayer stored = find(read, name);
        if (!stored.dataType.equals(FEATURES)) {
            throw missing(read, name, "store.notVector");
        }
        reader = LayerReader.of(read, name, crsOf(read, stored.srsId));
        if (!reader.indexed() && unindexedLogged.add(name)) {
            LOG.warn("Layer {} in {} has no spatial index (table {} is missing), so each bounding-box read scans"
                    + " the whole table. Importing the layer again writes it with an index", name, gpkg.file(),
                    reader.rtree());
        }
        synchronized (readers) {
            // A write since this reader was made may have changed the table, so such a reader is not kept.
            if (generation == readersGeneration) {
                readers.putIfAbsent(name, reader);
            }
        }
        return reader;
    }

    /** Drops the kept layer readers and prepared statements after a write, which may have changed any table. */
    private void forgetReaders() {
        synchronized (readers) {
            readersGeneration++;
            readers.clear();
        }
        reads.discardStatements();
    }

    @Override
    public void writeFeatures(FeatureLayer layer) {
        checkWritable();
        String crs = layerCrs(layer.crs());
        long start = System.nanoTime();
        try {
            gpkg.transaction(connection -> {
                GpkgSchema.ensureFeatureTables(gpkg);
                int srsId = SpatialRefs.register(gpkg, crs);
                GpkgSchema.dropLayer(gpkg, layer.name());
                FeatureTables.write(gpkg, connection, layer, srsId);
                return null;
            });
        } finally {
            forgetReaders();
        }
        LOG.debug("Wrote layer {} ({} features) to {} in {} ms", layer.name(), layer.size(), gpkg.file(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private String layerCrs(String layerCrs) {
        if (layerCrs != null) {
            return layerCrs;
        }
        return crs().orElseThrow(() -> new CgisException(CoreMessages.BUNDLE, "store.noCrs"));
    }

    @Override
    public Raster readRaster(String name) {
        StoredLayer stored = find(gpkg, name);
        if (!stored.dataType.equals(COVERAGE)) {
            throw missing(gpkg, name, "store.notRaster");
        }
        return CoverageTables.read(gpkg, name, crsOf(gpkg, stored.srsId), metadataValue(gpkg, unitKey(name)));
    }

    @Override
    public void writeRaster(String name, Raster raster) {
        LayerNames.validate(name);
        checkWritable();
        String crs = layerCrs(raster.grid().crs());
        long start = System.nanoTime();
        try {
            gpkg.transaction(connection -> {
                GpkgSchema.ensureCoverageTables(gpkg);
                GpkgSchema.ensureMetadataTable(gpkg);
                int srsId = SpatialRefs.register(gpkg, crs);
                GpkgSchema.dropLayer(gpkg, name);
                CoverageTables.write(connection, name, raster, srsId);
                upsertMetadata(unitKey(name), raster.unit());
                return null;
            });
        } finally {
            forgetReaders();
        }
        LOG.debug("Wrote raster {} ({}×{}) to {} in {} ms", name, raster.grid().cols(), raster.grid().rows(),
                gpkg.file(), (System.nanoTime() - start) / 1_000_000);
    }

    private static String unitKey(String name) {
        return "raster." + name + ".unit";
    }

    @Override
    public void delete(String name) {
        checkWritable();
        try {
            gpkg.transaction(connection -> {
                GpkgSchema.dropLayer(gpkg, name);
                return null;
            });
        } finally {
            forgetReaders();
        }
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> result = new TreeMap<>();
        if (!gpkg.tableExists("cgis_metadata")) {
            return result;
        }
        return gpkg.query(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT key, value FROM cgis_metadata")) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getString(2));
                }
            }
            return result;
        });
    }

    @Override
    public void putMetadata(String key, String value) {
        checkWritable();
        try {
            GpkgSchema.ensureMetadataTable(gpkg);
            upsertMetadata(key, value);
        } finally {
            // The project CRS decides whether a layer in srs_id 4326 reads as CRS:84.
            forgetReaders();
        }
    }

    private void upsertMetadata(String key, String value) {
        gpkg.update("INSERT OR REPLACE INTO cgis_metadata (key, value) VALUES (?, ?)", key, value);
    }

    private static String metadataValue(GpkgConnection gpkg, String key) {
        if (!gpkg.tableExists("cgis_metadata")) {
            return null;
        }
        return gpkg.query(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT value FROM cgis_metadata WHERE key = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    private void checkWritable() {
        if (readOnly) {
            throw new CgisException(StoreMessages.BUNDLE, "store.readOnly", gpkg.file());
        }
    }

    /** A layer's gpkg_contents row. */
    private record StoredLayer(String dataType, int srsId) {
    }

    private static StoredLayer find(GpkgConnection gpkg, String name) {
        StoredLayer stored = gpkg.query(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT data_type, srs_id FROM gpkg_contents WHERE table_name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? new StoredLayer(rows.getString(1), rows.getInt(2)) : null;
                }
            }
        });
        if (stored == null || !(stored.dataType.equals(FEATURES) || stored.dataType.equals(COVERAGE))) {
            throw missing(gpkg, name, "store.layerNotFound");
        }
        return stored;
    }

    private static CgisException missing(GpkgConnection gpkg, String name, String key) {
        String present = layers(gpkg).stream().map(LayerInfo::name).collect(Collectors.joining(", "));
        return new CgisException(CoreMessages.BUNDLE, key, name, present.isEmpty() ? "-" : present);
    }

    /**
     * Closes the read pool and the store's connection. A feature read that is still running closes its
     * connection when it ends.
     */
    @Override
    public void close() {
        try {
            reads.close();
        } finally {
            gpkg.close();
        }
    }
}
