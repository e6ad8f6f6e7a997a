package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.store.MemoryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** The service layer without HTTP, on a CRS84 layer large enough to exceed the page-size maximum. */
class FeatureServiceTest {
    private static final RequestContext CONTEXT = new RequestContext("http://test", UserLocale.ENGLISH);
    private static final int BIG = ItemQuery.MAX_LIMIT + 50;
    private static FeatureService service;

    @BeforeAll
    static void load() {
        GeometryFactory factory = new GeometryFactory();
        MemoryStore store = new MemoryStore();
        store.setCrs(Crs.CRS84);
        FeatureLayer many = new FeatureLayer("many", GeometryKind.POINT, Crs.CRS84,
                List.of(new Field("n", FieldType.INTEGER)));
        for (int i = 0; i < BIG; i++) {
            many.add(new Feature(i + 1, factory.createPoint(new Coordinate(100 + (i % 100) * 0.01, 30 + (i / 100) * 0.01)),
                    Map.of("n", i)));
        }
        store.writeFeatures(many);
        FeatureLayer dateline = new FeatureLayer("dateline", GeometryKind.POINT, Crs.CRS84, List.of());
        double[] longitudes = {179.5, -179.5, 0, 179.99, -170};
        for (int i = 0; i < longitudes.length; i++) {
            dateline.add(new Feature(i + 1, factory.createPoint(new Coordinate(longitudes[i], 0))));
        }
        store.writeFeatures(dateline);
        service = new FeatureService(store, "test");
    }

    private static ObjectNode items(String collection, String query) {
        return service.items(CONTEXT, collection, QueryParameters.parse(query));
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("features").forEach(feature -> ids.add(feature.path("id").asLong()));
        return ids;
    }

    @Test
    void limitAboveMaximumClamped() {
        ObjectNode page = items("many", "limit=50000");
        assertThat(page.path("numberReturned").asInt()).isEqualTo(ItemQuery.MAX_LIMIT);
        assertThat(page.path("numberMatched").asInt()).isEqualTo(BIG);
    }

    @Test
    void nextAfterClampedPage() {
        ObjectNode page = items("many", "limit=50000");
        assertThat(FeatureServiceTest.link(page, "next")).isEqualTo("http://test/collections/many/items?limit=50000&offset=10000");
    }

    @Test
    void lastPageHasRemainder() {
        ObjectNode page = items("many", "limit=10000&offset=10000");
        assertThat(page.path("numberReturned").asInt()).isEqualTo(50);
        assertThat(link(page, "next")).isNull();
    }

    @Test
    void offsetPastEndIsEmpty() {
        ObjectNode page = items("many", "offset=20000");
        assertThat(page.path("numberReturned").asInt()).isZero();
        assertThat(link(page, "prev")).endsWith("offset=" + (BIG - ItemQuery.DEFAULT_LIMIT));
    }

    @Test
    void antimeridianBoxSplits() {
        ObjectNode page = items("dateline", "bbox=179,-1,-179,1");
        assertThat(ids(page)).containsExactly(1L, 2L, 4L);
    }

    @Test
    void bboxEdgeCounts() {
        // Points sit on a 0.01° grid; the box's edges lie on grid lines, which count as intersecting.
        ObjectNode page = items("many", "bbox=100.0,30.0,100.02,30.01");
        assertThat(page.path("numberMatched").asInt()).isEqualTo(6);
    }

    @Test
    void repeatedParameterRejected() {
        assertThatThrownBy(() -> items("many", "limit=1&limit=2"))
                .isInstanceOf(ApiException.class).hasMessageContaining("limit");
    }

    @Test
    void badEscapeRejected() {
        assertThatThrownBy(() -> items("many", "bbox=%zz"))
                .isInstanceOf(ApiException.class).hasMessageContaining("percent-encoding");
    }

    @Test
    void unknownItemIs404() {
        assertThatThrownBy(() -> service.item(CONTEXT, "many", "999999"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void itemLinksNotSharedWithPages() {
        service.item(CONTEXT, "many", "1");
        JsonNode first = items("many", "limit=1").path("features").path(0);
        assertThat(first.has("links")).isFalse();
    }

    static String link(JsonNode resource, String rel) {
        return MapServerTest.link(resource, rel);
    }

    @Test
    void splicedJsonEqualsTree() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String query : List.of("limit=3", "limit=1", "offset=10040&limit=20", "bbox=170,-1,-170,1")) {
            String collection = query.startsWith("bbox") ? "dateline" : "many";
            JsonNode tree = mapper.readTree(mapper.writeValueAsBytes(items(collection, query)));
            JsonNode spliced = mapper.readTree(service.itemsJson(CONTEXT, collection, QueryParameters.parse(query), mapper));
            ((ObjectNode) tree).remove("timeStamp");
            ((ObjectNode) spliced).remove("timeStamp");
            assertThat(spliced).as(query).isEqualTo(tree);
        }
    }
}
