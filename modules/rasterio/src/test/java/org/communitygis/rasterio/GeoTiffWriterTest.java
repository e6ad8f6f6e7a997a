package org.communitygis.rasterio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoTiffWriterTest {
    @TempDir
    Path dir;

    private static Raster sample(String crs, double originX, double originY, double cell, float noData) {
        GridGeometry grid = new GridGeometry(300, 200, originX, originY, cell, cell, crs);
        float[] data = new float[grid.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = 500.25f + (i % 300) * 0.5f - (i / 300) * 0.125f;
        }
        data[7] = Float.NaN;
        data[data.length - 1] = Float.NaN;
        return new Raster(grid, data, noData, "m");
    }

    @Test
    void projectedRoundTrip() {
        Raster original = sample("EPSG:4544", 512_345.5, 3_290_100.0, 2.5, -9999f);
        Path file = dir.resolve("dem.tif");
        GeoTiffWriter.write(original, file);
        Raster copy = GeoTiffReader.read(file, Optional.empty());
        assertThat(copy.grid()).isEqualTo(original.grid());
        assertThat(copy.data()).isEqualTo(original.data());
        assertThat(copy.noDataValue()).isEqualTo(-9999f);
        assertThat(copy.noDataCount()).isEqualTo(2);
    }

    @Test
    void geographicRoundTrip() {
        Raster original = sample("CRS:84", 103.5, 30.75, 1 / 1200.0, -32768f);
        Path file = dir.resolve("lonlat.tif");
        GeoTiffWriter.write(original, file);
        Raster copy = GeoTiffReader.read(file, Optional.empty());
        assertThat(copy.grid().crs()).isEqualTo("EPSG:4326");
        assertThat(copy.grid().originX()).isEqualTo(103.5);
        assertThat(copy.grid().cellWidth()).isEqualTo(1 / 1200.0);
        assertThat(copy.data()).isEqualTo(original.data());
    }

    @Test
    void nanNoDataRoundTrip() {
        Raster original = sample("EPSG:32632", 680_000, 5_550_000, 30, Float.NaN);
        Path file = dir.resolve("nan.tif");
        GeoTiffWriter.write(original, file);
        Raster copy = GeoTiffReader.read(file, Optional.empty());
        assertThat(copy.noDataValue()).isNaN();
        assertThat(copy.noDataCount()).isEqualTo(2);
    }

    @Test
    void realDemRoundTrip() {
        Raster terra = GeoTiffReader.read(SharedData.file("real/dem/terra_elev.tif"), Optional.empty());
        Path file = dir.resolve("terra.tif");
        GeoTiffWriter.write(terra, file);
        Raster copy = GeoTiffReader.read(file, Optional.empty());
        assertThat(copy.grid()).isEqualTo(terra.grid());
        assertThat(copy.data()).isEqualTo(terra.data());
        assertThat(copy.noDataCount()).isEqualTo(3942);
    }

    @Test
    void replacesExistingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("old.tif"), "old content");
        GeoTiffWriter.write(sample("EPSG:4544", 0, 0, 1, -9999f), file);
        assertThat(GeoTiffReader.read(file, Optional.empty()).grid().cols()).isEqualTo(300);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("old.tif");
        }
    }

    @Test
    void compressedSmallerThanRaw() throws IOException {
        Path file = dir.resolve("dem.tif");
        GeoTiffWriter.write(sample("EPSG:4544", 0, 0, 1, -9999f), file);
        assertThat(Files.size(file)).isLessThan(4L * 300 * 200);
    }

    @Test
    void unwritableTargetRejected() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        Path file = blocker.resolve("dem.tif");
        assertThatThrownBy(() -> GeoTiffWriter.write(sample("EPSG:4544", 0, 0, 1, -9999f), file))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("dem.tif");
    }
}
