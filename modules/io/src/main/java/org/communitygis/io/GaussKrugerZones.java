package org.communitygis.io;

import java.nio.file.Path;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.locationtech.jts.geom.Envelope;

/**
 * Checks the eastings of a drawing against a CGCS2000 Gauss-Krüger CRS, where the zone number may or may
 * not be written in front of the easting.
 *
 * <p>EPSG codes (EPSG registry): 4491–4501 are the 6° zones 13–23 with the zone prefix (easting = zone ·
 * 10⁶ + 500,000 m at the central meridian), 4502–4512 the same zones without it (CM 75°E–135°E); 4513–4533
 * are the 3° zones 25–45 with the prefix, 4534–4554 the same zones without it. An easting above 1,000,000 m
 * carries a prefix, so its millions are the zone number.
 */
final class GaussKrugerZones {
    private static final double PREFIX_LIMIT_M = 1_000_000;

    private GaussKrugerZones() {
    }

    /**
     * Rejects {@code crs} when the data's eastings show a zone prefix and the CRS expects none, or the
     * reverse; the message names the EPSG code that matches. Other CRSs and empty extents pass.
     *
     * @throws CgisException naming the file, the eastings and the fitting EPSG code
     */
    static void check(Path file, String crs, Envelope extent) {
        if (extent.isNull()) {
            return;
        }
        int epsg;
        try {
            epsg = Crs.epsg(Crs.normalizeCode(crs));
        } catch (CgisException | IllegalArgumentException e) {
            return;
        }
        boolean prefixed = extent.getMinX() > PREFIX_LIMIT_M;
        String range = String.format(java.util.Locale.ROOT, "%.0f – %.0f", extent.getMinX(), extent.getMaxX());
        if (Crs.isGeographic(Crs.normalizeCode(crs)) && (Math.abs(extent.getMaxX()) > 180
                || Math.abs(extent.getMaxY()) > 90)) {
            throw new CgisException(IoMessages.BUNDLE, "dxf.crsGeographic", file, crs, range);
        }
        int zone = (int) Math.floor(extent.getMinX() / PREFIX_LIMIT_M);
        boolean threeDegreeNoPrefix = epsg >= 4534 && epsg <= 4554;
        boolean sixDegreeNoPrefix = epsg >= 4502 && epsg <= 4512;
        boolean threeDegreePrefix = epsg >= 4513 && epsg <= 4533;
        boolean sixDegreePrefix = epsg >= 4491 && epsg <= 4501;
        if (prefixed && (threeDegreeNoPrefix || sixDegreeNoPrefix)) {
            String suggestion = prefixedCode(zone);
            throw new CgisException(IoMessages.BUNDLE, "dxf.zonePrefixPresent", file, range, crs, zone,
                    suggestion == null ? "-" : suggestion);
        }
        if (!prefixed && extent.getMaxX() < PREFIX_LIMIT_M && (threeDegreePrefix || sixDegreePrefix)) {
            int withoutPrefix = threeDegreePrefix ? epsg + 21 : epsg + 11;
            throw new CgisException(IoMessages.BUNDLE, "dxf.zonePrefixMissing", file, range, crs,
                    "EPSG:" + withoutPrefix);
        }
        if (prefixed && (threeDegreePrefix || sixDegreePrefix)) {
            int expectedZone = threeDegreePrefix ? epsg - 4513 + 25 : epsg - 4491 + 13;
            if (expectedZone != zone) {
                String suggestion = prefixedCode(zone);
                throw new CgisException(IoMessages.BUNDLE, "dxf.zoneMismatch", file, range, crs, expectedZone, zone,
                        suggestion == null ? "-" : suggestion);
            }
        }
    }

    /** Returns the EPSG code of the prefixed CGCS2000 zone {@code zone} (3° for 25–45, 6° for 13–23), or null. */
    static String prefixedCode(int zone) {
        if (zone >= 25 && zone <= 45) {
            return "EPSG:" + (4513 + zone - 25);
        }
        if (zone >= 13 && zone <= 23) {
            return "EPSG:" + (4491 + zone - 13);
        }
        return null;
    }
}
