package org.communitygis.terrain;

import java.util.stream.IntStream;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Slope and aspect from the 3×3 window a b c / d e f / g h i around e, by one of two finite-difference
 * schemes ({@link Method}), with dx and dy the cell sizes in metres of the centre cell's row
 * ({@link CellMetrics}: per-row sizes on the WGS 84 ellipsoid for a geographic grid).
 *
 * <p>Outputs, each only when requested: slope in degrees atan(√(dz/dx² + dz/dy²)), slope in percent
 * rise 100·√(dz/dx² + dz/dy²), and aspect in degrees clockwise from north of the downslope direction
 * (0 = faces north, 90 = east), −1 where both derivatives are 0 (ArcGIS's flat value). NoData cells get
 * NaN in all outputs.
 *
 * <p>Edges: with {@code computeEdges} a neighbour outside the grid or on NoData takes the centre cell's
 * value, as GRASS 8.2 {@code r.slope.aspect -e} does, so every valid cell gets a value. Without it such
 * cells get NaN, like {@code r.slope.aspect} and {@code gdaldem slope} without their edge flags.
 *
 * <p>Rows are computed in parallel bands on the common fork-join pool. Memory: 4 bytes per cell per
 * requested output, nothing else per cell.
 */
public final class SlopeAspect {
    /** Finite-difference scheme of the derivatives. */
    public enum Method {
        /**
         * Horn (1981), "Hill shading and the reflectance map", Proc. IEEE 69(1): 14–47, the default of
         * GDAL's {@code gdaldem slope} and GRASS's {@code r.slope.aspect}: dz/dx = ((c + 2f + i) −
         * (a + 2d + g)) / (8·dx), dz/dy = ((g + 2h + i) − (a + 2b + c)) / (8·dy). It smooths over all
         * eight neighbours, so it suits noisy DEMs.
         */
        HORN,
        /**
         * Zevenbergen and Thorne (1987), "Quantitative analysis of land surface topography", Earth
         * Surface Processes and Landforms 12(1): 47–56: dz/dx = (f − d) / (2·dx), dz/dy = (h − b) /
         * (2·dy), GDAL's {@code -alg ZevenbergenThorne}. It uses only the four cardinal neighbours,
         * so it follows smooth surfaces more closely and amplifies noise more.
         */
        ZEVENBERGEN_THORNE
    }

    private static final int BAND_ROWS = 32;

    private final Raster degrees;
    private final Raster percent;
    private final Raster aspect;

    private SlopeAspect(Raster degrees, Raster percent, Raster aspect) {
        this.degrees = degrees;
        this.percent = percent;
        this.aspect = aspect;
    }

    /**
     * Computes the requested outputs of {@code dem}.
     *
     * @param dem elevations in m
     * @param method the derivative scheme
     * @param computeEdges whether cells with a missing neighbour take the centre value there (true) or
     *        get NaN (false)
     * @param wantDegrees, wantPercent, wantAspect which outputs to allocate and compute
     */
    public static SlopeAspect compute(Raster dem, Method method, boolean computeEdges, boolean wantDegrees,
            boolean wantPercent, boolean wantAspect) {
        GridGeometry grid = dem.grid();
        CellMetrics metrics = CellMetrics.of(grid);
        float[] z = dem.data();
        float[] deg = wantDegrees ? new float[z.length] : null;
        float[] pct = wantPercent ? new float[z.length] : null;
        float[] asp = wantAspect ? new float[z.length] : null;
        int bands = (grid.rows() + BAND_ROWS - 1) / BAND_ROWS;
        IntStream.range(0, bands).parallel().forEach(band -> {
            int from = band * BAND_ROWS;
            int to = Math.min(grid.rows(), from + BAND_ROWS);
            computeRows(z, grid.cols(), grid.rows(), from, to, metrics, method, computeEdges, deg, pct, asp);
        });
        return new SlopeAspect(deg == null ? null : new Raster(grid, deg, -9999f, "degree"),
                pct == null ? null : new Raster(grid, pct, -9999f, "%"),
                asp == null ? null : new Raster(grid, asp, -9999f, "degree"));
    }

    private static void computeRows(float[] z, int cols, int rows, int fromRow, int toRow, CellMetrics metrics,
            Method method, boolean computeEdges, float[] deg, float[] pct, float[] asp) {
        float[] window = new float[9];
        boolean horn = method == Method.HORN;
        for (int row = fromRow; row < toRow; row++) {
            double dxDivisor = (horn ? 8 : 2) * metrics.dx(row);
            double dyDivisor = (horn ? 8 : 2) * metrics.dy(row);
            boolean interiorRow = row > 0 && row < rows - 1;
            for (int col = 0; col < cols; col++) {
                int c = row * cols + col;
                float centre = z[c];
                if (Float.isNaN(centre)) {
                    store(c, Float.NaN, Float.NaN, Float.NaN, deg, pct, asp);
                    continue;
                }
                if (interiorRow && col > 0 && col < cols - 1) {
                    int up = c - cols;
                    int down = c + cols;
                    window[0] = z[up - 1];
                    window[1] = z[up];
                    window[2] = z[up + 1];
                    window[3] = z[c - 1];
                    window[4] = centre;
                    window[5] = z[c + 1];
                    window[6] = z[down - 1];
                    window[7] = z[down];
                    window[8] = z[down + 1];
                    if (!replaceMissing(window, centre, computeEdges)) {
                        store(c, Float.NaN, Float.NaN, Float.NaN, deg, pct, asp);
                        continue;
                    }
                } else if (!fillEdgeWindow(z, cols, rows, col, row, centre, computeEdges, window)) {
                    store(c, Float.NaN, Float.NaN, Float.NaN, deg, pct, asp);
                    continue;
                }
                double dzdx;
                double dzdy;
                if (horn) {
                    dzdx = ((window[2] + 2.0 * window[5] + window[8]) - (window[0] + 2.0 * window[3] + window[6])) / dxDivisor;
                    dzdy = ((window[6] + 2.0 * window[7] + window[8]) - (window[0] + 2.0 * window[1] + window[2])) / dyDivisor;
                } else {
                    dzdx = ((double) window[5] - window[3]) / dxDivisor;
                    dzdy = ((double) window[7] - window[1]) / dyDivisor;
                }
                double rise = Math.sqrt(dzdx * dzdx + dzdy * dzdy);
                float degrees = deg == null ? 0 : (float) Math.toDegrees(Math.atan(rise));
                float percent = (float) (100 * rise);
                float aspect = 0;
                if (asp != null) {
                    // Rows grow southwards, so dz/dy is the rise towards the south; the downslope vector
                    // is (east, north) = (−dz/dx, dz/dy).
                    aspect = rise == 0 ? -1f : (float) ((Math.toDegrees(Math.atan2(-dzdx, dzdy)) + 360) % 360);
                }
                store(c, degrees, percent, aspect, deg, pct, asp);
            }
        }
    }

    private static void store(int c, float degrees, float percent, float aspect, float[] deg, float[] pct, float[] asp) {
        if (deg != null) {
            deg[c] = degrees;
        }
        if (pct != null) {
            pct[c] = percent;
        }
        if (asp != null) {
            asp[c] = aspect;
        }
    }

    /** Replaces NaN neighbours by the centre value; returns false when one is NaN and edges are not computed. */
    private static boolean replaceMissing(float[] window, float centre, boolean computeEdges) {
        for (int w = 0; w < 9; w++) {
            if (Float.isNaN(window[w])) {
                if (!computeEdges) {
                    return false;
                }
                window[w] = centre;
            }
        }
        return true;
    }

    /** Fills the window of a cell on the grid edge row by row; returns false when a neighbour is missing and edges are not computed. */
    private static boolean fillEdgeWindow(float[] z, int cols, int rows, int col, int row, float centre,
            boolean computeEdges, float[] window) {
        int w = 0;
        for (int dr = -1; dr <= 1; dr++) {
            int r = row + dr;
            for (int dc = -1; dc <= 1; dc++) {
                int cc = col + dc;
                float value = (r < 0 || cc < 0 || r >= rows || cc >= cols) ? Float.NaN : z[r * cols + cc];
                if (Float.isNaN(value)) {
                    if (!computeEdges) {
                        return false;
                    }
                    value = centre;
                }
                window[w++] = value;
            }
        }
        return true;
    }

    /** Returns slope in degrees (unit {@code degree}), or null when not requested. */
    public Raster degrees() {
        return degrees;
    }

    /** Returns slope in percent rise (unit {@code %}), or null when not requested. */
    public Raster percent() {
        return percent;
    }

    /** Returns aspect in degrees clockwise from north, −1 on flat cells, or null when not requested. */
    public Raster aspect() {
        return aspect;
    }
}
