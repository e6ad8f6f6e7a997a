package org.communitygis.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Converts JTS geometries and attribute maps to GeoJSON (RFC 7946) trees, or writes them to a JSON
 * generator without a tree: {@link #write} gives the same members in the same order as {@link #feature},
 * so both serialize to the same bytes with the same generator settings.
 *
 * <p>Coordinates are written as given (the caller transforms them to CRS84 first), rounded to
 * {@value #DECIMALS} decimals: 1e-7° is about 1.1 cm on the ground, below the accuracy of any project
 * layer. Polygon ring orientation is kept as stored; RFC 7946 section 3.1.6 only recommends the
 * right-hand rule, and Leaflet ignores it. Empty geometries and null become {@code "geometry": null}.
 * Non-finite numbers in attributes become null because JSON has no NaN.
 */
final class GeoJson {
    static final int DECIMALS = 7;
    private static final double SCALE = 1e7;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeoJson() {
    }

    /** Builds a GeoJSON Feature with a numeric id. */
    static ObjectNode feature(long id, Geometry geometry, Map<String, Object> attributes) {
        ObjectNode feature = NODES.objectNode();
        feature.put("type", "Feature");
        feature.put("id", id);
        feature.set("geometry", geometry(geometry));
        ObjectNode properties = feature.putObject("properties");
        attributes.forEach((name, value) -> putValue(properties, name, value));
        return feature;
    }

    /** Returns the geometry object, or a JSON null for a null or empty geometry. */
    static com.fasterxml.jackson.databind.JsonNode geometry(Geometry geometry) {
        if (geometry == null || geometry.isEmpty()) {
            return NODES.nullNode();
        }
        ObjectNode node = NODES.objectNode();
        if (geometry instanceof Point point) {
            node.put("type", "Point");
            node.set("coordinates", position(point.getCoordinate()));
        } else if (geometry instanceof LineString line) {
            node.put("type", "LineString");
            node.set("coordinates", positions(line.getCoordinates()));
        } else if (geometry instanceof Polygon polygon) {
            node.put("type", "Polygon");
            node.set("coordinates", rings(polygon));
        } else if (geometry instanceof MultiPoint || geometry instanceof MultiLineString
                || geometry instanceof MultiPolygon) {
            node.put("type", geometry.getGeometryType());
            ArrayNode parts = node.putArray("coordinates");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                Geometry part = geometry.getGeometryN(i);
                if (part instanceof Point point) {
                    parts.add(position(point.getCoordinate()));
                } else if (part instanceof LineString line) {
                    parts.add(positions(line.getCoordinates()));
                } else {
                    parts.add(rings((Polygon) part));
                }
            }
        } else {
            GeometryCollection collection = (GeometryCollection) geometry;
            node.put("type", "GeometryCollection");
            ArrayNode members = node.putArray("geometries");
            for (int i = 0; i < collection.getNumGeometries(); i++) {
                Geometry member = collection.getGeometryN(i);
                if (!member.isEmpty()) {
                    members.add(geometry(member));
                }
            }
        }
        return node;
    }

    private static ArrayNode rings(Polygon polygon) {
        ArrayNode rings = NODES.arrayNode();
        rings.add(positions(polygon.getExteriorRing().getCoordinates()));
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(positions(polygon.getInteriorRingN(i).getCoordinates()));
        }
        return rings;
    }

    private static ArrayNode positions(Coordinate[] coordinates) {
        ArrayNode array = NODES.arrayNode(coordinates.length);
        for (Coordinate coordinate : coordinates) {
            array.add(position(coordinate));
        }
        return array;
    }

    private static ArrayNode position(Coordinate coordinate) {
        ArrayNode array = NODES.arrayNode(2);
        array.add(round(coordinate.x));
        array.add(round(coordinate.y));
        return array;
    }

    /**
     * Writes the Feature that {@link #feature} builds, member for member, without building it.
     *
     * @throws IOException from the generator
     */
    static void write(JsonGenerator out, long id, Geometry geometry, Map<String, Object> attributes)
            throws IOException {
        new Writer(out).write(id, geometry, attributes);
    }

    /**
     * Writes Features to one generator, member for member as {@link #feature} builds them, for one page on
     * one thread. It keeps the quoted attribute names and a character buffer between features.
     *
     * <p>When the generator writes shortest decimals ({@link StreamWriteFeature#USE_FAST_DOUBLE_WRITER}),
     * positions are written as raw text. A coordinate rounded by {@link #round} is m × 10⁻⁷ for an integer m.
     * Below 10⁷ an ulp is far smaller than 10⁻⁷, so no other decimal with as few digits lies within the
     * double's rounding interval, and the shortest decimal is m × 10⁻⁷ without trailing zeros. Jackson
     * writes it in plain notation from 10⁻³ up to 10⁷, as this class does. A position with a coordinate
     * outside that range goes through the generator.
     */
    static final class Writer {
        /** Smallest |m| written as raw text: 10⁻³ × 10⁷. */
        private static final long MIN_PLAIN_SCALED = 10_000L;
        /** Bound on |m| written as raw text: 10⁷ × 10⁷. */
        private static final long MAX_PLAIN_SCALED = 100_000_000_000_000L;

        private final JsonGenerator out;
        private final boolean shortestDoubles;
        private final Map<String, SerializableString> names = new HashMap<>();
        /** One position as text: two signed coordinates of at most 7 + 1 + 7 digits, brackets and a comma. */
        private final char[] text = new char[48];

        Writer(JsonGenerator out) {
            this.out = out;
            this.shortestDoubles = out.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
        }

        /**
         * Writes one Feature.
         *
         * @throws IOException from the generator
         */
        void write(long id, Geometry geometry, Map<String, Object> attributes) throws IOException {
            out.writeStartObject();
            out.writeStringField("type", "Feature");
            out.writeNumberField("id", id);
            out.writeFieldName("geometry");
            writeGeometry(geometry);
            out.writeObjectFieldStart("properties");
            for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
                out.writeFieldName(names.computeIfAbsent(attribute.getKey(), SerializedString::new));
                writeValue(out, attribute.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
        }

        private void writeGeometry(Geometry geometry) throws IOException {
            if (geometry == null || geometry.isEmpty()) {
                out.writeNull();
                return;
            }
            out.writeStartObject();
            if (geometry instanceof Point point) {
                out.writeStringField("type", "Point");
                out.writeFieldName("coordinates");
                writePosition(point.getCoordinate());
            } else if (geometry instanceof LineString line) {
                out.writeStringField("type", "LineString");
                out.writeFieldName("coordinates");
                writePositions(line.getCoordinateSequence());
            } else if (geometry instanceof Polygon polygon) {
                out.writeStringField("type", "Polygon");
                out.writeFieldName("coordinates");
                writeRings(polygon);
            } else if (geometry instanceof MultiPoint || geometry instanceof MultiLineString
                    || geometry instanceof MultiPolygon) {
                out.writeStringField("type", geometry.getGeometryType());
                out.writeArrayFieldStart("coordinates");
                for (int i = 0; i < geometry.getNumGeometries(); i++) {
                    Geometry part = geometry.getGeometryN(i);
                    if (part instanceof Point point) {
                        writePosition(point.getCoordinate());
                    } else if (part instanceof LineString line) {
                        writePositions(line.getCoordinateSequence());
                    } else {
                        writeRings((Polygon) part);
                    }
                }
                out.writeEndArray();
            } else {
                GeometryCollection collection = (GeometryCollection) geometry;
                out.writeStringField("type", "GeometryCollection");
                out.writeArrayFieldStart("geometries");
                for (int i = 0; i < collection.getNumGeometries(); i++) {
                    Geometry member = collection.getGeometryN(i);
                    if (!member.isEmpty()) {
                        writeGeometry(member);
                    }
                }
                out.writeEndArray();
            }
            out.writeEndObject();
        }

        private void writeRings(Polygon polygon) throws IOException {
            out.writeStartArray();
            writePositions(polygon.getExteriorRing().getCoordinateSequence());
            for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
                writePositions(polygon.getInteriorRingN(i).getCoordinateSequence());
            }
            out.writeEndArray();
        }

        private void writePositions(CoordinateSequence positions) throws IOException {
            out.writeStartArray();
            for (int i = 0; i < positions.size(); i++) {
                writePosition(positions.getX(i), positions.getY(i));
            }
            out.writeEndArray();
        }

        private void writePosition(Coordinate coordinate) throws IOException {
            writePosition(coordinate.x, coordinate.y);
        }

        private void writePosition(double x, double y) throws IOException {
            long scaledX = Math.round(x * SCALE);
            long scaledY = Math.round(y * SCALE);
            if (!shortestDoubles || !plain(scaledX) || !plain(scaledY)) {
                out.writeStartArray();
                out.writeNumber(scaledX / SCALE);
                out.writeNumber(scaledY / SCALE);
                out.writeEndArray();
                return;
            }
            int length = 0;
            text[length++] = '[';
            length = appendDegrees(scaledX, length);
            text[length++] = ',';
            length = appendDegrees(scaledY, length);
            text[length++] = ']';
            out.writeRawValue(text, 0, length);
        }

        private static boolean plain(long scaled) {
            long magnitude = Math.abs(scaled);
            return magnitude >= MIN_PLAIN_SCALED && magnitude < MAX_PLAIN_SCALED;
        }

        /** Appends m × 10⁻⁷ to {@link #text} at {@code start} and returns the new length. */
        private int appendDegrees(long scaled, int start) {
            int length = start;
            long magnitude = scaled;
            if (magnitude < 0) {
                text[length++] = '-';
                magnitude = -magnitude;
            }
            long whole = magnitude / 10_000_000L;
            long fraction = magnitude % 10_000_000L;

            int digits = 1;
            for (long rest = whole / 10; rest > 0; rest /= 10) {
                digits++;
            }
            for (int i = length + digits - 1; i >= length; i--) {
                text[i] = (char) ('0' + whole % 10);
                whole /= 10;
            }
            length += digits;
            text[length++] = '.';
            if (fraction == 0) {
                text[length++] = '0';
                return length;
            }

            int fractionDigits = DECIMALS;
            while (fraction % 10 == 0) {
                fraction /= 10;
                fractionDigits--;
            }
            for (int i = length + fractionDigits - 1; i >= length; i--) {
                text[i] = (char) ('0' + fraction % 10);
                fraction /= 10;
            }
            return length + fractionDigits;
        }
    }

    /** Writes an attribute value as {@link #putValue} puts it. */
    private static void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            double real = number.doubleValue();
            if (Double.isFinite(real)) {
                out.writeNumber(real);
            } else {
                out.writeNull();
            }
        } else {
            out.writeString(value.toString());
        }
    }

    /** Rounds degrees to {@value #DECIMALS} decimals. */
    static double round(double degrees) {
        return Math.round(degrees * SCALE) / SCALE;
    }

    /** Puts an attribute value (String, Long, Double, Boolean, other → text, null) into {@code node}. */
    static void putValue(ObjectNode node, String name, Object value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof Boolean flag) {
            node.put(name, flag);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            node.put(name, ((Number) value).longValue());
        } else if (value instanceof Number number) {
            double real = number.doubleValue();
            if (Double.isFinite(real)) {
                node.put(name, real);
            } else {
                node.putNull(name);
            }
        } else {
            node.put(name, value.toString());
        }
    }
}
