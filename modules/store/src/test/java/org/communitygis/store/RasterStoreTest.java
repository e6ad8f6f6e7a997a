package org.communitygis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RasterStoreTest {
    @TempDir
    Path dir;

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
}
