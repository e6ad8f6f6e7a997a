package org.communitygis.terrain;

import java.util.Arrays;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;

/**
 * A raster profile along a line: chainage in metres from the line's first vertex and the raster value
 * there.
 *
 * <p>Samples lie at every multiple of the step along the line, at every vertex and at the end, in
 * order, without duplicate chainages. Values are bilinear interpolations of cell centres
 * ({@link Raster#interpolate}); NaN marks a sample outside the grid or on NoData. The line must be in
 * the raster's CRS. Chainage is planar in a metric CRS; in a geographic CRS each segment's length comes
 * from {@link CellMetrics#segmentLengthM}, and points inside a segment are spaced linearly in degrees.
 *
 * <p>Memory: 16 bytes per sample.
 */
public final class LineProfile {
    private final double[] chainageM;
    private final double[] values;

    private LineProfile(double[] chainageM, double[] values) {
        this.chainageM = chainageM;
        this.values = values;
    }

    /**
     * Samples {@code raster} along {@code line} every {@code stepM} metres.
     *
     * @throws CgisException when {@code stepM} is not a positive finite distance
     */
    public static LineProfile sample(LineString line, Raster raster, double stepM) {
        if (!(stepM > 0) || Double.isInfinite(stepM)) {
            throw new CgisException(TerrainMessages.BUNDLE, "profile.badStep", stepM);
        }
        boolean geographic = CellMetrics.isGeographic(raster.grid().crs());
        Coordinate[] vertices = line.getCoordinates();
        int capacity = vertices.length + 16;
        double[] chainage = new double[capacity];
        double[] value = new double[capacity];
        int count = 0;
        double start = 0;
        for (int v = 0; v < vertices.length; v++) {
            Coordinate a = vertices[v];
            if (count == 0 || start > chainage[count - 1]) {
                if (count == chainage.length) {
                    chainage = Arrays.copyOf(chainage, count * 2);
                    value = Arrays.copyOf(value, count * 2);
                }
                chainage[count] = start;
                value[count] = raster.interpolate(a.x, a.y);
                count++;
            }
            if (v == vertices.length - 1) {
                break;
            }
            Coordinate b = vertices[v + 1];
            double segment = CellMetrics.segmentLengthM(geographic, a.x, a.y, b.x, b.y);
            double end = start + segment;
            for (long k = (long) Math.floor(start / stepM) + 1; k * stepM < end; k++) {
                double at = k * stepM;
                double t = (at - start) / segment;
                if (count == chainage.length) {
                    chainage = Arrays.copyOf(chainage, count * 2);
                    value = Arrays.copyOf(value, count * 2);
                }
                chainage[count] = at;
                value[count] = raster.interpolate(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
                count++;
            }
            start = end;
        }
        return new LineProfile(Arrays.copyOf(chainage, count), Arrays.copyOf(value, count));
    }

    /** Returns the number of samples. */
    public int size() {
        return chainageM.length;
    }

    /** Returns the chainages in m, ascending, starting at 0 (a copy). */
    public double[] chainageM() {
        return chainageM.clone();
    }

    /** Returns the sampled values (elevations in m for a DEM), NaN outside the grid or on NoData (a copy). */
    public double[] elevationM() {
        return values.clone();
    }

    /** Returns the chainage of sample {@code i} in m. */
    public double chainageM(int i) {
        return chainageM[i];
    }

    /** Returns the value of sample {@code i}. */
    public double elevationM(int i) {
        return values[i];
    }

    /** Returns the line's length in m (the last chainage). */
    public double lengthM() {
        return chainageM.length == 0 ? 0 : chainageM[chainageM.length - 1];
    }

    /** Returns the number of samples with NaN value. */
    public int missingSamples() {
        int missing = 0;
        for (double value : values) {
            if (Double.isNaN(value)) {
                missing++;
            }
        }
        return missing;
    }
}
