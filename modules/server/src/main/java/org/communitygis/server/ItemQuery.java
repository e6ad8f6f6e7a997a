package org.communitygis.server;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.FieldType;
import org.locationtech.jts.geom.Envelope;

/**
 * The validated parameters of {@code /collections/{id}/items}.
 *
 * <p>Rules (OGC API – Features – Part 1, clauses 7.15.2–7.15.4, Part 2 clause 6 and Part 3 clause 8):
 * <ul>
 * <li>{@code limit}: whole number ≥ 1, default {@value #DEFAULT_LIMIT}; values above
 * {@value #MAX_LIMIT} are clamped to it.</li>
 * <li>{@code offset}: whole number ≥ 0, default 0; an offset past the last match gives an empty page.</li>
 * <li>{@code bbox}: four numbers, or six whose heights are ignored, in {@code bbox-crs} (default CRS84)
 * and in that CRS's authoritative axis order: {@code minLon,minLat,maxLon,maxLat} for CRS84,
 * {@code minLat,minLon,maxLat,maxLon} for EPSG:4326 and EPSG:4490, northing before easting for the
 * Gauss-Krüger CRSs. In a geographic CRS a minimum longitude greater than the maximum means the box
 * crosses the antimeridian, so it is split into two boxes. Longitudes must lie in [−180, 180] and
 * latitudes in [−90, 90]. In a projected CRS each minimum must not exceed its maximum.</li>
 * <li>{@code crs}, {@code bbox-crs}, {@code filter-crs}: one of the collection's CRSs as a URI.</li>
 * <li>{@code filter} with {@code filter-lang=cql2-text} (the default): see {@link Cql2Parser}.</li>
 * <li>{@code properties}: comma-separated property names to keep; empty keeps none.</li>
 * <li>{@code name=value} for any queryable property that does not share its name with a parameter above:
 * the feature's property must equal the value (Part 1, "parameters for filtering on feature properties").
 * Numbers compare numerically, {@code true}/{@code false} as booleans, text exactly. The conditions are
 * combined with AND, and with {@code bbox} and {@code filter}.</li>
 * </ul>
 *
 * @param limit maximum number of features on the page, 1…{@value #MAX_LIMIT}
 * @param offset number of matching features skipped before the page
 * @param boxes CRS84 boxes: one, two for an antimeridian crossing, or empty when no {@code bbox} was given
 * @param crs CRS of the response geometries
 * @param filter the CQL2 filter AND the property equality conditions, or null when neither was given
 * @param properties the property names to send, or null for all
 */
public record ItemQuery(int limit, long offset, List<Envelope> boxes, ServedCrs crs, Cql2Filter filter,
        List<String> properties) {
    /** Page size when {@code limit} is absent. */
    public static final int DEFAULT_LIMIT = 10;
    /** Largest page size; larger requests are clamped to it. */
    public static final int MAX_LIMIT = 10_000;
    /** Parameters accepted by the items endpoint. */
    public static final Set<String> PARAMETERS = Set.of("limit", "offset", "bbox", "bbox-crs", "crs", "filter",
            "filter-lang", "filter-crs", "properties", QueryParameters.FORMAT);
    /** The only filter language supported. */
    static final String CQL2_TEXT = "cql2-text";

    /**
     * Validates the items parameters of a CRS84-only request (no collection CRS list, no queryables).
     *
     * @throws ApiException (400) naming the unknown or invalid parameter
     */
    public static ItemQuery parse(QueryParameters parameters) {
        return parse(parameters, List.of(ServedCrs.CRS84), Map.of());
    }

    /**
     * Validates the items parameters against a collection's CRS list and queryables.
     *
     * @param supported CRSs the collection is served in, CRS84 first
     * @param queryables property names and types usable in {@code filter} and {@code properties}
     * @throws ApiException (400) naming the unknown or invalid parameter
     */
    static ItemQuery parse(QueryParameters parameters, List<ServedCrs> supported, Map<String, FieldType> queryables) {
        Set<String> accepted = new HashSet<>(PARAMETERS);
        accepted.addAll(queryables.keySet());
        parameters.requireOnly(accepted);
        int limit = parseLimit(parameters.get("limit"));
        long offset = parseOffset(parameters.get("offset"));
        ServedCrs crs = crsParameter(parameters, "crs", supported);
        ServedCrs bboxCrs = crsParameter(parameters, "bbox-crs", supported);
        ServedCrs filterCrs = crsParameter(parameters, "filter-crs", supported);
        String bbox = parameters.get("bbox");
        List<Envelope> boxes = bbox == null ? List.of() : parseBbox(bbox, bboxCrs);

        String language = parameters.get("filter-lang");
        if (language != null && !language.equals(CQL2_TEXT)) {
            throw ApiException.badParameter("param.filterLang", language);
        }
        String filterText = parameters.get("filter");
        Cql2Filter filter = null;
        if (filterText != null) {
            filter = Cql2Parser.parse(filterText, queryables, filterCrs);
        }
        for (Map.Entry<String, String> parameter : parameters.asMap().entrySet()) {
            FieldType type = PARAMETERS.contains(parameter.getKey()) ? null : queryables.get(parameter.getKey());
            if (type != null) {
                Cql2Filter equality = equality(parameter.getKey(), type, parameter.getValue());
                filter = filter == null ? equality : new Cql2Filter.And(filter, equality);
            }
        }
        return new ItemQuery(limit, offset, boxes, crs, filter, parseProperties(parameters.get("properties"),
                queryables));
    }

    /** Returns the condition {@code name = value} with the value converted to the property's type. */
    private static Cql2Filter equality(String name, FieldType type, String text) {
        Object value;
        switch (type) {
            case INTEGER:
            case REAL:
                try {
                    value = Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    throw ApiException.badParameter("param.propertyNumber", text, name);
                }
                if (!Double.isFinite((Double) value)) {
                    throw ApiException.badParameter("param.propertyNumber", text, name);
                }
                break;
            case BOOLEAN:
                String flag = text.trim().toLowerCase(java.util.Locale.ROOT);
                if (!flag.equals("true") && !flag.equals("false")) {
                    throw ApiException.badParameter("param.propertyBoolean", text, name);
                }
                value = Boolean.valueOf(flag);
                break;
            default:
                value = text;
                break;
        }
        return new Cql2Filter.Comparison(new Cql2Filter.Property(name), Cql2Filter.Operator.EQ,
                new Cql2Filter.Literal(value));
    }

    private static ServedCrs crsParameter(QueryParameters parameters, String name, List<ServedCrs> supported) {
        String value = parameters.get(name);
        if (value == null) {
            return ServedCrs.CRS84;
        }
        for (ServedCrs crs : supported) {
            if (crs.uri().equals(value.trim())) {
                return crs;
            }
        }
        List<String> uris = new ArrayList<>();
        supported.forEach(crs -> uris.add(crs.uri()));
        throw ApiException.badParameter("param.crs", value, name, String.join(", ", uris));
    }

    private static List<String> parseProperties(String text, Map<String, FieldType> queryables) {
        if (text == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        if (text.isBlank()) {
            return names;
        }
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            if (!queryables.containsKey(name)) {
                throw ApiException.badParameter("param.properties", name,
                        String.join(", ", new TreeSet<>(queryables.keySet())));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
    /** Returns the validated {@code offset} parameter, 0 when absent. */
    static long offset(QueryParameters parameters) {
        return parseOffset(parameters.get("offset"));
    }

    private static int parseLimit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        BigInteger value = parseWholeNumber(text.trim());
        if (value == null || value.signum() <= 0) {
            throw ApiException.badParameter("param.limit", text, MAX_LIMIT);
        }
        return value.compareTo(BigInteger.valueOf(MAX_LIMIT)) > 0 ? MAX_LIMIT : value.intValue();
    }

    private static long parseOffset(String text) {
        if (text == null) {
            return 0;
        }
        BigInteger value = parseWholeNumber(text.trim());
        if (value == null || value.signum() < 0) {
            throw ApiException.badParameter("param.offset", text);
        }
        // Any offset beyond Long.MAX_VALUE is past the last feature anyway.
        return value.bitLength() > 62 ? Long.MAX_VALUE : value.longValue();
    }

    private static BigInteger parseWholeNumber(String text) {
        if (!text.matches("[+-]?[0-9]{1,100}")) {
            return null;
        }
        return new BigInteger(text);
    }

    private static List<Envelope> parseBbox(String text, ServedCrs crs) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw ApiException.badParameter("param.bbox.count", text, parts.length);
        }

        double[] numbers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw ApiException.badParameter("param.bbox.number", text, parts[i]);
            }
            if (!Double.isFinite(numbers[i])) {
                throw ApiException.badParameter("param.bbox.number", text, parts[i]);
            }
        }

        int half = parts.length / 2;
        int xAxis = crs.swapsAxes() ? 1 : 0;
        int yAxis = 1 - xAxis;
        double minX = numbers[xAxis];
        double minY = numbers[yAxis];
        double maxX = numbers[half + xAxis];
        double maxY = numbers[half + yAxis];
        if (!crs.geographic()) {
            if (minX > maxX || minY > maxY) {
                throw ApiException.badParameter("param.bbox.order", text);
            }
            try {
                return List.of(crs.toCrs84(new Envelope(minX, maxX, minY, maxY)));
            } catch (CgisException e) {
                throw ApiException.badParameter("param.bbox.transform", text, crs.uri());
            }
        }

        if (Math.abs(minX) > 180 || Math.abs(maxX) > 180 || Math.abs(minY) > 90 || Math.abs(maxY) > 90) {
            throw ApiException.badParameter("param.bbox.range", text);
        }
        if (minY > maxY) {
            throw ApiException.badParameter("param.bbox.latitude", text, parts[yAxis].trim(),
                    parts[half + yAxis].trim());
        }
        List<Envelope> boxes = minX <= maxX ? List.of(new Envelope(minX, maxX, minY, maxY))
                : List.of(new Envelope(minX, 180, minY, maxY), new Envelope(-180, maxX, minY, maxY));
        if (crs.code().equals(ServedCrs.CRS84.code())) {
            return boxes;
        }
        // EPSG:4326 and EPSG:4490 differ from CRS84 by well under a metre; transform anyway for exactness.
        List<Envelope> transformed = new ArrayList<>();
        try {
            for (Envelope box : boxes) {
                transformed.add(crs.toCrs84(box));
            }
        } catch (CgisException e) {
            throw ApiException.badParameter("param.bbox.transform", text, crs.uri());
        }
        return transformed;
    }
}
