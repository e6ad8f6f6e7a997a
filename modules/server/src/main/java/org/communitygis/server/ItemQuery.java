package org.communitygis.server;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Envelope;

/**
 * The validated parameters of {@code /collections/{id}/items}.
 *
 * <p>Rules (OGC API – Features – Part 1, clauses 7.15.2–7.15.4):
 * <ul>
 * <li>{@code limit}: whole number ≥ 1, default {@value #DEFAULT_LIMIT}; values above
 * {@value #MAX_LIMIT} are clamped to it.</li>
 * <li>{@code offset}: whole number ≥ 0, default 0; an offset past the last match gives an empty page.</li>
 * <li>{@code bbox}: {@code minLon,minLat,maxLon,maxLat} in CRS84 degrees, or six numbers
 * {@code minLon,minLat,minZ,maxLon,maxLat,maxZ} whose heights are ignored. {@code minLon > maxLon}
 * means the box crosses the antimeridian and is split into two boxes. Longitudes must lie in
 * [−180, 180] and latitudes in [−90, 90] with {@code minLat ≤ maxLat}.</li>
 * </ul>
 *
 * @param limit maximum number of features on the page, 1…{@value #MAX_LIMIT}
 * @param offset number of matching features skipped before the page
 * @param boxes one box, two for an antimeridian crossing, or empty when no {@code bbox} was given
 */
public record ItemQuery(int limit, long offset, List<Envelope> boxes) {
    /** Page size when {@code limit} is absent. */
    public static final int DEFAULT_LIMIT = 10;
    /** Largest page size; larger requests are clamped to it. */
    public static final int MAX_LIMIT = 10_000;
    /** Parameters accepted by the items endpoint. */
    public static final Set<String> PARAMETERS = Set.of("limit", "offset", "bbox", QueryParameters.FORMAT);

    /**
     * Validates the items parameters.
     *
     * @throws ApiException (400) naming the unknown or invalid parameter
     */
    public static ItemQuery parse(QueryParameters parameters) {
        parameters.requireOnly(PARAMETERS);
        int limit = parseLimit(parameters.get("limit"));
        long offset = parseOffset(parameters.get("offset"));
        String bbox = parameters.get("bbox");
        return new ItemQuery(limit, offset, bbox == null ? List.of() : parseBbox(bbox));
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

    private static List<Envelope> parseBbox(String text) {
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
        double minLon = numbers[0];
        double minLat = numbers[1];
        double maxLon = numbers[half];
        double maxLat = numbers[half + 1];
        if (Math.abs(minLon) > 180 || Math.abs(maxLon) > 180 || Math.abs(minLat) > 90 || Math.abs(maxLat) > 90) {
            throw ApiException.badParameter("param.bbox.range", text);
        }
        if (minLat > maxLat) {
            throw ApiException.badParameter("param.bbox.latitude", text, parts[1].trim(), parts[half + 1].trim());
        }

        if (minLon <= maxLon) {
            return List.of(new Envelope(minLon, maxLon, minLat, maxLat));
        }
        return List.of(new Envelope(minLon, 180, minLat, maxLat), new Envelope(-180, maxLon, minLat, maxLat));
    }
}
