package org.communitygis.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.LayerNames;

/**
 * Reads the layers of a foreign GeoPackage (written by GDAL, QGIS or other tools) for import.
 *
 * <p>Each layer keeps its own CRS: the EPSG code of its {@code gpkg_spatial_ref_sys} row (organization
 * EPSG and its code, or the EPSG entry matching the WKT definition). Layer names are the table names
 * turned into valid layer names ({@link LayerNames#sanitize}), with {@code _2}, {@code _3} … appended
 * when two tables give the same name. Column types, skipped rows and renamed columns are as in
 * {@link FeatureTables#read}: rows without a usable geometry are skipped with a warning. Tables listed
 * in gpkg_contents with other data types (tiles, attributes) are ignored.
 */
public final class GeoPackageReader {
    private GeoPackageReader() {
    }

    /**
     * Reads every feature table of {@code file}, ordered by table name.
     *
     * @throws CgisException when the file is not a GeoPackage or a table's spatial reference system has
     *     no EPSG code
     */
    public static List<FeatureLayer> readFeatureLayers(Path file, Diagnostics diagnostics) {
        try (GpkgConnection gpkg = GpkgConnection.open(file, GpkgConnection.Mode.READ_ONLY)) {
            List<FeatureLayer> layers = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Table table : tables(gpkg, "features")) {
                String crs = crsOf(gpkg, table);
                layers.add(FeatureTables.read(gpkg, table.name, uniqueName(table.name, names), crs, diagnostics));
            }
            return layers;
        }
    }

    /**
     * Reads every 2D gridded coverage of {@code file}, ordered by table name, at its finest zoom level.
     *
     * @throws CgisException when the file is not a GeoPackage, a coverage's spatial reference system has
     *     no EPSG code, or its metadata or tiles are damaged
     */
    public static List<NamedRaster> readRasters(Path file) {
        try (GpkgConnection gpkg = GpkgConnection.open(file, GpkgConnection.Mode.READ_ONLY)) {
            List<NamedRaster> rasters = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Table table : tables(gpkg, "2d-gridded-coverage")) {
                String crs = crsOf(gpkg, table);
                rasters.add(new NamedRaster(uniqueName(table.name, names), CoverageTables.read(gpkg, table.name, crs, null)));
            }
            return rasters;
        }
    }

    /** A gpkg_contents row. */
    private record Table(String name, int srsId) {
    }

    private static List<Table> tables(GpkgConnection gpkg, String dataType) {
        return gpkg.query(connection -> {
            List<Table> tables = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT table_name, srs_id FROM gpkg_contents WHERE lower(data_type) = ? ORDER BY table_name")) {
                select.setString(1, dataType);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        tables.add(new Table(rows.getString(1), rows.getObject(2) == null ? 0 : rows.getInt(2)));
                    }
                }
            }
            return tables;
        });
    }

    private static String crsOf(GpkgConnection gpkg, Table table) {
        String code = SpatialRefs.epsgCode(gpkg, table.srsId).orElseThrow(
                () -> new CgisException(StoreMessages.BUNDLE, "reader.unknownSrs", table.name, gpkg.file(), String.valueOf(table.srsId)));
        try {
            Crs.forCode(code);
        } catch (CgisException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "reader.unknownSrs", table.name, gpkg.file(), code);
        }
        return code;
    }

    private static String uniqueName(String table, Set<String> used) {
        String base = LayerNames.sanitize(table);
        String name = base;
        for (int suffix = 2; !used.add(name); suffix++) {
            String tail = "_" + suffix;
            name = base.substring(0, Math.min(base.length(), 63 - tail.length())) + tail;
        }
        return name;
    }
}
