package org.communitygis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Optional;
import org.apache.sis.io.wkt.Convention;
import org.apache.sis.io.wkt.WKTFormat;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.IdentifiedObjects;
import org.communitygis.core.CgisException;
import org.communitygis.core.CoreMessages;
import org.communitygis.core.crs.Crs;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.util.FactoryException;

/**
 * Rows of {@code gpkg_spatial_ref_sys}: registering project CRS codes and mapping foreign rows back to
 * EPSG codes.
 *
 * <p>A code is registered with {@code srs_id} equal to its EPSG number, organization {@code EPSG} and a
 * WKT 1 definition of the CRS as EPSG defines it (axis order included), which GDAL reads. CRS:84 maps to
 * srs_id 4326, since GeoPackage geometries are always stored longitude first.
 */
final class SpatialRefs {
    private SpatialRefs() {
    }

    /**
     * Adds the row for {@code code} unless {@code srs_id} = its EPSG number exists, and returns that srs_id.
     *
     * @throws CgisException when the code is not in the EPSG database
     */
    static int register(GpkgConnection gpkg, String code) {
        int epsg = Crs.epsg(code);
        return gpkg.query(connection -> {
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT 1 FROM gpkg_spatial_ref_sys WHERE srs_id = ?")) {
                find.setInt(1, epsg);
                try (ResultSet rows = find.executeQuery()) {
                    if (rows.next()) {
                        return epsg;
                    }
                }
            }
            CoordinateReferenceSystem crs = epsgDefinition(code, epsg);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gpkg_spatial_ref_sys"
                    + " (srs_name, srs_id, organization, organization_coordsys_id, definition, description)"
                    + " VALUES (?, ?, 'EPSG', ?, ?, ?)")) {
                insert.setString(1, crs.getName().getCode());
                insert.setInt(2, epsg);
                insert.setInt(3, epsg);
                insert.setString(4, wkt1(crs));
                insert.setString(5, crs.getName().getCode());
                insert.executeUpdate();
            }
            return epsg;
        });
    }

    private static CoordinateReferenceSystem epsgDefinition(String code, int epsg) {
        try {
            return CRS.forCode("EPSG:" + epsg);
        } catch (FactoryException e) {
            throw new CgisException(e, CoreMessages.BUNDLE, "crs.unknown", code);
        }
    }

    /** Formats {@code crs} as single-line WKT 1 with the units GDAL expects (degrees for angles). */
    static String wkt1(CoordinateReferenceSystem crs) {
        WKTFormat format = new WKTFormat(Locale.ROOT, null);
        format.setConvention(Convention.WKT1_COMMON_UNITS);
        format.setIndentation(WKTFormat.SINGLE_LINE);
        return format.format(crs);
    }

    /**
     * Returns the EPSG code ({@code EPSG:n}) of {@code srsId}: from organization EPSG and its code, else by
     * looking up the WKT definition in the EPSG database. Empty for the undefined systems (srs_id -1 and
     * 0), a missing row, or a definition that matches no EPSG entry.
     */
    static Optional<String> epsgCode(GpkgConnection gpkg, int srsId) {
        return gpkg.query(connection -> {
            try (PreparedStatement find = connection.prepareStatement("SELECT organization,"
                    + " organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?")) {
                find.setInt(1, srsId);
                try (ResultSet rows = find.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    String organization = rows.getString(1);
                    int organizationCode = rows.getInt(2);
                    if ("EPSG".equalsIgnoreCase(organization) && organizationCode > 0) {
                        return Optional.of("EPSG:" + organizationCode);
                    }
                    return lookupDefinition(rows.getString(3));
                }
            }
        });
    }

    private static Optional<String> lookupDefinition(String definition) {
        if (definition == null || definition.isBlank() || definition.trim().equalsIgnoreCase("undefined")) {
            return Optional.empty();
        }
        try {
            Integer code = IdentifiedObjects.lookupEPSG(CRS.fromWKT(definition));
            return code == null ? Optional.empty() : Optional.of("EPSG:" + code);
        } catch (FactoryException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
