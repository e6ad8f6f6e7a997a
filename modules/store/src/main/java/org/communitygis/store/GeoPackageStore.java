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
import java.util.TreeMap;
import java.util.stream.Collectors;
import mil.nga.geopackage.db.GeoPackageConnection;
import mil.nga.geopackage.db.GeoPackageTableCreator;
import org.communitygis.core.CgisException;
import org.communitygis.core.CoreMessages;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.LayerNames;
import org.communitygis.core.raster.Raster;
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
 * Coordinates are stored 2D: Z and M values of written geometries are dropped. Not thread-safe: one
 * instance wraps one JDBC connection.
 */
public final class GeoPackageStore implements ProjectStore {
    /** Metadata key of the project CRS code. */
    public static final String CRS_KEY = "project.crs";
    private static final Logger LOG = LoggerFactory.getLogger(GeoPackageStore.class);
    /** GeoPackage version written into new files (PRAGMA user_version), 1.3.0. */
    static final int GEOPACKAGE_VERSION = 10300;
    private static final String FEATURES = "features";
    private static final String COVERAGE = "2d-gridded-coverage";

    private final GpkgConnection gpkg;
    private final boolean readOnly;

    private GeoPackageStore(GpkgConnection gpkg, boolean readOnly) {
        this.gpkg = gpkg;
        this.readOnly = readOnly;
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
            GpkgConnection gpkg = GpkgConnection.open(file, GpkgConnection.Mode.READ_WRITE);
            try {
                SpatialRefs.register(gpkg, Crs.WGS84);
            } catch (RuntimeException e) {
                gpkg.close();
                throw e;
            }
            return new GeoPackageStore(gpkg, false);
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
        return new GeoPackageStore(GpkgConnection.open(file, GpkgConnection.Mode.READ_WRITE), false);
    }

    /**
     * Opens an existing project file read-only; every write throws a {@link CgisException}.
     *
     * @throws CgisException naming the file when it is missing, not an SQLite database or not a GeoPackage
     */
    public static GeoPackageStore openReadOnly(Path file) {
        return new GeoPackageStore(GpkgConnection.open(file, GpkgConnection.Mode.READ_ONLY), true);
    }

    /** Opens a scratch copy that {@link Projects#update} discards on failure: no journal file, no syncs. */
    static GeoPackageStore openScratch(Path file) {
        return new GeoPackageStore(GpkgConnection.open(file, GpkgConnection.Mode.SCRATCH), false);
    }

    /** Returns the project file. */
    public Path file() {
        return gpkg.file();
    }

    @Override
    public Optional<String> crs() {
        return Optional.ofNullable(metadataValue(CRS_KEY));
    }

    @Override
    public void setCrs(String code) {
        putMetadata(CRS_KEY, Crs.normalizeCode(code));
    }

    @Override
    public List<LayerInfo> layers() {
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
                    String crs = codes.computeIfAbsent(srsId, this::crsOf);
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
    private String crsOf(int srsId) {
        Optional<String> code = SpatialRefs.epsgCode(gpkg, srsId);
        if (code.isPresent() && code.get().equals(Crs.WGS84) && crs().filter(Crs.CRS84::equals).isPresent()) {
            return Crs.CRS84;
        }
        return code.orElse(null);
    }

    @Override
    public FeatureLayer readFeatures(String name) {
        StoredLayer stored = find(name);
        if (!stored.dataType.equals(FEATURES)) {
            throw missing(name, "store.notVector");
        }
        // Rows the store did not write (edits in QGIS) may lack a geometry; they are skipped and logged.
        Diagnostics warnings = new Diagnostics(message -> LOG.warn("Reading the project: {}", message.english()));
        return FeatureTables.read(gpkg, name, name, crsOf(stored.srsId), warnings);
    }

    @Override
    public void writeFeatures(FeatureLayer layer) {
        checkWritable();
        String crs = layerCrs(layer.crs());
        long start = System.nanoTime();
        gpkg.transaction(connection -> {
            GpkgSchema.ensureFeatureTables(gpkg);
            int srsId = SpatialRefs.register(gpkg, crs);
            GpkgSchema.dropLayer(gpkg, layer.name());
            FeatureTables.write(gpkg, connection, layer, srsId);
            return null;
        });
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
        StoredLayer stored = find(name);
        if (!stored.dataType.equals(COVERAGE)) {
            throw missing(name, "store.notRaster");
        }
        return CoverageTables.read(gpkg, name, crsOf(stored.srsId), metadataValue(unitKey(name)));
    }

    @Override
    public void writeRaster(String name, Raster raster) {
        LayerNames.validate(name);
        checkWritable();
        String crs = layerCrs(raster.grid().crs());
        long start = System.nanoTime();
        gpkg.transaction(connection -> {
            GpkgSchema.ensureCoverageTables(gpkg);
            GpkgSchema.ensureMetadataTable(gpkg);
            int srsId = SpatialRefs.register(gpkg, crs);
            GpkgSchema.dropLayer(gpkg, name);
            CoverageTables.write(connection, name, raster, srsId);
            upsertMetadata(unitKey(name), raster.unit());
            return null;
        });
        LOG.debug("Wrote raster {} ({}×{}) to {} in {} ms", name, raster.grid().cols(), raster.grid().rows(),
                gpkg.file(), (System.nanoTime() - start) / 1_000_000);
    }

    private static String unitKey(String name) {
        return "raster." + name + ".unit";
    }

    @Override
    public void delete(String name) {
        checkWritable();
        gpkg.transaction(connection -> {
            GpkgSchema.dropLayer(gpkg, name);
            return null;
        });
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
        GpkgSchema.ensureMetadataTable(gpkg);
        upsertMetadata(key, value);
    }

    private void upsertMetadata(String key, String value) {
        gpkg.update("INSERT OR REPLACE INTO cgis_metadata (key, value) VALUES (?, ?)", key, value);
    }

    private String metadataValue(String key) {
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

    private StoredLayer find(String name) {
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
            throw missing(name, "store.layerNotFound");
        }
        return stored;
    }

    private CgisException missing(String name, String key) {
        String present = layers().stream().map(LayerInfo::name).collect(Collectors.joining(", "));
        return new CgisException(CoreMessages.BUNDLE, key, name, present.isEmpty() ? "-" : present);
    }

    @Override
    public void close() {
        gpkg.close();
    }
}
