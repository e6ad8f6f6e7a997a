package org.communitygis.roads;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;

/**
 * The heavy-traffic weight of one road, the same for all its units, in points for {@link RoadHazards}.
 *
 * <p>Read from the {@code roads} attributes {@code axle_loads}, {@code axle_load_kn},
 * {@code heavy_vehicles_per_day}, {@code surface}, {@code highway} and {@code maxweight_t}. The surface is
 * weak or strong as {@link Surfaces} decides (unknown counts as weak). Points, by the first basis the
 * attributes allow:
 * <ul>
 * <li>axle loads ({@code axle_loads}, or {@code axle_load_kn} with {@code heavy_vehicles_per_day}, see
 *     {@link #esalPerDay(Feature, double, Diagnostics)}): 2 on a weak surface with at least
 *     {@code weakSurfaceEsalPerDay} (10) equivalent standard axles a day, 1 on a strong surface with at
 *     least {@code strongSurfaceEsalPerDay} (100), else 0;</li>
 * <li>counted ({@code heavy_vehicles_per_day} present): 2 on a weak surface with at least
 *     {@code weakSurfaceHeavyPerDay} (10) heavy vehicles a day, 1 on a strong surface with at least
 *     {@code strongSurfaceHeavyPerDay} (200), else 0;</li>
 * <li>inferred (no count, as for most OSM roads): 1 for a {@code highway=track} whose surface is weak or
 *     unknown, and for any other vehicle road whose surface is tagged weak, since such roads serve as
 *     access for farm and construction trucks; 0 otherwise, and always 0 for footways, paths, cycleways,
 *     bridleways, pedestrian streets and steps;</li>
 * <li>a {@code maxweight_t} at or below {@code weightLimitReliefT} (10 t) takes one point off counted or
 *     inferred points, down to 0. Axle loads already measure what the limit lets through, so it does not
 *     lower them.</li>
 * </ul>
 * {@link #pointsOn(boolean, RoadZoneOptions)} scores the same load on another surface strength, which
 * {@link RouteUnit} uses for a strong pavement in poor condition.
 *
 * @param heavyPerDay heavy vehicles per day, null when not counted
 * @param esalPerDay equivalent standard axle passes per day, null without axle load data
 * @param surface the {@code surface} value as stored, null when missing
 * @param surfaceTag the normalized OSM surface tag, null when missing or unrecognized
 * @param weakSurface whether the surface is weak (unknown included)
 * @param highway the {@code highway} class, null when missing
 * @param maxweightT the weight limit, t, null when none
 * @param weightLimited whether the weight limit took a point off
 * @param basis where the points come from
 * @param points the traffic points, 0–2
 */
public record RoadTraffic(Long heavyPerDay, Double esalPerDay, String surface, String surfaceTag, boolean weakSurface, String highway,
        Double maxweightT, boolean weightLimited, Basis basis, int points) {

    private static final Set<String> NON_VEHICLE = Set.of("footway", "path", "cycleway", "bridleway",
            "pedestrian", "steps", "corridor", "elevator", "platform");

    /** Source of the traffic points. */
    public enum Basis {
        /** Equivalent standard axles from axle load data, against the surface. */
        AXLES,
        /** A traffic count on a surface that it damages. */
        COUNTED,
        /** The road class and surface, without a count. */
        INFERRED,
        /** Nothing: no points. */
        NONE
    }

    /**
     * Reads the traffic attributes of {@code road} with the BZZ-100 standard axle; warns about a negative
     * count or unreadable axle loads and ignores them.
     */
    static RoadTraffic of(Feature road, RoadZoneOptions options, Diagnostics diagnostics) {
        return of(road, options, AxleLoads.BZZ_100_KN, diagnostics);
    }

    /**
     * Reads the traffic attributes of {@code road}, equivalent axles against a standard axle of
     * {@code standardAxleKn}; warns about a negative count or unreadable axle loads and ignores them.
     */
    static RoadTraffic of(Feature road, RoadZoneOptions options, double standardAxleKn, Diagnostics diagnostics) {
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

        Double esal = esalPerDay(road, standardAxleKn, heavy, diagnostics);

        int points;
        Basis basis;
        if (esal != null) {
            points = esalPoints(esal, weak, options);
            basis = Basis.AXLES;
        } else if (heavy != null) {
            points = countPoints(heavy, weak, options);
            basis = Basis.COUNTED;
        } else {
            boolean vehicleRoad = highwayKey == null || !NON_VEHICLE.contains(highwayKey);
            boolean track = "track".equals(highwayKey);
            boolean inferred = vehicleRoad && weak && (surfaceTag != null || track);
            points = inferred ? 1 : 0;
            basis = Basis.INFERRED;
        }
        boolean weightLimited = basis != Basis.AXLES && points > 0 && maxweight != null
                && maxweight <= options.weightLimitReliefT();
        if (weightLimited) {
            points--;
        }
        return new RoadTraffic(heavy, esal, surface, surfaceTag, weak, highway, maxweight, weightLimited,
                points > 0 || weightLimited ? basis : Basis.NONE, points);
    }

    /**
     * Returns the points the road's measured load (axles, else count) would get on a weak or strong
     * surface, with the weight limit applied as in {@link #points()}; inferred and absent traffic keep
     * {@link #points()}.
     */
    int pointsOn(boolean weak, RoadZoneOptions options) {
        int result;
        if (esalPerDay != null) {
            return esalPoints(esalPerDay, weak, options);
        } else if (heavyPerDay != null) {
            result = countPoints(heavyPerDay, weak, options);
        } else {
            return points;
        }
        boolean limited = result > 0 && maxweightT != null && maxweightT <= options.weightLimitReliefT();
        return limited ? result - 1 : result;
    }

    private static int esalPoints(double esal, boolean weak, RoadZoneOptions options) {
        if (weak) {
            return esal >= options.weakSurfaceEsalPerDay() ? 2 : 0;
        }
        return esal >= options.strongSurfaceEsalPerDay() ? 1 : 0;
    }

    private static int countPoints(long heavy, boolean weak, RoadZoneOptions options) {
        int threshold = weak ? options.weakSurfaceHeavyPerDay() : options.strongSurfaceHeavyPerDay();
        if (heavy < threshold) {
            return 0;
        }
        return weak ? 2 : 1;
    }

    /**
     * Returns the road's equivalent standard axle passes per day from {@code axle_loads}
     * ({@code kN:passes;…}) or else {@code axle_load_kn} × {@code heavy_vehicles_per_day} (one loaded axle per
     * heavy vehicle), or null when neither is given. An unreadable {@code axle_loads} is warned about and
     * ignored.
     */
    static Double esalPerDay(Feature road, double standardAxleKn, Diagnostics diagnostics) {
        long count = road.getLong("heavy_vehicles_per_day", -1);
        return esalPerDay(road, standardAxleKn, count >= 0 ? count : null, diagnostics);
    }

    private static Double esalPerDay(Feature road, double standardAxleKn, Long heavy, Diagnostics diagnostics) {
        String loads = road.getString("axle_loads");
        if (loads != null && !loads.isBlank()) {
            try {
                return AxleLoads.equivalentAxles(AxleLoads.parse(loads), standardAxleKn);
            } catch (IllegalArgumentException e) {
                diagnostics.warn(RoadsMessages.BUNDLE, "roads.badAxleLoads", Long.toString(road.id()), loads);
                return null;
            }
        }
        double load = road.getDouble("axle_load_kn", Double.NaN);
        if (load > 0 && !Double.isInfinite(load) && heavy != null) {
            return AxleLoads.equivalentAxles(List.of(new AxleLoads.AxleClass(load, heavy)), standardAxleKn);
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
