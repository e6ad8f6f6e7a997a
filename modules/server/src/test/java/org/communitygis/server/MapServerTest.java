package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.communitygis.core.store.MemoryStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs a real server on 127.0.0.1 with a free port and talks to it over HTTP like a client would. */
class MapServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static MapServer server;
    private static String base;

    @BeforeAll
    static void start() {
        MemoryStore store = TestProject.create();
        server = new MapServer(store, "示例村").start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    static JsonNode error(String path, int status, String... headers) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(path, headers);
        assertThat(response.statusCode()).as("status of %s", path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return MAPPER.readTree(response.body());
    }

    static String link(JsonNode resource, String rel) {
        for (JsonNode link : resource.path("links")) {
            if (link.path("rel").asText().equals(rel)) {
                return link.path("href").asText();
            }
        }
        return null;
    }

    @Test
    void urlReportsBoundPort() {
        assertThat(server.url()).isEqualTo(base + "/");
    }

    @Test
    void landingHasLinks() throws Exception {
        JsonNode landing = json("/");
        assertThat(landing.path("title").asText()).contains("示例村");
        assertThat(link(landing, "service-desc")).isEqualTo(base + "/api");
        assertThat(link(landing, "conformance")).isEqualTo(base + "/conformance");
        assertThat(link(landing, "data")).isEqualTo(base + "/collections");
    }

    @Test
    void landingHtmlForBrowsers() throws Exception {
        HttpResponse<byte[]> response = get("/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("<h1>示例村");
    }

    @Test
    void formatParameterSelectsHtml() throws Exception {
        HttpResponse<byte[]> response = get("/collections/roads/items?f=html");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("村道一号");
    }

    @Test
    void conformanceListsClasses() throws Exception {
        JsonNode conformance = json("/conformance");
        List<String> classes = new ArrayList<>();
        conformance.path("conformsTo").forEach(node -> classes.add(node.asText()));
        assertThat(classes).containsExactlyInAnyOrderElementsOf(FeatureService.CONFORMANCE);
    }

    @Test
    void openApiNamesRequestServer() throws Exception {
        HttpResponse<byte[]> response = get("/api");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.oai.openapi+json");
        JsonNode api = MAPPER.readTree(response.body());
        assertThat(api.path("openapi").asText()).startsWith("3.0");
        assertThat(api.path("servers").path(0).path("url").asText()).isEqualTo(base);
        assertThat(api.path("paths").has("/collections/{collectionId}/items")).isTrue();
        assertThat(api.path("components").path("parameters").path("collectionId").path("schema").path("enum"))
                .hasSize(TestProject.vectorLayers().size());
    }

    @Test
    void collectionsListEveryVectorLayer() throws Exception {
        JsonNode collections = json("/collections");
        List<String> ids = new ArrayList<>();
        collections.path("collections").forEach(node -> ids.add(node.path("id").asText()));
        assertThat(ids).containsExactlyElementsOf(TestProject.vectorLayers());
    }

    @Test
    void collectionExtentInCrs84() throws Exception {
        JsonNode collection = json("/collections/survey_points");
        JsonNode box = collection.path("extent").path("spatial").path("bbox").path(0);
        double last = (TestProject.POINTS_PER_SIDE - 1) * TestProject.GRID_STEP;
        assertThat(box.get(0).asDouble()).isCloseTo(TestProject.GRID_LON, within(1e-7));
        assertThat(box.get(1).asDouble()).isCloseTo(TestProject.GRID_LAT, within(1e-7));
        assertThat(box.get(2).asDouble()).isCloseTo(TestProject.GRID_LON + last, within(1e-7));
        assertThat(box.get(3).asDouble()).isCloseTo(TestProject.GRID_LAT + last, within(1e-7));
        assertThat(collection.path("storageCrs").asText()).isEqualTo("http://www.opengis.net/def/crs/EPSG/0/4544");
        assertThat(link(collection, "items")).isEqualTo(base + "/collections/survey_points/items");
    }

    @Test
    void itemsDefaultPage() throws Exception {
        HttpResponse<byte[]> response = get("/collections/survey_points/items");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/geo+json");
        JsonNode page = MAPPER.readTree(response.body());
        assertThat(page.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(page.path("numberMatched").asInt()).isEqualTo(400);
        assertThat(page.path("numberReturned").asInt()).isEqualTo(ItemQuery.DEFAULT_LIMIT);
        assertThat(page.path("features")).hasSize(ItemQuery.DEFAULT_LIMIT);
        assertThat(link(page, "next")).endsWith("/collections/survey_points/items?offset=10");
        assertThat(link(page, "prev")).isNull();
    }

    @Test
    void nextLinksReachEveryFeature() throws Exception {
        String url = "/collections/survey_points/items?limit=37&f=json";
        Set<Long> ids = new HashSet<>();
        int pages = 0;
        int matched = -1;
        while (url != null) {
            JsonNode page = json(url);
            matched = page.path("numberMatched").asInt();
            page.path("features").forEach(feature -> ids.add(feature.path("id").asLong()));
            assertThat(page.path("numberReturned").asInt()).isEqualTo(page.path("features").size());
            String next = link(page, "next");
            if (next != null) {
                assertThat(next).contains("limit=37").contains("f=json");
            }
            url = next == null ? null : next.substring(base.length());
            pages++;
        }
        assertThat(matched).isEqualTo(400);
        assertThat(ids).hasSize(matched);
        assertThat(pages).isEqualTo(11);
    }

    @Test
    void prevLinkStepsBack() throws Exception {
        JsonNode page = json("/collections/survey_points/items?offset=25&limit=10");
        assertThat(link(page, "prev")).endsWith("items?offset=15&limit=10");
    }

    @Test
    void bboxSelectsExactGridCells() throws Exception {
        // Columns 3..7 (104.063–104.067) and rows 3..9 (30.663–30.669): 5 × 7 points.
        JsonNode page = json("/collections/survey_points/items?bbox=104.0625,30.6625,104.0675,30.6695&limit=100");
        assertThat(page.path("numberMatched").asInt()).isEqualTo(35);
        for (JsonNode feature : page.path("features")) {
            assertThat(feature.path("properties").path("col").asInt()).isBetween(3, 7);
            assertThat(feature.path("properties").path("row").asInt()).isBetween(3, 9);
        }
    }

    @Test
    void bboxWithHeightsIgnoresThem() throws Exception {
        JsonNode page = json("/collections/survey_points/items?bbox=104.0625,30.6625,-50,104.0675,30.6695,900");
        assertThat(page.path("numberMatched").asInt()).isEqualTo(35);
    }

    @Test
    void bboxKeptInNextLink() throws Exception {
        JsonNode page = json("/collections/survey_points/items?bbox=104.0625,30.6625,104.0675,30.6695&limit=20");
        assertThat(link(page, "next")).isEqualTo(base
                + "/collections/survey_points/items?bbox=104.0625,30.6625,104.0675,30.6695&limit=20&offset=20");
    }

    @Test
    void bboxMatchesPolygonsThatOverlap() throws Exception {
        // A box around the reference point touches zone 一组 and zone 二组, which meet at its easting.
        JsonNode page = json("/collections/zones/items?bbox=104.0699,30.6699,104.0701,30.6701");
        assertThat(page.path("numberMatched").asInt()).isEqualTo(2);
    }

    @Test
    void largeLimitIsClamped() throws Exception {
        JsonNode page = json("/collections/survey_points/items?limit=99999999999999999999");
        assertThat(page.path("numberReturned").asInt()).isEqualTo(400);
    }

    @Test
    void unknownParameterRejected() throws Exception {
        JsonNode body = error("/collections/survey_points/items?limt=5", 400);
        assertThat(body.path("code").asText()).isEqualTo("InvalidParameterValue");
        assertThat(body.path("description").asText()).contains("limt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=-3", "limit=abc", "offset=-1", "offset=1.5", "bbox=1,2,3",
        "bbox=104,31,105,30", "bbox=104,a,105,31", "bbox=200,30,201,31", "f=xml"})
    void invalidValueRejected(String query) throws Exception {
        JsonNode body = error("/collections/survey_points/items?" + query, 400);
        String parameter = query.substring(0, query.indexOf('='));
        assertThat(body.path("description").asText()).contains(parameter);
    }

    @Test
    void unknownParameterOnLandingRejected() throws Exception {
        JsonNode body = error("/?lang=en", 400);
        assertThat(body.path("description").asText()).contains("lang");
    }

    @Test
    void errorsFollowAcceptLanguage() throws Exception {
        JsonNode english = error("/collections/nowhere", 404, "Accept-Language", "en-GB,en;q=0.8");
        JsonNode chinese = error("/collections/nowhere", 404, "Accept-Language", "zh-CN,zh;q=0.9");
        assertThat(english.path("description").asText()).startsWith("No feature collection \"nowhere\"");
        assertThat(chinese.path("description").asText()).startsWith("没有要素集合“nowhere”");
    }

    @Test
    void unknownCollectionIs404() throws Exception {
        JsonNode body = error("/collections/nowhere/items", 404);
        assertThat(body.path("code").asText()).isEqualTo("NotFound");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/collections/roads/items/999", "/collections/roads/items/abc", "/nowhere",
        "/rasters/nowhere.png", "/rasters/dem.tif", "/viewer/missing.js"})
    void unknownResourceIs404(String path) throws Exception {
        JsonNode body = error(path, 404);
        assertThat(body.path("code").asText()).isEqualTo("NotFound");
    }

    @Test
    void itemById() throws Exception {
        HttpResponse<byte[]> response = get("/collections/roads/items/2");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/geo+json");
        JsonNode feature = MAPPER.readTree(response.body());
        assertThat(feature.path("id").asLong()).isEqualTo(2);
        assertThat(feature.path("properties").path("name").asText()).isEqualTo("机耕道");
        assertThat(feature.path("geometry").path("type").asText()).isEqualTo("LineString");
        assertThat(link(feature, "collection")).isEqualTo(base + "/collections/roads");
    }

    @Test
    void knownPointInCrs84() throws Exception {
        JsonNode feature = json("/collections/facilities/items/1");
        JsonNode position = feature.path("geometry").path("coordinates");
        // EPSG:4544 (410874.8, 3394757.3) is (104.07, 30.67) to within 1e-5° (about 1 m).
        assertThat(position.get(0).asDouble()).isCloseTo(104.07, within(1e-5));
        assertThat(position.get(1).asDouble()).isCloseTo(30.67, within(1e-5));
    }

    @Test
    void booleansAndNullsKept() throws Exception {
        JsonNode feature = json("/collections/coverage_buildings/items/2");
        assertThat(feature.path("properties").path("served").isBoolean()).isTrue();
        JsonNode unserved = json("/collections/coverage_buildings/items/3");
        assertThat(unserved.path("properties").path("network").isNull()).isTrue();
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        HttpResponse<byte[]> response = get("/collections/survey_points/items?limit=400", "Accept-Encoding", "gzip");
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
        assertThat(MAPPER.readTree(plain).path("numberReturned").asInt()).isEqualTo(400);
    }

    @Test
    void noGzipWithoutAcceptEncoding() throws Exception {
        HttpResponse<byte[]> response = get("/collections");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void viewerPageLoads() throws Exception {
        HttpResponse<byte[]> response = get("/viewer/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("lib/leaflet/leaflet.js").contains("viewer.js");
    }

    @Test
    void viewerRedirectsToSlash() throws Exception {
        HttpResponse<byte[]> response = get("/viewer");
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/viewer/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/viewer/lib/leaflet/leaflet.js", "/viewer/lib/leaflet/leaflet.css", "/viewer/viewer.js",
        "/viewer/viewer.css", "/viewer/lib/leaflet/images/marker-icon.png"})
    void viewerFilesLoad(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length).isGreaterThan(100);
    }

    @Test
    void leafletIsTheWebJarVersion() throws Exception {
        String script = new String(get("/viewer/lib/leaflet/leaflet.js").body(), StandardCharsets.UTF_8);
        assertThat(script).contains("Leaflet 1.9.4");
    }

    @Test
    void rastersListedWithBounds() throws Exception {
        JsonNode rasters = json("/rasters");
        List<String> names = new ArrayList<>();
        rasters.path("rasters").forEach(node -> names.add(node.path("name").asText()));
        assertThat(names).containsExactly("dem", "flow_dir");
        JsonNode dem = rasters.path("rasters").path(0);
        assertThat(dem.path("bbox")).hasSize(4);
        assertThat(dem.path("bbox").get(0).asDouble()).isCloseTo(104.0637, within(1e-3));
        assertThat(dem.path("bbox").get(3).asDouble()).isCloseTo(30.6736, within(1e-3));
        assertThat(dem.path("legend").size()).isGreaterThan(2);
    }

    @Test
    void rasterPngValid() throws Exception {
        HttpResponse<byte[]> response = get("/rasters/dem.png", "Accept-Encoding", "gzip");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image).isNotNull();
        assertThat(image.getWidth() * image.getHeight()).isBetween(1800, 3600);
        // The centre of the DEM is a NoData hole; a point west of it is a valid cell.
        int centre = image.getRGB(image.getWidth() / 2, image.getHeight() / 2);
        int west = image.getRGB(image.getWidth() / 8, image.getHeight() / 2);
        assertThat(centre >>> 24).isZero();
        assertThat(west >>> 24).isEqualTo(255);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/viewer/../../etc/passwd", "/viewer/%2e%2e/%2e%2e/etc/passwd",
        "/viewer/..%2f..%2fetc%2fpasswd", "/viewer/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/viewer/lib/leaflet/../../../../pom.xml",
        "/viewer/..%5c..%5cetc%5cpasswd", "/viewer//etc/passwd", "/viewer/%252e%252e/%252e%252e/etc/passwd",
        "/viewer/lib/leaflet/../../viewer.js/../../../org/communitygis/server/messages_en.properties",
        "/viewer/META-INF/resources/webjars/leaflet/1.9.4/package.json"})
    void traversalRejected(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        // Jetty rejects a path that climbs above the root or contains an encoded slash with 400 before
        // routing. Every other path reaches the fixed file map and gets 404.
        assertThat(response.statusCode()).as(path).isIn(400, 404);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("root:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/viewer/..%5c..%5cetc%5cpasswd", "/viewer//etc/passwd",
        "/viewer/%252e%252e/%252e%252e/etc/passwd", "/viewer/META-INF/resources/webjars/leaflet/1.9.4/package.json",
        "/viewer/lib/../lib/leaflet/leaflet.js.map", "/viewer/lib/leaflet/../../../pom.xml",
        "/viewer/%2e%2e/viewer/%2e%2e/etc/passwd"})
    void traversalInsideRootIs404(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(404);
    }

    @Test
    void stopFreesPort() throws Exception {
        MapServer second = new MapServer(new MemoryStore(), "empty").start("127.0.0.1", 0);
        int port = second.port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            assertThat(socket.isConnected()).isTrue();
        }
        second.stop();
        try (java.net.ServerSocket reuse = new java.net.ServerSocket()) {
            reuse.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
        assertThat(second.isRunning()).isFalse();
    }

    @Test
    void busyPortRaisesUserError() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket()) {
            busy.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            MapServer third = new MapServer(new MemoryStore(), "busy");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> third.start("127.0.0.1", busy.getLocalPort()))
                    .isInstanceOf(org.communitygis.core.CgisException.class)
                    .hasMessageContaining(Integer.toString(busy.getLocalPort()));
        }
    }

    private static List<String> hrefs(String html) {
        List<String> hrefs = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (matcher.find()) {
            hrefs.add(matcher.group(1).replace("&amp;", "&"));
        }
        return hrefs;
    }

    @Test
    void htmlLinksNameFormatOnce() throws Exception {
        List<String> pages = List.of("/?f=html", "/collections/survey_points?f=html",
                "/collections/survey_points/items?f=html&limit=3", "/collections/survey_points/items?f=html&limit=3&offset=3",
                "/collections/survey_points/items/1?f=html");
        for (String page : pages) {
            HttpResponse<byte[]> response = get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            for (String href : hrefs(new String(response.body(), StandardCharsets.UTF_8))) {
                String query = href.contains("?") ? href.substring(href.indexOf('?') + 1) : "";
                assertThat(("&" + query).split("&f=", -1).length).as("%s on %s", href, page).isLessThanOrEqualTo(2);
            }
        }
        String items = new String(get("/collections/survey_points/items?f=html&limit=3").body(), StandardCharsets.UTF_8);
        String next = hrefs(items).stream().filter(href -> href.contains("offset=3")).findFirst().orElseThrow();
        HttpResponse<byte[]> followed = get(next.substring(base.length()));
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }

    @Test
    void jsonLinksKeepJsonFormat() throws Exception {
        JsonNode items = json("/collections/survey_points/items?f=json&limit=3");
        assertThat(link(items, "self")).endsWith("?f=json&limit=3");
        assertThat(link(items, "next")).contains("f=json").doesNotContain("f=html");
        assertThat(link(items, "alternate")).contains("f=html").doesNotContain("f=json");
        String feature = new String(get("/collections/survey_points/items/1?f=html").body(), StandardCharsets.UTF_8);
        List<String> featureLinks = hrefs(feature).stream().filter(href -> href.contains("/items/1?")).toList();
        assertThat(featureLinks).hasSize(2);
        for (String href : featureLinks) {
            int at = feature.indexOf(href.replace("&", "&amp;"));
            String label = feature.substring(at, feature.indexOf("</li>", at));
            assertThat(label).as(href).contains(href.contains("f=html") ? "text/html" : "application/geo+json");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api", "/collections/survey_points/tiles", "/collections/survey_points/schema",
        "/rasters"})
    void noParameterRoutesSayNoneAccepted(String path) throws Exception {
        String description = error(path + "?f=html", 400, "Accept-Language", "en").path("description").asText();
        assertThat(description).contains("takes no query parameters");
        assertThat(description).doesNotContain("here: .");
    }

    @Test
    void varyAndContentLanguage() throws Exception {
        HttpResponse<byte[]> zh = get("/collections/survey_points/items?limit=2", "Accept-Language", "zh-CN");
        HttpResponse<byte[]> en = get("/collections/survey_points/items?limit=2", "Accept-Language", "en");
        HttpResponse<byte[]> html = get("/collections/survey_points/items?limit=2", "Accept-Language", "en",
                "Accept", "text/html");
        for (HttpResponse<byte[]> response : List.of(zh, en, html)) {
            assertThat(response.headers().allValues("Vary")).containsExactly("Accept, Accept-Language, Accept-Encoding");
        }
        assertThat(zh.headers().firstValue("Content-Language")).hasValue("zh-CN");
        assertThat(en.headers().firstValue("Content-Language")).hasValue("en");
        Set<String> tags = new HashSet<>();
        for (HttpResponse<byte[]> response : List.of(zh, en, html)) {
            tags.add(response.headers().firstValue("ETag").orElseThrow());
        }
        assertThat(tags).hasSize(3);
        HttpResponse<byte[]> viewer = get("/viewer/", "Accept-Language", "en");
        assertThat(viewer.headers().allValues("Vary")).containsExactly("Accept-Encoding");
    }

    @Test
    void openApiDescriptionFollowsLanguage() throws Exception {
        JsonNode zh = MAPPER.readTree(get("/api", "Accept-Language", "zh-CN").body());
        JsonNode en = MAPPER.readTree(get("/api", "Accept-Language", "en").body());
        assertThat(zh.path("info").path("description").asText()).contains("第 1 部分");
        assertThat(en.path("info").path("description").asText()).contains("Part 1");
    }
}
