package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input must end with a clear message naming the file and exit code 1, and leave an existing project
 * file byte-for-byte unchanged.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private Path project;
    private String before;

    @BeforeEach
    void makeProject() throws Exception {
        project = dir.resolve("p.gpkg");
        Path roads = dir.resolve("roads.geojson");
        Files.writeString(roads, """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"residential"},
                "geometry":{"type":"LineString","coordinates":[[104.07,30.67],[104.071,30.671]]}}]}
                """, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), roads.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        before = sha256(project);
    }

    @Test
    void emptyFileRejected() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.geojson"));
        assertRejected(empty, "empty.geojson");
    }

    @Test
    void truncatedOsmRejected() throws Exception {
        byte[] whole = Files.readAllBytes(SharedData.file("real/north-bayreuth.osm.gz"));
        Path truncated = dir.resolve("cut.osm.gz");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 3));
        assertRejected(truncated, "cut.osm.gz");
    }

    @Test
    void malformedJsonRejected() throws Exception {
        Path broken = dir.resolve("broken.geojson");
        Files.writeString(broken, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",", StandardCharsets.UTF_8);
        assertRejected(broken, "broken.geojson");
    }

    @Test
    void unknownFormatRejected() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "these are field notes, not map data\n", StandardCharsets.UTF_8);
        assertRejected(text, "notes.txt");
    }

    @Test
    void gzipOfTextRejected() throws Exception {
        Path gz = dir.resolve("odd.osm.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        assertRejected(gz, "odd.osm.gz");
    }

    @Test
    void demFarAwayRejected() {
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                SharedData.file("real/N49E011.hgt.zip").toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).containsIgnoringCase("overlap");
        assertUnchanged();
    }

    @Test
    void missingFileRejected() {
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                dir.resolve("nowhere.osm").toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("nowhere.osm");
        assertUnchanged();
    }

    @Test
    void unknownCrsRejectedInChinese() throws Exception {
        Path other = dir.resolve("q.gpkg");
        Path roads = dir.resolve("roads.geojson");
        CliRun run = CliRun.of("--lang", "zh", "import", "--project", other.toString(), "--crs", "EPSG:999999",
                roads.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("无法识别坐标参考系").contains("EPSG:999999");
        assertThat(Files.exists(other)).isFalse();
    }

    @Test
    void analysisWithoutDemRejected() {
        CliRun run = CliRun.of("--lang", "en", "analyze", "drainage", "--project", project.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("no DEM");
        assertUnchanged();
    }

    @Test
    void coverageWithoutPipesSaysSo() {
        CliRun run = CliRun.of("--lang", "en", "analyze", "coverage", "--project", project.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).containsIgnoringCase("building");
        assertUnchanged();
    }

    @Test
    void exportWrongExtension() {
        CliRun run = CliRun.of("--lang", "en", "export", "--project", project.toString(), "roads", "--out",
                dir.resolve("roads.tif").toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("roads").contains(".tif");
    }

    private void assertRejected(Path file, String name) {
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), file.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains(name);
        assertThat(run.err).doesNotContain("Exception");
        assertUnchanged();
    }

    private void assertUnchanged() {
        try {
            assertThat(sha256(project)).isEqualTo(before);
            try (var files = Files.list(dir)) {
                assertThat(files.map(path -> path.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
