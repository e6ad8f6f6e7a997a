package org.communitygis.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Converts between GeoJSON geometry objects (RFC 7946 §3.1) and JTS geometries, in two dimensions.
 *
 * <p>Reading drops a third coordinate (elevation) and rejects positions with fewer than two numbers, lines
 * with fewer than two positions and rings that are not closed or have fewer than four positions. Writing
 * rounds every ordinate to a fixed number of decimals and orients polygon exterior rings counter-clockwise
 * and holes clockwise, as RFC 7946 §3.1.6 asks.
 */
final class GeoJsonGeometry {
    private GeoJsonGeometry() {
    }

    /**
     * Parses a GeoJSON geometry object.
     *
     * @throws IllegalArgumentException with an English reason when the object is not a valid geometry
     */
    static Geometry parse(JsonNode node, GeometryFactory factory) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("geometry is not a JSON object");
        }
        String type = node.path("type").asText("");
        if (type.equals("GeometryCollection")) {
            JsonNode members = node.path("geometries");
            if (!members.isArray()) {
                throw new IllegalArgumentException("GeometryCollection without a \"geometries\" array");
            }
            Geometry[] parts = new Geometry[members.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = parse(members.get(i), factory);
            }
            return factory.createGeometryCollection(parts);
        }
        JsonNode coordinates = node.path("coordinates");
        if (!coordinates.isArray()) {
            throw new IllegalArgumentException(type + " without a \"coordinates\" array");
        }
        switch (type) {
            case "Point":
                return coordinates.isEmpty() ? factory.createPoint() : factory.createPoint(position(coordinates));
            case "MultiPoint":
                return factory.createMultiPointFromCoords(positions(coordinates, 0));
            case "LineString":
                return lineString(coordinates, factory);
            case "MultiLineString": {
                LineString[] lines = new LineString[coordinates.size()];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = lineString(coordinates.get(i), factory);
                }
                return factory.createMultiLineString(lines);
            }
            case "Polygon":
                return polygon(coordinates, factory);
            case "MultiPolygon": {
                Polygon[] polygons = new Polygon[coordinates.size()];
                for (int i = 0; i < polygons.length; i++) {
                    polygons[i] = polygon(coordinates.get(i), factory);
                }
                return factory.createMultiPolygon(polygons);
            }
            default:
                throw new IllegalArgumentException("unknown geometry type \"" + type + "\"");
        }
    }

    private static LineString lineString(JsonNode coordinates, GeometryFactory factory) {
        if (coordinates.isArray() && coordinates.isEmpty()) {
            return factory.createLineString();
        }
        return factory.createLineString(positions(coordinates, 2));
    }

    private static Polygon polygon(JsonNode rings, GeometryFactory factory) {
        if (!rings.isArray()) {
            throw new IllegalArgumentException("polygon is not an array of rings");
        }
        if (rings.isEmpty()) {
            return factory.createPolygon();
        }
        LinearRing shell = ring(rings.get(0), factory);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), factory);
        }
        return factory.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode positions, GeometryFactory factory) {
        Coordinate[] coordinates = positions(positions, 4);
        if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
            throw new IllegalArgumentException("polygon ring is not closed (first position differs from last)");
        }
        return factory.createLinearRing(coordinates);
    }

    private static Coordinate[] positions(JsonNode array, int minimum) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected an array of positions");
        }
        if (array.size() < minimum) {
            throw new IllegalArgumentException("expected at least " + minimum + " positions, found " + array.size());
        }
        Coordinate[] coordinates = new Coordinate[array.size()];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = position(array.get(i));
        }
        return coordinates;
    }

    private static Coordinate position(JsonNode position) {
        if (!position.isArray() || position.size() < 2 || !position.get(0).isNumber() || !position.get(1).isNumber()) {
            throw new IllegalArgumentException("position " + position + " is not an array of two or three numbers");
        }
        double x = position.get(0).doubleValue();
        double y = position.get(1).doubleValue();
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("position " + position + " is not finite");
        }
        return new Coordinate(x, y);
    }

    /** Writes {@code geometry} as a GeoJSON geometry object, ordinates rounded to {@code decimals}. */
    static void write(JsonGenerator out, Geometry geometry, int decimals) throws IOException {
        out.writeStartObject();
        if (geometry instanceof GeometryCollection collection && !(geometry instanceof MultiPoint)
                && !(geometry instanceof MultiLineString) && !(geometry instanceof MultiPolygon)) {
            out.writeStringField("type", "GeometryCollection");
            out.writeArrayFieldStart("geometries");
            for (int i = 0; i < collection.getNumGeometries(); i++) {
                write(out, collection.getGeometryN(i), decimals);
            }
            out.writeEndArray();
            out.writeEndObject();
            return;
        }
        out.writeStringField("type", geometry.getGeometryType().equals("LinearRing") ? "LineString"
                : geometry.getGeometryType());
        out.writeFieldName("coordinates");
        if (geometry instanceof Point point) {
            if (point.isEmpty()) {
                out.writeStartArray();
                out.writeEndArray();
            } else {
                writePosition(out, point.getX(), point.getY(), decimals);
            }
        } else if (geometry instanceof LineString line) {
            writeSequence(out, line.getCoordinateSequence(), false, decimals);
        } else if (geometry instanceof Polygon polygon) {
            writePolygon(out, polygon, decimals);
        } else {
            out.writeStartArray();
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                Geometry part = geometry.getGeometryN(i);
                if (part instanceof Point point) {
                    writePosition(out, point.getX(), point.getY(), decimals);
                } else if (part instanceof LineString line) {
                    writeSequence(out, line.getCoordinateSequence(), false, decimals);
                } else {
                    writePolygon(out, (Polygon) part, decimals);
                }
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private static void writePolygon(JsonGenerator out, Polygon polygon, int decimals) throws IOException {
        out.writeStartArray();
        if (!polygon.isEmpty()) {
            CoordinateSequence shell = polygon.getExteriorRing().getCoordinateSequence();
            writeSequence(out, shell, !Orientation.isCCW(shell), decimals);
            for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
                CoordinateSequence hole = polygon.getInteriorRingN(i).getCoordinateSequence();
                writeSequence(out, hole, Orientation.isCCW(hole), decimals);
            }
        }
        out.writeEndArray();
    }

    private static void writeSequence(JsonGenerator out, CoordinateSequence sequence, boolean reversed, int decimals)
            throws IOException {
        out.writeStartArray();
        int n = sequence.size();
        for (int k = 0; k < n; k++) {
            int i = reversed ? n - 1 - k : k;
            writePosition(out, sequence.getX(i), sequence.getY(i), decimals);
        }
        out.writeEndArray();
    }

    private static void writePosition(JsonGenerator out, double x, double y, int decimals) throws IOException {
        out.writeStartArray();
        out.writeNumber(round(x, decimals));
        out.writeNumber(round(y, decimals));
        out.writeEndArray();
    }

    /** Rounds half away from zero to {@code decimals} digits, without a binary-fraction tail in the output. */
    static BigDecimal round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
