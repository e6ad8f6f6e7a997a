package org.communitygis.core.crs;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.apache.sis.referencing.crs.AbstractCRS;
import org.apache.sis.referencing.cs.AxesConvention;
import org.communitygis.core.CgisException;
import org.communitygis.core.CoreMessages;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.crs.GeographicCRS;
import org.opengis.referencing.crs.ProjectedCRS;
import org.opengis.util.FactoryException;

/**
 * CRS codes and their Apache SIS definitions, always in easting/longitude-first axis order.
 *
 * <p>Codes are kept as strings {@code EPSG:n} or {@code CRS:84} throughout the project. EPSG's own axis
 * order for EPSG:4326, EPSG:4490 and the CGCS2000 Gauss-Krüger CRSs (EPSG:4534–4554) is
 * latitude/northing first; every CRS returned here is normalized with SIS's
 * {@link AxesConvention#RIGHT_HANDED} so that JTS x is always easting or longitude. The EPSG database
 * comes from SIS's embedded copy, so no network access is needed.
 */
public final class Crs {
    /** Longitude/latitude on WGS 84, the CRS of GeoJSON and OGC API Features responses. */
    public static final String CRS84 = "CRS:84";
    /** CGCS2000 geographic (latitude/longitude in EPSG's order). */
    public static final String CGCS2000 = "EPSG:4490";
    /** WGS 84 geographic (latitude/longitude in EPSG's order). */
    public static final String WGS84 = "EPSG:4326";

    private static final Pattern EPSG_URN = Pattern.compile("(?i)urn:ogc:def:crs:epsg:[0-9.]*:(\\d+)");
    private static final Pattern EPSG_URI = Pattern.compile("(?i)https?://www\\.opengis\\.net/def/crs/epsg/[0-9.]+/(\\d+)");
    private static final Pattern CRS84_URI = Pattern.compile("(?i)(https?://www\\.opengis\\.net/def/crs/ogc/1\\.3/crs84|urn:ogc:def:crs:ogc:1\\.3:crs84|ogc:crs84|crs:84|crs84)");
    private static final Pattern EPSG_CODE = Pattern.compile("(?i)(?:epsg:)?(\\d{4,6})");
    private static final Map<String, CoordinateReferenceSystem> CACHE = new ConcurrentHashMap<>();

    private Crs() {
    }

    /**
     * Normalizes a CRS reference to {@code EPSG:n} or {@code CRS:84}. Accepts {@code 4544},
     * {@code epsg:4544}, OGC URNs and {@code http://www.opengis.net/def/crs/...} URIs.
     *
     * @throws CgisException when the text is not a CRS reference
     */
    public static String normalizeCode(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new CgisException(CoreMessages.BUNDLE, "crs.unknown", String.valueOf(reference));
        }
        String text = reference.trim();
        if (CRS84_URI.matcher(text).matches()) {
            return CRS84;
        }
        Matcher matcher = EPSG_URN.matcher(text);
        if (matcher.matches()) {
            return "EPSG:" + Integer.parseInt(matcher.group(1));
        }
        matcher = EPSG_URI.matcher(text);
        if (matcher.matches()) {
            return "EPSG:" + Integer.parseInt(matcher.group(1));
        }
        matcher = EPSG_CODE.matcher(text);
        if (matcher.matches()) {
            return "EPSG:" + Integer.parseInt(matcher.group(1));
        }
        throw new CgisException(CoreMessages.BUNDLE, "crs.unknown", reference);
    }

    /** Returns the EPSG number of a normalized code; CRS:84 gives 4326 (same datum, other axis order). */
    public static int epsg(String code) {
        String normalized = normalizeCode(code);
        return normalized.equals(CRS84) ? 4326 : Integer.parseInt(normalized.substring(5));
    }

    /** Returns the OGC URI of a code, e.g. {@code http://www.opengis.net/def/crs/EPSG/0/4544}. */
    public static String uri(String code) {
        String normalized = normalizeCode(code);
        if (normalized.equals(CRS84)) {
            return "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
        }
        return "http://www.opengis.net/def/crs/EPSG/0/" + normalized.substring(5);
    }

    /**
     * Returns the CRS for {@code code} with easting/longitude first.
     *
     * @throws CgisException when the code is unknown to the EPSG database
     */
    public static CoordinateReferenceSystem forCode(String code) {
        String normalized = normalizeCode(code);
        CoordinateReferenceSystem cached = CACHE.get(normalized);
        if (cached != null) {
            return cached;
        }
        CoordinateReferenceSystem crs;
        try {
            CoordinateReferenceSystem raw = normalized.equals(CRS84) ? CommonCRS.WGS84.normalizedGeographic()
                    : CRS.forCode(normalized);
            crs = AbstractCRS.castOrCopy(raw).forConvention(AxesConvention.RIGHT_HANDED);
        } catch (FactoryException | RuntimeException e) {
            throw new CgisException(e, CoreMessages.BUNDLE, "crs.unknown", code);
        }
        CACHE.put(normalized, crs);
        return crs;
    }

    /** Returns the CRS's name, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 105E". */
    public static String name(String code) {
        return forCode(code).getName().getCode();
    }

    /** Returns whether the CRS has degree (longitude/latitude) axes. */
    public static boolean isGeographic(String code) {
        return forCode(code) instanceof GeographicCRS;
    }

    /** Returns whether the CRS is projected (metric easting/northing for every CRS the tool chooses). */
    public static boolean isProjected(String code) {
        return forCode(code) instanceof ProjectedCRS;
    }

    /**
     * Chooses a local metric CRS for data around (lon, lat) in degrees: the CGCS2000 3° Gauss-Krüger zone
     * without zone prefix (EPSG:4534 for CM 75°E … EPSG:4554 for CM 135°E) inside China, else the WGS 84
     * UTM zone (EPSG:326zz north, 327zz south).
     *
     * <p>The zone's central meridian is {@code 3·round(lon/3)}. UTM ignores the Norway and Svalbard
     * exceptions. "Inside China" uses {@link ChinaOutline}, a coarse outline: near borders, pass
     * {@code --crs} explicitly.
     */
    public static String localMetricCode(double lon, double lat) {
        if (ChinaOutline.contains(lon, lat)) {
            int centralMeridian = 3 * (int) Math.round(lon / 3.0);
            centralMeridian = Math.max(75, Math.min(135, centralMeridian));
            return "EPSG:" + (4534 + (centralMeridian - 75) / 3);
        }
        int zone = (int) Math.floor((lon + 180.0) / 6.0) + 1;
        zone = Math.max(1, Math.min(60, zone));
        return String.format(Locale.ROOT, "EPSG:%d", (lat >= 0 ? 32600 : 32700) + zone);
    }

    /** Returns a transformer between two codes (identity when they are equal). */
    public static CrsTransform transform(String sourceCode, String targetCode) {
        return CrsTransform.between(normalizeCode(sourceCode), normalizeCode(targetCode));
    }
}
