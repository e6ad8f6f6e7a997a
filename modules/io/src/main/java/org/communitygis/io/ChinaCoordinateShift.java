package org.communitygis.io;

import java.util.Locale;
import org.communitygis.core.CgisException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * The offset longitude/latitude systems of Chinese web maps, and their conversion back to WGS 84.
 *
 * <p>GCJ-02 is used by AMap (高德) and Tencent maps: WGS 84 plus an offset of up to a few hundred metres,
 * computed by the widely published algorithm on the Krasovsky ellipsoid (a = 6378245 m,
 * e² = 0.00669342162296594323), and applied only inside the rectangle 72.004–137.8347°E,
 * 0.8293–55.8271°N. BD-09 is used by Baidu maps: GCJ-02 with a second offset, with x_π = π·3000/180.
 * The formulas are those of the open-source projects eviltransform and coordtransform.
 *
 * <p>Only the forward direction (WGS 84 → GCJ-02 → BD-09) is published, so {@link #toWgs84} inverts it
 * by fixed-point iteration until the forward transform reproduces the input within
 * {@link #TOLERANCE_DEG} (about 1 mm), so the result is as accurate as the published offset formula. It is
 * WGS 84, which the project treats as CGCS2000: the two datums differ by a few centimetres, which is within
 * the accuracy of the GPS points taken from a web map.
 */
public enum ChinaCoordinateShift {
    /** Plain WGS 84 (or CGCS2000) longitude/latitude: no conversion. */
    WGS84,
    /** GCJ-02 (国测局坐标, "Mars coordinates") of AMap and Tencent maps. */
    GCJ02,
    /** BD-09 (百度坐标) of Baidu maps. */
    BD09;

    /** Convergence threshold of the inverse iteration, degrees (1e-8° ≈ 1 mm). */
    public static final double TOLERANCE_DEG = 1e-8;
    private static final double KRASOVSKY_A = 6378245.0;
    private static final double KRASOVSKY_EE = 0.00669342162296594323;
    private static final double X_PI = Math.PI * 3000.0 / 180.0;
    private static final int MAX_ITERATIONS = 30;

    /**
     * Parses an option value: {@code wgs84}, {@code gcj02} or {@code bd09}, case and dashes ignored.
     *
     * @throws CgisException naming the value and the accepted ones
     */
    public static ChinaCoordinateShift parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        switch (key) {
            case "wgs84":
            case "cgcs2000":
                return WGS84;
            case "gcj02":
                return GCJ02;
            case "bd09":
            case "bd09ll":
                return BD09;
            default:
                throw new CgisException(IoMessages.BUNDLE, "shift.unknown", text);
        }
    }

    /** Returns whether the published algorithm leaves (lon, lat) unshifted because it lies outside China. */
    public static boolean outOfChina(double lon, double lat) {
        return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    /** Converts WGS 84 (lon, lat) to GCJ-02, in degrees; points outside China are returned unchanged. */
    public static double[] wgs84ToGcj02(double lon, double lat) {
        if (outOfChina(lon, lat)) {
            return new double[] {lon, lat};
        }
        double dLat = offsetLat(lon - 105.0, lat - 35.0);
        double dLon = offsetLon(lon - 105.0, lat - 35.0);
        double radLat = Math.toRadians(lat);
        double magic = 1 - KRASOVSKY_EE * Math.sin(radLat) * Math.sin(radLat);
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (KRASOVSKY_A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[] {lon + dLon, lat + dLat};
    }

    /** Converts GCJ-02 (lon, lat) to BD-09, in degrees, by the published formula. */
    public static double[] gcj02ToBd09(double lon, double lat) {
        double z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
        double theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
        return new double[] {z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006};
    }

    /**
     * Converts BD-09 (lon, lat) to GCJ-02 by the published approximate inverse formula, without
     * refinement. {@link #toWgs84} refines it.
     */
    public static double[] bd09ToGcj02Approximate(double lon, double lat) {
        double x = lon - 0.0065;
        double y = lat - 0.006;
        double z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
        double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
        return new double[] {z * Math.cos(theta), z * Math.sin(theta)};
    }

    /** Converts WGS 84 (lon, lat) into this system, in degrees. */
    public double[] fromWgs84(double lon, double lat) {
        switch (this) {
            case GCJ02:
                return wgs84ToGcj02(lon, lat);
            case BD09: {
                double[] gcj = wgs84ToGcj02(lon, lat);
                return gcj02ToBd09(gcj[0], gcj[1]);
            }
            default:
                return new double[] {lon, lat};
        }
    }

    /**
     * Converts (lon, lat) in this system to WGS 84, in degrees, so that {@link #fromWgs84} of the result
     * reproduces the input within {@link #TOLERANCE_DEG}. Points outside China pass unchanged, as the
     * forward algorithm leaves them.
     */
    public double[] toWgs84(double lon, double lat) {
        if (this == WGS84) {
            return new double[] {lon, lat};
        }
        double[] guess = this == BD09 ? bd09ToGcj02Approximate(lon, lat) : new double[] {lon, lat};
        if (outOfChina(guess[0], guess[1])) {
            return guess;
        }
        // Fixed-point iteration w ← w − (f(w) − target). It converges because the offset changes slowly
        // with position: across its own few hundred metres it changes by far less than itself.
        double wLon = guess[0];
        double wLat = guess[1];
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double[] forward = fromWgs84(wLon, wLat);
            double errLon = forward[0] - lon;
            double errLat = forward[1] - lat;
            if (Math.abs(errLon) < TOLERANCE_DEG && Math.abs(errLat) < TOLERANCE_DEG) {
                break;
            }
            wLon -= errLon;
            wLat -= errLat;
        }
        return new double[] {wLon, wLat};
    }

    /** Returns a copy of {@code geometry} (longitude x, latitude y) converted from this system to WGS 84. */
    public Geometry toWgs84(Geometry geometry) {
        Geometry copy = geometry.copy();
        if (this == WGS84) {
            return copy;
        }
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence sequence, int i) {
                double[] converted = toWgs84(sequence.getX(i), sequence.getY(i));
                sequence.setOrdinate(i, Coordinate.X, converted[0]);
                sequence.setOrdinate(i, Coordinate.Y, converted[1]);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return copy;
    }

    private static double offsetLat(double x, double y) {
        double result = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        result += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        result += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        result += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return result;
    }

    private static double offsetLon(double x, double y) {
        double result = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        result += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        result += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        result += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return result;
    }
}
