package org.communitygis.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal Mapbox Vector Tile 2.1 decoder for tests, written from the vector_tile.proto field numbers
 * independently of {@link MvtEncoder}: it reads layers, features, keys, values and decodes geometry
 * command streams into absolute tile coordinates.
 */
final class MvtDecoder {
    record Layer(int version, String name, int extent, List<Feature> features) {
    }

    /** A decoded feature; {@code parts} are point sequences, rings without their closing point. */
    record Feature(long id, int type, Map<String, Object> properties, List<List<int[]>> parts) {
    }

    private final byte[] bytes;
    private int position;
    private final int end;

    private MvtDecoder(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.position = from;
        this.end = to;
    }

    static List<Layer> decode(byte[] tile) {
        MvtDecoder reader = new MvtDecoder(tile, 0, tile.length);
        List<Layer> layers = new ArrayList<>();
        while (reader.position < reader.end) {
            long key = reader.varint();
            if (key >>> 3 == 3 && (key & 7) == 2) {
                layers.add(reader.sub().layer());
            } else {
                reader.skip((int) (key & 7));
            }
        }
        return layers;
    }

    private Layer layer() {
        int version = 1;
        String name = null;
        int extent = 4096;
        List<byte[]> rawFeatures = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        while (position < end) {
            long key = varint();
            int field = (int) (key >>> 3);
            switch (field) {
                case 15 -> version = (int) varint();
                case 1 -> name = string();
                case 2 -> rawFeatures.add(bytesField());
                case 3 -> keys.add(string());
                case 4 -> values.add(sub().value());
                case 5 -> extent = (int) varint();
                default -> skip((int) (key & 7));
            }
        }
        List<Feature> features = new ArrayList<>();
        for (byte[] raw : rawFeatures) {
            features.add(new MvtDecoder(raw, 0, raw.length).feature(keys, values));
        }
        return new Layer(version, name, extent, features);
    }

    private Object value() {
        Object result = null;
        while (position < end) {
            long key = varint();
            switch ((int) (key >>> 3)) {
                case 1 -> result = string();
                case 2 -> {
                    int bits = 0;
                    for (int i = 0; i < 4; i++) {
                        bits |= (bytes[position++] & 0xff) << (8 * i);
                    }
                    result = (double) Float.intBitsToFloat(bits);
                }
                case 3 -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits |= (long) (bytes[position++] & 0xff) << (8 * i);
                    }
                    result = Double.longBitsToDouble(bits);
                }
                case 4, 5 -> result = varint();
                case 6 -> {
                    long raw = varint();
                    result = (raw >>> 1) ^ -(raw & 1);
                }
                case 7 -> result = varint() != 0;
                default -> skip((int) (key & 7));
            }
        }
        return result;
    }

    private Feature feature(List<String> keys, List<Object> values) {
        long id = -1;
        int type = 0;
        List<Long> tags = new ArrayList<>();
        List<Long> geometry = new ArrayList<>();
        while (position < end) {
            long key = varint();
            switch ((int) (key >>> 3)) {
                case 1 -> id = varint();
                case 2 -> tags.addAll(sub().packed());
                case 3 -> type = (int) varint();
                case 4 -> geometry.addAll(sub().packed());
                default -> skip((int) (key & 7));
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i + 1 < tags.size(); i += 2) {
            properties.put(keys.get(tags.get(i).intValue()), values.get(tags.get(i + 1).intValue()));
        }
        return new Feature(id, type, properties, geometry(geometry));
    }

    private static List<List<int[]>> geometry(List<Long> commands) {
        List<List<int[]>> parts = new ArrayList<>();
        List<int[]> current = null;
        int x = 0;
        int y = 0;
        int i = 0;
        while (i < commands.size()) {
            long command = commands.get(i++);
            int id = (int) (command & 7);
            int count = (int) (command >>> 3);
            if (id == 7) {
                continue;
            }
            for (int k = 0; k < count; k++) {
                x += zigzag(commands.get(i++));
                y += zigzag(commands.get(i++));
                if (id == 1) {
                    current = new ArrayList<>();
                    parts.add(current);
                }
                current.add(new int[] {x, y});
            }
        }
        return parts;
    }

    private static int zigzag(long raw) {
        return (int) ((raw >>> 1) ^ -(raw & 1));
    }

    private List<Long> packed() {
        List<Long> numbers = new ArrayList<>();
        while (position < end) {
            numbers.add(varint());
        }
        return numbers;
    }

    private MvtDecoder sub() {
        int length = (int) varint();
        MvtDecoder sub = new MvtDecoder(bytes, position, position + length);
        position += length;
        return sub;
    }

    private byte[] bytesField() {
        int length = (int) varint();
        byte[] copy = java.util.Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return copy;
    }

    private String string() {
        return new String(bytesField(), StandardCharsets.UTF_8);
    }

    private long varint() {
        long result = 0;
        int shift = 0;
        while (true) {
            byte b = bytes[position++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }

    private void skip(int wireType) {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> position += 8;
            case 2 -> {
                // Read the length first: in "position += varint()" Java would add it to the old position.
                int length = (int) varint();
                position += length;
            }
            case 5 -> position += 4;
            default -> throw new IllegalStateException("wire type " + wireType);
        }
    }
}
