package org.communitygis.terrain;

import org.communitygis.core.CgisException;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * D∞ flow directions (Tarboton 1997, "A new method for the determination of flow directions and
 * upslope areas in grid digital elevation models", Water Resources Research 33(2): 309–319).
 *
 * <p>Each cell is split into eight triangular facets, each spanned by the cell centre, one cardinal and
 * one diagonal neighbour. On facet k with drops s₁ = (e₀ − e₁)/d₁ along the cardinal side and
 * s₂ = (e₁ − e₂)/d₂ across it, the steepest direction is r = atan2(s₂, s₁) from the cardinal side,
 * clamped to [0, atan(d₂/d₁)] (then the slope is the drop to e₁ or e₂ over its distance). The direction
 * of the steepest facet becomes the flow angle. Distances use the metric cell sizes of the row
 * ({@link CellMetrics}), so non-square and geographic cells keep their true angles.
 *
 * <p>Angle convention (Tarboton 1997, also TauDEM's): radians counter-clockwise from east, in [0, 2π);
 * north is row − 1. Cells without a lower neighbour (flats and pits of the filled DEM) take the
 * direction of the flat-resolved D8 code ({@link D8FlowDirection}, Barnes 2014 flats), so water crosses
 * flats towards lower terrain rather than stopping there. Cells with no direction at all (D8 code 0:
 * outlets at the grid edge or next to NoData without a lower neighbour) hold {@link #NO_DIRECTION} in
 * {@link #angles()}, NoData cells NaN. In {@link #raster()} both are NaN and the raster declares
 * {@link #NO_DATA} as its NoData value.
 *
 * <p>Memory per cell: 4 bytes for the angles plus the D8 directions used for flats (1 byte, and the
 * flat resolver's queues while it runs).
 */
public final class DInfinity {
    /** The NoData value that {@link #raster()} declares; the cells themselves are NaN in memory. */
    public static final float NO_DATA = -1f;

    /** The in-memory angle of a valid cell without a direction (an outlet without a lower neighbour). */
    public static final float NO_DIRECTION = -2f;

    private static final double TWO_PI = 2 * Math.PI;
    private static final double HALF_PI = Math.PI / 2;

    private final GridGeometry grid;
    private final float[] angles;

    private DInfinity(GridGeometry grid, float[] angles) {
        this.grid = grid;
        this.angles = angles;
    }

    /**
     * Computes D∞ directions on a depression-filled DEM with the flat-resolved D8 directions of the
     * {@link DrainageOptions#defaults()} (NoData cells act as outlets).
     */
    public static DInfinity compute(Raster filledDem) {
        return compute(filledDem, D8FlowDirection.compute(filledDem, true, true, Progress.NONE));
    }

    /**
     * Computes D∞ directions on a depression-filled DEM.
     *
     * @param filledDem elevations in m without depressions (a {@link PriorityFloodFill} or
     *        {@link PriorityFloodBreach} result)
     * @param d8 D8 directions of the same DEM, used on cells without a lower neighbour
     * @throws CgisException when {@code d8} lies on another grid
     */
    public static DInfinity compute(Raster filledDem, D8FlowDirection d8) {
        GridGeometry grid = filledDem.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        if (d8.grid().cols() != cols || d8.grid().rows() != rows) {
            throw new CgisException(TerrainMessages.BUNDLE, "dinf.gridMismatch", d8.grid().cols(), d8.grid().rows(),
                    cols, rows);
        }
        float[] z = filledDem.data();
        byte[] codes = d8.codes();
        CellMetrics metrics = CellMetrics.of(grid);
        float[] angles = new float[z.length];
        for (int row = 0; row < rows; row++) {
            double dx = metrics.dx(row);
            double dy = metrics.dy(row);
            for (int col = 0; col < cols; col++) {
                int c = row * cols + col;
                if (Float.isNaN(z[c])) {
                    angles[c] = Float.NaN;
                    continue;
                }
                double angle = steepestFacet(z, cols, rows, col, row, dx, dy);
                if (Double.isNaN(angle)) {
                    int code = codes[c] & 0xFF;
                    angle = code == 0 || codes[c] == D8FlowDirection.NO_DATA ? NO_DIRECTION
                            : neighbourAngle(Integer.numberOfTrailingZeros(code), dx, dy);
                }
                angles[c] = (float) angle;
            }
        }
        return new DInfinity(grid, angles);
    }

    /**
     * Facets in Tarboton's order 1 … 8, as {cardinal neighbour k, diagonal neighbour k} in {@link D8}
     * indices, with the multiplier a_c of π/2 and the sign a_f of r.
     */
    private static final int[][] FACETS = {
        {0, 7, 0, 1}, {6, 7, 1, -1}, {6, 5, 1, 1}, {4, 5, 2, -1},
        {4, 3, 2, 1}, {2, 3, 3, -1}, {2, 1, 3, 1}, {0, 1, 4, -1},
    };

    /** Returns the flow angle of the steepest downslope facet, or NaN when no facet slopes down. */
    private static double steepestFacet(float[] z, int cols, int rows, int col, int row, double dx, double dy) {
        double e0 = z[row * cols + col];
        double best = 0;
        double bestAngle = Double.NaN;
        for (int[] facet : FACETS) {
            int k1 = facet[0];
            int k2 = facet[1];
            int c1 = col + D8.DCOL[k1];
            int r1 = row + D8.DROW[k1];
            int c2 = col + D8.DCOL[k2];
            int r2 = row + D8.DROW[k2];
            if (c1 < 0 || r1 < 0 || c1 >= cols || r1 >= rows || c2 < 0 || r2 < 0 || c2 >= cols || r2 >= rows) {
                continue;
            }
            double e1 = z[r1 * cols + c1];
            double e2 = z[r2 * cols + c2];
            if (Double.isNaN(e1) || Double.isNaN(e2)) {
                continue;
            }
            boolean eastWest = k1 == 0 || k1 == 4;
            double d1 = eastWest ? dx : dy;
            double d2 = eastWest ? dy : dx;
            double s1 = (e0 - e1) / d1;
            double s2 = (e1 - e2) / d2;
            double rMax = Math.atan2(d2, d1);
            double r = Math.atan2(s2, s1);
            double s;
            if (r < 0) {
                r = 0;
                s = s1;
            } else if (r > rMax) {
                r = rMax;
                s = (e0 - e2) / Math.hypot(d1, d2);
            } else {
                s = Math.hypot(s1, s2);
            }
            if (s > best) {
                best = s;
                bestAngle = facetAngle(facet, r);
            }
        }
        return bestAngle;
    }

    private static double facetAngle(int[] facet, double r) {
        double angle = facet[3] * r + facet[2] * HALF_PI;
        return angle >= TWO_PI ? angle - TWO_PI : angle;
    }

    /** Returns the angle, radians counter-clockwise from east, of the centre of neighbour k. */
    static double neighbourAngle(int k, double dx, double dy) {
        double angle = Math.atan2(-D8.DROW[k] * dy, D8.DCOL[k] * dx);
        return angle < 0 ? angle + TWO_PI : angle;
    }

    /** Returns the grid. */
    public GridGeometry grid() {
        return grid;
    }

    /** Returns the angles, row-major, radians; {@link #NO_DIRECTION} on outlets, NaN on NoData (the backing array). */
    public float[] angles() {
        return angles;
    }

    /** Returns the angle of cell {@code index}, radians counter-clockwise from east, {@link #NO_DIRECTION} or NaN. */
    public float angle(int index) {
        return angles[index];
    }

    /** Returns the angles as a raster (the {@code flow_dir_dinf} layer), unit {@code radian}, NoData {@value #NO_DATA}. */
    public Raster raster() {
        float[] data = angles.clone();
        for (int i = 0; i < data.length; i++) {
            if (data[i] < 0) {
                data[i] = Float.NaN;
            }
        }
        return new Raster(grid, data, NO_DATA, "radian");
    }

    /**
     * Writes the two receivers of a cell into {@code kOut} and their shares into {@code shareOut}. The
     * receivers are the neighbours k whose directions enclose the flow angle. Each takes the share
     * 1 − (angular distance to it / angle between the two), Tarboton's proportional split, here measured
     * between the true neighbour directions so that it also holds on non-square cells.
     *
     * @return false when the cell has no direction or is NoData
     */
    static boolean receivers(float angle, double dx, double dy, int[] kOut, double[] shareOut) {
        if (!(angle >= 0)) {
            return false;
        }
        double a = angle;
        // Neighbour directions in counter-clockwise order: E, NE, N, NW, W, SW, S, SE.
        for (int i = 0; i < 8; i++) {
            int kFrom = CCW[i];
            int kTo = CCW[(i + 1) & 7];
            double from = neighbourAngle(kFrom, dx, dy);
            double to = i == 7 ? TWO_PI : neighbourAngle(kTo, dx, dy);
            if (a >= from && a < to) {
                double t = (a - from) / (to - from);
                kOut[0] = kFrom;
                shareOut[0] = 1 - t;
                kOut[1] = kTo;
                shareOut[1] = t;
                return true;
            }
        }
        kOut[0] = 0;
        shareOut[0] = 1;
        kOut[1] = 7;
        shareOut[1] = 0;
        return true;
    }

    /** D8 indices in counter-clockwise order from east. */
    private static final int[] CCW = {0, 7, 6, 5, 4, 3, 2, 1};
}
