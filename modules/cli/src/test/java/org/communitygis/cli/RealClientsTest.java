package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.communitygis.server.MapServer;
import org.communitygis.store.GeoPackageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the served north-Bayreuth project with two independent OGC API - Features clients: GDAL's OAPIF
 * driver through {@code ogrinfo} (Debian {@code gdal-bin}) and Python OWSLib (Debian {@code python3-owslib}).
 * Each test skips with one line naming the package when its client is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealClientsTest {
    private static final String INSTALL_HINT = "apt-get install gdal-bin python3-owslib";
    private static final Path OGRINFO = Path.of("/usr/bin/ogrinfo");
    private static final long TIMEOUT_SECONDS = 120;

    /** The church "Dreifaltigkeitskirche", OSM way 30707052, a building in the extract. */
    private static final long CHURCH_OSM_ID = 30_707_052L;

    @TempDir
    static Path dir;

    private GeoPackageStore store;
    private MapServer server;
    private int buildingCount;

    @BeforeAll
    void startServer() {
        store = GeoPackageStore.openReadOnly(BayreuthProject.get());
        buildingCount = store.readFeatures("buildings").size();
        server = new MapServer(store, "bayreuth");
        server.start("127.0.0.1", 0);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void ogrinfoListsLayers() throws Exception {
        assumeInstalled(Files.isExecutable(OGRINFO), "ogrinfo");
        Result run = run(List.of(OGRINFO.toString(), "-ro", "-so", "OAPIF:" + server.url()));

        assertThat(run.exitCode).as(run.toString()).isZero();
        for (String layer : List.of("buildings", "roads", "waterways", "landuse")) {
            assertThat(run.out).as(run.toString()).containsPattern("(?m)^\\d+: " + layer + "( \\(.*\\))?$");
        }
    }

    @Test
    void ogrinfoReadsBuildingSummary() throws Exception {
        assumeInstalled(Files.isExecutable(OGRINFO), "ogrinfo");
        Result run = run(List.of(OGRINFO.toString(), "-ro", "-so", "OAPIF:" + server.url(), "buildings"));

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).as(run.toString()).contains("Feature Count: " + buildingCount);
        assertThat(run.out).as(run.toString()).containsPattern("(?m)^osm_id: Integer");
        assertThat(run.out).as(run.toString()).containsPattern("(?m)^name: String");
        // The types come from the collection's JSON Schema (/schema): the first page has only nulls here.
        assertThat(run.out).as(run.toString()).containsPattern("(?m)^households: Integer");
        assertThat(run.out).as(run.toString()).containsPattern("(?m)^residents: Integer");
        assertThat(run.out).as(run.toString()).containsPattern("Extent: \\(11\\.\\d+, 49\\.\\d+\\) - \\(11\\.\\d+, 50\\.\\d+\\)");
    }

    @Test
    void ogrinfoFiltersByAttribute() throws Exception {
        assumeInstalled(Files.isExecutable(OGRINFO), "ogrinfo");
        Result run = run(List.of(OGRINFO.toString(), "--debug", "on", "-ro", "OAPIF:" + server.url(), "buildings",
                "-where", "osm_id = " + CHURCH_OSM_ID));

        assertThat(run.exitCode).as(run.toString()).isZero();
        // The equality goes to the server as a query parameter, because /api lists osm_id for this path.
        assertThat(run.err).as(run.toString()).contains("/collections/buildings/items?limit=10&osm_id=" + CHURCH_OSM_ID);
        assertThat(run.err).as(run.toString()).doesNotContain("evaluated on client side");
        assertThat(run.out).as(run.toString()).contains("Feature Count: 1");
        assertThat(run.out).as(run.toString()).containsPattern("osm_id \\(Integer\\) = " + CHURCH_OSM_ID);
        assertThat(run.out).as(run.toString()).contains("name (String) = Dreifaltigkeitskirche");
        assertThat(run.out).as(run.toString()).containsPattern("(MULTI)?POLYGON \\(+11\\.599\\d* 49\\.977\\d*");
    }

    @Test
    void ogrinfoFiltersByBox() throws Exception {
        assumeInstalled(Files.isExecutable(OGRINFO), "ogrinfo");
        Result boxed = run(List.of(OGRINFO.toString(), "-ro", "-so", "OAPIF:" + server.url(), "buildings",
                "-spat", "11.55", "50.0", "11.56", "50.01"));

        JsonNode page = new ObjectMapper().readTree(Http.get(server.url()
                + "collections/buildings/items?bbox=11.55,50.0,11.56,50.01&limit=1").body());
        int matched = page.path("numberMatched").asInt();

        assertThat(boxed.exitCode).as(boxed.toString()).isZero();
        assertThat(matched).isBetween(1, buildingCount - 1);
        assertThat(featureCount(boxed)).as(boxed.toString()).isEqualTo(matched);
    }

    @Test
    void owslibPagesThroughBuildings() throws Exception {
        Path python = pythonWithOwslib();
        assumeInstalled(python != null, "OWSLib (python3 -c 'import owslib')");
        Path script = dir.resolve("owslib_page.py");
        try (InputStream in = getClass().getResourceAsStream("owslib_page.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Result run = run(List.of(python.toString(), script.toString(), server.url(), "buildings", "1000"));

        assertThat(run.exitCode).as(run.toString()).isZero();
        Map<String, String> facts = facts(run.out);
        assertThat(facts.get("collections")).as(run.toString()).contains("buildings", "roads", "waterways", "landuse");
        assertThat(facts.get("total")).as(run.toString()).isEqualTo(Integer.toString(buildingCount));
        assertThat(facts.get("distinct")).as(run.toString()).isEqualTo(Integer.toString(buildingCount));
        assertThat(facts.get("matched")).as(run.toString()).isEqualTo(Integer.toString(buildingCount));
        assertThat(facts.get("pages")).as(run.toString()).isEqualTo(Integer.toString((buildingCount + 999) / 1000));
        assertThat(buildingCount).isEqualTo(4_267);
    }

    private static void assumeInstalled(boolean installed, String client) {
        if (!installed) {
            System.err.println("*** RealClientsTest SKIPPED: " + client + " is not installed. Install with: "
                    + INSTALL_HINT + " ***");
        }
        Assumptions.assumeTrue(installed, client + " is not installed: " + INSTALL_HINT);
    }

    /** Returns the first of /usr/bin/python3 and python3 on the PATH that imports OWSLib, or null. */
    private static Path pythonWithOwslib() throws InterruptedException {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Result probe = run(List.of(candidate, "-c", "import owslib.ogcapi.features"));
                if (probe.exitCode == 0) {
                    return Path.of(candidate);
                }
            } catch (IOException e) {
                // Not installed under this name: try the next.
            }
        }
        return null;
    }

    private static int featureCount(Result run) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("Feature Count: (\\d+)").matcher(run.out);
        assertThat(matcher.find()).as(run.toString()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static Map<String, String> facts(String out) {
        Map<String, String> facts = new HashMap<>();
        for (String line : out.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                facts.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return facts;
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        // Loopback requests bypass any proxy that the environment sets.
        builder.environment().put("NO_PROXY", "127.0.0.1,localhost");
        builder.environment().put("no_proxy", "127.0.0.1,localhost");
        builder.environment().remove("GDAL_HTTP_PROXY");
        Process process = builder.start();
        process.getOutputStream().close();
        // Reading both streams on their own threads keeps a full pipe from blocking the client.
        StreamReader out = new StreamReader(process.getInputStream());
        StreamReader err = new StreamReader(process.getErrorStream());
        out.start();
        err.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out after " + TIMEOUT_SECONDS + " s");
        }
        out.join();
        err.join();
        return new Result(String.join(" ", command), process.exitValue(), out.text(), err.text());
    }

    private static final class StreamReader extends Thread {
        private final InputStream in;
        private byte[] bytes = new byte[0];

        StreamReader(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                bytes = ("(reading the output failed: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private record Result(String command, int exitCode, String out, String err) {
        @Override
        public String toString() {
            String shownOut = out.length() > 4000 ? out.substring(0, 4000) + "\n…" : out;
            return command + "\nexit " + exitCode + "\n--- stdout\n" + shownOut + "\n--- stderr\n" + err;
        }
    }
}
