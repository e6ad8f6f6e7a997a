package org.communitygis.rasterio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class DemBuilderTest {
    /** Bounds of the north-bayreuth OSM extract, lon/lat. */
    private static final Envelope BAYREUTH = new Envelope(11.4807, 11.6053, 49.9721, 50.047);
    private static final String UTM_32N = "EPSG:32632";

    private static Raster n49;
    private static Raster n50;
    private static Raster mosaic;

    @BeforeAll
    static void readTiles() {
        n49 = SrtmReader.read(SharedData.file("real/N49E011.hgt.zip"));
        n50 = SrtmReader.read(SharedData.file("real/N50E011.hgt.zip"));
        mosaic = DemBuilder.mosaic(List.of(n49, n50));
    }

    @Test
    void mosaicGrid() {
        GridGeometry grid = mosaic.grid();
        assertThat(grid.cols()).isEqualTo(1201);
        assertThat(grid.rows()).isEqualTo(2401);
        assertThat(grid.originY()).isEqualTo(n50.grid().originY());
        assertThat(grid.originX()).isEqualTo(n49.grid().originX());
        assertThat(grid.crs()).isEqualTo(Crs.CRS84);
    }

    @Test
    void mosaicKeepsTileValues() {
        // Row 1200 of the mosaic is the shared 50°N row: the last row of N50 and the first of N49.
        for (int col = 0; col < 1201; col += 50) {
            assertThat(mosaic.get(col, 0)).isEqualTo(n50.get(col, 0));
            assertThat(mosaic.get(col, 2400)).isEqualTo(n49.get(col, 1200));
        }
        assertThat(mosaic.minMax()).containsExactly(129.0, 1044.0);
    }

    @Test
    void mosaicSharedRowFirstValid() {
        int sharedRowNaN = 0;
        for (int col = 0; col < 1201; col++) {
            float north = n50.get(col, 1200);
            float south = n49.get(col, 0);
            float expected = Float.isNaN(north) ? south : north;
            assertThat(mosaic.get(col, 1200)).isEqualTo(expected);
            if (Float.isNaN(north) && Float.isNaN(south)) {
                sharedRowNaN++;
            }
        }
        long voids = n49.noDataCount() + n50.noDataCount();
        assertThat(mosaic.noDataCount()).isLessThanOrEqualTo(voids);
        assertThat(sharedRowNaN).isZero();
    }

    @Test
    void mosaicGapIsNaN() {
        Raster east = shifted(n49, 1201, 0);
        Raster merged = DemBuilder.mosaic(List.of(n49, east));
        assertThat(merged.grid().cols()).isEqualTo(2402);
        // N49 ends at col 1200 and the copy starts at 1201, so no gap; a copy two columns on leaves one.
        Raster gapped = DemBuilder.mosaic(List.of(n49, shifted(n49, 1202, 0)));
        for (int row = 0; row < 1201; row += 100) {
            assertThat(gapped.get(1201, row)).isNaN();
        }
    }

    @Test
    void mosaicCrsMismatchRejected() {
        Raster volcano = GeoTiffReader.read(SharedData.file("real/dem/volcano_10m.tif"), Optional.empty());
        assertThatThrownBy(() -> DemBuilder.mosaic(List.of(n49, volcano)))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("EPSG:32760")
                .hasMessageContaining("CRS:84");
    }

    @Test
    void mosaicCellSizeMismatchRejected() {
        GridGeometry grid = n49.grid();
        Raster coarse = Raster.empty(new GridGeometry(10, 10, grid.originX(), grid.originY(), 2 * grid.cellWidth(),
                2 * grid.cellHeight(), grid.crs()), -32768f, "m");
        assertThatThrownBy(() -> DemBuilder.mosaic(List.of(n49, coarse)))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("tile 2");
    }

    @Test
    void mosaicMisalignedRejected() {
        GridGeometry grid = n49.grid();
        Raster offset = Raster.empty(new GridGeometry(10, 10, grid.originX() + grid.cellWidth() / 2, grid.originY(),
                grid.cellWidth(), grid.cellHeight(), grid.crs()), -32768f, "m");
        assertThatThrownBy(() -> DemBuilder.mosaic(List.of(n49, offset)))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("not aligned");
    }

    @Test
    void mosaicEmptyRejected() {
        assertThatThrownBy(() -> DemBuilder.mosaic(List.of())).isInstanceOf(CgisException.class);
    }

    @Test
    void bayreuthIntoUtm() {
        Envelope clip = Crs.transform(Crs.CRS84, UTM_32N).apply(BAYREUTH);
        AtomicLong rowsDone = new AtomicLong();
        Raster dem = DemBuilder.toProjectCrs(mosaic, UTM_32N, OptionalDouble.empty(), Optional.of(clip),
                recording(rowsDone));
        GridGeometry grid = dem.grid();

        assertThat(grid.crs()).isEqualTo(UTM_32N);
        // 3″ at 50°N: 92.7 m north-south, 59.7 m east-west, geometric mean 74.4 m.
        assertThat(grid.cellWidth()).isEqualTo(74.4);
        assertThat(grid.cellHeight()).isEqualTo(74.4);
        assertThat(grid.envelope().contains(clip)).isTrue();
        assertThat(grid.cols()).isEqualTo((int) Math.ceil(clip.getMaxX() / 74.4) - (int) Math.floor(clip.getMinX() / 74.4));
        assertThat(grid.rows()).isEqualTo((int) Math.ceil(clip.getMaxY() / 74.4) - (int) Math.floor(clip.getMinY() / 74.4));
        assertThat(rowsDone.get()).isEqualTo(grid.rows());

        double[] range = dem.minMax();
        assertThat(range[0]).isGreaterThanOrEqualTo(129.0);
        assertThat(range[1]).isLessThanOrEqualTo(1044.0);
        assertNaNOnlyAtVoids(dem);
    }

    private static void assertNaNOnlyAtVoids(Raster dem) {
        GridGeometry grid = dem.grid();
        CrsTransform back = Crs.transform(UTM_32N, Crs.CRS84);
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                if (Float.isNaN(dem.get(col, row))) {
                    double[] point = {grid.centerX(col), grid.centerY(row)};
                    back.apply(point);
                    assertThat(mosaic.valueAt(point[0], point[1])).as("source at %s", point[0] + "," + point[1]).isNaN();
                }
            }
        }
    }

    @Test
    void resamplingReproducesPlane() {
        // Bilinear interpolation is exact on a plane, so every output value must equal the plane at the
        // back-transformed centre (up to float32 rounding).
        GridGeometry grid = new GridGeometry(200, 150, 11.4, 50.1, 1 / 1200.0, 1 / 1200.0, Crs.CRS84);
        float[] data = new float[grid.size()];
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                data[grid.index(col, row)] = (float) plane(grid.centerX(col), grid.centerY(row));
            }
        }
        Raster source = new Raster(grid, data, -9999f, "m");
        Raster dem = DemBuilder.toProjectCrs(source, UTM_32N, OptionalDouble.of(50), Optional.empty(), Progress.NONE);
        CrsTransform back = Crs.transform(UTM_32N, Crs.CRS84);
        int checked = 0;
        GridGeometry out = dem.grid();
        for (int row = 0; row < out.rows(); row += 7) {
            for (int col = 0; col < out.cols(); col += 7) {
                double[] point = {out.centerX(col), out.centerY(row)};
                back.apply(point);
                boolean inside = point[0] > grid.centerX(0) && point[0] < grid.centerX(grid.cols() - 1)
                        && point[1] < grid.centerY(0) && point[1] > grid.centerY(grid.rows() - 1);
                if (inside) {
                    assertThat(dem.get(col, row)).isCloseTo((float) plane(point[0], point[1]), within(0.01f));
                    checked++;
                } else if (!grid.envelope().contains(point[0], point[1])) {
                    assertThat(dem.get(col, row)).isNaN();
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(out.cellWidth()).isEqualTo(50.0);
    }

    private static double plane(double lon, double lat) {
        return 300 + 2000 * (lon - 11.4) - 1500 * (lat - 50.0);
    }

    @Test
    void nearestWhenNeighbourIsVoid() {
        GridGeometry grid = new GridGeometry(2, 2, 0, 2, 1, 1, "EPSG:32632");
        Raster source = new Raster(grid, new float[] {10, 20, 30, Float.NaN}, -9999f, "m");
        assertThat(DemBuilder.sample(source, 0.9, 1.1)).isEqualTo(10f);
        assertThat(DemBuilder.sample(source, 1.1, 1.1)).isEqualTo(20f);
        assertThat(DemBuilder.sample(source, 1.1, 0.9)).isNaN();
        assertThat(DemBuilder.sample(source, 5, 5)).isNaN();
    }

    @Test
    void bilinearBetweenCentres() {
        GridGeometry grid = new GridGeometry(2, 2, 0, 2, 1, 1, "EPSG:32632");
        Raster source = new Raster(grid, new float[] {10, 20, 30, 40}, -9999f, "m");
        assertThat(DemBuilder.sample(source, 1.0, 1.0)).isEqualTo(25f);
        assertThat(DemBuilder.sample(source, 0.5, 1.5)).isEqualTo(10f);
        assertThat(DemBuilder.sample(source, 0.1, 1.9)).isEqualTo(10f);
        assertThat(DemBuilder.sample(source, Double.NaN, 1.0)).isNaN();
    }

    @Test
    void sameCrsUntouched() {
        Raster volcano = GeoTiffReader.read(SharedData.file("real/dem/volcano_10m.tif"), Optional.empty());
        float[] before = volcano.data().clone();
        Raster result = DemBuilder.toProjectCrs(volcano, "EPSG:32760", OptionalDouble.empty(), Optional.empty(),
                Progress.NONE);
        assertThat(result).isSameAs(volcano);
        assertThat(result.data()).isEqualTo(before);
    }

    @Test
    void sameCrsClipKeepsCells() {
        Raster volcano = GeoTiffReader.read(SharedData.file("real/dem/volcano_10m.tif"), Optional.empty());
        Raster clipped = DemBuilder.toProjectCrs(volcano, "EPSG:32760", OptionalDouble.empty(),
                Optional.of(new Envelope(105, 298, 52, 401)), Progress.NONE);
        GridGeometry grid = clipped.grid();
        assertThat(grid.originX()).isEqualTo(100.0);
        assertThat(grid.originY()).isEqualTo(410.0);
        assertThat(grid.cols()).isEqualTo(20);
        assertThat(grid.rows()).isEqualTo(36);
        assertThat(grid.cellWidth()).isEqualTo(10.0);
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                assertThat(clipped.get(col, row)).isEqualTo(volcano.get(col + 10, row + 20));
            }
        }
    }

    @Test
    void sameCrsClipCoveringAllUntouched() {
        Raster volcano = GeoTiffReader.read(SharedData.file("real/dem/volcano_10m.tif"), Optional.empty());
        Raster result = DemBuilder.toProjectCrs(volcano, "EPSG:32760", OptionalDouble.of(10),
                Optional.of(new Envelope(-100, 1000, -100, 1000)), Progress.NONE);
        assertThat(result).isSameAs(volcano);
    }

    @Test
    void noOverlapRejected() {
        Envelope elsewhere = Crs.transform(Crs.CRS84, UTM_32N).apply(new Envelope(9.0, 9.1, 48.0, 48.1));
        assertThatThrownBy(() -> DemBuilder.toProjectCrs(mosaic, UTM_32N, OptionalDouble.empty(),
                Optional.of(elsewhere), Progress.NONE))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("does not overlap");
    }

    @Test
    void geographicTargetRejected() {
        Raster volcano = GeoTiffReader.read(SharedData.file("real/dem/volcano_10m.tif"), Optional.empty());
        assertThatThrownBy(() -> DemBuilder.toProjectCrs(volcano, "EPSG:4490", OptionalDouble.empty(),
                Optional.empty(), Progress.NONE))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("EPSG:4490");
    }

    @Test
    void badCellSizeRejected() {
        assertThatThrownBy(() -> DemBuilder.toProjectCrs(mosaic, UTM_32N, OptionalDouble.of(0), Optional.empty(),
                Progress.NONE))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("Cell size");
    }

    @Test
    void tooLargeRejected() {
        assertThatThrownBy(() -> DemBuilder.toProjectCrs(mosaic, UTM_32N, OptionalDouble.of(1), Optional.empty(),
                Progress.NONE))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("more than the limit");
    }

    @Test
    void projectedSourceNativeSize() {
        Raster volcano = GeoTiffReader.read(SharedData.file("real/dem/volcano_10m.tif"), Optional.empty());
        GridGeometry near = new GridGeometry(87, 61, 680_000, 5_545_000, 10, 10, UTM_32N);
        Raster placed = new Raster(near, volcano.data(), volcano.noDataValue(), "m");
        Raster moved = DemBuilder.toProjectCrs(placed, "EPSG:32633", OptionalDouble.empty(), Optional.empty(),
                Progress.NONE);
        assertThat(moved.grid().cellWidth()).isEqualTo(10.0);
        assertThat(moved.grid().crs()).isEqualTo("EPSG:32633");
        assertThat(moved.minMax()[0]).isGreaterThanOrEqualTo(94.0);
        assertThat(moved.minMax()[1]).isLessThanOrEqualTo(195.0);
    }

    @Test
    void largeOutputInSeconds() {
        Envelope square = new Envelope(680_000, 688_000, 5_540_000, 5_548_000);
        long start = System.nanoTime();
        Raster dem = DemBuilder.toProjectCrs(mosaic, UTM_32N, OptionalDouble.of(4), Optional.of(square), Progress.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(dem.grid().size()).isEqualTo(2000 * 2000);
        // About 3 s on 2 cores outside Maven; the bound only catches a fall back to minutes.
        assertThat(seconds).as("seconds for 2000×2000 cells").isLessThan(60);
    }

    private static Raster shifted(Raster tile, int cols, int rows) {
        GridGeometry grid = tile.grid();
        GridGeometry moved = new GridGeometry(grid.cols(), grid.rows(), grid.originX() + cols * grid.cellWidth(),
                grid.originY() - rows * grid.cellHeight(), grid.cellWidth(), grid.cellHeight(), grid.crs());
        return new Raster(moved, tile.data(), tile.noDataValue(), tile.unit());
    }

    private static Progress recording(AtomicLong done) {
        return new Progress() {
            @Override
            public void begin(String step, long total) {
            }

            @Override
            public void worked(long units) {
                done.set(units);
            }

            @Override
            public void end() {
            }
        };
    }
}
