package org.communitygis.store;

import static org.communitygis.store.GpkgConnection.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import mil.nga.geopackage.db.GeoPackageConnection;
import mil.nga.geopackage.db.GeoPackageTableCreator;
import org.locationtech.jts.geom.Envelope;

/**
 * GeoPackage metadata tables: creating the optional ones on first use (with NGA's DDL, run on the
 * store's own connection) and adding or removing the rows that describe one layer.
 */
final class GpkgSchema {
    private GpkgSchema() {
    }

    /** Creates the tables a feature layer needs that a fresh GeoPackage may lack. */
    static void ensureFeatureTables(GpkgConnection gpkg) {
        GeoPackageTableCreator creator = creator(gpkg);
        if (!gpkg.tableExists("gpkg_geometry_columns")) {
            creator.createGeometryColumns();
        }
        if (!gpkg.tableExists("gpkg_extensions")) {
            creator.createExtensions();
        }
    }

    /** Creates the tables a 2D gridded coverage needs that a fresh GeoPackage may lack. */
    static void ensureCoverageTables(GpkgConnection gpkg) {
        GeoPackageTableCreator creator = creator(gpkg);
        if (!gpkg.tableExists("gpkg_tile_matrix_set")) {
            creator.createTileMatrixSet();
        }
        if (!gpkg.tableExists("gpkg_tile_matrix")) {
            creator.createTileMatrix();
        }
        if (!gpkg.tableExists("gpkg_extensions")) {
            creator.createExtensions();
        }
        if (!gpkg.tableExists("gpkg_2d_gridded_coverage_ancillary")) {
            creator.createGriddedCoverage();
        }
        if (!gpkg.tableExists("gpkg_2d_gridded_tile_ancillary")) {
            creator.createGriddedTile();
        }
    }

    /** Creates the project metadata table. */
    static void ensureMetadataTable(GpkgConnection gpkg) {
        gpkg.execute("CREATE TABLE IF NOT EXISTS cgis_metadata (key TEXT PRIMARY KEY NOT NULL, value TEXT)");
    }

    private static GeoPackageTableCreator creator(GpkgConnection gpkg) {
        // No ORMLite connection source: the creator only runs plain SQL through the JDBC connection.
        return new GeoPackageTableCreator(new GeoPackageConnection(gpkg.file().toFile(), gpkg.jdbc(), null));
    }

    /** Adds the gpkg_contents row of a layer. A null envelope leaves the bounds NULL. */
    static void insertContents(Connection connection, String table, String dataType, String identifier,
            Envelope extent, int srsId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gpkg_contents"
                + " (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)"
                + " VALUES (?, ?, ?, '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?, ?, ?)")) {
            insert.setString(1, table);
            insert.setString(2, dataType);
            insert.setString(3, identifier);
            if (extent.isNull()) {
                for (int i = 4; i <= 7; i++) {
                    insert.setNull(i, Types.DOUBLE);
                }
            } else {
                insert.setDouble(4, extent.getMinX());
                insert.setDouble(5, extent.getMinY());
                insert.setDouble(6, extent.getMaxX());
                insert.setDouble(7, extent.getMaxY());
            }
            insert.setInt(8, srsId);
            insert.executeUpdate();
        }
    }

    /**
     * Drops table {@code name} and every metadata row about it (contents, geometry columns, tile matrix,
     * coverage ancillary, extensions, RTree index). Runs in the caller's transaction and does nothing for
     * a name that is not there.
     */
    static void dropLayer(GpkgConnection gpkg, String name) {
        gpkg.execute("DROP TABLE IF EXISTS " + quote("rtree_" + name + "_" + FeatureTables.GEOM));
        gpkg.execute("DROP TABLE IF EXISTS " + quote(name));
        deleteRows(gpkg, "gpkg_2d_gridded_tile_ancillary", "tpudt_name", name);
        deleteRows(gpkg, "gpkg_2d_gridded_coverage_ancillary", "tile_matrix_set_name", name);
        deleteRows(gpkg, "gpkg_tile_matrix", "table_name", name);
        deleteRows(gpkg, "gpkg_tile_matrix_set", "table_name", name);
        deleteRows(gpkg, "gpkg_extensions", "table_name", name);
        deleteRows(gpkg, "gpkg_data_columns", "table_name", name);
        deleteRows(gpkg, "gpkg_geometry_columns", "table_name", name);
        deleteRows(gpkg, "gpkg_contents", "table_name", name);
        deleteRows(gpkg, "sqlite_sequence", "name", name);
        if (gpkg.tableExists("cgis_metadata")) {
            gpkg.update("DELETE FROM cgis_metadata WHERE key LIKE ? ESCAPE '\\'",
                    "raster." + name.replace("_", "\\_") + ".%");
        }
    }

    private static void deleteRows(GpkgConnection gpkg, String table, String column, String name) {
        if (gpkg.tableExists(table)) {
            gpkg.update("DELETE FROM " + table + " WHERE " + column + " = ?", name);
        }
    }
}
