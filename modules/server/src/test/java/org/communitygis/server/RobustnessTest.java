package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.store.GeoPackageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caching, CORS, the write token, the time limit and a bounded fuzz run, on loopback. */
class RobustnessTest {
    private static final String ORIGIN = "https://maps.example.org";
    private static final String TOKEN = "test-token-5f2c";
    /** Fuzz budget: request count and wall time, whichever ends first. */
    private static final int FUZZ_REQUESTS = 3000;
    private static final long FUZZ_MILLIS = 25_000;
    private static MapServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        MapServerOptions options = MapServerOptions.defaults().withAllowedOrigins(Set.of(ORIGIN))
                .withAccessToken(TOKEN);
        server = new MapServer(TestProject.create(), "示例村", options).start("127.0.0.1", 0);
        api = new ApiClient(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void itemsEtagGives304() throws Exception {
        String path = "/collections/survey_points/items?limit=5&filter=" + ApiClient.encode("row = 1");
        HttpResponse<byte[]> first = api.get(path);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");
        HttpResponse<byte[]> again = api.get(path, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<byte[]> otherPage = api.get(path + "&offset=5", "If-None-Match", etag);
        assertThat(otherPage.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> item = api.get("/collections/roads/items/1");
        String itemTag = item.headers().firstValue("ETag").orElseThrow();
        assertThat(api.get("/collections/roads/items/1", "If-None-Match", "\"x\", " + itemTag).statusCode())
                .isEqualTo(304);
    }

    @Test
    void corsOnlyForAllowedOrigins() throws Exception {
        HttpResponse<byte[]> allowed = api.get("/collections", "Origin", ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        HttpResponse<byte[]> other = api.get("/collections", "Origin", "https://evil.example.com");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<byte[]> error = api.get("/collections/nope", "Origin", ORIGIN);
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        HttpResponse<byte[]> preflight = api.send("OPTIONS", "/collections/roads/items", "Origin", ORIGIN,
                "Access-Control-Request-Method", "GET");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
    }

    @Test
    void writeRequestsNeedToken() throws Exception {
        assertThat(api.send("POST", "/collections").statusCode()).isEqualTo(401);
        assertThat(api.send("DELETE", "/collections/roads", "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);
        assertThat(api.send("POST", "/collections", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(api.get("/collections").statusCode()).isEqualTo(200);
    }

    @Test
    void nonLoopbackBindNeedsToken() {
        MapServer open = new MapServer(new MemoryStore(), "open");
        assertThatThrownBy(() -> open.start("0.0.0.0", 0)).isInstanceOf(CgisException.class)
                .hasMessageContaining("0.0.0.0");
        assertThat(open.isRunning()).isFalse();
        assertThat(MapServer.isLoopback("127.0.0.1")).isTrue();
        assertThat(MapServer.isLoopback("::1")).isTrue();
        assertThat(MapServer.isLoopback("localhost")).isTrue();
        assertThat(MapServer.isLoopback("192.168.1.5")).isFalse();
        assertThat(MapServer.isLoopback("0.0.0.0")).isFalse();
    }

    @Test
    void pastDeadlineGives503() {
        FeatureService features = new FeatureService(TestProject.create(), "示例村");
        RequestContext late = new RequestContext("http://test", UserLocale.ENGLISH, System.nanoTime() - 1);
        assertThatThrownBy(() -> features.items(late, "survey_points", QueryParameters.parse("filter=row%3D1")))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(503));
        VectorTiles tiles = new VectorTiles(features);
        assertThatThrownBy(() -> tiles.tile(late, "survey_points", "0", "0", "0"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(503));
    }

    @Test
    void fuzzedRequestsNeverFail() throws Exception {
        fuzz(api, FUZZ_REQUESTS, FUZZ_MILLIS);
    }

    /** The same fuzzing against a GeoPackage project whose layers are read per request through the R-tree. */
    @Test
    void fuzzedRequestsPerRequestReads(@TempDir Path dir) throws Exception {
        Path file = ItemsFromGeoPackageTest.write(dir.resolve("示例村.gpkg"), TestProject.create());
        try (GeoPackageStore project = GeoPackageStore.openReadOnly(file)) {
            MapServer perRequest = new MapServer(project, "示例村", MapServerOptions.defaults().withMaxHeldFeatures(0))
                    .start("127.0.0.1", 0);
            try {
                fuzz(new ApiClient(perRequest), FUZZ_REQUESTS / 2, FUZZ_MILLIS / 2);
            } finally {
                perRequest.stop();
            }
        }
    }

    /** Sends up to {@code requests} fuzzed GETs within {@code millis} and checks that none gets a 5xx. */
    private static void fuzz(ApiClient api, int requests, long millis) throws Exception {
        Random random = new Random(20_260_512L);
        long stopAt = System.currentTimeMillis() + millis;
        List<String> serverErrors = new ArrayList<>();
        int sent = 0;
        while (sent < requests && System.currentTimeMillis() < stopAt) {
            String path = fuzzPath(random);
            HttpResponse<byte[]> response;
            try {
                response = api.get(path);
            } catch (IllegalArgumentException invalidUri) {
                continue;
            }
            sent++;
            if (response.statusCode() >= 500) {
                serverErrors.add(response.statusCode() + " " + path);
            }
        }
        assertThat(serverErrors).isEmpty();
        assertThat(sent).isGreaterThan(Math.min(500, requests / 3));
        assertThat(api.get("/collections").statusCode()).isEqualTo(200);
    }

    private static final String[] COLLECTIONS = {"survey_points", "facilities", "zones", "roads",
        "coverage_buildings", "road_damage_zones", "nope", "%2F", "..", "%00"};
    private static final String[] PARAMETERS = {"limit", "offset", "bbox", "bbox-crs", "crs", "filter",
        "filter-lang", "filter-crs", "properties", "f", "x", ""};
    private static final String[] ITEM_PARAMETERS = {"limit", "offset", "bbox", "bbox-crs", "crs", "filter",
        "filter", "filter", "filter-crs", "properties"};
    private static final String[] CQL = {"row", "col", "name", "served", "geometry", "=", "<>", "<", ">=", "AND",
        "OR", "NOT", "(", ")", "'a'", "'", "\"", "3", "-2.5e300", "1e999", "LIKE", "'%'", "BETWEEN", "IN", "IS",
        "NULL", "TRUE", ",", "S_INTERSECTS", "S_WITHIN", "BBOX", "POINT", "POLYGON", "EMPTY", "Z", "*", "\\",
        "测点", "ÿ", "\u0000", "((", "))", "NaN", "Infinity"};
    private static final String[] NUMBERS = {"0", "-1", "180", "-180", "90", "91", "1e308", "-0", "NaN", "abc",
        "104.07", "30.67", "3394757", "410874", "", " ", "9999999999999999999999"};
    private static final String[] CRS = {"http://www.opengis.net/def/crs/OGC/1.3/CRS84",
        "http://www.opengis.net/def/crs/EPSG/0/4326", "http://www.opengis.net/def/crs/EPSG/0/4490",
        "http://www.opengis.net/def/crs/EPSG/0/4544", "http://www.opengis.net/def/crs/EPSG/0/3857", "EPSG:4326", ""};

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String fuzzPath(Random random) {
        String collection = pick(random, COLLECTIONS);
        String path;
        int kind = random.nextInt(16);
        switch (kind < 8 ? kind : 7) {
            case 0:
                path = "/collections/" + collection;
                break;
            case 1:
                path = "/collections/" + collection + "/items/" + pick(random, NUMBERS).replace(" ", "%20")
                        + (random.nextBoolean() ? "%2F" + random.nextInt(9) : "");
                break;
            case 2:
                path = "/collections/" + collection + "/tiles/WebMercatorQuad/" + (random.nextInt(30) - 2) + "/"
                        + (random.nextInt(40) - 4) + "/" + pick(random, NUMBERS).replace(" ", "%20");
                break;
            case 3:
                path = "/collections/" + collection + "/queryables";
                break;
            case 4:
                path = randomSegments(random);
                break;
            default:
                path = "/collections/" + (random.nextInt(4) == 0 ? collection : "survey_points") + "/items";
                break;
        }
        StringBuilder query = new StringBuilder();
        boolean items = path.endsWith("/items");
        int count = items || random.nextInt(4) == 0 ? random.nextInt(5) : 0;
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        while (names.size() < count) {
            // Mostly valid names, so that most requests reach the bbox, CRS and CQL2 parsers.
            names.add(random.nextInt(10) == 0 ? pick(random, PARAMETERS) : pick(random, ITEM_PARAMETERS));
        }
        for (String name : names) {
            query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
                    .append(ApiClient.encode(value(random, name)));
        }
        if (random.nextInt(20) == 0) {
            query.append(random.nextBoolean() ? "&%zz" : "&limit=1&limit=2");
        }
        return path + query;
    }

    private static String value(Random random, String name) {
        switch (name) {
            case "filter":
                if (random.nextBoolean()) {
                    return mutate(random, pick(random, VALID_FILTERS));
                }
                StringBuilder filter = new StringBuilder();
                int tokens = 1 + random.nextInt(12);
                for (int i = 0; i < tokens; i++) {
                    filter.append(pick(random, CQL)).append(random.nextBoolean() ? " " : "");
                }
                return filter.toString();
            case "bbox":
                int numbers = random.nextInt(8);
                StringBuilder bbox = new StringBuilder();
                for (int i = 0; i < numbers; i++) {
                    bbox.append(i == 0 ? "" : ",").append(pick(random, NUMBERS));
                }
                return bbox.toString();
            case "crs":
            case "bbox-crs":
            case "filter-crs":
                return pick(random, CRS);
            default:
                return random.nextBoolean() ? pick(random, NUMBERS) : pick(random, CQL);
        }
    }

    /** Applies up to four random edits (delete, insert a CQL2 token, duplicate a span) to a valid filter. */
    private static String mutate(Random random, String filter) {
        StringBuilder text = new StringBuilder(filter);
        int edits = random.nextInt(5);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0:
                    text.deleteCharAt(at);
                    break;
                case 1:
                    text.insert(at, pick(random, CQL));
                    break;
                default:
                    int end = Math.min(text.length(), at + random.nextInt(20));
                    text.insert(at, text.substring(at, end));
                    break;
            }
        }
        return text.toString();
    }

    private static final String[] VALID_FILTERS = {"row = 3 AND col <> 4", "name LIKE '测点1_-%' OR row > 17",
        "NOT (row BETWEEN 2 AND 5) AND col IN (1, 2, 3)", "name IS NOT NULL AND row >= -1.5e1",
        "S_INTERSECTS(geometry, BBOX(104.06, 30.66, 104.07, 30.67))",
        "S_WITHIN(geometry, POLYGON((104 30, 105 30, 105 31, 104 31, 104 30))) AND row < 3",
        "S_CONTAINS(POLYGON((104 30, 105 30, 105 31, 104 31, 104 30)), geometry)",
        "S_DISJOINT(geometry, MULTIPOINT((104.06 30.66), (104.061 30.661)))",
        "S_CROSSES(geometry, LINESTRING(104 30, 105 31)) OR S_TOUCHES(geometry, POINT(104.06 30.66))"};

    private static String randomSegments(Random random) {
        StringBuilder path = new StringBuilder();
        int segments = 1 + random.nextInt(6);
        String alphabet = "abcxyz019-_.~%2F%20";
        for (int i = 0; i < segments; i++) {
            path.append('/');
            int length = random.nextInt(8);
            for (int j = 0; j < length; j++) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return path.toString();
    }
}
