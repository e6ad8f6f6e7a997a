package org.communitygis.io;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.IdentifiedObjects;
import org.communitygis.core.CgisException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.util.FactoryException;

/**
 * Maps the WKT 1 of a Shapefile's {@code .prj} (ESRI or OGC flavour) to an EPSG code.
 *
 * <p>Order: an {@code AUTHORITY["EPSG", n]} of the root element; then a matcher by ellipsoid and projection
 * parameters for the CRSs of Chinese data, because ESRI names ({@code D_China_2000}, {@code Gauss_Kruger})
 * do not match EPSG's and Apache SIS 1.4's {@link IdentifiedObjects#lookupEPSG} finds none of them; last
 * that lookup on the WKT as Apache SIS parses it (which takes a few seconds when it scans the EPSG database).
 *
 * <p>The matcher recognizes: CGCS2000 (EPSG:4490; 3° Gauss-Krüger 4513–4533 with zone prefix and 4534–4554
 * without; 6° 4491–4501 with prefix), Xian 1980 (4610; 3° 2349–2369 and 2370–2390, 6° 2327–2337 with
 * prefix), Beijing 1954 (4214; 3° 2401–2421 and 2422–2442, 6° 21413–21423 with prefix), WGS 84 (4326, UTM
 * 32601–32660 and 32701–32760). A zone prefix is the zone number in the millions of the false easting
 * (35 500 000 m for 3° zone 35). A 6° zone without prefix has the same parameters as the 3° zone of its
 * central meridian, so the 3° code is returned for it (EPSG:4544 rather than 4508 for 105°E).
 */
public final class PrjCrs {
    private static final Pattern AUTHORITY = Pattern.compile("(?i)AUTHORITY\\s*\\[\\s*\"EPSG\"\\s*,\\s*\"?(\\d+)\"?\\s*\\]\\s*\\]\\s*$");
    private static final Pattern SPHEROID = Pattern.compile(
            "(?i)(?:SPHEROID|ELLIPSOID)\\s*\\[\\s*\"[^\"]*\"\\s*,\\s*([0-9.eE+-]+)\\s*,\\s*([0-9.eE+-]+)");
    private static final Pattern PROJECTION = Pattern.compile("(?i)PROJECTION\\s*\\[\\s*\"([^\"]*)\"");
    private static final Pattern PROJCS_NAME = Pattern.compile("(?i)^\\s*(?:PROJCS|GEOGCS)\\s*\\[\\s*\"([^\"]*)\"");

    private PrjCrs() {
    }

    /** The datums the matcher recognizes, by ellipsoid. */
    private enum Datum {
        CGCS2000(6378137.0, 298.257222101, 4490),
        WGS84(6378137.0, 298.257223563, 4326),
        XIAN1980(6378140.0, 298.257, 4610),
        BEIJING1954(6378245.0, 298.3, 4214);

        final double semiMajor;
        final double inverseFlattening;
        final int geographic;

        Datum(double semiMajor, double inverseFlattening, int geographic) {
            this.semiMajor = semiMajor;
            this.inverseFlattening = inverseFlattening;
            this.geographic = geographic;
        }
    }

    /**
     * Returns the EPSG code ({@code EPSG:n}) of {@code wkt}, or empty when neither the matcher nor Apache
     * SIS finds one.
     *
     * @throws CgisException when the text is not WKT that Apache SIS can parse
     */
    public static Optional<String> epsgCode(String wkt, Object file) {
        String text = wkt.trim();
        Matcher authority = AUTHORITY.matcher(text);
        if (authority.find()) {
            return Optional.of("EPSG:" + Integer.parseInt(authority.group(1)));
        }
        Optional<Integer> matched = match(text);
        if (matched.isPresent()) {
            return Optional.of("EPSG:" + matched.get());
        }
        CoordinateReferenceSystem parsed;
        try {
            parsed = CRS.fromWKT(text);
        } catch (FactoryException | RuntimeException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "shp.prjInvalid", file, String.valueOf(e.getMessage()));
        }
        try {
            Integer code = IdentifiedObjects.lookupEPSG(parsed);
            return code == null ? Optional.empty() : Optional.of("EPSG:" + code);
        } catch (FactoryException e) {
            return Optional.empty();
        }
    }

    /** Returns the name of the root element ({@code PROJCS["Beijing_1954_GK_Zone_18N", …]}), for messages. */
    public static String name(String wkt) {
        Matcher matcher = PROJCS_NAME.matcher(wkt);
        return matcher.find() ? matcher.group(1) : wkt.length() > 80 ? wkt.substring(0, 80) + "…" : wkt;
    }

    /** Returns the EPSG code by datum and projection parameters, for the CRS families listed in the class doc. */
    static Optional<Integer> match(String wkt) {
        Matcher spheroid = SPHEROID.matcher(wkt);
        if (!spheroid.find()) {
            return Optional.empty();
        }
        Datum datum = datum(Double.parseDouble(spheroid.group(1)), Double.parseDouble(spheroid.group(2)));
        if (datum == null) {
            return Optional.empty();
        }

        Matcher projection = PROJECTION.matcher(wkt);
        if (!projection.find()) {
            return wkt.trim().toUpperCase(Locale.ROOT).startsWith("GEOGCS") ? Optional.of(datum.geographic)
                    : Optional.empty();
        }
        String method = projection.group(1).toLowerCase(Locale.ROOT).replace(' ', '_');
        if (!method.contains("transverse_mercator") && !method.contains("gauss_kruger")) {
            return Optional.empty();
        }

        double centralMeridian = parameter(wkt, "central_meridian", "longitude_of_origin", "longitude_of_center");
        double falseEasting = parameter(wkt, "false_easting");
        double falseNorthing = parameter(wkt, "false_northing");
        double scale = parameter(wkt, "scale_factor");
        double latitudeOfOrigin = parameter(wkt, "latitude_of_origin");
        if (Double.isNaN(centralMeridian) || Double.isNaN(falseEasting)) {
            return Optional.empty();
        }
        scale = Double.isNaN(scale) ? 1 : scale;
        latitudeOfOrigin = Double.isNaN(latitudeOfOrigin) ? 0 : latitudeOfOrigin;
        falseNorthing = Double.isNaN(falseNorthing) ? 0 : falseNorthing;
        if (latitudeOfOrigin != 0 || !isWhole(centralMeridian)) {
            return Optional.empty();
        }

        int cm = (int) Math.round(centralMeridian);
        if (datum == Datum.WGS84) {
            return utm(cm, falseEasting, falseNorthing, scale);
        }
        if (Math.abs(scale - 1) > 1e-9 || falseNorthing != 0) {
            return Optional.empty();
        }
        return gaussKruger(datum, cm, falseEasting);
    }

    private static Optional<Integer> utm(int cm, double falseEasting, double falseNorthing, double scale) {
        if (Math.abs(scale - 0.9996) > 1e-9 || falseEasting != 500000 || (cm + 183) % 6 != 0) {
            return Optional.empty();
        }
        int zone = (cm + 183) / 6;
        if (zone < 1 || zone > 60) {
            return Optional.empty();
        }
        if (falseNorthing == 0) {
            return Optional.of(32600 + zone);
        }
        return falseNorthing == 10000000 ? Optional.of(32700 + zone) : Optional.empty();
    }

    private static Optional<Integer> gaussKruger(Datum datum, int cm, double falseEasting) {
        if (cm < 75 || cm > 135 || cm % 3 != 0) {
            return Optional.empty();
        }
        boolean sixDegreeMeridian = (cm - 3) % 6 == 0;
        if (falseEasting == 500000) {
            // Every 6° central meridian is also a 3° one, and without a zone prefix the two EPSG families
            // share every parameter: the 3° code is taken, as Chinese GIS software writes it.
            return threeDegreeCode(datum, cm, false);
        }
        int prefix = (int) Math.floor(falseEasting / 1e6);
        if (falseEasting - prefix * 1e6 != 500000) {
            return Optional.empty();
        }
        if (prefix == cm / 3) {
            return threeDegreeCode(datum, cm, true);
        }
        if (sixDegreeMeridian && prefix == (cm + 3) / 6) {
            return sixDegreeCode(datum, cm, true);
        }
        return Optional.empty();
    }

    private static Optional<Integer> threeDegreeCode(Datum datum, int cm, boolean prefixed) {
        int index = (cm - 75) / 3;
        switch (datum) {
            case CGCS2000:
                return Optional.of((prefixed ? 4513 : 4534) + index);
            case XIAN1980:
                return Optional.of((prefixed ? 2349 : 2370) + index);
            case BEIJING1954:
                return Optional.of((prefixed ? 2401 : 2422) + index);
            default:
                return Optional.empty();
        }
    }

    private static Optional<Integer> sixDegreeCode(Datum datum, int cm, boolean prefixed) {
        if (cm < 75 || cm > 135) {
            return Optional.empty();
        }
        int index = (cm - 75) / 6;
        switch (datum) {
            case CGCS2000:
                return Optional.of((prefixed ? 4491 : 4502) + index);
            case XIAN1980:
                return Optional.of((prefixed ? 2327 : 2338) + index);
            case BEIJING1954:
                return Optional.of((prefixed ? 21413 : 21453) + index);
            default:
                return Optional.empty();
        }
    }

    private static Datum datum(double semiMajor, double inverseFlattening) {
        Datum best = null;
        for (Datum datum : Datum.values()) {
            if (Math.abs(datum.semiMajor - semiMajor) < 0.01
                    && Math.abs(datum.inverseFlattening - inverseFlattening) < 1e-6) {
                best = datum;
            }
        }
        return best;
    }

    /** Returns the value of the first PARAMETER whose name matches one of {@code names} (case ignored), or NaN. */
    private static double parameter(String wkt, String... names) {
        for (String name : names) {
            Matcher matcher = Pattern.compile("(?i)PARAMETER\\s*\\[\\s*\"" + name + "\"\\s*,\\s*([0-9.eE+-]+)")
                    .matcher(wkt);
            if (matcher.find()) {
                return Double.parseDouble(matcher.group(1));
            }
        }
        return Double.NaN;
    }

    private static boolean isWhole(double value) {
        return Math.abs(value - Math.rint(value)) < 1e-9;
    }
}
