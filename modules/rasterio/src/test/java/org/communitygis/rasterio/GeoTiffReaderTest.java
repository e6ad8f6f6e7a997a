package org.communitygis.rasterio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import mil.nga.tiff.FieldType;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoTiffReaderTest {
    @TempDir
    Path dir;

    private static Raster readReal(String name) {
        return GeoTiffReader.read(SharedData.file("real/dem/" + name), Optional.empty());
    }

    @Test
    void volcanoGrid() {
        GridGeometry grid = readReal("volcano_10m.tif").grid();
        assertThat(grid.cols()).isEqualTo(87);
        assertThat(grid.rows()).isEqualTo(61);
        assertThat(grid.cellWidth()).isEqualTo(10.0);
        assertThat(grid.cellHeight()).isEqualTo(10.0);
        assertThat(grid.originX()).isEqualTo(0.0);
        assertThat(grid.originY()).isEqualTo(610.0);
        assertThat(grid.crs()).isEqualTo("EPSG:32760");
    }

    @Test
    void volcanoValues() {
        Raster volcano = readReal("volcano_10m.tif");
        assertThat(volcano.minMax()).containsExactly(94.0, 195.0);
        assertThat(volcano.noDataCount()).isZero();
        assertThat(volcano.noDataValue()).isEqualTo(-32768f);
    }

    @Test
    void volcanoMatchesAsciiGrid() throws IOException {
        Raster volcano = readReal("volcano_10m.tif");
        List<String> lines = Files.readAllLines(SharedData.file("real/dem/volcano_10m.asc"));
        String[] firstRow = lines.stream().filter(line -> !Character.isLetter(line.trim().charAt(0)))
                .findFirst().orElseThrow().trim().split("\\s+");
        for (int col = 0; col < 87; col++) {
            assertThat(volcano.get(col, 0)).isEqualTo(Float.parseFloat(firstRow[col]));
        }
    }

    @Test
    void terraDegreesAndNoData() {
        Raster terra = readReal("terra_elev.tif");
        GridGeometry grid = terra.grid();
        assertThat(grid.crs()).isEqualTo("EPSG:4326");
        assertThat(grid.cols()).isEqualTo(95);
        assertThat(grid.rows()).isEqualTo(90);
        assertThat(grid.cellWidth()).isCloseTo(1 / 120.0, within(1e-12));
        assertThat(grid.originX()).isCloseTo(5.741666666666666, within(1e-9));
        assertThat(grid.originY()).isCloseTo(50.191666666666663, within(1e-9));
        assertThat(terra.noDataCount()).isEqualTo(3942);
        assertThat(terra.minMax()).containsExactly(141.0, 547.0);
    }

    @Test
    void pyshedsTiled() {
        Raster dem = readReal("pysheds_dem.tif");
        assertThat(dem.grid().cols()).isEqualTo(367);
        assertThat(dem.grid().rows()).isEqualTo(359);
        assertThat(dem.grid().crs()).isEqualTo("EPSG:4326");
        assertThat(dem.grid().originX()).isCloseTo(-97.485, within(1e-9));
        assertThat(dem.minMax()).containsExactly(147.0, 298.0);
        assertThat(dem.noDataCount()).isZero();
    }

    @Test
    void grassOraclesFloat64() {
        Raster filled = readReal("oracles/volcano_grass_vfill.tif");
        Raster accumulation = readReal("oracles/volcano_grass_vacc.tif");
        Raster drainage = readReal("oracles/volcano_grass_r.watershed_drainage.tif");
        assertThat(filled.minMax()).containsExactly(94.0, 195.0);
        assertThat(accumulation.minMax()).containsExactly(1.0, 509.0);
        assertThat(drainage.minMax()).containsExactly(-8.0, 8.0);
        assertThat(filled.grid()).isEqualTo(readReal("volcano_10m.tif").grid());
    }

    @Test
    void allSampleTypes() throws IOException {
        for (FieldType type : List.of(FieldType.BYTE, FieldType.SBYTE, FieldType.SHORT, FieldType.SSHORT,
                FieldType.LONG, FieldType.SLONG, FieldType.FLOAT, FieldType.DOUBLE)) {
            TestTiffs tiff = new TestTiffs();
            tiff.type = type;
            Raster raster = GeoTiffReader.read(tiff.write(dir.resolve(type + ".tif")), Optional.empty());
            assertThat(raster.data()).as(type.name()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        }
    }

    @Test
    void unsignedAboveSignedRange() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.type = FieldType.SHORT;
        tiff.values = new double[] {65535, 40000, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Raster raster = GeoTiffReader.read(tiff.write(dir.resolve("u16.tif")), Optional.empty());
        assertThat(raster.get(0, 0)).isEqualTo(65535f);
        assertThat(raster.get(1, 0)).isEqualTo(40000f);
    }

    @Test
    void noDataTagBecomesNaN() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.noData = "-9999";
        tiff.values[5] = -9999;
        Raster raster = GeoTiffReader.read(tiff.write(dir.resolve("nodata.tif")), Optional.empty());
        assertThat(raster.get(1, 1)).isNaN();
        assertThat(raster.noDataCount()).isEqualTo(1);
        assertThat(raster.noDataValue()).isEqualTo(-9999f);
    }

    @Test
    void missingNoDataTagDefault() throws IOException {
        Raster raster = GeoTiffReader.read(new TestTiffs().write(dir.resolve("plain.tif")), Optional.empty());
        assertThat(raster.noDataValue()).isEqualTo(GeoTiffReader.DEFAULT_NO_DATA);
        assertThat(raster.noDataCount()).isZero();
    }

    @Test
    void wrongNoDataTagWarns() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.noData = "-9999";
        tiff.values[0] = -Float.MAX_VALUE;
        tiff.values[1] = -Float.MAX_VALUE;
        Diagnostics diagnostics = new Diagnostics();
        Raster raster = GeoTiffReader.read(tiff.write(dir.resolve("wrong.tif")), Optional.empty(), diagnostics);
        assertThat(diagnostics.count("tiff.suspectNoData")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("2 cells hold -3.4028235e38");
        assertThat(raster.get(0, 0)).isEqualTo(-Float.MAX_VALUE);
    }

    @Test
    void undeclaredSentinelWarns() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.type = FieldType.SSHORT;
        tiff.values = new double[] {-32768, -32768, -32768, 400, 410, 420, 430, 440, 450, 460, 470, 480};
        Diagnostics diagnostics = new Diagnostics();
        GeoTiffReader.read(tiff.write(dir.resolve("sentinel.tif")), Optional.empty(), diagnostics);
        assertThat(diagnostics.count("tiff.suspectNoDataUntagged")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("3 cells hold -32768");
    }

    @Test
    void plausibleValuesNoWarning() {
        Diagnostics diagnostics = new Diagnostics();
        GeoTiffReader.read(SharedData.file("real/dem/terra_elev.tif"), Optional.empty(), diagnostics);
        assertThat(diagnostics.warnings()).isEmpty();
    }

    @Test
    void pixelIsPointShiftsHalfCell() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.geoKeys = List.of(1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 2, 3072, 0, 1, 32648);
        GridGeometry grid = GeoTiffReader.read(tiff.write(dir.resolve("point.tif")), Optional.empty()).grid();
        assertThat(grid.originX()).isEqualTo(499_995.0);
        assertThat(grid.originY()).isEqualTo(3_000_005.0);
    }

    @Test
    void northUpTransformation() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.pixelScale = null;
        tiff.tiepoint = null;
        tiff.transformation = List.of(5.0, 0.0, 0.0, 1000.0, 0.0, -5.0, 0.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
        GridGeometry grid = GeoTiffReader.read(tiff.write(dir.resolve("matrix.tif")), Optional.empty()).grid();
        assertThat(grid.originX()).isEqualTo(1000.0);
        assertThat(grid.originY()).isEqualTo(2000.0);
        assertThat(grid.cellWidth()).isEqualTo(5.0);
    }

    @Test
    void southUpRowsFlipped() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.pixelScale = null;
        tiff.tiepoint = null;
        tiff.transformation = List.of(5.0, 0.0, 0.0, 1000.0, 0.0, 5.0, 0.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
        Raster raster = GeoTiffReader.read(tiff.write(dir.resolve("southup.tif")), Optional.empty());
        assertThat(raster.grid().originY()).isEqualTo(2015.0);
        assertThat(raster.get(0, 0)).isEqualTo(9f);
        assertThat(raster.get(0, 2)).isEqualTo(1f);
    }

    @Test
    void rotatedTransformRejected() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.pixelScale = null;
        tiff.tiepoint = null;
        tiff.transformation = List.of(5.0, 1.0, 0.0, 1000.0, 1.0, -5.0, 0.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
        Path file = tiff.write(dir.resolve("rotated.tif"));
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("rotated.tif")
                .hasMessageContaining("rotated grids are not supported")
                .hasMessageContaining("gdalwarp");
    }

    @Test
    void shearedTransformRejectedWithTerms() throws IOException {
        // Shear along x only: x = 5·col + 0.5·row + 1000, y = −5·row + 2000.
        TestTiffs tiff = new TestTiffs();
        tiff.pixelScale = null;
        tiff.tiepoint = null;
        tiff.transformation = List.of(5.0, 0.5, 0.0, 1000.0, 0.0, -5.0, 0.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
        Path file = tiff.write(dir.resolve("sheared.tif"));
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("sheared.tif")
                .hasMessageContaining("[5.0 0.5 1000.0; 0.0 -5.0 2000.0]");
    }

    @Test
    void roundingSizedRotationTermAccepted() throws IOException {
        // A rotation term of 1e-12 cell sizes is rounding noise from the writer, not a rotated grid.
        TestTiffs tiff = new TestTiffs();
        tiff.pixelScale = null;
        tiff.tiepoint = null;
        tiff.transformation = List.of(5.0, 5e-12, 0.0, 1000.0, 0.0, -5.0, 0.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
        Raster raster = GeoTiffReader.read(tiff.write(dir.resolve("almost.tif")), Optional.empty());
        assertThat(raster.grid().cellWidth()).isEqualTo(5.0);
        assertThat(raster.grid().originX()).isEqualTo(1000.0);
    }

    @Test
    void missingGeoKeysRejected() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.geoKeys = null;
        Path file = tiff.write(dir.resolve("nokeys.tif"));
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("nokeys.tif")
                .hasMessageContaining("does not state its coordinate reference system");
    }

    @Test
    void missingGeoKeysWithOverride() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.geoKeys = null;
        Path file = tiff.write(dir.resolve("nokeys.tif"));
        Diagnostics diagnostics = new Diagnostics();
        Raster raster = GeoTiffReader.read(file, Optional.of("4544"), diagnostics);
        assertThat(raster.grid().crs()).isEqualTo("EPSG:4544");
        assertThat(diagnostics.warnings()).isEmpty();
    }

    @Test
    void userDefinedCrsRejected() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.geoKeys = List.of(1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 32767);
        Path file = tiff.write(dir.resolve("custom.tif"));
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("custom.tif")
                .hasMessageContaining("user-defined");
    }

    @Test
    void overrideDifferentCrsWarns() {
        Diagnostics diagnostics = new Diagnostics();
        Raster raster = GeoTiffReader.read(SharedData.file("real/dem/volcano_10m.tif"), Optional.of("EPSG:32759"),
                diagnostics);
        assertThat(raster.grid().crs()).isEqualTo("EPSG:32759");
        assertThat(diagnostics.count("tiff.crsOverridden")).isEqualTo(1);
    }

    @Test
    void multibandFirstBandWarns() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.bands = 3;
        Diagnostics diagnostics = new Diagnostics();
        Raster raster = GeoTiffReader.read(tiff.write(dir.resolve("rgb.tif")), Optional.empty(), diagnostics);
        assertThat(raster.get(0, 0)).isEqualTo(1f);
        assertThat(diagnostics.count("tiff.multiband")).isEqualTo(1);
    }

    @Test
    void noGeoreferenceRejected() throws IOException {
        TestTiffs tiff = new TestTiffs();
        tiff.pixelScale = null;
        tiff.tiepoint = null;
        Path file = tiff.write(dir.resolve("plain.tif"));
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("no georeferencing");
    }

    @Test
    void truncatedFileRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedData.file("real/dem/pysheds_dem.tif"));
        Path file = Files.write(dir.resolve("truncated.tif"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("truncated.tif")
                .hasMessageContaining("not a readable TIFF");
    }

    @Test
    void headerOnlyRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedData.file("real/dem/volcano_10m.tif"));
        Path file = Files.write(dir.resolve("header.tif"), Arrays.copyOf(bytes, 12));
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("header.tif");
    }

    @Test
    void zeroSizeFileRejected() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.tif"));
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("empty.tif")
                .hasMessageContaining("empty");
    }

    @Test
    void notATiffRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("text.tif"), "this is not a TIFF file at all");
        assertThatThrownBy(() -> GeoTiffReader.read(file, Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("text.tif");
    }

    @Test
    void missingFileRejected() {
        assertThatThrownBy(() -> GeoTiffReader.read(dir.resolve("absent.tif"), Optional.empty()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("file not found");
    }
}
