package org.communitygis.terrain;

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
 * NaN. Memory: 8 bytes per cell for the two outputs. {@link SlopeAspect} computes it, and also
 * Zevenbergen-Thorne slope and aspect.
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
        SlopeAspect result = SlopeAspect.compute(dem, SlopeAspect.Method.HORN, computeEdges, true, true, false);
        return new HornSlope(result.degrees(), result.percent());
    }

    /** Computes only slope in degrees (4 bytes per cell), for large grids. */
    public static Raster degrees(Raster dem, boolean computeEdges) {
        return SlopeAspect.compute(dem, SlopeAspect.Method.HORN, computeEdges, true, false, false).degrees();
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
