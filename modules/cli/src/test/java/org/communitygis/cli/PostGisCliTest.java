package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.server.MapServer;
import org.communitygis.store.Projects;
import org.communitygis.store.postgis.PostGisCluster;
import org.communitygis.store.postgis.PostGisProjects;
import org.communitygis.store.postgis.PostGisUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample village through {@code import}, {@code analyze}, {@code export} and the map server with
 * {@code --db}, in a throwaway PostGIS cluster, compared with the same commands on a GeoPackage file.
 * Skipped when PostgreSQL with PostGIS is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostGisCliTest {
    @TempDir
    static Path dir;

    private PostGisCluster cluster;
    private PostGisUrl url;
    private String db;
    private Path gpkg;
    private final List<CliRun> runs = new ArrayList<>();

    @BeforeAll
    void importAndAnalyze() throws IOException {
        cluster = PostGisCluster.assumeAvailable();
        url = cluster.newProjectUrl();
        db = cluster.urlText(url.schema());
        gpkg = dir.resolve("village.gpkg");
        List<String> files = sampleFiles();
        for (String[] location : List.of(new String[] {"--db", db}, new String[] {"--project", gpkg.toString()})) {
            List<String> importArgs = new ArrayList<>(List.of("--lang", "en", "import", location[0], location[1]));
            importArgs.addAll(files);
            runs.add(CliRun.of(importArgs.toArray(String[]::new)));
            runs.add(CliRun.of("--lang", "en", "analyze", "drainage", location[0], location[1]));
            runs.add(CliRun.of("--lang", "en", "analyze", "coverage", location[0], location[1]));
            runs.add(CliRun.of("--lang", "en", "analyze", "roads", location[0], location[1]));
        }
    }

    private static List<String> sampleFiles() throws IOException {
        Path data = CliRun.projectRoot().resolve("data");
        List<String> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(data)) {
            entries.filter(file -> file.getFileName().toString().endsWith(".geojson")).sorted(Comparator.naturalOrder())
                    .forEach(file -> files.add(file.toString()));
        }
        files.add(data.resolve("dem.tif").toString());
        return files;
    }

    @Test
    void commandsSucceedWithoutPrintingPassword() {
        for (CliRun run : runs) {
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out + run.err).doesNotContain(url.password());
        }
        assertThat(runs.get(0).out).contains("Import finished: postgresql://cgis@127.0.0.1:" + cluster.port());
    }

    @Test
    void databaseHoldsTheSameLayersAsTheFile() {
        List<String> fromDb = PostGisProjects.read(url, PostGisCliTest::layerNames);
        List<String> fromFile = Projects.read(gpkg, PostGisCliTest::layerNames);
        assertThat(fromDb).isEqualTo(fromFile).contains("buildings", "dem", "flow_acc", "coverage_zones",
                "road_damage_zones");
        String crs = PostGisProjects.read(url, store -> store.crs().orElseThrow());
        assertThat(crs).isEqualTo("EPSG:4544");
        String name = PostGisProjects.read(url, store -> store.metadata().get(ProjectImporter.PROJECT_NAME_KEY));
        assertThat(name).isEqualTo(url.schema());
    }

    /** Same inputs, same analyses: the coverage per group and the damage zones agree field by field. */
    @Test
    void analysesAgreeWithGeoPackage() {
        for (String layer : List.of("coverage_zones", "coverage_facilities", "road_damage_zones", "pipe_gradients")) {
            FeatureLayer fromDb = PostGisProjects.read(url, store -> store.readFeatures(layer));
            FeatureLayer fromFile = Projects.read(gpkg, store -> store.readFeatures(layer));
            assertThat(fromDb.size()).as(layer).isEqualTo(fromFile.size()).isPositive();
            for (int i = 0; i < fromFile.size(); i++) {
                Feature expected = fromFile.features().get(i);
                Feature actual = fromDb.features().get(i);
                assertThat(actual.attributes()).as("%s feature %d", layer, expected.id()).isEqualTo(expected.attributes());
                assertThat(actual.geometry().equalsExact(expected.geometry(), 1e-9)).as("%s feature %d", layer, expected.id())
                        .isTrue();
            }
        }
        float[] accDb = PostGisProjects.read(url, store -> store.readRaster("flow_acc").data());
        float[] accFile = Projects.read(gpkg, store -> store.readRaster("flow_acc").data());
        assertThat(accDb).containsExactly(accFile);
    }

    @Test
    void failedAnalysisLeavesDatabaseUnchanged() {
        String before = PostGisProjects.read(url, store -> layerNames(store).toString() + store.metadata());
        CliRun run = CliRun.of("--lang", "en", "analyze", "coverage", "--db", db, "--pipes", "no_such_layer");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains("no_such_layer");
        String after = PostGisProjects.read(url, store -> layerNames(store).toString() + store.metadata());
        assertThat(after).isEqualTo(before);
    }

    @Test
    void exportAndReportReadTheDatabase() throws IOException {
        Path geojson = dir.resolve("zones.geojson");
        CliRun export = CliRun.of("--lang", "en", "export", "--db", db, "coverage_zones", "--out", geojson.toString());
        assertThat(export.exitCode).as(export.toString()).isZero();
        assertThat(Files.readString(geojson)).contains("served_households").contains("一组");
        CliRun report = CliRun.of("--lang", "en", "report", "--db", db, "--out", dir.resolve("report").toString());
        assertThat(report.exitCode).as(report.toString()).isZero();
        assertThat(Files.readString(dir.resolve("report").resolve("index.html"))).contains("一组");
    }

    @Test
    void projectAndDbTogetherIsUsageError() {
        CliRun run = CliRun.of("--lang", "en", "analyze", "drainage", "--db", db, "--project", gpkg.toString());
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("either --project or --db").doesNotContain(url.password());
    }

    @Test
    void missingSchemaTellsToImport() {
        CliRun run = CliRun.of("--lang", "en", "report", "--db", cluster.urlText("nothing_here"), "--out",
                dir.resolve("r2").toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains("No project in postgresql://cgis@127.0.0.1:").contains("schema=nothing_here")
                .doesNotContain(url.password());
    }

    @Test
    void servedFromDatabase() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (ProjectStore store = ProjectLocation.database(url).openReadOnly()) {
            MapServer server = new MapServer(store, "示例村");
            server.start("127.0.0.1", 0);
            try {
                HttpResponse<String> collections = Http.get(server.url() + "collections");
                assertThat(collections.statusCode()).isEqualTo(200);
                JsonNode ids = json.readTree(collections.body()).path("collections");
                assertThat(ids.findValuesAsText("id")).contains("coverage_buildings", "road_damage_zones", "pipes");

                HttpResponse<String> items = Http.get(server.url() + "collections/coverage_zones/items?limit=2");
                assertThat(items.statusCode()).isEqualTo(200);
                JsonNode page = json.readTree(items.body());
                assertThat(page.path("numberMatched").asInt()).isEqualTo(5);
                assertThat(page.path("features").size()).isEqualTo(2);
                double lon = page.path("features").get(0).path("geometry").path("coordinates").get(0).get(0).get(0)
                        .get(0).asDouble();
                assertThat(lon).isBetween(103.0, 106.0);
            } finally {
                server.stop();
            }
        }
    }

    private static List<String> layerNames(ProjectStore store) {
        return store.layers().stream().map(LayerInfo::name).toList();
    }
}
