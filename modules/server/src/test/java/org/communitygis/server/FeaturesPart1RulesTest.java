package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OGC API – Features – Part 1 rules checked one by one against a server on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeaturesPart1RulesTest {
    private MapServer server;
    private ApiClient api;
    private ProjectStore store;

    /** Returns the store the server reads, holding the layers of {@code fixture}; a subclass serves PostGIS. */
    ProjectStore openProject(MemoryStore fixture) {
        return fixture;
    }

    @BeforeAll
    void start() {
        MemoryStore fixture = TestProject.create();
        fixture.writeFeatures(new FeatureLayer("pipes", GeometryKind.LINESTRING, TestProject.CRS,
                List.of(new Field("name", FieldType.STRING))));
        store = openProject(fixture);
        server = new MapServer(store, "示例村").start("127.0.0.1", 0);
        api = new ApiClient(server);
    }

    @AfterAll
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void limitDefaultsToTen() throws Exception {
        JsonNode page = api.json("/collections/survey_points/items");
        assertThat(page.path("numberReturned").asInt()).isEqualTo(10);
        assertThat(page.path("numberMatched").asInt()).isEqualTo(400);
    }

    @Test
    void limitAboveMaximumIsClamped() throws Exception {
        JsonNode page = api.json("/collections/survey_points/items?limit=999999999999999999999");
        assertThat(page.path("numberReturned").asInt()).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource({"limit=0,limit", "limit=-3,limit", "limit=ten,limit", "offset=-1,offset", "bbox=1;2;3,bbox",
        "bbox=a;b;c;d,bbox", "f=xml,f", "limt=5,limt", "crs=EPSG:4326,crs", "bbox-crs=urn:x,bbox-crs",
        "filter-lang=cql2-json,filter-lang", "properties=nope,properties", "filter=row%20%3E,filter"})
    void invalidParameterNamed(String query, String parameter) throws Exception {
        JsonNode error = api.error("/collections/survey_points/items?" + query.replace(';', ','), 400);
        assertThat(error.path("code").asText()).isEqualTo(ApiException.INVALID_PARAMETER);
        assertThat(error.path("description").asText()).contains(parameter);
    }

    @Test
    void sixNumberBboxIgnoresHeights() throws Exception {
        JsonNode four = api.json("/collections/survey_points/items?bbox=104.0595,30.6595,104.0625,30.6615&limit=100");
        JsonNode six = api.json(
                "/collections/survey_points/items?bbox=104.0595,30.6595,-10,104.0625,30.6615,500&limit=100");
        assertThat(four.path("numberMatched").asInt()).isEqualTo(3 * 2);
        assertThat(six.path("numberMatched").asInt()).isEqualTo(four.path("numberMatched").asInt());
    }

    @Test
    void antimeridianBboxWrapsAround() throws Exception {
        JsonNode wrapped = api.json("/collections/survey_points/items?bbox=100,-90,-170,90");
        assertThat(wrapped.path("numberMatched").asInt()).isEqualTo(400);
        JsonNode beyond = api.json("/collections/survey_points/items?bbox=170,-90,-170,90");
        assertThat(beyond.path("numberMatched").asInt()).isZero();
    }

    @Test
    void numberMatchedIsExactWithFilter() throws Exception {
        JsonNode page = api.json("/collections/survey_points/items?filter=" + ApiClient.encode("row < 3 AND col >= 15"));
        assertThat(page.path("numberMatched").asInt()).isEqualTo(3 * 5);
        assertThat(page.path("numberReturned").asInt()).isEqualTo(10);
    }

    @Test
    void linksKeepEveryParameter() throws Exception {
        String query = "?f=json&bbox=104.0595,30.6595,104.0705,30.6705&limit=7&properties=row&offset=7";
        JsonNode page = api.json("/collections/survey_points/items" + query);
        for (String rel : List.of("self", "next", "prev")) {
            String href = ApiClient.link(page, rel);
            assertThat(href).as(rel).contains("f=json").contains("bbox=104.0595,30.6595,104.0705,30.6705")
                    .contains("limit=7").contains("properties=row");
        }
        assertThat(ApiClient.link(page, "next")).contains("offset=14");
        assertThat(ApiClient.link(page, "prev")).contains("offset=0");
        assertThat(ApiClient.link(page, "alternate")).contains("f=html").contains("limit=7");
    }

    @Test
    void nextLinksPageThroughFilteredResult() throws Exception {
        String next = api.base() + "/collections/survey_points/items?limit=4&filter=" + ApiClient.encode("row = 2");
        List<Long> ids = new ArrayList<>();
        while (next != null) {
            JsonNode page = api.json(next.substring(api.base().length()));
            page.path("features").forEach(feature -> ids.add(feature.path("id").asLong()));
            next = ApiClient.link(page, "next");
        }
        assertThat(ids).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void propertyEqualityFiltersItems() throws Exception {
        assertThat(api.json("/collections/survey_points/items?row=3").path("numberMatched").asInt()).isEqualTo(20);
        assertThat(api.json("/collections/survey_points/items?row=3.0&col=4").path("numberMatched").asInt())
                .isEqualTo(1);
        JsonNode named = api.json("/collections/survey_points/items?name=" + ApiClient.encode("测点3-4"));
        assertThat(named.path("numberMatched").asInt()).isEqualTo(1);
        assertThat(named.path("features").path(0).path("properties").path("col").asInt()).isEqualTo(4);
        assertThat(api.json("/collections/survey_points/items?name=" + ApiClient.encode("测点3"))
                .path("numberMatched").asInt()).isZero();
    }

    @Test
    void propertyEqualityCombinesWithBboxAndFilter() throws Exception {
        String filter = ApiClient.encode("col < 5");
        JsonNode page = api.json("/collections/survey_points/items?row=2&filter=" + filter + "&limit=2");
        assertThat(page.path("numberMatched").asInt()).isEqualTo(5);
        assertThat(ApiClient.link(page, "next")).contains("row=2").contains("filter=").contains("offset=2");
        assertThat(ApiClient.link(page, "self")).contains("row=2");

        String box = "bbox=104.0595,30.6595,104.0625,30.6615&limit=100";
        int boxed = api.json("/collections/survey_points/items?" + box).path("numberMatched").asInt();
        JsonNode rows = api.json("/collections/survey_points/items?" + box + "&row=0");
        assertThat(rows.path("numberMatched").asInt()).isBetween(1, boxed - 1);
        rows.path("features").forEach(feature ->
                assertThat(feature.path("properties").path("row").asInt()).isZero());
    }

    @ParameterizedTest
    @CsvSource({"row=three,row", "col=,col", "row=NaN,row"})
    void invalidPropertyValueNamed(String query, String parameter) throws Exception {
        JsonNode error = api.error("/collections/survey_points/items?" + query, 400);
        assertThat(error.path("code").asText()).isEqualTo(ApiException.INVALID_PARAMETER);
        assertThat(error.path("description").asText()).contains(parameter);
    }

    @Test
    void propertyOfOtherCollectionRejected() throws Exception {
        JsonNode error = api.error("/collections/survey_points/items?kind=pump", 400);
        assertThat(error.path("description").asText()).contains("kind");
    }

    @Test
    void schemaTypesEveryProperty() throws Exception {
        JsonNode collection = api.json("/collections/facilities");
        String href = api.base() + "/collections/facilities/schema";
        assertThat(ApiClient.link(collection, "describedby")).isEqualTo(href);
        assertThat(ApiClient.link(collection, "http://www.opengis.net/def/rel/ogc/1.0/schema")).isEqualTo(href);

        HttpResponse<byte[]> response = api.get("/collections/facilities/schema");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/schema+json");
        JsonNode schema = ApiClient.MAPPER.readTree(response.body());
        JsonNode properties = schema.path("properties").path("properties").path("properties");
        assertThat(properties.path("name").path("type").asText()).isEqualTo("string");
        assertThat(properties.path("capacity_households").path("type").asText()).isEqualTo("integer");
        assertThat(properties.path("power_kw").path("type").asText()).isEqualTo("number");
        assertThat(properties.size()).isEqualTo(6);
        JsonNode geometry = schema.path("properties").path("geometry");
        assertThat(geometry.path("format").asText()).isEqualTo("geometry-point");
        assertThat(geometry.path("x-ogc-role").asText()).isEqualTo("primary-geometry");
        assertThat(api.json("/collections/coverage_buildings/schema").path("properties").path("properties")
                .path("properties").path("served").path("type").asText()).isEqualTo("boolean");
        api.error("/collections/nothing/schema", 404);
    }

    @Test
    void openApiDescribesItemsPerCollection() throws Exception {
        JsonNode api = ApiClient.MAPPER.readTree(this.api.get("/api").body());
        JsonNode parameters = api.path("paths").path("/collections/survey_points/items").path("get")
                .path("parameters");
        List<String> references = new ArrayList<>();
        java.util.Map<String, String> properties = new java.util.HashMap<>();
        parameters.forEach(parameter -> {
            if (parameter.has("$ref")) {
                references.add(parameter.path("$ref").asText());
            } else {
                assertThat(parameter.path("in").asText()).isEqualTo("query");
                properties.put(parameter.path("name").asText(), parameter.path("schema").path("type").asText());
            }
        });
        assertThat(properties).containsOnly(java.util.Map.entry("name", "string"),
                java.util.Map.entry("row", "integer"), java.util.Map.entry("col", "integer"));
        assertThat(references).doesNotContain("#/components/parameters/collectionId")
                .contains("#/components/parameters/bbox", "#/components/parameters/filter");
        for (String id : TestProject.vectorLayers()) {
            assertThat(api.path("paths").has("/collections/" + id + "/items")).as(id).isTrue();
        }
        assertThat(api.path("paths").has("/collections/{collectionId}/schema")).isTrue();
        assertThat(api.path("paths").has("/processes")).as("no processes on this server").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1%2F2,1/2", "1/2,1/2", "a%2Fb%2Fc,a/b/c", "x%20y,x y"})
    void featureIdsWithSlashes(String encoded, String decoded) throws Exception {
        JsonNode error = api.error("/collections/roads/items/" + encoded, 404);
        assertThat(error.path("code").asText()).isEqualTo(ApiException.NOT_FOUND);
        assertThat(error.path("description").asText()).contains(decoded);
    }

    @Test
    void featureLinkEncodesId() throws Exception {
        JsonNode feature = api.json("/collections/roads/items/2");
        assertThat(ApiClient.link(feature, "self")).isEqualTo(api.base() + "/collections/roads/items/2");
    }

    @Test
    void emptyCollectionServed() throws Exception {
        JsonNode collection = api.json("/collections/pipes");
        assertThat(collection.has("extent")).isFalse();
        JsonNode page = api.json("/collections/pipes/items?bbox=104,30,105,31");
        assertThat(page.path("numberMatched").asInt()).isZero();
        assertThat(page.path("numberReturned").asInt()).isZero();
        assertThat(page.path("features")).isEmpty();
        assertThat(ApiClient.link(page, "next")).isNull();
        HttpResponse<byte[]> tile = api.get("/collections/pipes/tiles/WebMercatorQuad/0/0/0");
        assertThat(tile.statusCode()).isEqualTo(204);
    }

    @Test
    void propertiesSelectsFields() throws Exception {
        JsonNode page = api.json("/collections/facilities/items?properties=name,kind");
        JsonNode properties = page.path("features").path(0).path("properties");
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("name", "kind");
        JsonNode none = api.json("/collections/facilities/items?properties=");
        assertThat(none.path("features").path(0).path("properties").size()).isZero();
        assertThat(none.path("features").path(0).path("geometry").path("type").asText()).isEqualTo("Point");
    }

    @Test
    void openApiIsSelfContained() throws Exception {
        JsonNode api = ApiClient.MAPPER.readTree(this.api.get("/api").body());
        assertThat(api.path("servers").path(0).path("url").asText()).isEqualTo(this.api.base());
        List<String> references = new ArrayList<>();
        collectReferences(api, references);
        assertThat(references).isNotEmpty().allMatch(reference -> reference.startsWith("#/"));
        for (String reference : references) {
            JsonNode target = api.at(reference.substring(1));
            assertThat(target.isMissingNode()).as("target of %s", reference).isFalse();
        }
        for (String path : List.of("/collections/{collectionId}/queryables",
                "/collections/{collectionId}/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}")) {
            assertThat(api.path("paths").has(path)).as(path).isTrue();
        }
        List<String> itemParameters = new ArrayList<>();
        api.path("paths").path("/collections/{collectionId}/items").path("get").path("parameters")
                .forEach(parameter -> itemParameters.add(parameter.path("$ref").asText()));
        for (String name : ItemQuery.PARAMETERS) {
            assertThat(itemParameters).as("items parameter %s", name).contains("#/components/parameters/" + name);
        }
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            node.fields().forEachRemaining(entry -> {
                if (entry.getKey().equals("$ref")) {
                    references.add(entry.getValue().asText());
                } else {
                    collectReferences(entry.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, references));
        }
    }

    @Test
    void conformanceHtmlListsEveryClass() throws Exception {
        HttpResponse<byte[]> response = api.get("/conformance?f=html");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = new String(response.body(), StandardCharsets.UTF_8);
        for (String uri : FeatureService.CONFORMANCE) {
            assertThat(html).contains(uri);
        }
    }

    @Test
    void itemsHtmlKeepsFilter() throws Exception {
        HttpResponse<byte[]> response = api.get("/collections/survey_points/items?f=html&limit=2&filter="
                + ApiClient.encode("row = 1"));
        assertThat(response.statusCode()).isEqualTo(200);
        String html = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("测点1-");
        assertThat(html).doesNotContain("测点0-");
    }
}
