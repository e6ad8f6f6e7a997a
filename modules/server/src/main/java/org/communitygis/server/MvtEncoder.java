package org.communitygis.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Encodes one layer of a Mapbox Vector Tile 2.1 (the {@code vector_tile.proto} schema of the
 * mapbox/vector-tile-spec repository) with a hand-written protobuf writer.
 *
 * <p>Geometries must already be in tile coordinates: integers from 0 to {@link #EXTENT} with y down,
 * clipped and simplified by the caller. Encoding follows spec section 4.3: command integers
 * {@code (id & 0x7) | (count << 3)} with MoveTo = 1, LineTo = 2, ClosePath = 7, and zigzag-encoded
 * deltas from the previous cursor position, the cursor carrying over between parts of one feature.
 * Exterior polygon rings are written with positive area by the surveyor's formula in tile coordinates
 * (clockwise on screen) and interior rings with negative area, reversing rings as needed. Parts that
 * collapse (a line of one point, a ring of zero area) are left out, and a feature left with no parts is
 * not written.
 */
final class MvtEncoder {
    /** Tile extent in tile coordinate units (spec section 4.1 default). */
    static final int EXTENT = 4096;

    private static final int MOVE_TO = 1;
    private static final int LINE_TO = 2;
    private static final int CLOSE_PATH = 7;
    private static final int TYPE_POINT = 1;
    private static final int TYPE_LINESTRING = 2;
    private static final int TYPE_POLYGON = 3;

    private final String layerName;
    private final Map<String, Integer> keys = new LinkedHashMap<>();
    private final Map<Object, Integer> values = new LinkedHashMap<>();
    private final List<byte[]> features = new ArrayList<>();

    MvtEncoder(String layerName) {
        this.layerName = layerName;
    }

    /** Returns whether no feature was added. */
    boolean isEmpty() {
        return features.isEmpty();
    }

    /**
     * Adds a feature.
     *
     * @param id the feature id, written when ≥ 0 (the spec's id is unsigned)
     * @param geometry the geometry in integer tile coordinates
     * @param properties a JSON object of scalar properties; nulls are left out as the spec has no null
     */
    void add(long id, Geometry geometry, JsonNode properties) {
        List<Integer> commands = new ArrayList<>();
        int type = encodeGeometry(geometry, commands);
        if (type == 0 || commands.isEmpty()) {
            return;
        }
        ByteArrayOutputStream feature = new ByteArrayOutputStream();
        if (id >= 0) {
            writeTag(feature, 1, 0);
            writeVarint(feature, id);
        }
        List<Integer> tags = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Object value = scalar(field.getValue());
            if (value == null) {
                continue;
            }
            tags.add(keys.computeIfAbsent(field.getKey(), key -> keys.size()));
            tags.add(values.computeIfAbsent(value, key -> values.size()));
        }
        if (!tags.isEmpty()) {
            writePacked(feature, 2, tags);
        }
        writeTag(feature, 3, 0);
        writeVarint(feature, type);
        writePacked(feature, 4, commands);
        features.add(feature.toByteArray());
    }

    /** Returns the encoded tile with this one layer (an empty tile message when no feature was added). */
    byte[] encode() {
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        writeTag(layer, 15, 0);
        writeVarint(layer, 2);
        writeBytes(layer, 1, layerName.getBytes(StandardCharsets.UTF_8));
        for (byte[] feature : features) {
            writeBytes(layer, 2, feature);
        }
        for (String key : keys.keySet()) {
            writeBytes(layer, 3, key.getBytes(StandardCharsets.UTF_8));
        }
        for (Object value : values.keySet()) {
            writeBytes(layer, 4, encodeValue(value));
        }
        writeTag(layer, 5, 0);
        writeVarint(layer, EXTENT);

        ByteArrayOutputStream tile = new ByteArrayOutputStream();
        if (!features.isEmpty()) {
            writeBytes(tile, 3, layer.toByteArray());
        }
        return tile.toByteArray();
    }

    private static Object scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    private static byte[] encodeValue(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof String text) {
            writeBytes(out, 1, text.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Double real) {
            writeTag(out, 3, 1);
            long bits = Double.doubleToLongBits(real);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)) & 0xff);
            }
        } else if (value instanceof Long whole) {
            writeTag(out, 6, 0);
            writeVarint(out, zigzag(whole));
        } else {
            writeTag(out, 7, 0);
            writeVarint(out, ((Boolean) value) ? 1 : 0);
        }
        return out.toByteArray();
    }

    /** Appends the command integers of {@code geometry} and returns the spec's GeomType, 0 when nothing is left. */
    private static int encodeGeometry(Geometry geometry, List<Integer> out) {
        if (geometry == null || geometry.isEmpty()) {
            return 0;
        }
        int[] cursor = {0, 0};
        String type = geometry.getGeometryType();
        if (geometry instanceof Point || type.equals(Geometry.TYPENAME_MULTIPOINT)) {
            List<Coordinate> points = new ArrayList<>();
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                points.add(geometry.getGeometryN(i).getCoordinate());
            }
            out.add(command(MOVE_TO, points.size()));
            for (Coordinate point : points) {
                moveCursor(out, cursor, point);
            }
            return TYPE_POINT;
        }
        if (geometry instanceof LineString || type.equals(Geometry.TYPENAME_MULTILINESTRING)) {
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                encodeLine(((LineString) geometry.getGeometryN(i)).getCoordinates(), out, cursor);
            }
            return out.isEmpty() ? 0 : TYPE_LINESTRING;
        }
        if (geometry instanceof Polygon || type.equals(Geometry.TYPENAME_MULTIPOLYGON)) {
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                Polygon polygon = (Polygon) geometry.getGeometryN(i);
                if (!encodeRing(polygon.getExteriorRing().getCoordinates(), true, out, cursor)) {
                    continue;
                }
                for (int j = 0; j < polygon.getNumInteriorRing(); j++) {
                    encodeRing(polygon.getInteriorRingN(j).getCoordinates(), false, out, cursor);
                }
            }
            return out.isEmpty() ? 0 : TYPE_POLYGON;
        }
        // A GeometryCollection has no MVT type; encode its first non-empty member of the dominant kind.
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Geometry member = geometry.getGeometryN(i);
            if (member != geometry && !member.isEmpty()) {
                int memberType = encodeGeometry(member, out);
                if (memberType != 0) {
                    return memberType;
                }
            }
        }
        return 0;
    }

    private static void encodeLine(Coordinate[] coordinates, List<Integer> out, int[] cursor) {
        List<Coordinate> points = distinct(coordinates, false);
        if (points.size() < 2) {
            return;
        }
        out.add(command(MOVE_TO, 1));
        moveCursor(out, cursor, points.get(0));
        out.add(command(LINE_TO, points.size() - 1));
        for (int i = 1; i < points.size(); i++) {
            moveCursor(out, cursor, points.get(i));
        }
    }

    /** Encodes a ring without its closing point; returns false when it collapsed to zero area. */
    private static boolean encodeRing(Coordinate[] coordinates, boolean exterior, List<Integer> out, int[] cursor) {
        List<Coordinate> points = distinct(coordinates, true);
        if (points.size() < 3) {
            return false;
        }
        long area = doubledArea(points);
        if (area == 0) {
            return false;
        }
        if ((area > 0) != exterior) {
            java.util.Collections.reverse(points);
        }
        out.add(command(MOVE_TO, 1));
        moveCursor(out, cursor, points.get(0));
        out.add(command(LINE_TO, points.size() - 1));
        for (int i = 1; i < points.size(); i++) {
            moveCursor(out, cursor, points.get(i));
        }
        out.add(command(CLOSE_PATH, 1));
        return true;
    }

    /** Returns the points without consecutive duplicates, and without the closing point for a ring. */
    private static List<Coordinate> distinct(Coordinate[] coordinates, boolean ring) {
        List<Coordinate> points = new ArrayList<>(coordinates.length);
        for (Coordinate coordinate : coordinates) {
            Coordinate rounded = new Coordinate(Math.round(coordinate.x), Math.round(coordinate.y));
            if (points.isEmpty() || !points.get(points.size() - 1).equals2D(rounded)) {
                points.add(rounded);
            }
        }
        if (ring && points.size() > 1 && points.get(0).equals2D(points.get(points.size() - 1))) {
            points.remove(points.size() - 1);
        }
        return points;
    }

    /** Returns twice the signed area by the surveyor's formula; positive is clockwise with y down. */
    static long doubledArea(List<Coordinate> ring) {
        long sum = 0;
        for (int i = 0; i < ring.size(); i++) {
            Coordinate a = ring.get(i);
            Coordinate b = ring.get((i + 1) % ring.size());
            sum += (long) a.x * (long) b.y - (long) b.x * (long) a.y;
        }
        return sum;
    }

    private static void moveCursor(List<Integer> out, int[] cursor, Coordinate point) {
        int x = (int) point.x;
        int y = (int) point.y;
        out.add(zigzag(x - cursor[0]));
        out.add(zigzag(y - cursor[1]));
        cursor[0] = x;
        cursor[1] = y;
    }

    private static int command(int id, int count) {
        return (id & 0x7) | (count << 3);
    }

    /** Zigzag-encodes a 32-bit parameter: 0, -1, 1, -2 … become 0, 1, 2, 3 …. */
    static int zigzag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static void writeTag(ByteArrayOutputStream out, int field, int wireType) {
        writeVarint(out, ((long) field << 3) | wireType);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static void writeBytes(ByteArrayOutputStream out, int field, byte[] bytes) {
        writeTag(out, field, 2);
        writeVarint(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void writePacked(ByteArrayOutputStream out, int field, List<Integer> numbers) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (int number : numbers) {
            writeVarint(packed, number & 0xFFFFFFFFL);
        }
        writeBytes(out, field, packed.toByteArray());
    }
}
