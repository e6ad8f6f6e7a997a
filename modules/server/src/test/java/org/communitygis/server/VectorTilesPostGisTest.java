package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.postgis.PooledPostGisStore;
import org.communitygis.store.postgis.PostGisUrl;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorTilesTest} on a PostGIS schema holding the same fixture, where the tiles come from
 * {@code ST_AsMVT}. Skipped, with a message on stderr, when PostgreSQL 15 and PostGIS 3 are not installed.
 */
class VectorTilesPostGisTest extends VectorTilesTest {
    private PostGisUrl url;

    @Override
    ProjectStore openProject(MemoryStore fixture) {
        url = PostGisFixture.copy(fixture);
        return PooledPostGisStore.open(url, 2);
    }

    @Test
    void tilesComeFromTheTable() throws Exception {
        // A row added behind the server's back is in the database but not in the layers the server read at
        // start, so only a tile encoded by PostGIS can hold it.
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.properties());
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO \"" + url.schema() + "\".facilities (fid, geom, name) VALUES (77,"
                    + " ST_SetSRID(ST_MakePoint(" + TestProject.KNOWN_EASTING + ", " + TestProject.KNOWN_NORTHING
                    + "), 4544), '新增检查井')");
        }
        double[] position = tilePosition(104.07, 30.67, 17);
        HttpResponse<byte[]> response = tile("facilities", 17, (int) position[1], (int) position[0]);

        assertThat(response.statusCode()).isEqualTo(200);
        List<MvtDecoder.Feature> features = MvtDecoder.decode(response.body()).get(0).features();
        assertThat(features).anySatisfy(feature -> {
            assertThat(feature.id()).isEqualTo(77);
            assertThat(feature.properties()).containsEntry("name", "新增检查井");
        });
        assertThat(features).anySatisfy(feature -> assertThat(feature.id()).isEqualTo(1));
    }

    @Test
    void tileCacheOffReadsEveryRequest() throws Exception {
        PostGisUrl ownUrl = PostGisFixture.copy(TestProject.create());
        try (PooledPostGisStore store = PooledPostGisStore.open(ownUrl, 2)) {
            MapServer uncached = new MapServer(store, "示例村", MapServerOptions.defaults().withTileCacheTiles(0))
                    .start("127.0.0.1", 0);
            try {
                ApiClient client = new ApiClient(uncached);
                double[] position = tilePosition(104.07, 30.67, 17);
                String path = "/collections/facilities/tiles/WebMercatorQuad/17/" + (int) position[1] + "/"
                        + (int) position[0];
                List<MvtDecoder.Feature> before = MvtDecoder.decode(client.get(path).body()).get(0).features();
                assertThat(before).noneSatisfy(feature -> assertThat(feature.id()).isEqualTo(78));

                try (Connection connection = DriverManager.getConnection(ownUrl.jdbcUrl(), ownUrl.properties());
                        Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO \"" + ownUrl.schema() + "\".facilities (fid, geom, name) VALUES (78,"
                            + " ST_SetSRID(ST_MakePoint(" + TestProject.KNOWN_EASTING + ", "
                            + TestProject.KNOWN_NORTHING + "), 4544), '新增泵站')");
                }
                List<MvtDecoder.Feature> after = MvtDecoder.decode(client.get(path).body()).get(0).features();
                assertThat(after).anySatisfy(feature -> assertThat(feature.id()).isEqualTo(78));
            } finally {
                uncached.stop();
            }
        }
    }
}
