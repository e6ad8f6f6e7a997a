package org.communitygis.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Converts JTS geometries and attribute maps to GeoJSON (RFC 7946) trees.
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
