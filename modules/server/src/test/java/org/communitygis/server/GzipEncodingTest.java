package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gzip content coding: Accept-Encoding parsing, size threshold, Vary and per-variant entity tags. */
class GzipEncodingTest {
    private static final String ITEMS = "/collections/survey_points/items?limit=400";
    private static MapServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = new MapServer(TestProject.create(), "示例村").start("127.0.0.1", 0);
        api = new ApiClient(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void acceptEncodingParsing() {
        assertThat(GzipEncoding.accepts("gzip")).isTrue();
        assertThat(GzipEncoding.accepts("deflate, gzip;q=0.5")).isTrue();
        assertThat(GzipEncoding.accepts("GZIP")).isTrue();
        assertThat(GzipEncoding.accepts("x-gzip")).isTrue();
        assertThat(GzipEncoding.accepts("*")).isTrue();
        assertThat(GzipEncoding.accepts("gzip;q=0")).isFalse();
        assertThat(GzipEncoding.accepts("gzip; q=0.0, br")).isFalse();
        assertThat(GzipEncoding.accepts("br, deflate")).isFalse();
        assertThat(GzipEncoding.accepts("identity")).isFalse();
        assertThat(GzipEncoding.accepts(null)).isFalse();
    }

    @Test
    void gzipTagSuffix() {
        assertThat(GzipEncoding.gzipTag("\"abc\"")).isEqualTo("\"abc-gzip\"");
        assertThat(GzipEncoding.gzipTag("W/\"abc\"")).isEqualTo("W/\"abc-gzip\"");
    }

    @Test
    void compressedBodyRoundTrips() throws Exception {
        byte[] body = new byte[50_000];
        Arrays.fill(body, (byte) 'a');
        byte[] compressed = GzipEncoding.compress(body);
        assertThat(compressed.length).isLessThan(body.length / 10);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(compressed)).readAllBytes()).isEqualTo(body);
    }

    @Test
    void itemsGzipVariantHasOwnTag() throws Exception {
        HttpResponse<byte[]> plain = api.get(ITEMS);
        HttpResponse<byte[]> gzip = api.get(ITEMS, "Accept-Encoding", "gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("Vary").orElse("")).contains("Accept-Encoding");
        assertThat(plain.headers().firstValue("Vary").orElse("")).contains("Accept-Encoding");

        String plainTag = plain.headers().firstValue("ETag").orElseThrow();
        String gzipTag = gzip.headers().firstValue("ETag").orElseThrow();
        assertThat(gzipTag).isEqualTo(GzipEncoding.gzipTag(plainTag));
        assertThat(gzipTag).startsWith("W/\"").endsWith("-gzip\"");

        byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes();
        assertThat(ApiClient.MAPPER.readTree(inflated).path("features"))
                .isEqualTo(ApiClient.MAPPER.readTree(plain.body()).path("features"));
        assertThat(gzip.headers().firstValueAsLong("Content-Length")).hasValue(gzip.body().length);
    }

    @Test
    void ifNoneMatchComparesSelectedVariant() throws Exception {
        String plainTag = api.get(ITEMS).headers().firstValue("ETag").orElseThrow();
        String gzipTag = GzipEncoding.gzipTag(plainTag);

        HttpResponse<byte[]> gzipHit = api.get(ITEMS, "Accept-Encoding", "gzip", "If-None-Match", gzipTag);
        assertThat(gzipHit.statusCode()).isEqualTo(304);
        assertThat(gzipHit.body()).isEmpty();
        assertThat(gzipHit.headers().firstValue("ETag")).hasValue(gzipTag);

        HttpResponse<byte[]> plainHit = api.get(ITEMS, "If-None-Match", plainTag);
        assertThat(plainHit.statusCode()).isEqualTo(304);

        // The client has the identity body but now accepts gzip: it gets the gzip variant, not 304.
        HttpResponse<byte[]> otherVariant = api.get(ITEMS, "Accept-Encoding", "gzip", "If-None-Match", plainTag);
        assertThat(otherVariant.statusCode()).isEqualTo(200);
        assertThat(otherVariant.headers().firstValue("Content-Encoding")).hasValue("gzip");

        HttpResponse<byte[]> identityWithGzipTag = api.get(ITEMS, "If-None-Match", gzipTag);
        assertThat(identityWithGzipTag.statusCode()).isEqualTo(200);
        assertThat(identityWithGzipTag.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void smallBodyNotCompressed() throws Exception {
        HttpResponse<byte[]> small = api.get("/collections/roads/items/1", "Accept-Encoding", "gzip");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body().length).isLessThan(GzipEncoding.MIN_BYTES);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        String tag = small.headers().firstValue("ETag").orElseThrow();
        assertThat(tag).doesNotContain(GzipEncoding.TAG_SUFFIX);
        assertThat(api.get("/collections/roads/items/1", "Accept-Encoding", "gzip", "If-None-Match", tag)
                .statusCode()).isEqualTo(304);
    }

    @Test
    void zeroWeightGetsIdentity() throws Exception {
        HttpResponse<byte[]> response = api.get(ITEMS, "Accept-Encoding", "gzip;q=0, identity");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(ApiClient.MAPPER.readTree(response.body()).path("numberReturned").asInt()).isPositive();
    }

    @Test
    void tilesGzipVariantHasOwnTag() throws Exception {
        String path = "/collections/survey_points/tiles/WebMercatorQuad/0/0/0";
        HttpResponse<byte[]> plain = api.get(path);
        HttpResponse<byte[]> gzip = api.get(path, "Accept-Encoding", "gzip");
        assertThat(plain.statusCode()).isEqualTo(200);
        String plainTag = plain.headers().firstValue("ETag").orElseThrow();
        if (plain.body().length >= GzipEncoding.MIN_BYTES) {
            assertThat(gzip.headers().firstValue("ETag")).hasValue(GzipEncoding.gzipTag(plainTag));
            byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes();
            assertThat(inflated).isEqualTo(plain.body());
        } else {
            assertThat(gzip.headers().firstValue("ETag")).hasValue(plainTag);
            assertThat(gzip.body()).isEqualTo(plain.body());
        }
    }

    @Test
    void pngNotCompressed() throws Exception {
        HttpResponse<byte[]> png = api.get("/rasters/dem.png", "Accept-Encoding", "gzip");
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(png.headers().firstValue("Vary").orElse("")).contains("Accept-Encoding");
    }
}
