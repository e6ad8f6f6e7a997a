package org.communitygis.rasterio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrtmReaderTest {
    private static final double CELL = 1 / 1200.0;

    @TempDir
    Path dir;

    @Test
    void n49GridPlacement() {
        GridGeometry grid = SrtmReader.read(SharedData.file("real/N49E011.hgt.zip")).grid();
        assertThat(grid.cols()).isEqualTo(1201);
        assertThat(grid.rows()).isEqualTo(1201);
        assertThat(grid.crs()).isEqualTo(Crs.CRS84);
        assertThat(grid.cellWidth()).isEqualTo(CELL);
        assertThat(grid.originX()).isCloseTo(11 - CELL / 2, within(1e-12));
        assertThat(grid.originY()).isCloseTo(50 + CELL / 2, within(1e-12));
        assertThat(grid.centerX(0)).isCloseTo(11.0, within(1e-12));
        assertThat(grid.centerY(1200)).isCloseTo(49.0, within(1e-12));
    }

    @Test
    void n49RangeAndVoids() {
        Raster tile = SrtmReader.read(SharedData.file("real/N49E011.hgt.zip"));
        assertThat(tile.minMax()).containsExactly(234.0, 920.0);
        assertThat(tile.noDataCount()).isEqualTo(20);
        assertThat(tile.noDataValue()).isEqualTo(-32768f);
        assertThat(tile.unit()).isEqualTo("m");
    }

    @Test
    void n50RangeAndVoids() {
        Raster tile = SrtmReader.read(SharedData.file("real/N50E011.hgt.zip"));
        assertThat(tile.minMax()).containsExactly(129.0, 1044.0);
        assertThat(tile.noDataCount()).isEqualTo(8);
    }

    @Test
    void plainHgtSameAsZip() throws IOException {
        Path hgt = dir.resolve("N49E011.hgt");
        try (ZipFile zip = new ZipFile(SharedData.file("real/N49E011.hgt.zip").toFile())) {
            ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".hgt")).findFirst().orElseThrow();
            Files.copy(zip.getInputStream(entry), hgt);
        }
        Raster plain = SrtmReader.read(hgt);
        Raster zipped = SrtmReader.read(SharedData.file("real/N49E011.hgt.zip"));
        assertThat(plain.grid()).isEqualTo(zipped.grid());
        assertThat(plain.data()).isEqualTo(zipped.data());
    }

    @Test
    void southWestPlacement() throws IOException {
        Path hgt = Files.write(dir.resolve("S13W077.hgt"), new byte[2 * 1201 * 1201]);
        GridGeometry grid = SrtmReader.read(hgt).grid();
        assertThat(grid.centerX(0)).isCloseTo(-77.0, within(1e-12));
        assertThat(grid.centerY(1200)).isCloseTo(-13.0, within(1e-12));
        assertThat(grid.centerY(0)).isCloseTo(-12.0, within(1e-12));
    }

    @Test
    void oneArcSecondTile() throws IOException {
        Path hgt = Files.write(dir.resolve("n30e104.hgt"), new byte[2 * 3601 * 3601]);
        GridGeometry grid = SrtmReader.read(hgt).grid();
        assertThat(grid.cols()).isEqualTo(3601);
        assertThat(grid.cellHeight()).isEqualTo(1 / 3600.0);
        assertThat(grid.centerX(3600)).isCloseTo(105.0, within(1e-12));
    }

    @Test
    void entryNameUsedForOtherZipName() throws IOException {
        Path zip = dir.resolve("download.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("tile".getBytes());
            out.putNextEntry(new ZipEntry("tiles/N29E103.hgt"));
            out.write(new byte[2 * 1201 * 1201]);
        }
        GridGeometry grid = SrtmReader.read(zip).grid();
        assertThat(grid.centerX(0)).isCloseTo(103.0, within(1e-12));
    }

    @Test
    void wrongSizeRejected() throws IOException {
        Path hgt = Files.write(dir.resolve("N49E011.hgt"), new byte[2 * 1201 * 1200]);
        assertThatThrownBy(() -> SrtmReader.read(hgt))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("N49E011.hgt")
                .hasMessageContaining("not the size of an SRTM tile");
    }

    @Test
    void badNameRejected() throws IOException {
        Path hgt = Files.write(dir.resolve("bayreuth.hgt"), new byte[2 * 1201 * 1201]);
        assertThatThrownBy(() -> SrtmReader.read(hgt))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("bayreuth.hgt")
                .hasMessageContaining("not an SRTM tile name");
    }

    @Test
    void zipWithoutHgtRejected() throws IOException {
        Path zip = dir.resolve("N49E011.hgt.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("no tile".getBytes());
        }
        assertThatThrownBy(() -> SrtmReader.read(zip))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("contains no .hgt file");
    }

    @Test
    void emptyFileRejected() throws IOException {
        Path hgt = Files.createFile(dir.resolve("N49E011.hgt"));
        assertThatThrownBy(() -> SrtmReader.read(hgt))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void damagedZipRejected() throws IOException {
        Path zip = dir.resolve("N49E011.hgt.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            byte[] bytes = Files.readAllBytes(SharedData.file("real/N49E011.hgt.zip"));
            out.write(bytes, 0, 5000);
        }
        assertThatThrownBy(() -> SrtmReader.read(zip))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("N49E011.hgt.zip");
    }
}
