package org.communitygis.roads;

import java.util.Locale;
import java.util.Set;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;

/**
 * The heavy-traffic weight of one road, the same for all its units, in points for {@link RoadHazards}.
 *
 * <p>Read from the {@code roads} attributes {@code heavy_vehicles_per_day}, {@code surface},
 * {@code highway} and {@code maxweight_t}. The surface is weak or strong as {@link Surfaces} decides
 * (unknown counts as weak). Points:
 * <ul>
 * <li>counted ({@code heavy_vehicles_per_day} present): 2 on a weak surface with at least
 *     {@code weakSurfaceHeavyPerDay} (10) heavy vehicles a day, 1 on a strong surface with at least
 *     {@code strongSurfaceHeavyPerDay} (200), else 0;</li>
 * <li>inferred (no count, as for most OSM roads): 1 for a {@code highway=track} whose surface is weak or
 *     unknown, and for any other vehicle road whose surface is tagged weak, since such roads serve as
 *     access for farm and construction trucks; 0 otherwise, and always 0 for footways, paths, cycleways,
 *     bridleways, pedestrian streets and steps;</li>
 * <li>a {@code maxweight_t} at or below {@code weightLimitReliefT} (10 t) takes one point off, down to 0.</li>
 * </ul>
 *
 * @param heavyPerDay heavy vehicles per day, null when not counted
 * @param surface the {@code surface} value as stored, null when missing
 * @param surfaceTag the normalized OSM surface tag, null when missing or unrecognized
 * @param weakSurface whether the surface is weak (unknown included)
 * @param highway the {@code highway} class, null when missing
 * @param maxweightT the weight limit, t, null when none
 * @param weightLimited whether the weight limit took a point off
 * @param basis where the points come from
 * @param points the traffic points, 0–2
 */
public record RoadTraffic(Long heavyPerDay, String surface, String surfaceTag, boolean weakSurface, String highway,
        Double maxweightT, boolean weightLimited, Basis basis, int points) {

    private static final Set<String> NON_VEHICLE = Set.of("footway", "path", "cycleway", "bridleway",
            "pedestrian", "steps", "corridor", "elevator", "platform");

    /** Source of the traffic points. */
    public enum Basis {
        /** A traffic count on a surface that it damages. */
        COUNTED,
        /** The road class and surface, without a count. */
        INFERRED,
        /** Nothing: no points. */
        NONE
    }

    /** Reads the traffic attributes of {@code road}; warns about a negative count and ignores it. */
    static RoadTraffic of(Feature road, RoadZoneOptions options, Diagnostics diagnostics) {
        String surface = blankToNull(road.getString("surface"));
        String surfaceTag = Surfaces.normalize(surface);
        boolean weak = Surfaces.isWeak(surfaceTag);
        String highway = blankToNull(road.getString("highway"));
        String highwayKey = highway == null ? null : highway.toLowerCase(Locale.ROOT);

        Long heavy = null;
        long count = road.getLong("heavy_vehicles_per_day", Long.MIN_VALUE);
        if (count != Long.MIN_VALUE) {
            if (count < 0) {
                diagnostics.warn(RoadsMessages.BUNDLE, "roads.negativeTraffic", Long.toString(road.id()),
                        Long.toString(count));
            } else {
                heavy = count;
            }
        }
        double limit = road.getDouble("maxweight_t", Double.NaN);
        Double maxweight = limit > 0 && !Double.isInfinite(limit) ? limit : null;

        int points;
        Basis basis;
        if (heavy != null) {
            int threshold = weak ? options.weakSurfaceHeavyPerDay() : options.strongSurfaceHeavyPerDay();
            if (heavy < threshold) {
                points = 0;
            } else {
                points = weak ? 2 : 1;
            }
            basis = Basis.COUNTED;
        } else {
            boolean vehicleRoad = highwayKey == null || !NON_VEHICLE.contains(highwayKey);
            boolean track = "track".equals(highwayKey);
            boolean inferred = vehicleRoad && weak && (surfaceTag != null || track);
            points = inferred ? 1 : 0;
            basis = Basis.INFERRED;
        }
        boolean weightLimited = points > 0 && maxweight != null && maxweight <= options.weightLimitReliefT();
        if (weightLimited) {
            points--;
        }
        return new RoadTraffic(heavy, surface, surfaceTag, weak, highway, maxweight, weightLimited,
                points > 0 || weightLimited ? basis : Basis.NONE, points);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
