package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/** {@link GeoJson#write} gives the bytes of the tree that {@link GeoJson#feature} builds. */
class GeoJsonTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ObjectMapper FAST = new ObjectMapper(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build());

    @ParameterizedTest
    @ValueSource(strings = {
        "POINT (104.06251234567 30.66)",
        "LINESTRING (104.1 30.1, 104.2 30.25, -0.00000004 1e-9, 0.001 -0.001, 0.00099995 -0.0009999)",
        "LINESTRING (179.99999996 -180, 12 -12.00000004, 0.0000001 -0.0000001, 9999999.99999999 -1e8)",
        "LINESTRING (0 0, 0.00099996 0.0010001, 1000000 -9999999.9999999, 100.0000001 -100, 9.9999999 10)",
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 2 1, 2 2, 1 1))",
        "MULTIPOINT ((1 2), (3 4))",
        "MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        "GEOMETRYCOLLECTION (POINT (1 2), POLYGON EMPTY, LINESTRING (0 0, 1 1))",
        "POLYGON EMPTY",
    })
    void writeMatchesTree(String wkt) throws Exception {
        Geometry geometry = new WKTReader().read(wkt);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("名称", "一组 \"北\"\n");
        attributes.put("households", 30L);
        attributes.put("short", (short) 3);
        attributes.put("gradient_permille", 3.0000001);
        attributes.put("nan", Double.NaN);
        attributes.put("served", Boolean.TRUE);
        attributes.put("none", null);
        attributes.put("date", java.time.LocalDate.of(2026, 12, 5));
        for (ObjectMapper mapper : new ObjectMapper[] {PLAIN, FAST}) {
            byte[] tree = mapper.writeValueAsBytes(GeoJson.feature(-7, geometry, attributes));
            assertThat(written(mapper, -7, geometry, attributes)).isEqualTo(new String(tree, StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomCoordinatesMatchTree(long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder wkt = new StringBuilder("LINESTRING (");
        for (int i = 0; i < 500; i++) {
            wkt.append(i == 0 ? "" : ", ").append(random.nextDouble() * 360 - 180).append(' ')
                    .append(random.nextDouble() * 180 - 90);
        }
        Geometry line = new WKTReader().read(wkt.append(')').toString());
        Map<String, Object> attributes = Map.of("value", random.nextGaussian() * 1e6);
        byte[] tree = FAST.writeValueAsBytes(GeoJson.feature(seed, line, attributes));
        assertThat(written(FAST, seed, line, attributes)).isEqualTo(new String(tree, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void writerReusedAcrossFeatures(long seed) throws Exception {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        try (JsonGenerator generator = FAST.getFactory().createGenerator(out)) {
            GeoJson.Writer writer = new GeoJson.Writer(generator);
            for (int id = 1; id <= 50; id++) {
                Geometry point = new WKTReader().read("POINT (" + (random.nextDouble() * 20 - 10) + " "
                        + random.nextDouble() * 1e-2 + ")");
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put(id % 2 == 0 ? "名称" : "name", "第 " + id + " 户");
                attributes.put("households", (long) id);
                writer.write(id, point, attributes);
                expected.append(id == 1 ? "" : " ").append(FAST.writeValueAsString(GeoJson.feature(id, point, attributes)));
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    private static String written(ObjectMapper mapper, long id, Geometry geometry, Map<String, Object> attributes)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
            GeoJson.write(generator, id, geometry, attributes);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
