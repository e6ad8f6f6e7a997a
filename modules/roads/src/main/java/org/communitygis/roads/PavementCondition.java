package org.communitygis.roads;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;

/**
 * PCI per condition unit of every surveyed route, by JTG 5210-2018 or CJJ 36-2016.
 *
 * <p>A route with at least one survey record is taken as surveyed from end to end, so its units without
 * damage have PCI 100. Routes without records have no condition units. A record spanning several units is
 * prorated by the length of its overlap with each; a record at one station counts in the unit holding it
 * (the later unit at a boundary, the last unit at the route's end). The surveyed area of a unit is its
 * length × the width ({@link RoadWidths}) of the road at its middle, and that road's surface decides
 * the pavement; a unit on a surface other than asphalt or cement concrete has no PCI.
 */
public final class PavementCondition {
    /** The standard a PCI is computed by. */
    public enum Standard {
        /** JTG 5210-2018, highways. */
        JTG5210,
        /** CJJ 36-2016, urban roads. */
        CJJ36;

        /** Returns the standard for {@code jtg5210} or {@code cjj36} (case and separators ignored), or null. */
        public static Standard parse(String text) {
            String key = text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            return switch (key) {
                case "jtg5210", "jtg52102018" -> JTG5210;
                case "cjj36", "cjj362016" -> CJJ36;
                default -> null;
            };
        }

        /** Returns the standard's code as shown to users. */
        public String code() {
            return this == JTG5210 ? Jtg5210.CODE : Cjj36.CODE;
        }
    }

    /**
     * The condition of one unit.
     *
     * @param fromM route chainage where the unit starts, m
     * @param toM route chainage where it ends, m
     * @param pavement the unit's pavement, null when it has none the standards cover
     * @param surveyedAreaM2 unit length × road width, m²
     * @param pci the PCI, NaN when it cannot be computed
     * @param grade the grade (优 … 差 or A … D), null with a NaN PCI
     * @param points condition points for the damage zone score (0–3)
     */
    public record UnitCondition(double fromM, double toM, Pavement pavement, double surveyedAreaM2, double pci,
            String grade, int points) {
    }

    private PavementCondition() {
    }

    /**
     * Computes the conditions of every surveyed route.
     *
     * @return the condition units of each surveyed route, by route name, in chainage order
     */
    public static Map<String, List<UnitCondition>> evaluate(FeatureLayer roads, DistressSurvey survey,
            Standard standard, double unitLengthM, Diagnostics diagnostics) {
        Map<Long, Feature> roadsById = new LinkedHashMap<>();
        for (Feature road : roads.features()) {
            roadsById.put(road.id(), road);
        }
        Map<Route, List<DistressSurvey.Record>> byRoute = new LinkedHashMap<>();
        for (DistressSurvey.Record record : survey.records()) {
            byRoute.computeIfAbsent(record.route(), key -> new ArrayList<>()).add(record);
        }
        Set<String> warnedTypes = new HashSet<>();
        Map<String, List<UnitCondition>> conditions = new LinkedHashMap<>();
        for (Map.Entry<Route, List<DistressSurvey.Record>> entry : byRoute.entrySet()) {
            Route route = entry.getKey();
            List<Chainage.Range> units = route.units(unitLengthM);
            List<UnitCondition> result = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                Chainage.Range unit = units.get(i);
                boolean last = i == units.size() - 1;
                Feature road = roadsById.get(route.segmentAt(unit.midM()).roadId());
                result.add(unitCondition(route, unit, last, road, entry.getValue(), standard, diagnostics,
                        warnedTypes));
            }
            conditions.put(route.name(), result);
        }
        return conditions;
    }

    private static UnitCondition unitCondition(Route route, Chainage.Range unit, boolean last, Feature road,
            List<DistressSurvey.Record> records, Standard standard, Diagnostics diagnostics, Set<String> warnedTypes) {
        Pavement pavement = Pavement.ofSurface(Surfaces.normalize(road.getString("surface")));
        double width = RoadWidths.of(road.getDouble("width_m", Double.NaN), road.getLong("lanes", 0),
                road.getString("highway"));
        double surveyed = unit.lengthM() * width;
        if (pavement == null || !(surveyed > 0)) {
            return new UnitCondition(unit.fromM(), unit.toM(), pavement, surveyed, Double.NaN, null, 0);
        }

        double weighted = 0;
        Map<DamageType, Double> byType = new LinkedHashMap<>();
        for (DistressSurvey.Record record : records) {
            double share = share(record, unit, last);
            if (share <= 0) {
                continue;
            }
            weighted += record.weightedAreaM2() * share;
            byType.merge(record.type(), record.areaM2() * share, Double::sum);
        }

        if (standard == Standard.JTG5210) {
            double pci = Jtg5210.pci(pavement, Jtg5210.damageRatio(weighted, surveyed));
            String grade = Jtg5210.grade(pci);
            return new UnitCondition(unit.fromM(), unit.toM(), pavement, surveyed, pci, grade, Jtg5210.points(grade));
        }
        for (DamageType type : byType.keySet()) {
            if (!Cjj36.hasDeductTable(type)) {
                if (warnedTypes.add(type.pavement() + type.name())) {
                    diagnostics.warn(RoadsMessages.BUNDLE, "survey.cjjNoTable", type.name());
                }
                return new UnitCondition(unit.fromM(), unit.toM(), pavement, surveyed, Double.NaN, null, 0);
            }
        }
        double pci = Cjj36.pci(byType, surveyed);
        String grade = Cjj36.grade(pci, Cjj36.RoadClass.ofHighway(road.getString("highway")));
        return new UnitCondition(unit.fromM(), unit.toM(), pavement, surveyed, pci, grade, Cjj36.points(grade));
    }

    /** Returns the share of a record's area that falls into {@code unit}. */
    static double share(DistressSurvey.Record record, Chainage.Range unit, boolean lastUnit) {
        double length = record.toM() - record.fromM();
        if (length > 0) {
            return Route.overlapM(new Chainage.Range(record.fromM(), record.toM()), unit) / length;
        }
        double at = record.fromM();
        boolean inside = at >= unit.fromM() && (at < unit.toM() || (lastUnit && at <= unit.toM()));
        return inside ? 1 : 0;
    }
}
