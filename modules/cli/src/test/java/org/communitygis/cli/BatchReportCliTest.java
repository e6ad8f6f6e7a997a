package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.sample.SampleVillage;
import org.communitygis.store.GeoPackageStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgis report --projects}: a batch over two generated communities, the sample village and the
 * north-Bayreuth OpenStreetMap extract (imported here, with a trial sewer network because it has no pipes),
 * then the format subsets, {@code --lang en}, reruns, {@code --force} and the exit codes of failed batches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchReportCliTest {
    @TempDir
    static Path dir;

    private Path in;
    private CliRun batch;

    @BeforeAll
    void writeInputsAndRunBatch() throws IOException {
        in = Files.createDirectories(dir.resolve("in"));
        CliRun generated = CliRun.of("--lang", "en", "sample-data", "--communities", "2", "--out", in.toString());
        assertThat(generated.exitCode).as(generated.toString()).isZero();
        save(SampleVillage.build(), in.resolve("shiyan.gpkg"));
        Path bayreuth = in.resolve("bayreuth.gpkg");
        Files.copy(BayreuthProject.get(), bayreuth);
        CliRun coverage = CliRun.of("--lang", "en", "analyze", "coverage", "--project", bayreuth.toString(),
                "--trial-network");
        assertThat(coverage.exitCode).as(coverage.toString()).isZero();

        batch = CliRun.of("report", "--projects", in.toString(), "--out", dir.resolve("all").toString());
    }

    @Test
    void batchReportsEveryCommunity() throws IOException {
        assertThat(batch.exitCode).as(batch.toString()).isZero();
        Path out = dir.resolve("all");
        List<String> rows = Files.readAllLines(out.resolve("communities.csv"), StandardCharsets.UTF_8);
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1)).startsWith("bayreuth,");
        assertThat(rows.get(2)).startsWith("c0001,生成社区0001,6,");
        assertThat(rows.get(4)).startsWith("shiyan,示例村,");
        String[] bayreuth = rows.get(1).split(",");
        assertThat(Long.parseLong(bayreuth[4])).as("households in north Bayreuth").isGreaterThan(100);
        assertThat(Files.readString(out.resolve("network_length.csv"))).contains("bayreuth,");

        assertThat(Files.readString(out.resolve("index.html"))).contains("communities/bayreuth/index.html");
        assertThat(out.resolve("communities/shiyan/zones/1.png")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("communities/shiyan/zones/1.html"))).contains("示例村");
        try (PDDocument pdf = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("示例村").contains("生成社区0002");
        }
        try (GeoPackageStore results = GeoPackageStore.openReadOnly(out.resolve("results.gpkg"))) {
            // Communities in EPSG:32632 (bayreuth) and in a Chinese zone share no projected CRS, so WGS 84.
            assertThat(results.crs()).contains("EPSG:4326");
            FeatureLayer zones = results.readFeatures("zones");
            long zoneRows = Files.readAllLines(out.resolve("zones.csv")).size() - 1;
            assertThat((long) zones.size()).as("zones read back from results.gpkg").isEqualTo(zoneRows);
            for (Feature zone : zones.features()) {
                assertThat(zone.geometry()).as("zone %s of %s", zone.get("zone"), zone.get("community_id")).isNotNull();
            }
        }
        assertThat(batch.err).contains("4/4");
        assertThat(batch.out).contains(out.resolve("index.html").toAbsolutePath().toString());
    }

    @Test
    void formatSubsetInEnglish() throws IOException {
        Path out = dir.resolve("english");
        CliRun run = CliRun.of("--lang", "en", "report", "--projects", in.resolve("c000*.gpkg").toString(), "--out",
                out.toString(), "--format", "csv,xlsx");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(out.resolve("zones.csv")).isNotEmptyFile();
        assertThat(out.resolve("index.html")).doesNotExist();
        assertThat(out.resolve("report.pdf")).doesNotExist();
        assertThat(out.resolve("results.gpkg")).doesNotExist();
        assertThat(out.resolve("communities")).doesNotExist();
        try (InputStream file = Files.newInputStream(out.resolve("tables.xlsx")); XSSFWorkbook book = new XSSFWorkbook(file)) {
            assertThat(book.getSheet("communities").getRow(0).getCell(4).getStringCellValue()).isEqualTo("Households");
            assertThat(book.getSheet("communities").getPhysicalNumberOfRows()).isEqualTo(3);
        }
        assertThat(run.out).contains("2 communities reported");
    }

    @Test
    void rerunReusesAndForceRecomputes() {
        Path out = dir.resolve("rerun");
        String[] args = {"--lang", "en", "report", "--projects", in.resolve("c000*.gpkg").toString(), "--out",
            out.toString(), "--format", "csv"};
        CliRun first = CliRun.of(args);
        CliRun second = CliRun.of(args);
        CliRun forced = CliRun.of(append(args, "--force"));

        assertThat(first.out).as(first.toString()).contains("(0 unchanged and reused)");
        assertThat(second.out).as(second.toString()).contains("(2 unchanged and reused)");
        assertThat(forced.out).as(forced.toString()).contains("(0 unchanged and reused)");
    }

    @Test
    void partialFailureExitsWithFour() throws IOException {
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(in.resolve("c0001.gpkg"), mixed.resolve("c0001.gpkg"));
        Files.writeString(mixed.resolve("broken.gpkg"), "not a GeoPackage");
        Path out = dir.resolve("partial");

        CliRun run = CliRun.of("--lang", "en", "report", "--projects", mixed.toString(), "--out", out.toString(),
                "--format", "csv,html");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ReportCommand.EXIT_PARTIAL);
        assertThat(run.err).contains("broken");
        assertThat(Files.readString(out.resolve("failures.csv"))).contains("broken,");
        assertThat(Files.readString(out.resolve("index.html"))).contains("broken");
        assertThat(Files.readString(out.resolve("communities.csv"))).contains("c0001,");
    }

    @Test
    void failureLogsNoStackTrace() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("quiet"));
        Files.writeString(broken.resolve("broken.gpkg"), "not a GeoPackage");
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        CliRun run;
        // Logback's console appender writes to whatever System.err is at the time of each event.
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            run = CliRun.of("report", "--projects", broken.toString(), "--out", dir.resolve("quiet-out").toString(),
                    "--format", "csv");
        } finally {
            System.setErr(stderr);
        }

        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err.lines().filter(line -> line.contains("broken"))).as(run.toString()).hasSize(1);
        assertThat(log).as("log output").doesNotContain("\tat ");
        assertThat(log).as("log output").doesNotContain("BatchReport");
    }

    @Test
    void allFailedExitsWithOne() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("broken.gpkg"), "not a GeoPackage");

        CliRun run = CliRun.of("--lang", "en", "report", "--projects", broken.toString(), "--out",
                dir.resolve("none").toString(), "--format", "csv");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Files.readString(dir.resolve("none/failures.csv"))).contains("broken,");
    }

    @Test
    void invalidOptionsAreRejected() {
        CliRun format = CliRun.of("--lang", "en", "report", "--projects", in.toString(), "--out",
                dir.resolve("bad").toString(), "--format", "csv,docx");
        CliRun threads = CliRun.of("--lang", "en", "report", "--projects", in.toString(), "--out",
                dir.resolve("bad").toString(), "--threads", "-1");
        CliRun nothing = CliRun.of("--lang", "en", "report", "--projects", dir.resolve("empty*.gpkg").toString(),
                "--out", dir.resolve("bad").toString());

        assertThat(format.exitCode).as(format.toString()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(format.err).contains("docx");
        assertThat(threads.exitCode).as(threads.toString()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(threads.err).contains("--threads -1");
        assertThat(nothing.exitCode).as(nothing.toString()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(nothing.err).contains("empty*.gpkg");
    }

    private static String[] append(String[] args, String extra) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }

    private static void save(MemoryStore memory, Path file) {
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
            store.setCrs(memory.crs().orElseThrow());
            for (LayerInfo info : memory.layers()) {
                if (info.type() == LayerInfo.LayerType.RASTER) {
                    store.writeRaster(info.name(), memory.readRaster(info.name()));
                } else {
                    store.writeFeatures(memory.readFeatures(info.name()));
                }
            }
            memory.metadata().forEach(store::putMetadata);
        }
    }
}
