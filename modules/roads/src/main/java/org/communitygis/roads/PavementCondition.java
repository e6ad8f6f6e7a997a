package org.communitygis.roads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 *
 * <p>By CJJ 36-2016 only the types with a deduct table in {@code standards/cjj36-2016.csv} can be
 * scored. A unit with other damage gets a PCI from the tabled types when they make up at least
 * {@link Cjj36#tableCoverageMin()} of its damaged area (an upper bound, flagged in
 * {@link UnitCondition#untabledTypes()}), else no PCI. One warning per evaluation sums up such units.
 *
 * <p>IRI readings of the survey ({@link DistressSurvey#iriReadings()}) give each unit an IRI, the mean of
 * the readings over stretches weighted by their overlap with the unit, else the plain mean of the point
 * readings in it, and from that the RQI: by JTG 5210-2018, RQI = 100 / (1 + a0·e^(a1·IRI)) with the
 * coefficients of expressways and class-1 highways for OSM {@code motorway} and {@code trunk} and those of
 * the other classes otherwise; by CJJ 36-2016, RQI = 4.98 − 0.34·IRI (secondary source). A route with
 * IRI readings but no distress records gets units with an RQI and without a PCI.
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
     * @param untabledTypes CJJ 36-2016 only: damage types in the unit without a deduct table. They are left
     *     out of a computed PCI and are the reason for a NaN PCI. Empty by JTG 5210-2018.
     * @param tabledShare CJJ 36-2016 only: share of the damaged area of types with a deduct table, 0–1,
     *     NaN without damage or by JTG 5210-2018
     * @param iriMPerKm mean IRI of the unit, m/km, NaN without readings
     * @param rqi RQI from that IRI, NaN without readings
     */
    public record UnitCondition(double fromM, double toM, Pavement pavement, double surveyedAreaM2, double pci,
            String grade, int points, List<String> untabledTypes, double tabledShare, double iriMPerKm,
            double rqi) {
        /** Creates a unit condition without IRI and without missing CJJ 36 deduct tables. */
        public UnitCondition(double fromM, double toM, Pavement pavement, double surveyedAreaM2, double pci,
                String grade, int points) {
            this(fromM, toM, pavement, surveyedAreaM2, pci, grade, points, List.of(), Double.NaN, Double.NaN,
                    Double.NaN);
        }

        /** Returns whether CJJ 36-2016 deduct tables were missing for part of the damage. */
        public boolean missingTables() {
            return !untabledTypes.isEmpty();
        }

        private UnitCondition withIri(double iri, double rqiValue) {
            return new UnitCondition(fromM, toM, pavement, surveyedAreaM2, pci, grade, points, untabledTypes,
                    tabledShare, iri, rqiValue);
        }
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
        Map<Route, List<DistressSurvey.IriReading>> iriByRoute = new LinkedHashMap<>();
        for (DistressSurvey.IriReading reading : survey.iriReadings()) {
            iriByRoute.computeIfAbsent(reading.route(), key -> new ArrayList<>()).add(reading);
            byRoute.putIfAbsent(reading.route(), null);
        }

        Map<String, List<UnitCondition>> conditions = new LinkedHashMap<>();
        for (Map.Entry<Route, List<DistressSurvey.Record>> entry : byRoute.entrySet()) {
            Route route = entry.getKey();
            List<DistressSurvey.IriReading> readings = iriByRoute.getOrDefault(route, List.of());
            List<Chainage.Range> units = route.units(unitLengthM);
            List<UnitCondition> result = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                Chainage.Range unit = units.get(i);
                boolean last = i == units.size() - 1;
                Feature road = roadsById.get(route.segmentAt(unit.midM()).roadId());
                UnitCondition condition = entry.getValue() == null ? withoutDistressRecords(unit, road)
                        : unitCondition(unit, last, road, entry.getValue(), standard);
                double iri = meanIri(readings, unit, last);
                result.add(condition.withIri(iri, rqi(iri, road, standard)));
            }
            conditions.put(route.name(), result);
        }
        warnMissingTables(conditions, diagnostics);
        return conditions;
    }

    /** Returns the condition of a unit on a route with IRI readings but no distress records, without a PCI. */
    private static UnitCondition withoutDistressRecords(Chainage.Range unit, Feature road) {
        Pavement pavement = Pavement.ofSurface(Surfaces.normalize(road.getString("surface")));
        return new UnitCondition(unit.fromM(), unit.toM(), pavement, Double.NaN, Double.NaN, null, 0);
    }

    private static UnitCondition unitCondition(Chainage.Range unit, boolean last, Feature road,
            List<DistressSurvey.Record> records, Standard standard) {
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
        return cjjCondition(unit, road, pavement, surveyed, byType);
    }

    /**
     * Scores a unit by CJJ 36-2016 from the types with a deduct table, when they make up at least
     * {@link Cjj36#tableCoverageMin()} of the damaged area; else the unit gets no PCI.
     */
    private static UnitCondition cjjCondition(Chainage.Range unit, Feature road, Pavement pavement, double surveyed,
            Map<DamageType, Double> byType) {
        Map<DamageType, Double> tabled = new LinkedHashMap<>();
        List<String> untabled = new ArrayList<>();
        double total = 0;
        double tabledArea = 0;
        for (Map.Entry<DamageType, Double> entry : byType.entrySet()) {
            total += entry.getValue();
            if (Cjj36.hasDeductTable(entry.getKey())) {
                tabled.put(entry.getKey(), entry.getValue());
                tabledArea += entry.getValue();
            } else if (entry.getValue() > 0) {
                untabled.add(entry.getKey().name());
            }
        }
        double tabledShare = total > 0 ? tabledArea / total : Double.NaN;
        if (!untabled.isEmpty() && !(tabledShare >= Cjj36.tableCoverageMin())) {
            return new UnitCondition(unit.fromM(), unit.toM(), pavement, surveyed, Double.NaN, null, 0,
                    List.copyOf(untabled), tabledShare, Double.NaN, Double.NaN);
        }
        double pci = Cjj36.pci(tabled, surveyed);
        String grade = Cjj36.grade(pci, Cjj36.RoadClass.ofHighway(road.getString("highway")));
        return new UnitCondition(unit.fromM(), unit.toM(), pavement, surveyed, pci, grade, Cjj36.points(grade),
                List.copyOf(untabled), tabledShare, Double.NaN, Double.NaN);
    }

    /** Warns once about all units whose CJJ 36-2016 PCI lacks deduct tables, with the types concerned. */
    private static void warnMissingTables(Map<String, List<UnitCondition>> conditions, Diagnostics diagnostics) {
        Set<String> types = new TreeSet<>();
        int withoutPci = 0;
        int partial = 0;
        int units = 0;
        for (List<UnitCondition> route : conditions.values()) {
            for (UnitCondition condition : route) {
                units++;
                if (!condition.missingTables()) {
                    continue;
                }
                types.addAll(condition.untabledTypes());
                if (Double.isNaN(condition.pci())) {
                    withoutPci++;
                } else {
                    partial++;
                }
            }
        }
        if (types.isEmpty()) {
            return;
        }
        diagnostics.warn(RoadsMessages.BUNDLE, "survey.cjjMissingTables", String.join("、", types),
                Integer.toString(withoutPci), Integer.toString(partial), Integer.toString(units),
                String.format(Locale.ROOT, "%.0f", 100 * Cjj36.tableCoverageMin()));
    }

    /**
     * Returns the unit's IRI, m/km: the overlap-weighted mean of the readings over stretches, else the mean of
     * the point readings in the unit (placed as {@link #share} places a record), else NaN.
     */
    static double meanIri(List<DistressSurvey.IriReading> readings, Chainage.Range unit, boolean lastUnit) {
        double weighted = 0;
        double weight = 0;
        double pointSum = 0;
        int points = 0;
        for (DistressSurvey.IriReading reading : readings) {
            if (reading.toM() > reading.fromM()) {
                double overlap = Route.overlapM(new Chainage.Range(reading.fromM(), reading.toM()), unit);
                weighted += overlap * reading.iriMPerKm();
                weight += overlap;
            } else {
                double at = reading.fromM();
                if (at >= unit.fromM() && (at < unit.toM() || (lastUnit && at <= unit.toM()))) {
                    pointSum += reading.iriMPerKm();
                    points++;
                }
            }
        }
        if (weight > 0) {
            return weighted / weight;
        }
        return points > 0 ? pointSum / points : Double.NaN;
    }

    /**
     * Returns the RQI of an IRI, m/km, by {@code standard}; by JTG 5210-2018 with the expressway and class-1
     * coefficients for {@code highway} motorway and trunk. NaN for a NaN IRI.
     */
    static double rqi(double iriMPerKm, Feature road, Standard standard) {
        if (Double.isNaN(iriMPerKm)) {
            return Double.NaN;
        }
        if (standard == Standard.CJJ36) {
            return Cjj36.rqi(iriMPerKm);
        }
        boolean highClass = Cjj36.RoadClass.ofHighway(road.getString("highway")) == Cjj36.RoadClass.EXPRESSWAY;
        return Jtg5210.rqi(iriMPerKm, highClass);
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
