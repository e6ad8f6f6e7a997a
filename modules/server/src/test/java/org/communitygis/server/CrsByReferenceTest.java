package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OGC API – Features – Part 2 on a project in EPSG:4544, checked on the reference facility at CRS84
 * (104.07, 30.67) = EPSG:4544 northing 3394757.3 m, easting 410874.8 m (to within 1 m).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrsByReferenceTest {
    private static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private static final String WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326";
    private static final String CGCS2000 = "http://www.opengis.net/def/crs/EPSG/0/4490";
    private static final String GAUSS_KRUGER = "http://www.opengis.net/def/crs/EPSG/0/4544";
    /** 1e-5 degree is about 1.1 m. */
    private static final double DEGREES_1M = 1e-5;
    private MapServer server;
    private ApiClient api;
    private ProjectStore store;

    /** Returns the store the server reads, holding the layers of {@code fixture}; a subclass serves PostGIS. */
    ProjectStore openProject(MemoryStore fixture) {
        return fixture;
    }

    @BeforeAll
    void start() {
        store = openProject(TestProject.create());
        server = new MapServer(store, "示例村").start("127.0.0.1", 0);
        api = new ApiClient(server);
    }

    @AfterAll
    void stop() {
        server.stop();
        store.close();
    }

    private JsonNode position(String crsUri) throws Exception {
        String query = crsUri == null ? "" : "?crs=" + ApiClient.encode(crsUri);
        return api.json("/collections/facilities/items/1" + query).path("geometry").path("coordinates");
    }

    @Test
    void collectionListsCrsAndStorageCrs() throws Exception {
        JsonNode collection = api.json("/collections/facilities");
        List<String> crs = new ArrayList<>();
        collection.path("crs").forEach(node -> crs.add(node.asText()));
        assertThat(crs).containsExactly(CRS84, WGS84, CGCS2000, GAUSS_KRUGER);
        assertThat(collection.path("storageCrs").asText()).isEqualTo(GAUSS_KRUGER);
    }

    @Test
    void defaultIsCrs84LongitudeFirst() throws Exception {
        JsonNode xy = position(null);
        assertThat(xy.path(0).asDouble()).isCloseTo(104.07, within(DEGREES_1M));
        assertThat(xy.path(1).asDouble()).isCloseTo(30.67, within(DEGREES_1M));
    }

    @Test
    void epsg4326IsLatitudeFirst() throws Exception {
        JsonNode xy = position(WGS84);
        assertThat(xy.path(0).asDouble()).isCloseTo(30.67, within(DEGREES_1M));
        assertThat(xy.path(1).asDouble()).isCloseTo(104.07, within(DEGREES_1M));
    }

    @Test
    void cgcs2000IsLatitudeFirst() throws Exception {
        JsonNode xy = position(CGCS2000);
        assertThat(xy.path(0).asDouble()).isCloseTo(30.67, within(DEGREES_1M));
        assertThat(xy.path(1).asDouble()).isCloseTo(104.07, within(DEGREES_1M));
    }

    @Test
    void gaussKrugerIsNorthingFirst() throws Exception {
        JsonNode xy = position(GAUSS_KRUGER);
        assertThat(xy.path(0).asDouble()).isCloseTo(TestProject.KNOWN_NORTHING, within(1.0));
        assertThat(xy.path(1).asDouble()).isCloseTo(TestProject.KNOWN_EASTING, within(1.0));
    }

    @Test
    void contentCrsHeaderNamesResponseCrs() throws Exception {
        HttpResponse<byte[]> crs84 = api.get("/collections/facilities/items");
        assertThat(crs84.headers().firstValue("Content-Crs")).hasValue("<" + CRS84 + ">");
        HttpResponse<byte[]> projected = api.get("/collections/facilities/items?crs=" + ApiClient.encode(GAUSS_KRUGER));
        assertThat(projected.headers().firstValue("Content-Crs")).hasValue("<" + GAUSS_KRUGER + ">");
        HttpResponse<byte[]> item = api.get("/collections/facilities/items/1?crs=" + ApiClient.encode(WGS84));
        assertThat(item.headers().firstValue("Content-Crs")).hasValue("<" + WGS84 + ">");
    }

    @Test
    void polygonsTransformedWhole() throws Exception {
        JsonNode zone = api.json("/collections/zones/items/2?crs=" + ApiClient.encode(GAUSS_KRUGER));
        JsonNode ring = zone.path("geometry").path("coordinates").path(0).path(0);
        double minNorthing = Double.MAX_VALUE;
        double minEasting = Double.MAX_VALUE;
        for (JsonNode corner : ring) {
            minNorthing = Math.min(minNorthing, corner.path(0).asDouble());
            minEasting = Math.min(minEasting, corner.path(1).asDouble());
        }
        assertThat(minNorthing).isCloseTo(TestProject.KNOWN_NORTHING - 400, within(0.01));
        assertThat(minEasting).isCloseTo(TestProject.KNOWN_EASTING, within(0.01));
    }

    @Test
    void unknownCrsRejected() throws Exception {
        for (String crs : List.of("http://www.opengis.net/def/crs/EPSG/0/3857", "EPSG:4326", "nonsense")) {
            JsonNode error = api.error("/collections/facilities/items?crs=" + ApiClient.encode(crs), 400);
            assertThat(error.path("description").asText()).contains("crs").contains(WGS84);
        }
        api.error("/collections/facilities/items/1?crs=" + ApiClient.encode("EPSG:4544"), 400);
    }

    @Test
    void bboxCrsGaussKrugerNorthingFirst() throws Exception {
        double n = TestProject.KNOWN_NORTHING;
        double e = TestProject.KNOWN_EASTING;
        String bbox = (n - 5) + "," + (e - 5) + "," + (n + 5) + "," + (e + 5);
        JsonNode page = api.json("/collections/facilities/items?bbox=" + bbox + "&bbox-crs="
                + ApiClient.encode(GAUSS_KRUGER));
        assertThat(page.path("numberMatched").asInt()).isEqualTo(1);
        assertThat(page.path("features").path(0).path("id").asLong()).isEqualTo(1);

        String swapped = (e - 5) + "," + (n - 5) + "," + (e + 5) + "," + (n + 5);
        JsonNode wrongOrder = api.json("/collections/facilities/items?bbox=" + swapped + "&bbox-crs="
                + ApiClient.encode(GAUSS_KRUGER));
        assertThat(wrongOrder.path("numberMatched").asInt()).isZero();
    }

    @Test
    void bboxCrs4326LatitudeFirst() throws Exception {
        JsonNode page = api.json("/collections/facilities/items?bbox=30.6699,104.0699,30.6701,104.0701&bbox-crs="
                + ApiClient.encode(WGS84));
        assertThat(page.path("numberMatched").asInt()).isEqualTo(1);
        api.error("/collections/facilities/items?bbox=104.0699,30.6699,104.0701,30.6701&bbox-crs="
                + ApiClient.encode(WGS84), 400);
    }

    @Test
    void projectedBboxMinAboveMaxRejected() throws Exception {
        JsonNode error = api.error("/collections/facilities/items?bbox=3394800,410900,3394700,410800&bbox-crs="
                + ApiClient.encode(GAUSS_KRUGER), 400);
        assertThat(error.path("description").asText()).contains("bbox");
    }

    @Test
    void crsAndBboxCrsCombine() throws Exception {
        JsonNode page = api.json("/collections/facilities/items?bbox=104.0699,30.6699,104.0701,30.6701&crs="
                + ApiClient.encode(GAUSS_KRUGER));
        JsonNode xy = page.path("features").path(0).path("geometry").path("coordinates");
        assertThat(xy.path(0).asDouble()).isCloseTo(TestProject.KNOWN_NORTHING, within(1.0));
        assertThat(ApiClient.link(page, "self")).contains("crs=http");
    }
}
