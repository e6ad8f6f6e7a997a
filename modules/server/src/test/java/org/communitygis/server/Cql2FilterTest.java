package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.i18n.UserLocale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CQL2 text filters (OGC API – Features – Part 3) on the survey grid: 20 × 20 points with {@code row} and
 * {@code col} 0…19 at CRS84 (104.060 + 0.001·col, 30.660 + 0.001·row), named {@code 测点row-col}.
 */
class Cql2FilterTest {
    private static final Map<String, FieldType> QUERYABLES = new LinkedHashMap<>();
    private static MapServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        QUERYABLES.put("name", FieldType.STRING);
        QUERYABLES.put("row", FieldType.INTEGER);
        QUERYABLES.put("served", FieldType.BOOLEAN);
        server = new MapServer(TestProject.create(), "示例村").start("127.0.0.1", 0);
        api = new ApiClient(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static int matched(String collection, String filter) throws Exception {
        return api.json("/collections/" + collection + "/items?filter=" + ApiClient.encode(filter))
                .path("numberMatched").asInt();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "row = 3|20", "row <> 3|380", "row < 2|40", "row <= 2|60", "row > 17|40", "row >= 17|60",
        "row = 3 AND col = 4|1", "row = 3 OR col = 4|39", "NOT row = 3|380", "NOT (row = 3 OR row = 4)|360",
        "row BETWEEN 2 AND 4|60", "row NOT BETWEEN 2 AND 19|40", "col IN (1, 3, 5)|60", "col NOT IN (0)|380",
        "name = '测点3-4'|1", "name LIKE '测点1_-1'|10", "name LIKE '测点%-0'|20", "name NOT LIKE '%-%'|0",
        "name IS NULL|0", "name IS NOT NULL|400", "TRUE|400", "FALSE|0", "\"row\" = -0|20",
        "row = 1.0e0|20", "ROW = 3 and Col = 4|-1"})
    void basicCql2Counts(String filter, int expected) throws Exception {
        if (expected < 0) {
            JsonNode error = api.error("/collections/survey_points/items?filter=" + ApiClient.encode(filter), 400);
            assertThat(error.path("description").asText()).contains("ROW");
            return;
        }
        assertThat(matched("survey_points", filter)).as(filter).isEqualTo(expected);
    }

    @Test
    void nullComparisonIsUnknown() throws Exception {
        int withNetwork = matched("coverage_buildings", "network = '一组'");
        int withoutNetwork = matched("coverage_buildings", "network IS NULL");
        int notEqual = matched("coverage_buildings", "network <> '一组'");
        int notOfEqual = matched("coverage_buildings", "NOT network = '一组'");
        assertThat(withNetwork + withoutNetwork).isEqualTo(TestProject.BUILDINGS);
        assertThat(notEqual).isZero();
        assertThat(notOfEqual).isZero();
    }

    @Test
    void booleansCompare() throws Exception {
        int served = matched("coverage_buildings", "served = TRUE");
        int unserved = matched("coverage_buildings", "served = false");
        assertThat(served).isPositive();
        assertThat(served + unserved).isEqualTo(TestProject.BUILDINGS);
    }

    @Test
    void spatialIntersectsBbox() throws Exception {
        assertThat(matched("survey_points", "S_INTERSECTS(geometry, BBOX(104.0595, 30.6595, 104.0625, 30.6615))"))
                .isEqualTo(6);
    }

    @Test
    void spatialWithinPolygon() throws Exception {
        String polygon = "POLYGON((104.0595 30.6595, 104.0645 30.6595, 104.0645 30.6605, 104.0595 30.6605,"
                + " 104.0595 30.6595))";
        assertThat(matched("survey_points", "s_within(geometry, " + polygon + ")")).isEqualTo(5);
        assertThat(matched("survey_points", "S_CONTAINS(" + polygon + ", geometry)")).isEqualTo(5);
        assertThat(matched("survey_points", "S_DISJOINT(geometry, " + polygon + ")")).isEqualTo(395);
    }

    @Test
    void spatialContainsPoint() throws Exception {
        assertThat(matched("zones", "S_CONTAINS(geometry, POINT(104.072 30.67))")).isEqualTo(1);
        assertThat(matched("zones", "S_INTERSECTS(geometry, POINT(104.072 30.67)) AND code = 'G2'")).isEqualTo(1);
    }

    @Test
    void filterCrsUsesAuthoritativeAxisOrder() throws Exception {
        String wgs84 = ApiClient.encode("http://www.opengis.net/def/crs/EPSG/0/4326");
        JsonNode page = api.json("/collections/survey_points/items?filter-crs=" + wgs84 + "&filter="
                + ApiClient.encode("S_INTERSECTS(geometry, BBOX(30.6595, 104.0595, 30.6615, 104.0625))"));
        assertThat(page.path("numberMatched").asInt()).isEqualTo(6);

        double n = TestProject.KNOWN_NORTHING;
        double e = TestProject.KNOWN_EASTING;
        String gaussKruger = ApiClient.encode("http://www.opengis.net/def/crs/EPSG/0/4544");
        JsonNode near = api.json("/collections/facilities/items?filter-crs=" + gaussKruger + "&filter="
                + ApiClient.encode("S_INTERSECTS(geometry, POLYGON((" + (n - 5) + " " + (e - 5) + ", " + (n + 5) + " "
                        + (e - 5) + ", " + (n + 5) + " " + (e + 5) + ", " + (n - 5) + " " + (e + 5) + ", " + (n - 5) + " "
                        + (e - 5) + ")))"));
        assertThat(near.path("numberMatched").asInt()).isEqualTo(1);
    }

    @Test
    void filterLangCql2TextAccepted() throws Exception {
        JsonNode page = api.json("/collections/survey_points/items?filter-lang=cql2-text&filter="
                + ApiClient.encode("row = 0"));
        assertThat(page.path("numberMatched").asInt()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "row =|6", "row = 3 AND|12", "depth = 3|1", "row = 'three'|7", "name LIKE 3|11",
        "row = 3)|8", "(row = 3|9", "S_INTERSECTS(geometry, POLYGON((1 2, 3)))|24",
        "S_TOUCH(geometry, POINT(1 2))|1", "row ! 3|5", "name = 'open|8", "S_INTERSECTS(row, POINT(1 2))|14",
        "geometry = 3|1", "S_INTERSECTS(geometry, BBOX(1,2,3))|24"})
    void errorsNamePosition(String filter, int position) throws Exception {
        JsonNode error = api.error("/collections/survey_points/items?filter=" + ApiClient.encode(filter)
                + "&limit=1", 400);
        String description = error.path("description").asText();
        assertThat(description).contains("filter").contains(" " + position);
    }

    @Test
    void deepNestingRejected() {
        String deep = "(".repeat(5000) + "row = 1" + ")".repeat(5000);
        assertThatThrownBy(() -> Cql2Parser.parse(deep, QUERYABLES, ServedCrs.CRS84))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).message().key()).isEqualTo("filter.depth"));
        String nots = "NOT ".repeat(5000) + "row = 1";
        assertThatThrownBy(() -> Cql2Parser.parse(nots, QUERYABLES, ServedCrs.CRS84))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void longFilterRejected() {
        String tooLong = "row = 1" + " OR row = 1".repeat(Cql2Parser.MAX_LENGTH / 10);
        assertThatThrownBy(() -> Cql2Parser.parse(tooLong, QUERYABLES, ServedCrs.CRS84))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).message().key()).isEqualTo("filter.length"));
    }

    @Test
    void likeMatchesWithoutBacktrackingBlowUp() {
        String text = "a".repeat(5000);
        String pattern = "%a%a%a%a%a%a%a%a%a%a%b";
        assertThat(Cql2Filter.Like.matches(text, pattern)).isFalse();
        assertThat(Cql2Filter.Like.matches("50%", "50\\%")).isTrue();
        assertThat(Cql2Filter.Like.matches("500", "50\\%")).isFalse();
        assertThat(Cql2Filter.Like.matches("a_c", "a\\_c")).isTrue();
        assertThat(Cql2Filter.Like.matches("abc", "a\\_c")).isFalse();
        assertThat(Cql2Filter.Like.matches("", "%")).isTrue();
    }

    @Test
    void queryablesSchemaListsFields() throws Exception {
        var response = api.get("/collections/coverage_buildings/queryables");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/schema+json");
        JsonNode schema = ApiClient.MAPPER.readTree(response.body());
        assertThat(schema.path("$schema").asText()).contains("json-schema.org");
        assertThat(schema.path("$id").asText()).isEqualTo(api.base() + "/collections/coverage_buildings/queryables");
        JsonNode properties = schema.path("properties");
        assertThat(properties.path("served").path("type").asText()).isEqualTo("boolean");
        assertThat(properties.path("households").path("type").asText()).isEqualTo("integer");
        assertThat(properties.path("pipe_distance_m").path("type").asText()).isEqualTo("number");
        assertThat(properties.path("zone").path("type").asText()).isEqualTo("string");
        assertThat(properties.path("geometry").path("format").asText()).isEqualTo("geometry-multipolygon");
        List<String> links = new ArrayList<>();
        api.json("/collections/coverage_buildings").path("links").forEach(link -> links.add(link.path("href").asText()));
        assertThat(links).contains(api.base() + "/collections/coverage_buildings/queryables");
    }

    @Test
    void messagesInEnglishAndChinese() {
        ApiException error = (ApiException) org.assertj.core.api.Assertions.catchThrowable(
                () -> Cql2Parser.parse("row = ", QUERYABLES, ServedCrs.CRS84));
        String english = error.message().bundle().format(UserLocale.ENGLISH, error.message().key(),
                error.message().args());
        String chinese = error.message().bundle().format(UserLocale.CHINESE, error.message().key(),
                error.message().args());
        assertThat(english).contains("character 7");
        assertThat(chinese).contains("第 7 个字符");
    }

    @Test
    void queryablesAsHtml() throws Exception {
        var response = api.get("/collections/coverage_buildings/queryables?f=html");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("<td>served</td><td>boolean</td>").contains("geometry-multipolygon");
        assertThat(api.get("/collections/coverage_buildings/queryables?f=json").statusCode()).isEqualTo(200);
    }
}
