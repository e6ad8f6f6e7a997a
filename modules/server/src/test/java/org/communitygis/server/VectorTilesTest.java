package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mapbox Vector Tiles over HTTP, decoded with an independent test decoder. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorTilesTest {
    MapServer server;
    ApiClient api;

    /** Returns the store the server reads; the fixture itself here, which tiles are encoded from in Java. */
    ProjectStore openProject(MemoryStore fixture) {
        return fixture;
    }

    @BeforeAll
    void start() {
        server = new MapServer(openProject(TestProject.create()), "示例村").start("127.0.0.1", 0);
        api = new ApiClient(server);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Returns the fractional WebMercatorQuad tile position {x, y} of a CRS84 point (OSM slippy map formula). */
    static double[] tilePosition(double lon, double lat, int z) {
        double n = Math.pow(2, z);
        double x = (lon + 180) / 360 * n;
        double latRad = Math.toRadians(lat);
        double y = (1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2 * n;
        return new double[] {x, y};
    }

    HttpResponse<byte[]> tile(String collection, int z, int y, int x, String... headers)
            throws Exception {
        return api.get("/collections/" + collection + "/tiles/WebMercatorQuad/" + z + "/" + y + "/" + x, headers);
    }

    @Test
    void knownPointAtExpectedTileCoordinates() throws Exception {
        int z = 16;
        JsonNode feature = api.json("/collections/facilities/items/1");
        double lon = feature.path("geometry").path("coordinates").path(0).asDouble();
        double lat = feature.path("geometry").path("coordinates").path(1).asDouble();
        double[] position = tilePosition(lon, lat, z);
        int x = (int) Math.floor(position[0]);
        int y = (int) Math.floor(position[1]);

        HttpResponse<byte[]> response = tile("facilities", z, y, x);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/vnd.mapbox-vector-tile");
        List<MvtDecoder.Layer> layers = MvtDecoder.decode(response.body());
        assertThat(layers).hasSize(1);
        MvtDecoder.Layer layer = layers.get(0);
        assertThat(layer.version()).isEqualTo(2);
        assertThat(layer.name()).isEqualTo("facilities");
        assertThat(layer.extent()).isEqualTo(4096);
        MvtDecoder.Feature decoded = layer.features().stream().filter(f -> f.id() == 1).findFirst().orElseThrow();
        assertThat(decoded.type()).isEqualTo(1);
        assertThat(decoded.properties()).containsEntry("name", "一组污水处理站").containsEntry("capacity_households", 120L)
                .containsEntry("capacity_m3_per_day", 36.0);
        int[] point = decoded.parts().get(0).get(0);
        assertThat(point[0]).isBetween((int) Math.floor((position[0] - x) * 4096) - 1,
                (int) Math.ceil((position[0] - x) * 4096) + 1);
        assertThat(point[1]).isBetween((int) Math.floor((position[1] - y) * 4096) - 1,
                (int) Math.ceil((position[1] - y) * 4096) + 1);
    }

    @Test
    void polygonRingsClockwiseAndClipped() throws Exception {
        int z = 18;
        double[] position = tilePosition(104.07, 30.67, z);
        int x = (int) Math.floor(position[0]);
        int y = (int) Math.floor(position[1]);
        HttpResponse<byte[]> response = tile("zones", z, y, x);
        assertThat(response.statusCode()).isEqualTo(200);
        MvtDecoder.Layer layer = MvtDecoder.decode(response.body()).get(0);
        assertThat(layer.features()).isNotEmpty();
        for (MvtDecoder.Feature feature : layer.features()) {
            assertThat(feature.type()).isEqualTo(3);
            List<int[]> ring = feature.parts().get(0);
            long doubledArea = 0;
            for (int i = 0; i < ring.size(); i++) {
                int[] a = ring.get(i);
                int[] b = ring.get((i + 1) % ring.size());
                doubledArea += (long) a[0] * b[1] - (long) b[0] * a[1];
                assertThat(a[0]).isBetween(-VectorTiles.BUFFER, 4096 + VectorTiles.BUFFER);
                assertThat(a[1]).isBetween(-VectorTiles.BUFFER, 4096 + VectorTiles.BUFFER);
            }
            assertThat(doubledArea).as("exterior ring area of feature %d", feature.id()).isPositive();
        }
    }

    @Test
    void lowZoomKeepsEveryBuilding() throws Exception {
        int z = 12;
        double[] position = tilePosition(104.07, 30.67, z);
        HttpResponse<byte[]> response = tile("coverage_buildings", z, (int) position[1], (int) position[0]);
        assertThat(response.statusCode()).isEqualTo(200);
        MvtDecoder.Layer layer = MvtDecoder.decode(response.body()).get(0);
        // 12 m × 9 m buildings are about 2.5 × 2 tile units at zoom 12, so none collapses to nothing.
        assertThat(layer.features().size()).isEqualTo(TestProject.BUILDINGS);
    }

    @Test
    void emptyTileIs204() throws Exception {
        assertThat(tile("facilities", 10, 0, 0).statusCode()).isEqualTo(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"25/0/0", "0/1/0", "0/0/1", "3/8/0", "3/0/8", "-1/0/0", "a/0/0", "1/1/x",
        "99999999999/0/0", "2/0/00000000004"})
    void outsideGridIs404(String zyx) throws Exception {
        HttpResponse<byte[]> response = api.get("/collections/facilities/tiles/WebMercatorQuad/" + zyx);
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void unknownTileMatrixSetIs404() throws Exception {
        assertThat(api.get("/collections/facilities/tiles/WorldCRS84Quad/0/0/0").statusCode()).isEqualTo(404);
        assertThat(api.get("/collections/nothing/tiles/WebMercatorQuad/0/0/0").statusCode()).isEqualTo(404);
    }

    @Test
    void etagGives304() throws Exception {
        HttpResponse<byte[]> first = tile("facilities", 0, 0, 0);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> second = tile("facilities", 0, 0, 0, "If-None-Match", etag);
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
        HttpResponse<byte[]> other = tile("facilities", 0, 0, 0, "If-None-Match", "\"something-else\"");
        assertThat(other.statusCode()).isEqualTo(200);
    }

    @Test
    void tilesetMetadataAndTileJson() throws Exception {
        JsonNode list = api.json("/collections/roads/tiles");
        assertThat(list.path("tilesets").path(0).path("tileMatrixSetURI").asText())
                .isEqualTo(VectorTiles.TILE_MATRIX_SET_URI);
        JsonNode tileset = api.json("/collections/roads/tiles/WebMercatorQuad");
        assertThat(tileset.path("dataType").asText()).isEqualTo("vector");
        assertThat(tileset.path("layers").path(0).path("geometryDimension").asInt()).isEqualTo(1);
        String template = null;
        for (JsonNode link : tileset.path("links")) {
            if (link.path("rel").asText().equals("item")) {
                template = link.path("href").asText();
                assertThat(link.path("type").asText()).isEqualTo(VectorTiles.MVT);
            }
        }
        assertThat(template).isEqualTo(api.base() + "/collections/roads/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}");

        JsonNode tileJson = api.json("/collections/roads/tiles/WebMercatorQuad/tilejson.json");
        assertThat(tileJson.path("tilejson").asText()).isEqualTo("3.0.0");
        String tiles = tileJson.path("tiles").path(0).asText();
        assertThat(tiles).isEqualTo(api.base() + "/collections/roads/tiles/WebMercatorQuad/{z}/{y}/{x}");
        assertThat(tileJson.path("vector_layers").path(0).path("id").asText()).isEqualTo("roads");
        assertThat(tileJson.path("vector_layers").path(0).path("fields").has("name")).isTrue();
        JsonNode bounds = tileJson.path("bounds");
        assertThat(bounds.path(0).asDouble()).isLessThan(104.07);
        assertThat(bounds.path(2).asDouble()).isGreaterThan(104.07);

        double[] position = tilePosition(104.07, 30.67, 14);
        String url = tiles.replace("{z}", "14").replace("{y}", Integer.toString((int) position[1]))
                .replace("{x}", Integer.toString((int) position[0]));
        HttpResponse<byte[]> response = api.get(url.substring(api.base().length()));
        assertThat(response.statusCode()).isEqualTo(200);
        MvtDecoder.Layer layer = MvtDecoder.decode(response.body()).get(0);
        assertThat(layer.features()).allMatch(feature -> feature.type() == 2);
        assertThat(layer.features()).allMatch(feature -> feature.parts().get(0).size() >= 2);
    }
}
