package org.communitygis.store;

import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/** Rasters for the store tests. */
final class Rasters {
    private Rasters() {
    }

    /**
     * Returns a cols × rows raster in EPSG:4544 whose cell (c, r) contains 300 + c·0.1 − r/3 m (values that
     * are not round in binary), with every 17th cell NoData and NoData value -9999.
     */
    static Raster ramp(int cols, int rows, double cellWidth, double cellHeight) {
        GridGeometry grid = new GridGeometry(cols, rows, 500_123.4, 3_400_987.6, cellWidth, cellHeight, Layers.CRS);
        float[] data = new float[grid.size()];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = grid.index(c, r);
                data[i] = i % 17 == 0 ? Float.NaN : (float) (300 + c * 0.1 - r / 3.0);
            }
        }
        return new Raster(grid, data, -9999f, "m");
    }
}
