package org.communitygis.report.spark;

import java.io.Serializable;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * A {@link Raster} in a form Spark can ship to executors (Java serialization): the grid figures and the
 * cell values. {@link #toRaster()} wraps the same array again, so the values are bit-identical.
 *
 * @param cols columns
 * @param rows rows
 * @param originX x of the upper-left corner, CRS units
 * @param originY y of the upper-left corner, CRS units
 * @param cellWidth cell width, CRS units
 * @param cellHeight cell height, CRS units
 * @param crs CRS code such as {@code EPSG:32632}
 * @param data cell values, row-major from the north, NaN for NoData
 * @param noDataValue the raster's NoData value outside memory
 * @param unit the unit of the values
 */
public record SerializableRaster(int cols, int rows, double originX, double originY, double cellWidth,
        double cellHeight, String crs, float[] data, float noDataValue, String unit) implements Serializable {

    /** Copies the grid figures of {@code raster} and shares its cell array. */
    public static SerializableRaster of(Raster raster) {
        GridGeometry grid = raster.grid();
        return new SerializableRaster(grid.cols(), grid.rows(), grid.originX(), grid.originY(), grid.cellWidth(),
                grid.cellHeight(), grid.crs(), raster.data(), raster.noDataValue(), raster.unit());
    }

    /** Returns the raster again. */
    public Raster toRaster() {
        return new Raster(new GridGeometry(cols, rows, originX, originY, cellWidth, cellHeight, crs), data,
                noDataValue, unit);
    }
}
