package org.communitygis.roads;

import java.util.Locale;
import java.util.Map;

/**
 * The carriageway width a damage zone polygon is drawn with, m.
 *
 * <p>Taken from {@code width_m} when it is positive, else {@code lanes} × 3.5 m, else a default by OSM
 * {@code highway} class (a {@code _link} counts as its class): motorway 20, trunk 9, primary 6, secondary
 * 5.5, tertiary 4.5, unclassified and residential 4, living_street and service 3.5, track 3, footway,
 * path, cycleway, bridleway, pedestrian and steps 2, anything else 4. These widths and the 3.5 m lane are
 * planning defaults for village and township roads, not figures from a standard.
 */
final class RoadWidths {
    /** Width of one lane, m, used when only {@code lanes} is known. */
    static final double LANE_WIDTH_M = 3.5;
    /** Width of a road whose class has no default, m. */
    static final double FALLBACK_WIDTH_M = 4.0;

    private static final Map<String, Double> BY_CLASS = Map.ofEntries(
            Map.entry("motorway", 20.0), Map.entry("trunk", 9.0), Map.entry("primary", 6.0),
            Map.entry("secondary", 5.5), Map.entry("tertiary", 4.5), Map.entry("unclassified", 4.0),
            Map.entry("residential", 4.0), Map.entry("living_street", 3.5), Map.entry("service", 3.5),
            Map.entry("track", 3.0), Map.entry("footway", 2.0), Map.entry("path", 2.0),
            Map.entry("cycleway", 2.0), Map.entry("bridleway", 2.0), Map.entry("pedestrian", 2.0),
            Map.entry("steps", 2.0));

    private RoadWidths() {
    }

    /** Returns the default width of a {@code highway} class, m ({@link #FALLBACK_WIDTH_M} when unknown). */
    static double byClass(String highway) {
        if (highway == null) {
            return FALLBACK_WIDTH_M;
        }
        String key = highway.trim().toLowerCase(Locale.ROOT);
        if (key.endsWith("_link")) {
            key = key.substring(0, key.length() - "_link".length());
        }
        return BY_CLASS.getOrDefault(key, FALLBACK_WIDTH_M);
    }

    /**
     * Returns the road width, m, from {@code width_m}, then {@code lanes}, then the class default. A
     * width or lane count that is not positive is ignored.
     */
    static double of(double widthM, long lanes, String highway) {
        if (widthM > 0 && !Double.isInfinite(widthM)) {
            return widthM;
        }
        if (lanes > 0) {
            return lanes * LANE_WIDTH_M;
        }
        return byClass(highway);
    }
}
