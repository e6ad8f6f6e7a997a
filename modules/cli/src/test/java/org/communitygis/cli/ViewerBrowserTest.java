package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.communitygis.server.MapServer;
import org.communitygis.store.GeoPackageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the map viewer on the served north-Bayreuth project in headless Chromium (Debian {@code chromium}):
 * the layer list shows the buildings with their count, the map draws them, a click on a building opens its
 * popup, and the language switch relabels the layers. Skips with one line when Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerBrowserTest {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 800;
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(40);

    /** True once every vector layer of the viewer has all its pages read and a map layer built. */
    private static final String LOADED = "window.cgisViewer && cgisViewer.vectors().length > 0"
            + " && cgisViewer.vectors().every(function (e) { return e.layer; })";
    private static final String STATE = "JSON.stringify({status: document.getElementById('status').textContent,"
            + " layers: document.getElementById('vector-layers').innerText})";

    @TempDir
    static Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private GeoPackageStore store;
    private MapServer server;
    private HeadlessChromium browser;
    private int buildingCount;

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        boolean installed = Files.isExecutable(HeadlessChromium.EXECUTABLE);
        if (!installed) {
            System.err.println("*** ViewerBrowserTest SKIPPED: " + HeadlessChromium.EXECUTABLE
                    + " not found. Install with: apt-get install chromium ***");
        }
        Assumptions.assumeTrue(installed, "Chromium is not installed: apt-get install chromium");

        store = GeoPackageStore.openReadOnly(BayreuthProject.get());
        buildingCount = store.readFeatures("buildings").size();
        server = new MapServer(store, "bayreuth");
        server.start("127.0.0.1", 0);
        browser = HeadlessChromium.launch(dir.resolve("chromium-profile"), WIDTH, HEIGHT);
    }

    @AfterAll
    void stopServerAndBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void layerListShowsBuildings() throws Exception {
        openViewer("zh");

        String layers = browser.evaluate("document.getElementById('vector-layers').innerText").asText();
        assertThat(layers).contains("建筑");
        assertThat(layers).containsPattern("建筑\\s+" + grouped(buildingCount) + " 个要素");
        assertThat(layers).contains("道路", "水系", "土地利用");
        int drawn = browser.evaluate("cgisViewer.vectors().filter(function (e) { return e.id === 'buildings'; })[0]"
                + ".layer.getLayers().length").asInt();
        assertThat(drawn).isEqualTo(buildingCount);
        assertThat(buildingCount).isEqualTo(4_267);
    }

    @Test
    void screenshotIsNotBlank() throws Exception {
        openViewer("zh");

        JsonNode box = browser.evaluate("(function () {"
                + " var map = document.getElementById('map').getBoundingClientRect();"
                + " var panel = document.getElementById('panel').getBoundingClientRect();"
                + " return {ratio: window.devicePixelRatio, left: map.left, top: map.top, right: map.right,"
                + " bottom: map.bottom, panelLeft: panel.left, panelTop: panel.top, panelRight: panel.right,"
                + " panelBottom: panel.bottom}; })()");
        byte[] png = browser.screenshot();
        Files.write(dir.resolve("viewer.png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(image).isNotNull();
        double ratio = box.path("ratio").asDouble(1);
        assertThat(image.getWidth()).isEqualTo((int) Math.round(WIDTH * ratio));
        MapPixels pixels = MapPixels.count(image, box, ratio);
        assertThat(pixels.total).as("map pixels outside the side panel").isGreaterThan(100_000);
        assertThat(pixels.distinctColours).as("distinct colours on the map").isGreaterThan(20);
        assertThat(pixels.drawnShare()).as("share of map pixels that differ from the background %s",
                Integer.toHexString(pixels.background)).isGreaterThan(0.02);
    }

    @Test
    void clickOnBuildingOpensPopup() throws Exception {
        openViewer("zh");
        JsonNode target = browser.evaluate(FIND_CLICKABLE_BUILDING);
        assertThat(target.isObject()).as("a building whose centre is not covered by another layer: %s", target)
                .isTrue();
        String id = target.path("id").asText();

        browser.click(target.path("x").asDouble(), target.path("y").asDouble());
        browser.waitFor("document.querySelector('.leaflet-popup-content')",
                "document.body.innerText.slice(0, 500)", Duration.ofSeconds(10));

        String popup = browser.evaluate("document.querySelector('.leaflet-popup-content').innerText").asText();
        JsonNode feature = json.readTree(Http.get(server.url() + "collections/buildings/items/" + id).body());
        assertThat(popup).contains("建筑 #" + id);
        assertThat(popup).contains("osm_id");
        assertThat(popup).contains(feature.path("properties").path("osm_id").asText());
        JsonNode name = feature.path("properties").path("name");
        if (name.isTextual()) {
            assertThat(popup).contains(name.asText());
        }
    }

    @Test
    void languageSwitchRelabelsLayers() throws Exception {
        openViewer("zh");
        JsonNode button = browser.evaluate("(function () {"
                + " var r = document.querySelector('#language button[data-lang=en]').getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");

        browser.click(button.path("x").asDouble(), button.path("y").asDouble());
        browser.waitFor("document.documentElement.lang === 'en'", STATE, Duration.ofSeconds(10));

        String layers = browser.evaluate("document.getElementById('vector-layers').innerText").asText();
        assertThat(layers).containsPattern("Buildings\\s+" + grouped(buildingCount) + " features");
        assertThat(layers).contains("Roads", "Waterways", "Land use");
        assertThat(layers).doesNotContain("建筑");
    }

    /** Loads the viewer in the given language and waits until every vector layer is read. */
    private void openViewer(String lang) throws Exception {
        // Going through a blank page forces a full load: a navigation that only changes the hash does not.
        browser.navigate("about:blank");
        browser.waitFor("location.href === 'about:blank'", "location.href", LOAD_TIMEOUT);
        browser.navigate(server.url() + "viewer/#lang=" + lang);
        browser.waitFor("location.pathname === '/viewer/'", "location.href", LOAD_TIMEOUT);
        browser.waitFor("document.readyState === 'complete'", STATE, LOAD_TIMEOUT);
        browser.waitFor(LOADED, STATE, LOAD_TIMEOUT);
        browser.waitFor("document.getElementById('vector-layers').innerText.indexOf('" + (lang.equals("en")
                ? "Buildings" : "建筑") + "') >= 0", STATE, LOAD_TIMEOUT);
    }

    /** Matches a count written with or without a thousands separator. */
    private static String grouped(int count) {
        String digits = Integer.toString(count);
        return digits.length() > 3
                ? digits.substring(0, digits.length() - 3) + ",?" + digits.substring(digits.length() - 3)
                : digits;
    }

    /**
     * Zooms to buildings one after another (without animation) until one's centre point is its own SVG path,
     * so no road, label or panel is in the way, and returns {id, x, y} in viewport pixels, or null.
     */
    private static final String FIND_CLICKABLE_BUILDING = "(function () {"
            + " var map = cgisViewer.map;"
            + " var entry = cgisViewer.vectors().filter(function (e) { return e.id === 'buildings'; })[0];"
            + " if (!map.hasLayer(entry.layer)) { entry.layer.addTo(map); }"
            + " var layers = entry.layer.getLayers();"
            + " var rect = map.getContainer().getBoundingClientRect();"
            + " for (var i = 0; i < Math.min(layers.length, 200); i++) {"
            + "  var layer = layers[i];"
            + "  var center = layer.getBounds().getCenter();"
            + "  map.setView(center, 19, {animate: false});"
            + "  var point = map.latLngToContainerPoint(center);"
            + "  var x = rect.left + point.x, y = rect.top + point.y;"
            + "  var hit = document.elementFromPoint(x, y);"
            + "  if (hit && layer._path && hit === layer._path) {"
            + "   return {id: String(layer.feature.id), x: x, y: y};"
            + "  }"
            + " }"
            + " return null; })()";

    /** Counts the map's pixels outside the side panel, their distinct colours and the background colour. */
    private static final class MapPixels {
        int total;
        int distinctColours;
        int background;
        int drawn;

        double drawnShare() {
            return total == 0 ? 0 : (double) drawn / total;
        }

        static MapPixels count(BufferedImage image, JsonNode box, double ratio) {
            int left = (int) Math.ceil(box.path("left").asDouble() * ratio);
            int top = (int) Math.ceil(box.path("top").asDouble() * ratio);
            int right = Math.min(image.getWidth(), (int) Math.floor(box.path("right").asDouble() * ratio));
            int bottom = Math.min(image.getHeight(), (int) Math.floor(box.path("bottom").asDouble() * ratio));
            double panelLeft = box.path("panelLeft").asDouble() * ratio;
            double panelRight = box.path("panelRight").asDouble() * ratio;
            double panelTop = box.path("panelTop").asDouble() * ratio;
            double panelBottom = box.path("panelBottom").asDouble() * ratio;

            MapPixels pixels = new MapPixels();
            Map<Integer, Integer> histogram = new HashMap<>();
            for (int y = top; y < bottom; y++) {
                for (int x = left; x < right; x++) {
                    boolean underPanel = x >= panelLeft && x < panelRight && y >= panelTop && y < panelBottom;
                    if (!underPanel) {
                        histogram.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
                        pixels.total++;
                    }
                }
            }
            Set<Integer> colours = new HashSet<>(histogram.keySet());
            pixels.distinctColours = colours.size();
            pixels.background = histogram.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(0);
            pixels.drawn = pixels.total - histogram.getOrDefault(pixels.background, 0);
            return pixels;
        }
    }
}
