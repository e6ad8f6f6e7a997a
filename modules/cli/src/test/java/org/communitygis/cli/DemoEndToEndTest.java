package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.server.MapServer;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code cgis demo --no-serve} on the bundled sample village, then serves the project it made. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEndToEndTest {
    @TempDir
    static Path out;

    private CliRun run;
    private Path project;

    @BeforeAll
    void runDemo() {
        run = CliRun.of("--lang", "zh", "demo", "--no-serve", "--out", out.toString(), "--data",
                CliRun.projectRoot().resolve("data").toString());
        project = out.resolve(DemoCommand.PROJECT_FILE);
    }

    @Test
    void demoSucceeds() {
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("[5/5]").contains("EPSG:4544").contains("报告已写入");
    }

    @Test
    void projectHasEveryResultLayer() {
        List<String> names = Projects.read(project, store -> store.layers().stream().map(LayerInfo::name).toList());
        assertThat(names).contains("dem", "dem_filled", "flow_dir", "flow_acc", "slope", "slope_pct", "streams",
                "road_gradients", "pipe_gradients", "coverage_buildings", "coverage_zones", "coverage_facilities",
                "road_damage_zones", "buildings", "roads", "pipes", "zones", "facilities");
    }

    @Test
    void coverageCountsFiveGroups() {
        FeatureLayer zones = Projects.read(project, store -> store.readFeatures("coverage_zones"));
        assertThat(zones.size()).isEqualTo(5);
        long households = zones.features().stream().mapToLong(zone -> zone.getLong("households", 0)).sum();
        assertThat(households).isBetween(140L, 160L);
        long served = zones.features().stream().mapToLong(zone -> zone.getLong("served_households", 0)).sum();
        assertThat(served).isGreaterThan(0L).isLessThan(households);
    }

    @Test
    void septicTankOverCapacity() {
        FeatureLayer facilities = Projects.read(project, store -> store.readFeatures("coverage_facilities"));
        assertThat(facilities.features()).anyMatch(f -> "septic_tank".equals(f.getString("kind"))
                && "over".equals(f.getString("flag")));
    }

    @Test
    void pipeChecksFindDeliberateFaults() {
        FeatureLayer checked = Projects.read(project, store -> store.readFeatures("pipe_gradients"));
        assertThat(checked.features()).anyMatch(f -> "reverse".equals(f.getString("flag")));
        assertThat(checked.features()).anyMatch(f -> "too_flat".equals(f.getString("flag")));
    }

    @Test
    void damagedMainRoadRanksHigh() {
        FeatureLayer zones = Projects.read(project, store -> store.readFeatures("road_damage_zones"));
        assertThat(zones.size()).isPositive();
        Feature first = zones.features().stream().filter(f -> f.getLong("rank", 0) == 1).findFirst().orElseThrow();
        assertThat(first.getLong("severity", 0)).isEqualTo(3);
        assertThat(first.getString("reasons")).isNotBlank();
    }

    @Test
    void reportFilesWritten() throws Exception {
        Path report = out.resolve("report");
        String html = Files.readString(report.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("示例村").contains("一组").contains("五组").contains("data:image/png;base64,");
        assertThat(Files.size(report.resolve("map.png"))).isGreaterThan(10_000L);
        List<String> csv = Files.readAllLines(report.resolve("coverage.csv"), StandardCharsets.UTF_8);
        long buildings = Projects.read(project, store -> (long) store.readFeatures("coverage_buildings").size());
        assertThat(csv).hasSize((int) buildings + 1);
    }

    @Test
    void servedProjectListsResults() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(project)) {
            MapServer server = new MapServer(store, "示例村");
            server.start("127.0.0.1", 0);
            try {
                HttpResponse<String> collections = Http.get(server.url() + "collections");
                assertThat(collections.statusCode()).isEqualTo(200);
                JsonNode ids = json.readTree(collections.body()).path("collections");
                assertThat(ids.findValuesAsText("id")).contains("coverage_buildings", "road_damage_zones", "pipes");

                HttpResponse<String> items = Http.get(server.url() + "collections/coverage_zones/items");
                assertThat(items.statusCode()).isEqualTo(200);
                JsonNode page = json.readTree(items.body());
                assertThat(page.path("numberMatched").asInt()).isEqualTo(5);
                double lon = page.path("features").get(0).path("geometry").path("coordinates").get(0).get(0).get(0)
                        .get(0).asDouble();
                assertThat(lon).isBetween(103.0, 106.0);

                HttpResponse<String> viewer = Http.get(server.url() + "viewer/");
                assertThat(viewer.statusCode()).isEqualTo(200);
                assertThat(viewer.body()).contains("leaflet");
            } finally {
                server.stop();
            }
        }
    }
}
