package org.communitygis.rasterio;

import java.nio.file.Path;
import java.util.Locale;
import org.communitygis.core.Diagnostics;

/**
 * Replaces a file's declared NoData value by NaN and warns about values that look like an undeclared
 * NoData value.
 *
 * <p>A value is suspect when it is one of the sentinels that GIS software commonly writes (the float32
 * extremes, ±infinity, −32768, −32767, −9999, −99999), differs from the declared NoData value, and
 * lies far from the other values: more than {@value #GAP} units outside their range, or anywhere when
 * its magnitude is at least 1e30. A DEM of −9999 m or −32768 m does not exist, so such cells are
 * almost always NoData under a wrong or missing GDAL_NODATA tag. The cells keep their value; the
 * warning names the value and the fix.
 */
final class NoDataCheck {
    /** Minimum distance in value units between a sentinel and the range of the other values. */
    static final double GAP = 1000;

    private static final float[] SENTINELS = {
        -Float.MAX_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
        -32768f, -32767f, -9999f, -99999f
    };

    private NoDataCheck() {
    }

    /**
     * Sets cells equal to {@code noData} (compared as float32) to NaN, then reports suspect sentinels.
     *
     * @param data cell values, changed in place
     * @param noData the declared NoData value, or null when the file declares none
     * @param path the file, for messages
     */
    static void apply(float[] data, Float noData, Path path, Diagnostics diagnostics) {
        if (noData != null && !noData.isNaN()) {
            float declared = noData;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == declared) {
                    data[i] = Float.NaN;
                }
            }
        }

        long[] counts = new long[SENTINELS.length];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean anyValid = false;
        for (float value : data) {
            if (Float.isNaN(value)) {
                continue;
            }
            anyValid = true;
            int sentinel = sentinelIndex(value);
            if (sentinel >= 0) {
                counts[sentinel]++;
            } else {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        if (!anyValid) {
            diagnostics.warn(RasterioMessages.BUNDLE, "tiff.allNoData", path);
            return;
        }

        String rangeMin = min <= max ? format(min) : "-";
        String rangeMax = min <= max ? format(max) : "-";
        for (int s = 0; s < SENTINELS.length; s++) {
            if (counts[s] == 0 || !isFarOutside(SENTINELS[s], min, max)) {
                continue;
            }
            if (noData == null) {
                diagnostics.warn(RasterioMessages.BUNDLE, "tiff.suspectNoDataUntagged", path, counts[s],
                        format(SENTINELS[s]), rangeMin, rangeMax);
            } else {
                diagnostics.warn(RasterioMessages.BUNDLE, "tiff.suspectNoData", path, counts[s],
                        format(SENTINELS[s]), rangeMin, rangeMax, format(noData));
            }
        }
    }

    private static int sentinelIndex(float value) {
        for (int s = 0; s < SENTINELS.length; s++) {
            if (value == SENTINELS[s]) {
                return s;
            }
        }
        return -1;
    }

    private static boolean isFarOutside(float sentinel, double min, double max) {
        if (Math.abs(sentinel) >= 1e30 || min > max) {
            return true;
        }
        return sentinel < min - GAP || sentinel > max + GAP;
    }

    /** Formats a value as GDAL's tools accept it: whole numbers without a fraction. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Float.toString((float) value).toLowerCase(Locale.ROOT);
    }
}
