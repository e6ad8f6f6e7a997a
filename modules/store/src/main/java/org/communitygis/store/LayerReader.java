package org.communitygis.store;

import static org.communitygis.store.GpkgConnection.quote;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.i18n.Message;
import org.communitygis.store.FeatureTables.RowDecoder;
import org.communitygis.store.FeatureTables.TableShape;
import org.communitygis.store.GpkgReadPool.ReadConnection;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads of one feature table on a pooled connection: every row, the rows whose geometry's bounding
 * box intersects a box, or the row with one id. Each read returns features in ascending id order, decoded
 * as {@link FeatureTables#read} decodes them, and skips rows without a usable geometry as it does.
 *
 * <p>A box read selects candidates through the table's RTree {@code rtree_<table>_<geometry column>}
 * (GeoPackage 1.3 RTree Spatial Indexes extension, OGC 12-128 annex F.3). SQLite's R*Tree stores
 * 32-bit floats rounded outwards, so the candidates are a superset, and each candidate's decoded
 * geometry envelope is tested against the box exactly, boundary contact included. A table without
 * that RTree, as in a file written without a spatial index, is scanned in full for every box read.
 *
 * <p>The schema (columns, fields, declared geometry type, CRS, whether an RTree exists) is read by
 * {@link #of} and kept. Immutable and safe to share between threads; the statements are prepared on
 * each {@link ReadConnection}.
 *
 * <p>NOTE: each read returns the declared geometry kind widened to fit the features it read, as
 * {@link FeatureTables#read} does for the whole table. In a table whose geometries do not fit its
 * declared type (edited by another program), a box or id read can return a narrower kind than a read of
 * every row.
 */
final class LayerReader {
    private static final Logger LOG = LoggerFactory.getLogger(LayerReader.class);

    private final Path file;
    private final String table;
    private final String crs;
    private final TableShape shape;
    private final String rtree;
    private final boolean indexed;
    private final String selectAll;
    private final String selectInBox;
    private final String selectById;
    /** Whether a read logged its skipped rows as warnings; later reads log them at debug level. */
    private final AtomicBoolean rowWarningsLogged = new AtomicBoolean();

    private LayerReader(Path file, String table, String crs, TableShape shape, String rtree, boolean indexed) {
        this.file = file;
        this.table = table;
        this.crs = crs;
        this.shape = shape;
        this.rtree = rtree;
        this.indexed = indexed;
        String select = FeatureTables.selectSql(table, shape);
        this.selectAll = select + " ORDER BY 1";
        // An IN subquery rather than a join: SQLite 3.45 plans the join with a sort of the result, and 3.40
        // after ANALYZE scanned the whole feature table in id order. The IN list is searched in the RTree
        // first, and its ids are visited in ascending order through the primary key without a sort
        // (EXPLAIN QUERY PLAN on both versions).
        this.selectInBox = !indexed ? null : select + " WHERE " + shape.idExpression + " IN (SELECT id FROM "
                + quote(rtree) + " WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?) ORDER BY 1";
        this.selectById = select + " WHERE " + shape.idExpression + " = ?";
    }

    /**
     * Reads the schema of feature table {@code table}. Columns that cannot be read are logged as
     * {@link FeatureTables#read} reports them.
     *
     * @param crs the layer's CRS code, null when its spatial reference system has no EPSG code
     */
    static LayerReader of(GpkgConnection gpkg, String table, String crs) throws SQLException {
        Diagnostics schemaWarnings = new Diagnostics(message -> LOG.warn("Reading the project: {}", message.english()));
        TableShape shape = TableShape.of(gpkg.jdbc(), gpkg.file(), table, schemaWarnings);
        String rtree = "rtree_" + table + "_" + shape.geometryColumn;
        return new LayerReader(gpkg.file(), table, crs, shape, rtree, gpkg.tableExists(rtree));
    }

    /** Returns the name of the table's RTree, {@code rtree_<table>_<geometry column>}, which may be missing. */
    String rtree() {
        return rtree;
    }

    /** Returns whether the RTree exists, so that box reads use it. */
    boolean indexed() {
        return indexed;
    }

    /** Reads every feature. */
    FeatureLayer readAll(ReadConnection connection) throws SQLException {
        return readRows(connection.statement(selectAll), null);
    }

    /**
     * Reads the features whose geometry's bounding box intersects {@code box}, boundary contact included;
     * none for a null envelope.
     */
    FeatureLayer readInBox(ReadConnection connection, Envelope box) throws SQLException {
        if (box.isNull()) {
            return FeatureTables.layer(table, crs, shape, List.of());
        }
        if (!indexed) {
            return readRows(connection.statement(selectAll), box);
        }
        PreparedStatement select = connection.statement(selectInBox);
        select.setDouble(1, box.getMaxX());
        select.setDouble(2, box.getMinX());
        select.setDouble(3, box.getMaxY());
        select.setDouble(4, box.getMinY());
        return readRows(select, box);
    }

    /** Reads the feature with {@code id}: a layer of one feature, or of none. */
    FeatureLayer readById(ReadConnection connection, long id) throws SQLException {
        PreparedStatement select = connection.statement(selectById);
        select.setLong(1, id);
        return readRows(select, null);
    }

    /**
     * Runs {@code select} and decodes its rows; with a {@code box}, only those whose geometry envelope
     * intersects it. The result set is closed before returning, which ends SQLite's read transaction.
     */
    private FeatureLayer readRows(PreparedStatement select, Envelope box) throws SQLException {
        Diagnostics warnings = new Diagnostics();
        RowDecoder decoder = new RowDecoder(file, table, shape, warnings);
        List<Feature> features = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Geometry geometry = decoder.geometry(rows);
                if (geometry == null || (box != null && !geometry.getEnvelopeInternal().intersects(box))) {
                    continue;
                }
                features.add(decoder.feature(rows, geometry));
            }
        }
        log(warnings.warnings());
        return FeatureTables.layer(table, crs, shape, features);
    }

    /**
     * Logs the skipped rows and emptied values of one read: as warnings for the first read that has any,
     * at debug level afterwards, because a map server reads the same rows on every request.
     */
    private void log(List<Message> warnings) {
        if (warnings.isEmpty()) {
            return;
        }
        boolean first = rowWarningsLogged.compareAndSet(false, true);
        for (Message warning : warnings) {
            if (first) {
                LOG.warn("Reading the project: {}", warning.english());
            } else {
                LOG.debug("Reading the project: {}", warning.english());
            }
        }
        if (first) {
            LOG.warn("Later reads of layer {} in {} log such rows at debug level", table, file);
        }
    }
}
