package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.communitygis.server.MapServer;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * The real-data walkthrough: imports the north-Bayreuth OpenStreetMap extract with both SRTM tiles, runs
 * the three analyses (with a trial sewer network, since the area has no pipe data) and serves the result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BayreuthEndToEndTest {
    @TempDir
    static Path dir;

    private Path project;
    private CliRun importRun;
    private CliRun drainageRun;
    private CliRun coverageRun;
    private CliRun roadsRun;

    @BeforeAll
    void runWalkthrough() {
        project = dir.resolve("bayreuth.gpkg");
        importRun = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                SharedData.file("real/north-bayreuth.osm.gz").toString(),
                SharedData.file("real/N49E011.hgt.zip").toString(), SharedData.file("real/N50E011.hgt.zip").toString());
        drainageRun = CliRun.of("--lang", "en", "analyze", "drainage", "--project", project.toString());
        coverageRun = CliRun.of("--lang", "en", "analyze", "coverage", "--project", project.toString(),
                "--trial-network");
        roadsRun = CliRun.of("--lang", "en", "analyze", "roads", "--project", project.toString());
    }

    @Test
    void importChoosesUtm32() {
        assertThat(importRun.exitCode).as(importRun.toString()).isZero();
        assertThat(importRun.out).contains("EPSG:32632");
        String crs = Projects.read(project, store -> store.crs().orElseThrow());
        assertThat(crs).isEqualTo("EPSG:32632");
    }

    @Test
    void buildingCountMatchesFile() throws Exception {
        int[] tags = countBuildingTags();
        FeatureLayer buildings = Projects.read(project, store -> store.readFeatures("buildings"));
        assertThat(tags[0]).as("building tags in the file").isEqualTo(4_269);
        assertThat(buildings.size()).as("buildings on ways and relations").isEqualTo(tags[1]);
        assertThat(countMatches(importRun.err, "entrance")).as("warnings for building nodes")
                .isEqualTo(tags[0] - tags[1]);
    }

    @Test
    void demResampledAndCoversVectors() {
        Raster dem = Projects.read(project, store -> store.readRaster("dem"));
        Envelope roads = Projects.read(project, store -> store.readFeatures("roads").envelope());
        assertThat(dem.grid().crs()).isEqualTo("EPSG:32632");
        assertThat(dem.grid().envelope().covers(roads)).isTrue();
        double[] range = dem.minMax();
        assertThat(range[0]).isGreaterThan(250);
        assertThat(range[1]).isLessThan(700);
    }

    @Test
    void drainageWritesRastersAndGradients() {
        assertThat(drainageRun.exitCode).as(drainageRun.toString()).isZero();
        FeatureLayer gradients = Projects.read(project, store -> store.readFeatures("road_gradients"));
        assertThat(gradients.size()).isGreaterThan(1_500);
        assertThat(gradients.features()).allMatch(f -> f.get("flag") != null);
        FeatureLayer streams = Projects.read(project, store -> store.readFeatures("streams"));
        assertThat(streams.size()).isPositive();
        FeatureLayer ditches = Projects.read(project, store -> store.readFeatures("pipe_gradients"));
        assertThat(ditches.size()).isPositive();
    }

    @Test
    void coverageWithTrialNetwork() {
        assertThat(coverageRun.exitCode).as(coverageRun.toString()).isZero();
        assertThat(coverageRun.out).contains("trial_pipes");
        FeatureLayer buildings = Projects.read(project, store -> store.readFeatures("coverage_buildings"));
        long served = buildings.features().stream().filter(f -> Boolean.TRUE.equals(f.get("served"))).count();
        assertThat(served).isGreaterThan(buildings.size() / 4);
        assertThat(served).isLessThan(buildings.size());
    }

    @Test
    void roadZonesMapBackOntoRoads() {
        assertThat(roadsRun.exitCode).as(roadsRun.toString()).isZero();
        FeatureLayer zones = Projects.read(project, store -> store.readFeatures("road_damage_zones"));
        FeatureLayer roads = Projects.read(project, store -> store.readFeatures("roads"));
        assertThat(zones.features()).anyMatch(zone -> zone.getString("reasons").contains("runoff"));
        for (Feature zone : zones.features()) {
            Feature road = roads.features().stream().filter(r -> r.id() == zone.getLong("road_id", -1)).findFirst()
                    .orElseThrow();
            double length = road.geometry().getLength();
            assertThat(zone.getDouble("from_m", -1)).isBetween(0.0, length + 0.01);
            assertThat(zone.getDouble("to_m", -1)).isBetween(zone.getDouble("from_m", 0), length + 0.01);
            assertThat(zone.geometry().intersects(road.geometry())).isTrue();
        }
    }

    @Test
    void servedBuildingsPageThrough() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(project)) {
            MapServer server = new MapServer(store, "bayreuth");
            server.start("127.0.0.1", 0);
            try {
                HttpResponse<String> first = Http.get(server.url() + "collections/buildings/items?limit=1000");
                assertThat(first.statusCode()).isEqualTo(200);
                JsonNode page = json.readTree(first.body());
                int matched = page.path("numberMatched").asInt();
                int seen = page.path("numberReturned").asInt();
                String next = nextLink(page);
                while (next != null) {
                    JsonNode following = json.readTree(Http.get(next).body());
                    seen += following.path("numberReturned").asInt();
                    next = nextLink(following);
                }
                assertThat(seen).isEqualTo(matched);
                assertThat(matched).isGreaterThan(4_200);

                HttpResponse<String> bbox = Http.get(server.url()
                        + "collections/buildings/items?bbox=11.55,50.0,11.56,50.01&limit=10000");
                JsonNode boxed = json.readTree(bbox.body());
                assertThat(boxed.path("numberMatched").asInt()).isBetween(1, matched - 1);
            } finally {
                server.stop();
            }
        }
    }

    private static String nextLink(JsonNode page) {
        for (JsonNode link : page.path("links")) {
            if ("next".equals(link.path("rel").asText())) {
                return link.path("href").asText();
            }
        }
        return null;
    }

    /** Returns {all building tags, building tags on ways and relations}, counted from the raw XML. */
    private static int[] countBuildingTags() throws Exception {
        Path file = SharedData.file("real/north-bayreuth.osm.gz");
        int all = 0;
        int onWays = 0;
        boolean inWay = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.trim();
                if (trimmed.startsWith("<way") || trimmed.startsWith("<relation")) {
                    inWay = true;
                } else if (trimmed.startsWith("</way") || trimmed.startsWith("</relation") || trimmed.startsWith("<node")) {
                    inWay = false;
                }
                if (trimmed.startsWith("<tag k=\"building\"")) {
                    all++;
                    if (inWay) {
                        onWays++;
                    }
                }
            }
        }
        return new int[] {all, onWays};
    }

    private static int countMatches(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
