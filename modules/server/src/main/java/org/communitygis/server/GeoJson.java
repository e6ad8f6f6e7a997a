package org.communitygis.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
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
        out.writeStartObject();
        out.writeStringField("type", "Feature");
        out.writeNumberField("id", id);
        out.writeFieldName("geometry");
        writeGeometry(out, geometry);
        out.writeObjectFieldStart("properties");
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            out.writeFieldName(attribute.getKey());
            writeValue(out, attribute.getValue());
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void writeGeometry(JsonGenerator out, Geometry geometry) throws IOException {
        if (geometry == null || geometry.isEmpty()) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        if (geometry instanceof Point point) {
            out.writeStringField("type", "Point");
            out.writeFieldName("coordinates");
            writePosition(out, point.getCoordinate());
        } else if (geometry instanceof LineString line) {
            out.writeStringField("type", "LineString");
            out.writeFieldName("coordinates");
            writePositions(out, line.getCoordinates());
        } else if (geometry instanceof Polygon polygon) {
            out.writeStringField("type", "Polygon");
            out.writeFieldName("coordinates");
            writeRings(out, polygon);
        } else if (geometry instanceof MultiPoint || geometry instanceof MultiLineString
                || geometry instanceof MultiPolygon) {
            out.writeStringField("type", geometry.getGeometryType());
            out.writeArrayFieldStart("coordinates");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                Geometry part = geometry.getGeometryN(i);
                if (part instanceof Point point) {
                    writePosition(out, point.getCoordinate());
                } else if (part instanceof LineString line) {
                    writePositions(out, line.getCoordinates());
                } else {
                    writeRings(out, (Polygon) part);
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
                    writeGeometry(out, member);
                }
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private static void writeRings(JsonGenerator out, Polygon polygon) throws IOException {
        out.writeStartArray();
        writePositions(out, polygon.getExteriorRing().getCoordinates());
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            writePositions(out, polygon.getInteriorRingN(i).getCoordinates());
        }
        out.writeEndArray();
    }

    private static void writePositions(JsonGenerator out, Coordinate[] coordinates) throws IOException {
        out.writeStartArray();
        for (Coordinate coordinate : coordinates) {
            writePosition(out, coordinate);
        }
        out.writeEndArray();
    }

    private static void writePosition(JsonGenerator out, Coordinate coordinate) throws IOException {
        out.writeStartArray();
        writeDegrees(out, coordinate.x);
        writeDegrees(out, coordinate.y);
        out.writeEndArray();
    }

    /**
     * Writes {@link #round round(degrees)} as the generator would, faster when the generator writes
     * shortest decimals ({@link StreamWriteFeature#USE_FAST_DOUBLE_WRITER}). The rounded value is
     * m × 10⁻⁷ for an integer m. Below 10⁷ an ulp is far smaller than 10⁻⁷, so no other decimal with as
     * few digits lies within the double's rounding interval, and the shortest decimal is m × 10⁻⁷ without
     * trailing zeros. Jackson writes it in plain notation from 10⁻³ up to 10⁷, as this method does. Other
     * values go through the generator.
     */
    private static void writeDegrees(JsonGenerator out, double degrees) throws IOException {
        long scaled = Math.round(degrees * SCALE);
        double rounded = scaled / SCALE;
        double magnitude = Math.abs(rounded);
        if (magnitude < 1e-3 || magnitude >= 1e7 || !out.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)) {
            out.writeNumber(rounded);
            return;
        }

        char[] text = new char[20];
        int length = 0;
        if (scaled < 0) {
            text[length++] = '-';
            scaled = -scaled;
        }
        long whole = scaled / 10_000_000L;
        long fraction = scaled % 10_000_000L;

        String digits = Long.toString(whole);
        digits.getChars(0, digits.length(), text, length);
        length += digits.length();
        text[length++] = '.';
        if (fraction == 0) {
            text[length++] = '0';
        } else {
            int fractionDigits = DECIMALS;
            while (fraction % 10 == 0) {
                fraction /= 10;
                fractionDigits--;
            }
            for (int i = length + fractionDigits - 1; i >= length; i--) {
                text[i] = (char) ('0' + fraction % 10);
                fraction /= 10;
            }
            length += fractionDigits;
        }
        out.writeRawValue(text, 0, length);
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
