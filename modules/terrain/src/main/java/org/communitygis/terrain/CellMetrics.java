package org.communitygis.terrain;

import org.communitygis.core.crs.Crs;
import org.communitygis.core.raster.GridGeometry;

/**
 * Cell sizes of a grid in metres, per row.
 *
 * <p>For a projected CRS the sizes are the grid's cell width and height, taken as metres. For a
 * geographic CRS ({@link Crs#isGeographic}) the cell width and height are degrees, converted at each
 * row's centre latitude φ on the WGS 84 ellipsoid (a = 6,378,137 m, 1/f = 298.257223563): width
 * N(φ)·cos φ·Δλ and height M(φ)·Δφ, with N the prime-vertical and M the meridional radius of curvature.
 * CGCS2000's ellipsoid differs from WGS 84's by 0.1 mm in the semi-minor axis, so the same figures serve
 * EPSG:4490. A grid without a CRS code is taken as metric.
 */
public final class CellMetrics {
    private static final double A = 6_378_137.0;
    private static final double F = 1 / 298.257223563;
    private static final double E2 = F * (2 - F);

    private final boolean geographic;
    private final double[] dx;
    private final double[] dy;

    private CellMetrics(boolean geographic, double[] dx, double[] dy) {
        this.geographic = geographic;
        this.dx = dx;
        this.dy = dy;
    }

    /** Computes the metric cell sizes of every row of {@code grid}. */
    public static CellMetrics of(GridGeometry grid) {
        boolean geographic = isGeographic(grid.crs());
        double[] dx = new double[grid.rows()];
        double[] dy = new double[grid.rows()];
        for (int row = 0; row < grid.rows(); row++) {
            if (geographic) {
                double lat = Math.toRadians(grid.centerY(row));
                dx[row] = primeVerticalRadius(lat) * Math.cos(lat) * Math.toRadians(grid.cellWidth());
                dy[row] = meridionalRadius(lat) * Math.toRadians(grid.cellHeight());
            } else {
                dx[row] = grid.cellWidth();
                dy[row] = grid.cellHeight();
            }
        }
        return new CellMetrics(geographic, dx, dy);
    }

    /** Returns whether {@code crs} is a geographic (degree) CRS; null or blank counts as metric. */
    public static boolean isGeographic(String crs) {
        return crs != null && !crs.isBlank() && Crs.isGeographic(crs);
    }

    /**
     * Returns the length in metres of the segment (x1, y1)–(x2, y2): planar for a metric CRS, and on a
     * geographic CRS by the local ellipsoid scale at the segment's mid-latitude. That local scale is an
     * approximation meant for segments of a few kilometres, such as the edges of road and stream lines.
     */
    public static double segmentLengthM(boolean geographic, double x1, double y1, double x2, double y2) {
        if (!geographic) {
            return Math.hypot(x2 - x1, y2 - y1);
        }
        double lat = Math.toRadians((y1 + y2) / 2);
        double east = primeVerticalRadius(lat) * Math.cos(lat) * Math.toRadians(x2 - x1);
        double north = meridionalRadius(lat) * Math.toRadians(y2 - y1);
        return Math.hypot(east, north);
    }

    private static double primeVerticalRadius(double lat) {
        double s = Math.sin(lat);
        return A / Math.sqrt(1 - E2 * s * s);
    }

    private static double meridionalRadius(double lat) {
        double s = Math.sin(lat);
        double w = 1 - E2 * s * s;
        return A * (1 - E2) / (w * Math.sqrt(w));
    }

    /** Returns whether the sizes were converted from degrees. */
    public boolean geographic() {
        return geographic;
    }

    /** Returns the cell width of {@code row} in metres. */
    public double dx(int row) {
        return dx[row];
    }

    /** Returns the cell height of {@code row} in metres. */
    public double dy(int row) {
        return dy[row];
    }

    /** Returns the cell area of {@code row} in m². */
    public double area(int row) {
        return dx[row] * dy[row];
    }

    /** Returns the distance in metres from a cell of {@code row} to its D8 neighbour {@code k} (ESRI order). */
    public double step(int row, int k) {
        return D8.distance(k, dx[row], dy[row]);
    }
}
