package org.communitygis.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Reads a GeoJSON file (RFC 7946, plain or gzip-compressed) into one layer: a FeatureCollection, a single
 * Feature or a bare geometry.
 *
 * <p>The file is streamed with Jackson's parser, and only one feature at a time is held as a JSON tree, so
 * memory grows with the parsed features, not with the JSON text. Members may come in any order.
 *
 * <ul>
 * <li>CRS: the legacy (2008) {@code crs} member of type {@code name} (e.g.
 * {@code urn:ogc:def:crs:EPSG::4544}) or {@code EPSG} is honoured and the coordinates are taken as they are,
 * easting or longitude first. Without it the layer is CRS:84. A {@code link} CRS is ignored with a warning.
 * <li>Layer name: the file name without {@code .gz}, {@code .geojson} or {@code .json}, sanitized with
 * {@link SourceLayerNames#of}.
 * <li>Field types per property, nulls ignored: only integers → INTEGER, integers and decimals → REAL, only
 * booleans → BOOLEAN, otherwise STRING. Objects and arrays become JSON text.
 * <li>Geometry kind: the common kind, or its multi kind when single and multi parts mix (Polygon with
 * MultiPolygon → MULTIPOLYGON), or GEOMETRY when families mix or a GeometryCollection occurs.
 * <li>Feature ids: the features' {@code id} when every kept feature has a unique positive integer id, else
 * 1..n in file order.
 * <li>Skipped with a warning naming {@code features[i]} (0-based, as in the file): null, empty and malformed
 * geometries. Invalid geometries are repaired with JTS {@link GeometryFixer}, with a warning.
 * </ul>
 */
public final class GeoJsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> GEOMETRY_TYPES = Set.of("Point", "MultiPoint", "LineString", "MultiLineString",
            "Polygon", "MultiPolygon", "GeometryCollection");

    private final Path file;
    private final Diagnostics diagnostics;
    private final GeometryFactory factory = new GeometryFactory();
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, ColumnStats> columns = new LinkedHashMap<>();

    private GeoJsonReader(Path file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /**
     * Reads {@code file} into a layer named after the file.
     *
     * @throws CgisException when the file is missing, unreadable, truncated, not JSON (with line and
     *     column), not GeoJSON, or declares an unknown CRS
     */
    public static FeatureLayer read(Path file, Diagnostics diagnostics) {
        return read(file, layerName(file), diagnostics);
    }

    /** Reads {@code file} into a layer called {@code layerName}. */
    public static FeatureLayer read(Path file, String layerName, Diagnostics diagnostics) {
        GeoJsonReader reader = new GeoJsonReader(file, diagnostics);
        String crs;
        try (InputStream in = GzipSupport.open(file); JsonParser parser = MAPPER.createParser(in)) {
            crs = reader.parse(parser);
        } catch (NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.notFound", file);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String line = location == null ? "?" : String.valueOf(location.getLineNr());
            String column = location == null ? "?" : String.valueOf(location.getColumnNr());
            throw new CgisException(e, IoMessages.BUNDLE, "geojson.malformed", file, line, column, e.getOriginalMessage());
        } catch (EOFException | ZipException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.truncated", file);
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", file, e.getMessage());
        }
        return reader.buildLayer(layerName, crs);
    }

    /** Returns the layer name for {@code file}: its name without GeoJSON and gzip extensions, sanitized. */
    public static String layerName(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".gz", ".geojson", ".json"}) {
            if (lower.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                lower = lower.substring(0, lower.length() - suffix.length());
            }
        }
        return SourceLayerNames.of(name);
    }

    /** Parses the top-level object and returns the layer's CRS code. */
    private String parse(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new CgisException(IoMessages.BUNDLE, "geojson.notGeoJson", file, "-");
        }
        String type = null;
        JsonNode crs = null;
        ObjectNode top = MAPPER.createObjectNode();
        boolean featuresSeen = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "type":
                    type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    break;
                case "crs":
                    crs = parser.readValueAsTree();
                    break;
                case "features":
                    if (value != JsonToken.START_ARRAY) {
                        throw new CgisException(IoMessages.BUNDLE, "geojson.notGeoJson", file, "features");
                    }
                    featuresSeen = true;
                    int index = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        JsonNode feature = parser.readValueAsTree();
                        addFeature(feature, index++);
                    }
                    break;
                case "geometry":
                case "properties":
                case "id":
                case "coordinates":
                case "geometries":
                    top.set(field, parser.readValueAsTree());
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
        if ("FeatureCollection".equals(type)) {
            if (!featuresSeen) {
                throw new CgisException(IoMessages.BUNDLE, "geojson.notGeoJson", file, type);
            }
        } else if ("Feature".equals(type)) {
            addFeature(top, 0);
        } else if (GEOMETRY_TYPES.contains(type)) {
            top.put("type", type);
            ObjectNode feature = MAPPER.createObjectNode();
            feature.set("geometry", top);
            addFeature(feature, 0);
        } else {
            throw new CgisException(IoMessages.BUNDLE, "geojson.notGeoJson", file, String.valueOf(type));
        }
        return crsCode(crs);
    }

    private void addFeature(JsonNode feature, int index) {
        String where = "features[" + index + "]";
        if (!feature.isObject()) {
            diagnostics.warn(IoMessages.BUNDLE, "geojson.badGeometry", file, where, "feature is not a JSON object");
            return;
        }
        JsonNode geometryNode = feature.get("geometry");
        if (geometryNode == null || geometryNode.isNull()) {
            diagnostics.warn(IoMessages.BUNDLE, "geojson.nullGeometry", file, where);
            return;
        }
        Geometry geometry;
        try {
            geometry = GeoJsonGeometry.parse(geometryNode, factory);
        } catch (IllegalArgumentException e) {
            diagnostics.warn(IoMessages.BUNDLE, "geojson.badGeometry", file, where, e.getMessage());
            return;
        }
        if (geometry.isEmpty()) {
            diagnostics.warn(IoMessages.BUNDLE, "geojson.nullGeometry", file, where);
            return;
        }
        geometry = repair(geometry, where);
        if (geometry == null) {
            return;
        }

        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonNode properties = feature.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Object value = value(entry.getValue());
            columns.computeIfAbsent(entry.getKey(), k -> new ColumnStats()).see(value);
            attributes.put(entry.getKey(), value);
        }
        // TODO: string ids ("road.12") are dropped; keeping them in a field would let re-exports match features.
        JsonNode id = feature.get("id");
        Long numericId = id != null && id.canConvertToExactIntegral() && id.canConvertToLong() ? id.longValue() : null;
        pending.add(new Pending(geometry, attributes, numericId));
    }

    private Geometry repair(Geometry geometry, String where) {
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error == null) {
            return geometry;
        }
        Geometry fixed = GeometryFixer.fix(geometry);
        if (fixed.isEmpty()) {
            diagnostics.warn(IoMessages.BUNDLE, "geojson.emptyAfterRepair", file, where, error.getMessage());
            return null;
        }
        diagnostics.warn(IoMessages.BUNDLE, "geojson.repaired", file, where, error.getMessage(),
                String.valueOf(error.getCoordinate()));
        return fixed;
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return new JsonText(node.toString());
    }

    private String crsCode(JsonNode crs) {
        if (crs == null || crs.isNull()) {
            return Crs.CRS84;
        }
        String type = crs.path("type").asText("");
        JsonNode properties = crs.path("properties");
        String reference;
        if (type.equalsIgnoreCase("name")) {
            reference = properties.path("name").asText("");
        } else if (type.equalsIgnoreCase("EPSG")) {
            reference = "EPSG:" + properties.path("code").asText("");
        } else {
            diagnostics.warn(IoMessages.BUNDLE, "geojson.crsIgnored", file, crs.toString());
            return Crs.CRS84;
        }
        try {
            String code = Crs.normalizeCode(reference);
            Crs.forCode(code);
            return code;
        } catch (CgisException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "geojson.crsUnknown", file, reference);
        }
    }

    private FeatureLayer buildLayer(String layerName, String crs) {
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, ColumnStats> column : columns.entrySet()) {
            fields.add(new Field(column.getKey(), column.getValue().type()));
        }
        FeatureLayer layer = new FeatureLayer(layerName, kind(), crs, fields);
        boolean useIds = idsUsable();
        long next = 1;
        for (Pending feature : pending) {
            Map<String, Object> attributes = feature.attributes();
            for (Map.Entry<String, Object> entry : attributes.entrySet()) {
                if (entry.getValue() instanceof JsonText text) {
                    entry.setValue(text.json());
                }
            }
            long id = useIds ? feature.id() : next++;
            layer.add(new Feature(id, feature.geometry(), attributes));
        }
        return layer;
    }

    private boolean idsUsable() {
        Set<Long> seen = new HashSet<>();
        for (Pending feature : pending) {
            if (feature.id() == null || feature.id() <= 0 || !seen.add(feature.id())) {
                return false;
            }
        }
        return true;
    }

    private GeometryKind kind() {
        EnumSet<GeometryKind> kinds = EnumSet.noneOf(GeometryKind.class);
        for (Pending feature : pending) {
            kinds.add(GeometryKind.of(feature.geometry()));
        }
        if (kinds.size() == 1) {
            return kinds.iterator().next();
        }
        if (EnumSet.of(GeometryKind.POINT, GeometryKind.MULTIPOINT).containsAll(kinds)) {
            return GeometryKind.MULTIPOINT;
        }
        if (EnumSet.of(GeometryKind.LINESTRING, GeometryKind.MULTILINESTRING).containsAll(kinds)) {
            return GeometryKind.MULTILINESTRING;
        }
        if (EnumSet.of(GeometryKind.POLYGON, GeometryKind.MULTIPOLYGON).containsAll(kinds)) {
            return GeometryKind.MULTIPOLYGON;
        }
        return GeometryKind.GEOMETRY;
    }

    /** A parsed feature waiting for the column types, which are known only at the end of the file. */
    private record Pending(Geometry geometry, Map<String, Object> attributes, Long id) {
    }

    /** A property value that was a JSON object or array, kept as its JSON text. */
    private record JsonText(String json) {
        @Override
        public String toString() {
            return json;
        }
    }

    /** The value classes seen in one property column. */
    private static final class ColumnStats {
        private boolean integers;
        private boolean reals;
        private boolean booleans;
        private boolean texts;

        void see(Object value) {
            if (value instanceof Long) {
                integers = true;
            } else if (value instanceof Double) {
                reals = true;
            } else if (value instanceof Boolean) {
                booleans = true;
            } else if (value != null) {
                texts = true;
            }
        }

        FieldType type() {
            boolean numbers = integers || reals;
            if (texts || (booleans && numbers)) {
                return FieldType.STRING;
            }
            if (booleans) {
                return FieldType.BOOLEAN;
            }
            if (reals) {
                return FieldType.REAL;
            }
            return integers ? FieldType.INTEGER : FieldType.STRING;
        }
    }
}
