package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.communitygis.core.CgisException;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatDetectorTest {
    @TempDir
    Path dir;

    @Test
    void osmGzip() {
        assertThat(FormatDetector.detect(SharedData.file("real/north-bayreuth.osm.gz"))).isEqualTo(InputFormat.OSM_XML);
    }

    @Test
    void hgtZip() {
        assertThat(FormatDetector.detect(SharedData.file("real/N49E011.hgt.zip"))).isEqualTo(InputFormat.SRTM_HGT);
    }

    @Test
    void geotiff() {
        assertThat(FormatDetector.detect(SharedData.file("real/dem/volcano_10m.tif"))).isEqualTo(InputFormat.GEOTIFF);
    }

    @Test
    void plainOsmWithBom() throws IOException {
        Path file = write("map.xml", "\uFEFF<?xml version='1.0'?>\n<!-- export -->\n<osm version=\"0.6\"></osm>");
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.OSM_XML);
    }

    @Test
    void otherXmlRejected() throws IOException {
        Path file = write("drawing.svg", "<?xml version='1.0'?><svg></svg>");
        assertThatThrownBy(() -> FormatDetector.detect(file)).isInstanceOf(CgisException.class)
                .hasMessageContaining("drawing.svg").hasMessageContaining("GeoJSON");
    }

    @Test
    void geojsonWithTypeLast() throws IOException {
        Path file = write("pipes.txt", "{\"features\": [{\"type\":\"Feature\"}], \"type\": \"FeatureCollection\"}");
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.GEOJSON);
    }

    @Test
    void bareGeometry() throws IOException {
        Path file = write("point.json", "{\"type\":\"Point\",\"coordinates\":[104.1,30.6]}");
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.GEOJSON);
    }

    @Test
    void gzippedGeojson() throws IOException {
        Path file = dir.resolve("roads.geojson.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"type\":\"FeatureCollection\",\"features\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.GEOJSON);
    }

    @Test
    void otherJsonRejected() throws IOException {
        Path file = write("config.json", "{\"type\":\"settings\",\"value\":1}");
        assertThatThrownBy(() -> FormatDetector.detect(file)).isInstanceOf(CgisException.class)
                .hasMessageContaining("Unknown format");
    }

    @Test
    void sqliteHeader() throws IOException {
        Path file = dir.resolve("project.gpkg");
        byte[] bytes = new byte[1024];
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        Files.write(file, bytes);
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.GEOPACKAGE);
    }

    @Test
    void bigEndianTiff() throws IOException {
        Path file = dir.resolve("dem.bin");
        Files.write(file, new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.GEOTIFF);
    }

    @Test
    void rawHgtByNameAndSize() throws IOException {
        Path file = dir.resolve("N49E011.hgt");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(1201L * 1201L * 2L);
        }
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.SRTM_HGT);
    }

    @Test
    void rawHgtWrongSize() throws IOException {
        Path file = dir.resolve("N49E011.hgt");
        Files.write(file, new byte[1000]);
        assertThatThrownBy(() -> FormatDetector.detect(file)).isInstanceOf(CgisException.class)
                .hasMessageContaining("2884802");
    }

    @Test
    void zipWithoutKnownEntryListsContents() throws IOException {
        Path file = dir.resolve("data.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("x".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> FormatDetector.detect(file)).isInstanceOf(CgisException.class)
                .hasMessageContaining("data.zip").hasMessageContaining(".hgt").hasMessageContaining("xl/")
                .hasMessageContaining(".kml").hasMessageContaining(".shp");
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("empty.geojson", "");
        assertThatThrownBy(() -> FormatDetector.detect(file)).isInstanceOf(CgisException.class)
                .hasMessageContaining("empty.geojson").hasMessageContaining("is empty")
                .hasMessageContaining("OSM XML");
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] original = Files.readAllBytes(SharedData.file("real/north-bayreuth.osm.gz"));
        Path file = dir.resolve("cut.osm.gz");
        Files.write(file, Arrays.copyOf(original, 12));
        assertThatThrownBy(() -> FormatDetector.detect(file)).isInstanceOf(CgisException.class)
                .hasMessageContaining("cut.osm.gz").hasMessageContaining("truncated");
    }

    @Test
    void unknownBinary() throws IOException {
        Path file = dir.resolve("photo.jpg");
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16});
        assertThatThrownBy(() -> FormatDetector.detect(file)).isInstanceOf(CgisException.class)
                .hasMessageContaining("photo.jpg").hasMessageContaining("GeoTIFF");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nothing.osm");
        assertThatThrownBy(() -> FormatDetector.detect(file)).isInstanceOf(CgisException.class)
                .hasMessageContaining("nothing.osm").hasMessageContaining("not found");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
