package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.core.testing.SharedData;
import org.communitygis.io.OsmReader;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Items and tiles of a GeoPackage project read per request (held-feature limit 0): the same responses as
 * from a server that keeps the same file's layers in memory, on the test fixture and on a real OpenStreetMap
 * extract, and layers rewritten in the open file show up at the next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ItemsFromGeoPackageTest {
    /** Percent-encoded CRS URIs, as constants for the parameter lists. */
    private static final String EPSG_4544 = "http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F4544";
    private static final String EPSG_4326 = "http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F4326";
    private static final String EPSG_4490 = "http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F4490";

    @TempDir
    static Path dir;
    private final List<ProjectStore> stores = new ArrayList<>();
    private final List<MapServer> servers = new ArrayList<>();
    private ApiClient queried;
    private ApiClient held;

    @BeforeAll
    void start() {
        Path file = write(dir.resolve("示例村.gpkg"), TestProject.create());
        queried = serve(file, 0);
        held = serve(file, MapServerOptions.DEFAULT_MAX_HELD_FEATURES);
    }

    @AfterAll
    void stop() {
        servers.forEach(MapServer::stop);
        stores.forEach(ProjectStore::close);
    }

    /** Writes every layer, the CRS and the metadata of {@code fixture} into a new project file. */
    static Path write(Path file, MemoryStore fixture) {
        Projects.update(file, store -> {
            fixture.crs().ifPresent(store::setCrs);
            for (LayerInfo info : fixture.layers()) {
                if (info.type() == LayerInfo.LayerType.VECTOR) {
                    store.writeFeatures(fixture.readFeatures(info.name()));
                } else {
                    store.writeRaster(info.name(), fixture.readRaster(info.name()));
                }
            }
            fixture.metadata().forEach(store::putMetadata);
            return null;
        });
        return file;
    }

    /** Serves {@code file} opened read-only, holding at most {@code maxHeldFeatures} features. */
    private ApiClient serve(Path file, long maxHeldFeatures) {
        GeoPackageStore store = GeoPackageStore.openReadOnly(file);
        stores.add(store);
        MapServer server = new MapServer(store, "示例村", MapServerOptions.defaults()
                .withMaxHeldFeatures(maxHeldFeatures)).start("127.0.0.1", 0);
        servers.add(server);
        return new ApiClient(server);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/collections/survey_points/items?limit=1000",
        "/collections/survey_points/items?limit=10&offset=395",
        "/collections/survey_points/items?bbox=104.0625,30.6625,104.0705,30.6705&limit=1000",
        "/collections/survey_points/items?bbox=104.0625,30.6625,104.0705,30.6705&limit=7&offset=21",
        "/collections/survey_points/items?bbox=104.0625,30.6625,104.0705,30.6705&filter=row%20%3E%204",
        "/collections/survey_points/items?bbox=104.063,30.663,104.063,30.663",
        "/collections/survey_points/items?bbox=30.6625,104.0625,30.6705,104.0705&bbox-crs=" + EPSG_4326 + "&limit=1000",
        "/collections/survey_points/items?bbox=-180,-90,180,90&limit=1000",
        "/collections/survey_points/items?bbox=170,-10,-170,10",
        "/collections/survey_points/items?filter=col%20%3D%203&crs=" + EPSG_4544,
        "/collections/survey_points/items?filter=S_INTERSECTS(geometry%2C%20BBOX(104.0595%2C%2030.6595%2C%20104.0625"
                + "%2C%2030.6615))&limit=1000",
        "/collections/zones/items?bbox=104.06,30.66,104.07,30.67",
        "/collections/zones/items?filter=S_INTERSECTS(geometry%2C%20POINT(104.072%2030.67))%20AND%20code%20%3D%20'G2'",
        "/collections/roads/items?bbox=104.0,30.0,105.0,31.0&properties=name",
        "/collections/coverage_buildings/items?bbox=104.065,30.665,104.075,30.675&filter=served%20%3D%20true"
                + "&crs=" + EPSG_4490 + "&limit=50",
        "/collections/coverage_buildings/items?limit=25&offset=50&crs=" + EPSG_4326,
        "/collections/road_damage_zones/items",
        "/collections/facilities/items/1",
        "/collections/facilities/items/2?crs=" + EPSG_4544,
    })
    void responsesMatchHeldLayer(String path) throws Exception {
        JsonNode expected = body(held, path, 200);
        JsonNode actual = body(queried, path, 200);
        assertThat(actual.path("numberMatched")).as("numberMatched of %s", path).isEqualTo(expected.path("numberMatched"));
        assertThat(actual.path("numberReturned")).as("numberReturned of %s", path)
                .isEqualTo(expected.path("numberReturned"));
        assertThat(ids(actual)).as("ids of %s", path).isEqualTo(ids(expected));
        assertThat(actual.path("links")).as("links of %s", path).isEqualTo(expected.path("links"));
        assertThat(actual).as("response to %s", path).isEqualTo(expected);
    }

    @Test
    void pagingLinksOfMiddlePage() throws Exception {
        JsonNode page = body(queried, "/collections/survey_points/items?bbox=104.0625,30.6625,104.0705,30.6705"
                + "&limit=7&offset=21", 200);
        assertThat(page.path("numberReturned").asInt()).isEqualTo(7);
        assertThat(page.path("numberMatched").asInt()).isEqualTo(64);
        assertThat(ApiClient.link(page, "next")).endsWith("limit=7&offset=28");
        assertThat(ApiClient.link(page, "prev")).endsWith("limit=7&offset=14");
    }

    @Test
    void missingFeatureIs404() throws Exception {
        for (String path : List.of("/collections/facilities/items/999999", "/collections/facilities/items/abc",
                "/collections/facilities/items/0", "/collections/nowhere/items/1")) {
            assertThat(queried.get(path).statusCode()).as(path).isEqualTo(404);
            assertThat(held.get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void tilesMatchHeldLayer() throws Exception {
        double[] facility = VectorTilesTest.tilePosition(104.07, 30.67, 17);
        double[] grid = VectorTilesTest.tilePosition(104.065, 30.665, 15);
        double[] village = VectorTilesTest.tilePosition(104.07, 30.67, 15);
        List<String> tiles = List.of(
                "facilities/tiles/WebMercatorQuad/17/" + (int) facility[1] + "/" + (int) facility[0],
                "survey_points/tiles/WebMercatorQuad/15/" + (int) grid[1] + "/" + (int) grid[0],
                "coverage_buildings/tiles/WebMercatorQuad/15/" + (int) village[1] + "/" + (int) village[0],
                "survey_points/tiles/WebMercatorQuad/0/0/0",
                "roads/tiles/WebMercatorQuad/13/" + (int) village[1] / 4 + "/" + (int) village[0] / 4,
                "zones/tiles/WebMercatorQuad/9/" + (int) grid[1] / 64 + "/" + (int) grid[0] / 64);
        for (String tile : tiles) {
            HttpResponse<byte[]> expected = held.get("/collections/" + tile);
            HttpResponse<byte[]> actual = queried.get("/collections/" + tile);
            assertThat(expected.statusCode()).as(tile).isEqualTo(200);
            assertThat(actual.statusCode()).as(tile).isEqualTo(200);
            assertThat(MvtDecoder.decode(actual.body()).get(0).features()).as(tile).isNotEmpty();
            assertThat(actual.body()).as("bytes of tile %s", tile).isEqualTo(expected.body());
        }
        assertThat(queried.get("/collections/facilities/tiles/WebMercatorQuad/10/0/0").statusCode()).isEqualTo(204);
        assertThat(queried.get("/collections/facilities/tiles/WebMercatorQuad/17/" + ((int) facility[1] + 40) + "/"
                + (int) facility[0]).statusCode()).isEqualTo(204);
    }

    @Test
    void layerRewrittenInFileShows() throws Exception {
        Path file = write(dir.resolve("rewritten.gpkg"), TestProject.create());
        ApiClient ownQueried = serve(file, 0);
        ApiClient ownHeld = serve(file, MapServerOptions.DEFAULT_MAX_HELD_FEATURES);
        String near = "/collections/facilities/items?bbox=104.0699,30.6699,104.0701,30.6701";
        assertThat(ids(body(ownQueried, near, 200))).containsExactly(1L);

        // Another program (here a second store) rewrites the layer in the open file, with one facility more.
        try (GeoPackageStore writer = GeoPackageStore.open(file)) {
            FeatureLayer facilities = writer.readFeatures("facilities");
            FeatureLayer more = new FeatureLayer("facilities", facilities.kind(), facilities.crs(), facilities.fields());
            facilities.features().forEach(more::add);
            Geometry gate = new GeometryFactory().createPoint(
                    new Coordinate(TestProject.KNOWN_EASTING, TestProject.KNOWN_NORTHING));
            more.add(new Feature(79, gate, Map.of("name", "新增闸门")));
            writer.writeFeatures(more);
        }

        assertThat(ids(body(ownQueried, near, 200))).containsExactly(1L, 79L);
        assertThat(body(ownQueried, "/collections/facilities/items/79", 200).path("properties").path("name").asText())
                .isEqualTo("新增闸门");
        assertThat(ids(body(ownHeld, near, 200))).containsExactly(1L);
        assertThat(ownHeld.get("/collections/facilities/items/79").statusCode()).isEqualTo(404);
    }

    /**
     * Buildings and roads of the north-Bayreuth OSM extract in the local metric CRS, as {@code cgis import}
     * writes them: 60 pages around random buildings (seed 11) and the zoom-15 and zoom-16 tiles of
     * 20 buildings, per request and held.
     */
    @Test
    void realExtractMatchesHeldLayers() throws Exception {
        Path file = write(dir.resolve("north-bayreuth.gpkg"), osmProject());
        ApiClient ownQueried = serve(file, 0);
        ApiClient ownHeld = serve(file, MapServerOptions.DEFAULT_MAX_HELD_FEATURES);
        JsonNode buildings = body(ownHeld, "/collections/buildings/items?limit=10000", 200);
        assertThat(buildings.path("numberMatched").asInt()).isGreaterThan(4000);

        Random random = new Random(11);
        int matched = 0;
        for (int i = 0; i < 60; i++) {
            JsonNode building = buildings.path("features").get(random.nextInt(buildings.path("features").size()));
            Envelope around = envelope(building.path("geometry"));
            double half = 0.0005 + random.nextDouble() * 0.005;
            String bbox = String.format(Locale.ROOT, "%.7f,%.7f,%.7f,%.7f", around.getMinX() - half,
                    around.getMinY() - half, around.getMaxX() + half, around.getMaxY() + half);
            String layer = i % 3 == 2 ? "roads" : "buildings";
            String path = "/collections/" + layer + "/items?bbox=" + bbox + "&limit=1000"
                    + (i % 5 == 4 && layer.equals("buildings") ? "&filter=" + ApiClient.encode("building = 'house'") : "");
            JsonNode expected = body(ownHeld, path, 200);
            JsonNode actual = body(ownQueried, path, 200);
            matched += expected.path("numberMatched").asInt();
            assertThat(ids(actual)).as("ids of %s", path).isEqualTo(ids(expected));
            assertThat(actual).as("response to %s", path).isEqualTo(expected);

            if (i < 20) {
                double[] position = VectorTilesTest.tilePosition(around.centre().x, around.centre().y, 15 + i % 2);
                String tile = "/collections/buildings/tiles/WebMercatorQuad/" + (15 + i % 2) + "/" + (int) position[1]
                        + "/" + (int) position[0];
                HttpResponse<byte[]> heldTile = ownHeld.get(tile);
                assertThat(heldTile.statusCode()).as(tile).isEqualTo(200);
                assertThat(ownQueried.get(tile).body()).as("bytes of tile %s", tile).isEqualTo(heldTile.body());
            }
        }
        assertThat(matched).as("features matched by the 60 pages").isGreaterThan(600);
    }

    /** Returns the OSM extract's buildings and roads transformed to the CRS {@code cgis import} picks for it. */
    private static MemoryStore osmProject() {
        List<FeatureLayer> layers = OsmReader.read(SharedData.file("real/north-bayreuth.osm.gz"), new Diagnostics());
        Envelope all = new Envelope();
        layers.forEach(layer -> layer.features().forEach(f -> all.expandToInclude(f.geometry().getEnvelopeInternal())));
        String crs = Crs.localMetricCode(all.centre().x, all.centre().y);
        CrsTransform toProject = Crs.transform(Crs.CRS84, crs);
        MemoryStore store = new MemoryStore();
        store.setCrs(crs);
        for (FeatureLayer layer : layers) {
            if (!layer.name().equals("buildings") && !layer.name().equals("roads")) {
                continue;
            }
            FeatureLayer projected = new FeatureLayer(layer.name(), layer.kind(), crs, layer.fields());
            for (Feature feature : layer.features()) {
                projected.add(new Feature(feature.id(), toProject.apply(feature.geometry()), feature.attributes()));
            }
            store.writeFeatures(projected);
        }
        assertThat(store.readFeatures("buildings").kind()).isEqualTo(GeometryKind.MULTIPOLYGON);
        return store;
    }

    /** Returns the CRS84 envelope of a GeoJSON geometry. */
    private static Envelope envelope(JsonNode geometry) {
        Envelope envelope = new Envelope();
        addCoordinates(geometry.path("coordinates"), envelope);
        return envelope;
    }

    private static void addCoordinates(JsonNode node, Envelope envelope) {
        if (node.isArray() && node.size() >= 2 && node.get(0).isNumber()) {
            envelope.expandToInclude(node.get(0).asDouble(), node.get(1).asDouble());
            return;
        }
        node.forEach(child -> addCoordinates(child, envelope));
    }

    /**
     * Returns the JSON body of {@code path} after checking the status, with the server's base URL replaced
     * by {@code BASE} and without {@code timeStamp}, so that the responses of two servers compare equal.
     */
    private static JsonNode body(ApiClient client, String path, int status) throws Exception {
        HttpResponse<byte[]> response = client.get(path);
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as("status of %s: %s", path, text).isEqualTo(status);
        JsonNode json = ApiClient.MAPPER.readTree(text.replace(client.base(), "BASE"));
        if (json instanceof ObjectNode object) {
            object.remove("timeStamp");
        }
        return json;
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("features").forEach(feature -> ids.add(feature.path("id").asLong()));
        return ids;
    }
}
