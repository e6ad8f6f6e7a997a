package org.communitygis.rasterio;

import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Compares a DEM with a reference DEM cell by cell: at the centre of every cell of {@code dem}, the
 * reference is sampled bilinearly ({@link Raster#interpolate}) after transforming the centre into the
 * reference's CRS, and the difference is dem − reference.
 *
 * @param cells cells where both have a value
 * @param meanM mean difference, m (positive: {@code dem} is higher)
 * @param rmseM root mean square difference, m
 * @param maxAbsM largest absolute difference, m
 * @param maxAbsX x of the cell centre with the largest absolute difference, in the DEM's CRS
 * @param maxAbsY y of that cell centre
 * @param difference the differences on the grid of {@code dem}, NaN where either is NoData
 */
public record DemComparison(long cells, double meanM, double rmseM, double maxAbsM, double maxAbsX, double maxAbsY,
        Raster difference) {

    /** Compares {@code dem} with {@code reference}; the result has {@code cells} = 0 when they do not overlap. */
    public static DemComparison compare(Raster dem, Raster reference) {
        GridGeometry grid = dem.grid();
        CrsTransform toReference = Crs.transform(grid.crs(), reference.grid().crs());
        Raster difference = Raster.empty(grid, -9999f, "m");
        long count = 0;
        double sum = 0;
        double sumSquares = 0;
        double maxAbs = 0;
        double maxX = Double.NaN;
        double maxY = Double.NaN;
        double[] point = new double[2];
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                float value = dem.get(col, row);
                if (Float.isNaN(value)) {
                    continue;
                }
                point[0] = grid.centerX(col);
                point[1] = grid.centerY(row);
                toReference.apply(point);
                double other = reference.interpolate(point[0], point[1]);
                if (Double.isNaN(other)) {
                    continue;
                }
                double delta = value - other;
                difference.set(col, row, (float) delta);
                count++;
                sum += delta;
                sumSquares += delta * delta;
                if (Math.abs(delta) > maxAbs || Double.isNaN(maxX)) {
                    maxAbs = Math.abs(delta);
                    maxX = grid.centerX(col);
                    maxY = grid.centerY(row);
                }
            }
        }
        if (count == 0) {
            return new DemComparison(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, difference);
        }
        return new DemComparison(count, sum / count, Math.sqrt(sumSquares / count), maxAbs, maxX, maxY, difference);
    }
}
