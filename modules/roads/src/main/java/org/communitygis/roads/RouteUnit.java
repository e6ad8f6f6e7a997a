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
 * @param poorPavementLoadPoints traffic points added because the strong pavement is in poor condition
 * @param score hazard score plus condition points plus the load points on poor pavement
 * @param severity 0 none, 1 low, 2 medium, 3 high
 */
record RouteUnit(UnitHazard hazard, UnitHazard original, RoadAssessment assessment, PavementCondition.UnitCondition condition,
        Double esalPerDay, int poorPavementLoadPoints, int score, int severity) {
    /**
     * Condition points from which a strong pavement is loaded as a weak surface: JTG 5210-2018 次 and 差,
     * CJJ 36-2016 C and D. A cracked or broken bound layer no longer spreads the wheel load, so the same
     * traffic attacks the base and subgrade as on gravel. This is a planning rule of this project, not a
     * clause of either standard.
     */
    static final int POOR_CONDITION_POINTS = 2;


    /** Returns the units of every evaluated road on {@code route}, in route chainage order. */
    static List<RouteUnit> of(Route route, Map<Long, RoadAssessment> assessments,
            List<PavementCondition.UnitCondition> conditions, RoadZoneOptions options) {
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
                units.add(combine(moved, unit, assessment, condition, options));
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

    /**
     * Scores a unit: its hazard score, plus the condition points, plus the extra traffic points of a strong
     * pavement in poor condition ({@link #POOR_CONDITION_POINTS}, scored by {@link RoadTraffic#pointsOn} as
     * a weak surface), plus 1 when the resulting traffic points are ≥ 2 and the unit has a terrain hazard
     * or poor pavement (at most once, and the terrain case only when {@link RoadHazards} did not already
     * add it).
     */
    static RouteUnit combine(UnitHazard hazard, UnitHazard original, RoadAssessment assessment,
            PavementCondition.UnitCondition condition, RoadZoneOptions options) {
        RoadTraffic traffic = assessment.traffic();
        int conditionPoints = condition == null ? 0 : condition.points();
        int extraTraffic = 0;
        if (!traffic.weakSurface() && conditionPoints >= POOR_CONDITION_POINTS) {
            extraTraffic = Math.max(0, traffic.pointsOn(true, options) - hazard.trafficPoints());
        }
        int trafficPoints = hazard.trafficPoints() + extraTraffic;
        boolean terrain = hazard.hasTerrainHazard();
        int loadBonus = trafficPoints >= 2 && hazard.loadBonus() == 0 && (terrain || conditionPoints > 0) ? 1 : 0;
        int score = hazard.score() + conditionPoints + extraTraffic + loadBonus;
        boolean hazardous = terrain || conditionPoints > 0 || options.trafficOnlyZones();
        int severity = hazardous ? RoadHazards.severity(score) : 0;
        return new RouteUnit(hazard, original, assessment, condition, traffic.esalPerDay(), extraTraffic, score,
                severity);
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
