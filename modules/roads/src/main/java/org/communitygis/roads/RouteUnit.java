package org.communitygis.roads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One evaluation unit moved from its road feature onto its route, with the pavement condition there and
 * the combined score and severity ({@link RoadDamageZones} documents the rule).
 *
 * @param hazard the unit's hazards with chainages along the route, m
 * @param original the unit's hazards with chainages along its road feature, as {@link RoadHazards} made them
 * @param assessment the road feature's assessment the unit comes from
 * @param condition the condition unit holding the unit's middle, or null when the route was not surveyed
 * @param esalPerDay equivalent standard axle passes per day on the road, or null
 * @param score hazard score plus condition points plus the load bonus on poor pavement
 * @param severity 0 none, 1 low, 2 medium, 3 high
 */
record RouteUnit(UnitHazard hazard, UnitHazard original, RoadAssessment assessment, PavementCondition.UnitCondition condition,
        Double esalPerDay, int score, int severity) {

    /** Returns the units of every evaluated road on {@code route}, in route chainage order. */
    static List<RouteUnit> of(Route route, Map<Long, RoadAssessment> assessments,
            List<PavementCondition.UnitCondition> conditions, Map<Long, Double> esal, RoadZoneOptions options) {
        List<RouteUnit> units = new ArrayList<>();
        for (Route.Segment segment : route.segments()) {
            RoadAssessment assessment = assessments.get(segment.roadId());
            if (assessment == null) {
                continue;
            }
            double offset = assessment.parts().get(segment.part()).offsetM();
            for (UnitHazard unit : assessment.units()) {
                if (unit.part() != segment.part()) {
                    continue;
                }
                UnitHazard moved = move(unit, segment, offset);
                PavementCondition.UnitCondition condition = conditionAt(conditions, (moved.fromM() + moved.toM()) / 2);
                units.add(combine(moved, unit, assessment, condition, esal.get(segment.roadId()), options));
            }
        }
        units.sort(Comparator.comparingDouble(unit -> unit.hazard().fromM()));
        return units;
    }

    private static UnitHazard move(UnitHazard unit, Route.Segment segment, double offset) {
        double a = segment.routeChainage(unit.fromM() - offset);
        double b = segment.routeChainage(unit.toM() - offset);
        double runoffAt = Double.isNaN(unit.runoffAtM()) ? Double.NaN : segment.routeChainage(unit.runoffAtM() - offset);
        double lowestAt = Double.isNaN(unit.lowestAtM()) ? Double.NaN : segment.routeChainage(unit.lowestAtM() - offset);
        return new UnitHazard(unit.part(), unit.index(), Math.min(a, b), Math.max(a, b), unit.runoffAreaM2(), runoffAt,
                unit.gradePermille(), unit.minElevationM(), lowestAt, unit.lowPoint(), unit.runoffPoints(),
                unit.gradePoints(), unit.lowPointPoints(), unit.trafficPoints(), unit.loadBonus(), unit.severity());
    }

    private static RouteUnit combine(UnitHazard hazard, UnitHazard original, RoadAssessment assessment,
            PavementCondition.UnitCondition condition, Double esal, RoadZoneOptions options) {
        int conditionPoints = condition == null ? 0 : condition.points();
        boolean terrain = hazard.hasTerrainHazard();
        int poorPavementBonus = hazard.trafficPoints() >= 2 && conditionPoints > 0 && !terrain ? 1 : 0;
        int score = hazard.score() + conditionPoints + poorPavementBonus;
        boolean hazardous = terrain || conditionPoints > 0 || options.trafficOnlyZones();
        int severity = hazardous ? RoadHazards.severity(score) : 0;
        return new RouteUnit(hazard, original, assessment, condition, esal, score, severity);
    }

    private static PavementCondition.UnitCondition conditionAt(List<PavementCondition.UnitCondition> conditions,
            double m) {
        if (conditions == null) {
            return null;
        }
        for (PavementCondition.UnitCondition condition : conditions) {
            if (m >= condition.fromM() && m <= condition.toM()) {
                return condition;
            }
        }
        return null;
    }
}
