package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.communitygis.store.postgis.PooledPostGisStore;
import org.communitygis.store.postgis.PostGisUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Items served from a PostGIS store per request (held-feature limit 0): the same pages as from the
 * fixture held in memory, and rows changed behind the server's back show up in the next response.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ItemsFromDatabasePostGisTest {
    private PostGisUrl url;
    private PooledPostGisStore store;
    private MapServer database;
    private MapServer memory;
    private ApiClient fromDatabase;
    private ApiClient fromMemory;

    @BeforeAll
    void start() {
        url = PostGisFixture.copy(TestProject.create());
        store = PooledPostGisStore.open(url, 2);
        // A limit of 0 features keeps no layer in memory, so every layer is queried per request.
        database = new MapServer(store, "示例村", MapServerOptions.defaults().withMaxHeldFeatures(0))
                .start("127.0.0.1", 0);
        memory = new MapServer(TestProject.create(), "示例村").start("127.0.0.1", 0);
        fromDatabase = new ApiClient(database);
        fromMemory = new ApiClient(memory);
    }

    @AfterAll
    void stop() {
        if (database != null) {
            database.stop();
            memory.stop();
            store.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/collections/survey_points/items?limit=1000",
        "/collections/survey_points/items?bbox=104.0625,30.6625,104.0705,30.6705&limit=1000",
        "/collections/survey_points/items?bbox=104.0625,30.6625,104.0705,30.6705&limit=7&offset=21",
        "/collections/survey_points/items?bbox=104.0625,30.6625,104.0705,30.6705&filter=row%20%3E%204",
        "/collections/survey_points/items?bbox=30.6625,104.0625,30.6705,104.0705"
                + "&bbox-crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F4326&limit=1000",
        "/collections/survey_points/items?bbox=-180,-90,180,90&limit=1000",
        "/collections/survey_points/items?bbox=170,-10,-170,10",
        "/collections/survey_points/items?filter=col%20%3D%203&crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F4544",
        "/collections/zones/items?bbox=104.06,30.66,104.07,30.67",
        "/collections/roads/items?bbox=104.0,30.0,105.0,31.0&properties=name",
    })
    void pagesMatchHeldLayer(String path) throws Exception {
        JsonNode expected = fromMemory.json(path);
        JsonNode actual = fromDatabase.json(path);
        assertThat(actual.path("numberMatched")).isEqualTo(expected.path("numberMatched"));
        assertThat(actual.path("numberReturned")).isEqualTo(expected.path("numberReturned"));
        assertThat(ids(actual)).isEqualTo(ids(expected));
        for (int i = 0; i < expected.path("features").size(); i++) {
            assertThat(actual.path("features").get(i).path("properties"))
                    .isEqualTo(expected.path("features").get(i).path("properties"));
            assertThat(actual.path("features").get(i).path("geometry"))
                    .isEqualTo(expected.path("features").get(i).path("geometry"));
        }
    }

    @Test
    void rowsChangedBehindServerShow() throws Exception {
        String near = "/collections/facilities/items?bbox=104.0699,30.6699,104.0701,30.6701";
        int before = fromDatabase.json(near).path("numberMatched").asInt();
        execute("INSERT INTO \"" + url.schema() + "\".facilities (fid, geom, name) VALUES (79, ST_SetSRID("
                + "ST_MakePoint(" + TestProject.KNOWN_EASTING + ", " + TestProject.KNOWN_NORTHING + "), 4544), '新增闸门')");

        JsonNode after = fromDatabase.json(near);
        assertThat(after.path("numberMatched").asInt()).isEqualTo(before + 1);
        assertThat(ids(after)).contains(79L);
        JsonNode feature = fromDatabase.json("/collections/facilities/items/79");
        assertThat(feature.path("properties").path("name").asText()).isEqualTo("新增闸门");

        execute("DELETE FROM \"" + url.schema() + "\".facilities WHERE fid = 79");
        assertThat(fromDatabase.get("/collections/facilities/items/79").statusCode()).isEqualTo(404);
        assertThat(fromDatabase.json(near).path("numberMatched").asInt()).isEqualTo(before);
    }

    @Test
    void unknownFeatureIs404() throws Exception {
        assertThat(fromDatabase.get("/collections/facilities/items/999999").statusCode()).isEqualTo(404);
        assertThat(fromDatabase.get("/collections/facilities/items/abc").statusCode()).isEqualTo(404);
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.properties());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("features").forEach(feature -> ids.add(feature.path("id").asLong()));
        return ids;
    }

    @Test
    void defaultLimitHoldsSmallLayers() throws Exception {
        PostGisUrl ownUrl = PostGisFixture.copy(TestProject.create());
        try (PooledPostGisStore own = PooledPostGisStore.open(ownUrl, 1)) {
            FeatureService inMemory = new FeatureService(own, "示例村");
            FeatureService queried = new FeatureService(own, "示例村", 0);
            RequestContext context = new RequestContext("http://127.0.0.1", java.util.Locale.ENGLISH);
            QueryParameters all = QueryParameters.parse("limit=1000");
            int points = TestProject.POINTS_PER_SIDE * TestProject.POINTS_PER_SIDE;
            assertThat(inMemory.items(context, "survey_points", all).path("numberMatched").asInt()).isEqualTo(points);

            try (Connection connection = DriverManager.getConnection(ownUrl.jdbcUrl(), ownUrl.properties());
                    Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO \"" + ownUrl.schema() + "\".survey_points (fid, geom, name) VALUES"
                        + " (9001, ST_SetSRID(ST_MakePoint(" + TestProject.KNOWN_EASTING + ", "
                        + TestProject.KNOWN_NORTHING + "), 4544), '补测点')");
            }
            assertThat(inMemory.items(context, "survey_points", all).path("numberMatched").asInt()).isEqualTo(points);
            assertThat(queried.items(context, "survey_points", all).path("numberMatched").asInt())
                    .isEqualTo(points + 1);
        }
    }
}
