package org.communitygis.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Vector tiles that PostGIS encodes with ST_AsMVT, decoded back and compared with the stored features. */
class PostGisVectorTileTest {
    private static final double RADIUS = 6378137.0;
    private static final GeometryFactory FACTORY = new GeometryFactory();
    /** A manhole in Chengdu, CRS84 degrees. */
    private static final double LON = 104.0665;
    private static final double LAT = 30.5728;

    private PostGisUrl url;

    @BeforeEach
    void newSchema() {
        url = PostGisCluster.assumeAvailable().newProjectUrl();
    }

    @Test
    void pointTileKeepsIdPropertiesAndPosition() {
        try (PostGisStore store = PostGisStore.open(url)) {
            store.writeFeatures(manholes());
            int z = 16;
            double[] tile = tileOf(LON, LAT, z);
            int x = (int) tile[0];
            int y = (int) tile[1];

            Optional<byte[]> bytes = store.vectorTile("manholes", z, x, y, 4096, 64);

            assertThat(bytes).isPresent();
            Layer layer = decode(bytes.get());
            assertThat(layer.name).isEqualTo("manholes");
            assertThat(layer.extent).isEqualTo(4096);
            assertThat(layer.features).hasSize(1);
            DecodedFeature feature = layer.features.get(0);
            assertThat(feature.id).isEqualTo(7);
            assertThat(feature.type).isEqualTo(1);
            assertThat(feature.properties).containsEntry("名称", "检查井 7").containsEntry("depth_m", 2.5)
                    .containsEntry("rings", 3L).containsEntry("sealed", true);
            // One MoveTo command with one point, zig-zag encoded tile units.
            assertThat(feature.geometry.get(0)).isEqualTo(9);
            double expectedX = (tile[0] - x) * 4096;
            double expectedY = (tile[1] - y) * 4096;
            assertThat((double) unzigzag(feature.geometry.get(1))).isCloseTo(expectedX, within(1.0));
            assertThat((double) unzigzag(feature.geometry.get(2))).isCloseTo(expectedY, within(1.0));
        }
    }

    @Test
    void projectedLayerTilesAtEveryZoom() {
        try (PostGisStore store = PostGisStore.open(url)) {
            store.writeFeatures(parcels());
            FeatureLayer wells = new FeatureLayer("wells", GeometryKind.POINT, "EPSG:4544", List.of());
            wells.add(new Feature(3, FACTORY.createPoint(new Coordinate(500_000, 3_399_000)), Map.of()));
            store.writeFeatures(wells);
            // The whole world at zoom 0 must transform into the layer's Gauss-Krüger CRS for the index filter.
            assertThat(store.vectorTile("wells", 0, 0, 0, 4096, 64)).isPresent();
            // Far smaller than one tile unit at zoom 0, the square collapses and is dropped.
            assertThat(store.vectorTile("parcels", 0, 0, 0, 4096, 64)).isEmpty();
            double[] tile = tileOf(105.0, 30.71, 14);
            Layer layer = decode(store.vectorTile("parcels", 14, (int) tile[0], (int) tile[1], 4096, 64).get());
            assertThat(layer.features).hasSize(1);
            assertThat(layer.features.get(0).id).isEqualTo(1);
            assertThat(layer.features.get(0).type).isEqualTo(3);
            assertThat(layer.features.get(0).properties).containsEntry("owner", "村集体");
        }
    }

    @Test
    void tileWithoutFeaturesIsEmpty() {
        try (PostGisStore store = PostGisStore.open(url)) {
            store.writeFeatures(manholes());
            double[] tile = tileOf(LON, LAT, 16);
            assertThat(store.vectorTile("manholes", 16, (int) tile[0] + 3, (int) tile[1], 4096, 64)).isEmpty();
            assertThat(store.vectorTile("manholes", 2, 0, 0, 4096, 64)).isEmpty();
        }
    }

    @Test
    void rewrittenLayerIsTiledWithItsNewFields() {
        try (PostGisStore store = PostGisStore.open(url)) {
            store.writeFeatures(manholes());
            double[] tile = tileOf(LON, LAT, 16);
            store.vectorTile("manholes", 16, (int) tile[0], (int) tile[1], 4096, 64);
            FeatureLayer renamed = new FeatureLayer("manholes", GeometryKind.POINT, "CRS:84",
                    List.of(new Field("code", FieldType.STRING)));
            renamed.add(new Feature(8, FACTORY.createPoint(new Coordinate(LON, LAT)), Map.of("code", "MH-8")));
            store.writeFeatures(renamed);

            Layer layer = decode(store.vectorTile("manholes", 16, (int) tile[0], (int) tile[1], 4096, 64).get());

            assertThat(layer.features.get(0).id).isEqualTo(8);
            assertThat(layer.features.get(0).properties).containsOnlyKeys("code");
        }
    }

    @Test
    void unknownLayerIsNamed() {
        try (PostGisStore store = PostGisStore.open(url)) {
            assertThatThrownBy(() -> store.vectorTile("nowhere", 1, 0, 0, 4096, 64))
                    .isInstanceOf(CgisException.class).hasMessageContaining("nowhere");
        }
    }

    private static FeatureLayer manholes() {
        FeatureLayer layer = new FeatureLayer("manholes", GeometryKind.POINT, "CRS:84", List.of(
                new Field("名称", FieldType.STRING), new Field("depth_m", FieldType.REAL),
                new Field("rings", FieldType.INTEGER), new Field("sealed", FieldType.BOOLEAN)));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("名称", "检查井 7");
        attributes.put("depth_m", 2.5);
        attributes.put("rings", 3L);
        attributes.put("sealed", true);
        layer.add(new Feature(7, FACTORY.createPoint(new Coordinate(LON, LAT)), attributes));
        return layer;
    }

    /** A 200 m square on the central meridian of EPSG:4544 (CGCS2000 3-degree Gauss-Krüger, 105° E). */
    private static FeatureLayer parcels() {
        FeatureLayer layer = new FeatureLayer("parcels", GeometryKind.POLYGON, "EPSG:4544",
                List.of(new Field("owner", FieldType.STRING)));
        layer.add(new Feature(1, FACTORY.createPolygon(new Coordinate[] {new Coordinate(499_900, 3_398_900),
                new Coordinate(500_100, 3_398_900), new Coordinate(500_100, 3_399_100),
                new Coordinate(499_900, 3_399_100), new Coordinate(499_900, 3_398_900)}), Map.of("owner", "村集体")));
        return layer;
    }

    /** Returns the fractional WebMercatorQuad column and row of a CRS84 position. */
    private static double[] tileOf(double lon, double lat, int z) {
        double half = Math.PI * RADIUS;
        double mercatorX = Math.toRadians(lon) * RADIUS;
        double mercatorY = RADIUS * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2));
        double size = 2 * half / (1 << z);
        return new double[] {(mercatorX + half) / size, (half - mercatorY) / size};
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    // Minimal protobuf reader for the MVT 2.1 messages Tile, Layer, Feature and Value.

    private static final class Layer {
        String name;
        long extent = 4096;
        final List<DecodedFeature> features = new ArrayList<>();
    }

    private static final class DecodedFeature {
        long id;
        long type;
        final List<Long> tags = new ArrayList<>();
        final List<Long> geometry = new ArrayList<>();
        final Map<String, Object> properties = new LinkedHashMap<>();
    }

    private static Layer decode(byte[] tile) {
        Reader reader = new Reader(tile);
        Layer layer = null;
        while (reader.more()) {
            long key = reader.varint();
            if (key >>> 3 == 3) {
                assertThat(layer).as("one layer per tile").isNull();
                layer = layer(new Reader(reader.bytes()));
            } else {
                reader.skip(key);
            }
        }
        assertThat(layer).isNotNull();
        return layer;
    }

    private static Layer layer(Reader reader) {
        Layer layer = new Layer();
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        while (reader.more()) {
            long key = reader.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> layer.name = new String(reader.bytes(), StandardCharsets.UTF_8);
                case 2 -> layer.features.add(feature(new Reader(reader.bytes())));
                case 3 -> keys.add(new String(reader.bytes(), StandardCharsets.UTF_8));
                case 4 -> values.add(value(new Reader(reader.bytes())));
                case 5 -> layer.extent = reader.varint();
                default -> reader.skip(key);
            }
        }
        for (DecodedFeature feature : layer.features) {
            for (int i = 0; i + 1 < feature.tags.size(); i += 2) {
                feature.properties.put(keys.get(feature.tags.get(i).intValue()),
                        values.get(feature.tags.get(i + 1).intValue()));
            }
        }
        return layer;
    }

    private static DecodedFeature feature(Reader reader) {
        DecodedFeature feature = new DecodedFeature();
        while (reader.more()) {
            long key = reader.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> feature.id = reader.varint();
                case 2 -> feature.tags.addAll(new Reader(reader.bytes()).varints());
                case 3 -> feature.type = reader.varint();
                case 4 -> feature.geometry.addAll(new Reader(reader.bytes()).varints());
                default -> reader.skip(key);
            }
        }
        return feature;
    }

    private static Object value(Reader reader) {
        Object value = null;
        while (reader.more()) {
            long key = reader.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> value = new String(reader.bytes(), StandardCharsets.UTF_8);
                case 2 -> value = (double) Float.intBitsToFloat((int) reader.fixed(4));
                case 3 -> value = Double.longBitsToDouble(reader.fixed(8));
                case 4, 5 -> value = reader.varint();
                case 6 -> value = unzigzag(reader.varint());
                case 7 -> value = reader.varint() != 0;
                default -> reader.skip(key);
            }
        }
        return value;
    }

    private static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return position < data.length;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[position++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("varint too long at " + position);
        }

        long fixed(int size) {
            long result = 0;
            for (int i = 0; i < size; i++) {
                result |= (long) (data[position++] & 0xff) << (8 * i);
            }
            return result;
        }

        byte[] bytes() {
            int length = (int) varint();
            ByteArrayOutputStream out = new ByteArrayOutputStream(length);
            out.write(data, position, length);
            position += length;
            return out.toByteArray();
        }

        List<Long> varints() {
            List<Long> list = new ArrayList<>();
            while (more()) {
                list.add(varint());
            }
            return list;
        }

        void skip(long key) {
            switch ((int) (key & 7)) {
                case 0 -> varint();
                case 1 -> position += 8;
                case 2 -> bytes();
                case 5 -> position += 4;
                default -> throw new IllegalStateException("wire type " + (key & 7));
            }
        }
    }
}
