package org.communitygis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RasterStoreTest {
    @TempDir
    Path dir;

    private Raster roundTrip(String name, Raster raster) {
        Path file = dir.resolve(name + ".gpkg");
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
            store.writeRaster(name, raster);
        }
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(file)) {
            return store.readRaster(name);
        }
    }

    @Test
    void valuesAndNaNExact() {
        Raster written = Rasters.ramp(300, 240, 5.0, 5.0);
        Raster read = roundTrip("dem", written);
        assertThat(read.grid()).isEqualTo(written.grid());
        assertThat(Arrays.equals(read.data(), written.data())).isTrue();
        assertThat(read.noDataCount()).isEqualTo(written.noDataCount());
        assertThat(read.noDataValue()).isEqualTo(-9999f);
        assertThat(read.unit()).isEqualTo("m");
    }

    @Test
    void nonSquareCellsExact() {
        GridGeometry grid = new GridGeometry(257, 3, 0.1 + 0.2, -12.345678901234, 0.3, 1.0 / 3, Layers.CRS);
        Raster written = new Raster(grid, new float[grid.size()], -1f, "%");
        for (int i = 0; i < grid.size(); i++) {
            written.data()[i] = i == 5 ? Float.NaN : Float.intBitsToFloat(0x3f800000 + i * 977);
        }
        Raster read = roundTrip("slope_pct", written);
        assertThat(read.grid()).isEqualTo(grid);
        assertThat(Arrays.equals(read.data(), written.data())).isTrue();
        assertThat(read.unit()).isEqualTo("%");
    }

    @Test
    void nanNoDataValueKept() {
        Raster written = Rasters.ramp(40, 30, 2.0, 2.0);
        Raster nanNoData = new Raster(written.grid(), written.data(), Float.NaN, "degree");
        Raster read = roundTrip("slope", nanNoData);
        assertThat(Float.isNaN(read.noDataValue())).isTrue();
        assertThat(Arrays.equals(read.data(), written.data())).isTrue();
        assertThat(read.unit()).isEqualTo("degree");
    }

    @Test
    void allNoDataTilesOmitted() {
        GridGeometry grid = new GridGeometry(600, 300, 0, 300, 1, 1, Layers.CRS);
        Raster written = Raster.empty(grid, -9999f, "cells");
        written.set(599, 299, 42f);
        Raster read = roundTrip("flow_acc", written);
        assertThat(read.noDataCount()).isEqualTo(grid.size() - 1L);
        assertThat(read.get(599, 299)).isEqualTo(42f);
        assertThat(read.unit()).isEqualTo("cells");
    }

    @Test
    void singleCellGrid() {
        GridGeometry grid = new GridGeometry(1, 1, 7, 8, 0.5, 0.25, "EPSG:32648");
        Raster read = roundTrip("tiny", new Raster(grid, new float[] {-0.0f}, -9999f, ""));
        assertThat(read.grid()).isEqualTo(grid);
        assertThat(Float.floatToRawIntBits(read.get(0, 0))).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(read.unit()).isEmpty();
    }

    @Test
    void largeRasterFast() {
        Raster written = Rasters.ramp(2000, 1500, 5.0, 5.0);
        Path file = dir.resolve("large.gpkg");
        long writeMillis;
        long readMillis;
        Raster read;
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
            store.writeRaster("warmup", Rasters.ramp(300, 300, 1, 1));
            store.readRaster("warmup");
            long start = System.nanoTime();
            store.writeRaster("dem", written);
            writeMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            read = store.readRaster("dem");
            readMillis = (System.nanoTime() - start) / 1_000_000;
        }
        assertThat(Arrays.equals(read.data(), written.data())).isTrue();
        assertThat(read.grid()).isEqualTo(written.grid());
        assertThat(readMillis).as("read ms").isLessThan(1500);
        assertThat(writeMillis).as("write ms").isLessThan(3000);
    }

    /** The volcano DEM (87×61 cells of 10 m) read from its ESRI ASCII grid survives a round trip. */
    @Test
    void volcanoRoundTrip() throws IOException {
        Raster volcano = readAsciiGrid(SharedData.file("real/dem/volcano_10m.asc"), "EPSG:32760");
        Raster read = roundTrip("dem", volcano);
        assertThat(read.grid()).isEqualTo(volcano.grid());
        assertThat(Arrays.equals(read.data(), volcano.data())).isTrue();
        assertThat(read.minMax()).containsExactly(94.0, 195.0);
    }

    private static Raster readAsciiGrid(Path file, String crs) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int cols = Integer.parseInt(lines.get(0).split("\\s+")[1]);
        int rows = Integer.parseInt(lines.get(1).split("\\s+")[1]);
        double xll = Double.parseDouble(lines.get(2).split("\\s+")[1]);
        double yll = Double.parseDouble(lines.get(3).split("\\s+")[1]);
        double cell = Double.parseDouble(lines.get(4).split("\\s+")[1]);
        float noData = Float.parseFloat(lines.get(5).split("\\s+")[1]);
        GridGeometry grid = new GridGeometry(cols, rows, xll, yll + rows * cell, cell, cell, crs);
        float[] data = new float[grid.size()];
        int i = 0;
        for (String line : lines.subList(6, lines.size())) {
            for (String token : line.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    float value = Float.parseFloat(token);
                    data[i++] = value == noData ? Float.NaN : value;
                }
            }
        }
        assertThat(i).isEqualTo(grid.size());
        return new Raster(grid, data, noData, "m");
    }
}
