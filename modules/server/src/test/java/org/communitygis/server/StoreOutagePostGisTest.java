package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.communitygis.store.postgis.PooledPostGisStore;
import org.communitygis.store.postgis.PostGisCluster;
import org.communitygis.store.postgis.PostGisUrl;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The map server on a pooled PostGIS store while the database server stops and starts again. Requests
 * that need the database get a JSON 503 during the outage, and the store logs the outage once. The next
 * request after the restart succeeds without a restart of the map server. Tiles and raster PNGs are read
 * from the database on their first request, so each request below is for one not requested before.
 */
class StoreOutagePostGisTest {

    @Test
    void serverSurvivesDatabaseRestart() throws Exception {
        PostGisCluster cluster = PostGisCluster.assumeAvailable();
        PostGisUrl url = PostGisFixture.copy(TestProject.create());
        Logger storeLog = (Logger) LoggerFactory.getLogger(PooledPostGisStore.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        storeLog.addAppender(events);
        try (PooledPostGisStore store = PooledPostGisStore.open(url, 2)) {
            MapServer server = new MapServer(store, "示例村").start("127.0.0.1", 0);
            try {
                ApiClient api = new ApiClient(server);
                assertThat(tile(api, 12).statusCode()).isEqualTo(200);

                cluster.stopServer();
                try {
                    for (int z = 13; z <= 14; z++) {
                        HttpResponse<byte[]> down = tile(api, z);
                        assertThat(down.statusCode()).as("tile at zoom %d while down", z).isEqualTo(503);
                        assertUnavailableBody(down);
                    }
                    HttpResponse<byte[]> raster = api.get("/rasters/dem.png", "Accept-Language", "en");
                    assertThat(raster.statusCode()).isEqualTo(503);
                    assertUnavailableBody(raster);
                } finally {
                    cluster.startServer();
                }

                assertThat(tile(api, 16).statusCode()).isEqualTo(200);
                assertThat(api.get("/rasters/dem.png").statusCode()).isEqualTo(200);
            } finally {
                server.stop();
            }
        } finally {
            storeLog.detachAppender(events);
        }

        List<ILoggingEvent> warnings = events.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).as("warnings of the outage").hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("not reachable").doesNotContain("password");
        assertThat(events.list).filteredOn(e -> e.getFormattedMessage().contains("reachable again")).hasSize(1);
    }

    /** Requests the facilities tile at zoom {@code z} that contains the fixture's known facility. */
    private static HttpResponse<byte[]> tile(ApiClient api, int z) throws Exception {
        double[] position = VectorTilesTest.tilePosition(104.07, 30.67, z);
        return api.get("/collections/facilities/tiles/WebMercatorQuad/" + z + "/" + (int) position[1] + "/"
                + (int) position[0], "Accept-Language", "en");
    }

    private static void assertUnavailableBody(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode body = ApiClient.MAPPER.readTree(response.body());
        assertThat(body.path("code").asText()).isEqualTo("ServiceUnavailable");
        assertThat(body.path("description").asText()).contains("database is not reachable");
    }
}
