package org.communitygis.roads;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.i18n.MessageBundle;
import org.communitygis.core.i18n.UserLocale;

/**
 * Builds a zone's {@code reasons} sentence and {@code severity_label} in the user's language, e.g.
 * "径流汇水面积 3.2 公顷在 K0+180 处穿越道路；最大纵坡 95‰；重车 62 辆/日，路面为砂石".
 *
 * <p>The sentence names the largest runoff crossing, the steepest steep unit, the deepest low point and
 * the traffic weight, each only when it scored points, plus a weight limit that lowered the traffic
 * weight. Chainages are in stationing form ({@link Chainage#station}).
 */
final class ZoneReasons {
    private static final MessageBundle BUNDLE = RoadsMessages.BUNDLE;

    private ZoneReasons() {
    }

    /** Returns the severity label (轻/中/重, low/medium/high) of severity 1–3. */
    static String severityLabel(int severity) {
        return BUNDLE.format("severity." + severity);
    }

    /** Returns the reasons sentence of a zone made of {@code units} on the road of {@code traffic}. */
    static String sentence(List<UnitHazard> units, RoadTraffic traffic) {
        List<String> parts = new ArrayList<>();
        UnitHazard runoff = null;
        UnitHazard steep = null;
        UnitHazard low = null;
        for (UnitHazard unit : units) {
            if (unit.runoffPoints() > 0 && (runoff == null || unit.runoffAreaM2() > runoff.runoffAreaM2())) {
                runoff = unit;
            }
            if (unit.gradePoints() > 0 && (steep == null || unit.gradePermille() > steep.gradePermille())) {
                steep = unit;
            }
            if (unit.lowPoint() && (low == null || unit.minElevationM() < low.minElevationM())) {
                low = unit;
            }
        }

        if (runoff != null) {
            parts.add(BUNDLE.format("reason.runoff", hectares(runoff.runoffAreaM2()),
                    Chainage.station(runoff.runoffAtM())));
        }
        if (steep != null) {
            parts.add(BUNDLE.format("reason.grade", String.format(Locale.ROOT, "%.0f", steep.gradePermille())));
        }
        if (low != null) {
            parts.add(BUNDLE.format("reason.lowPoint", Chainage.station(low.lowestAtM())));
        }
        if (traffic.points() > 0 || traffic.weightLimited()) {
            parts.add(trafficText(traffic));
        }
        if (traffic.weightLimited()) {
            parts.add(BUNDLE.format("reason.weightLimit", decimal(traffic.maxweightT())));
        }

        String sentence = parts.isEmpty() ? "" : parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            sentence = BUNDLE.format("reason.join", sentence, parts.get(i));
        }
        return sentence;
    }

    /** Returns {@code sentence} joined with {@code part}; either may be empty or null. */
    static String append(String sentence, String part) {
        if (part == null || part.isEmpty()) {
            return sentence;
        }
        return sentence == null || sentence.isEmpty() ? part : BUNDLE.format("reason.join", sentence, part);
    }

    /** Returns "PCI 48 差" for a condition unit with a PCI, else null. */
    static String condition(PavementCondition.UnitCondition condition) {
        if (condition == null || Double.isNaN(condition.pci()) || condition.points() == 0) {
            return null;
        }
        return BUNDLE.format("reason.pci", String.format(Locale.ROOT, "%.0f", condition.pci()), condition.grade(),
                Chainage.station(condition.fromM()));
    }

    /** Returns the equivalent standard axle text for passes per day, else null. */
    static String axles(Double esalPerDay) {
        if (esalPerDay == null || !(esalPerDay >= 1)) {
            return null;
        }
        return BUNDLE.format("reason.axles", String.format(Locale.ROOT, "%.0f", esalPerDay));
    }

    /** Returns whether {@link #sentence} names the road's equivalent standard axles in its traffic part. */
    static boolean namesAxles(RoadTraffic traffic) {
        return traffic.basis() == RoadTraffic.Basis.AXLES && traffic.points() > 0;
    }

    /**
     * Returns the reason text for the load of {@code traffic} (equivalent standard axles, else heavy
     * vehicles) scored as on a weak surface because the pavement is poor.
     */
    static String loadOnPoorPavement(RoadTraffic traffic) {
        if (traffic.esalPerDay() != null) {
            return BUNDLE.format("reason.axlesOnPoorPavement", String.format(Locale.ROOT, "%.0f", traffic.esalPerDay()));
        }
        return BUNDLE.format("reason.trafficOnPoorPavement", Long.toString(traffic.heavyPerDay()));
    }

    /**
     * Returns the note on CJJ 36-2016 deduct tables missing in the zone's units, naming the types and the
     * first such unit, or null when none is missing.
     */
    static String missingTables(List<RouteUnit> units) {
        Set<String> types = new TreeSet<>();
        PavementCondition.UnitCondition first = null;
        boolean withoutPci = false;
        for (RouteUnit unit : units) {
            PavementCondition.UnitCondition condition = unit.condition();
            if (condition == null || !condition.missingTables()) {
                continue;
            }
            types.addAll(condition.untabledTypes());
            withoutPci |= Double.isNaN(condition.pci());
            if (first == null) {
                first = condition;
            }
        }
        if (first == null) {
            return null;
        }
        return BUNDLE.format(withoutPci ? "reason.cjjNoPci" : "reason.cjjPartialPci", String.join("、", types),
                Chainage.station(first.fromM()));
    }

    private static String trafficText(RoadTraffic traffic) {
        String surface = traffic.surfaceTag() == null ? null : BUNDLE.format(Surfaces.labelKey(traffic.surfaceTag()));
        if (traffic.basis() == RoadTraffic.Basis.AXLES) {
            String axles = String.format(Locale.ROOT, "%.0f", traffic.esalPerDay());
            return surface == null ? BUNDLE.format("reason.axlesUnknownSurface", axles)
                    : BUNDLE.format("reason.axlesOn", axles, surface);
        }
        if (traffic.heavyPerDay() != null) {
            String count = Long.toString(traffic.heavyPerDay());
            return surface == null ? BUNDLE.format("reason.trafficUnknownSurface", count)
                    : BUNDLE.format("reason.traffic", count, surface);
        }
        String highway = highwayLabel(traffic.highway());
        return surface == null ? BUNDLE.format("reason.accessUnknownSurface", highway)
                : BUNDLE.format("reason.access", highway, surface);
    }

    private static String highwayLabel(String highway) {
        if (highway == null) {
            return BUNDLE.format("highway.unknown");
        }
        String key = "highway." + highway.toLowerCase(Locale.ROOT);
        return BUNDLE.resourceBundle(UserLocale.get()).containsKey(key) ? BUNDLE.format(key) : highway;
    }

    private static String hectares(double areaM2) {
        double hectares = areaM2 / 10_000;
        return String.format(Locale.ROOT, hectares >= 0.1 ? "%.1f" : "%.2f", hectares);
    }

    private static String decimal(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
