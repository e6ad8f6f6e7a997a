package org.communitygis.roads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pavement condition by CJJ 36-2016 (城镇道路养护技术规范), the urban road maintenance code: single-item
 * deduct values from damage densities, their weights, PCI, grades by road class and the urban RQI. Every
 * table and coefficient comes from {@code standards/cjj36-2016.csv}, which gives each value's clause and
 * confidence.
 *
 * <p>Per damage type, density = damaged area / surveyed area, %, and the deduct DP is interpolated
 * linearly in the type's table. Within a class (asphalt 裂缝, 变形, 松散, 其他; cement 裂缝, 接缝, 表面,
 * 其他) each deduct gets the weight w(u) = 3.0u³ − 5.5u² + 3.5u with u = DP / ΣDP of the class, and the
 * class deduct is Σ w·DP. The classes are combined the same way, and PCI = 100 − Σ wᵢ·DPᵢ, floored at 0.
 * A single deduct has u = 1 and w = 1, two equal deducts u = 0.5 and w = 0.75 each.
 */
public final class Cjj36 {
    /** The standard's code as shown to users. */
    public static final String CODE = "CJJ 36-2016";

    private static final StandardTable TABLE = StandardTable.load("cjj36-2016.csv");

    /** Road classes with their own grade bounds. */
    public enum RoadClass {
        /** 快速路. */
        EXPRESSWAY,
        /** 主干路 and 次干路. */
        ARTERIAL,
        /** 支路. */
        LOCAL;

        /**
         * Returns the class of an OSM {@code highway} value: motorway and trunk are expressways, primary and
         * secondary arterials, everything else (village roads included) local.
         */
        public static RoadClass ofHighway(String highway) {
            String key = highway == null ? "" : highway.trim().toLowerCase(Locale.ROOT).replace("_link", "");
            return switch (key) {
                case "motorway", "trunk" -> EXPRESSWAY;
                case "primary", "secondary" -> ARTERIAL;
                default -> LOCAL;
            };
        }
    }

    private Cjj36() {
    }

    /** Returns whether the data file has a deduct table for {@code type}. */
    public static boolean hasDeductTable(DamageType type) {
        return TABLE.find("deduct." + type.pavement().key() + "." + type.name()) != null;
    }

    /**
     * Returns the share of a unit's damaged area (0–1) that types with a deduct table must make up for a
     * PCI computed without the other types. It is a planning default in the data file, not a value of the
     * standard.
     */
    public static double tableCoverageMin() {
        return TABLE.get("deduct.coverage.min").number();
    }

    /**
     * Returns the single-item deduct of {@code type} at a damage density, %.
     *
     * @throws IllegalArgumentException when the type has no deduct table (see {@link #hasDeductTable})
     */
    public static double deduct(DamageType type, double densityPercent) {
        StandardTable.Entry entry = TABLE.find("deduct." + type.pavement().key() + "." + type.name());
        if (entry == null) {
            throw new IllegalArgumentException("No CJJ 36 deduct table for " + type.name());
        }
        double previousDensity = 0;
        double previousDeduct = 0;
        for (String pair : entry.words()) {
            String[] parts = pair.split(":");
            double density = Double.parseDouble(parts[0]);
            double deduct = Double.parseDouble(parts[1]);
            if (densityPercent <= density) {
                return previousDeduct + (deduct - previousDeduct) * (densityPercent - previousDensity)
                        / (density - previousDensity);
            }
            previousDensity = density;
            previousDeduct = deduct;
        }
        return previousDeduct;
    }

    /** Returns the class (裂缝, 变形 …) of {@code type}. */
    public static String damageClass(DamageType type) {
        return TABLE.get("class." + type.pavement().key() + "." + type.name()).value();
    }

    /** Returns the weight w(u) = 3.0u³ − 5.5u² + 3.5u of a deduct's share u of its group. */
    public static double weight(double share) {
        double[] c = TABLE.get("weight.polynomial").numbers();
        return c[0] * share * share * share + c[1] * share * share + c[2] * share;
    }

    /** Returns Σ w(DPᵢ/ΣDP)·DPᵢ of a group of deducts (0 for an empty group or all zero). */
    public static double combine(Iterable<Double> deducts) {
        double sum = 0;
        for (double deduct : deducts) {
            sum += deduct;
        }
        if (!(sum > 0)) {
            return 0;
        }
        double combined = 0;
        for (double deduct : deducts) {
            combined += weight(deduct / sum) * deduct;
        }
        return combined;
    }

    /**
     * Returns the PCI of a surveyed area from the damaged area of each type.
     *
     * @param damagedAreaM2 damaged area per type, m² (length types already multiplied by their influence
     *     width)
     * @param surveyedAreaM2 the surveyed area, m²
     * @throws IllegalArgumentException when a type has no deduct table or the area is not positive
     */
    public static double pci(Map<DamageType, Double> damagedAreaM2, double surveyedAreaM2) {
        if (!(surveyedAreaM2 > 0)) {
            throw new IllegalArgumentException("Surveyed area must be positive, got " + surveyedAreaM2);
        }
        Map<String, List<Double>> byClass = new LinkedHashMap<>();
        for (Map.Entry<DamageType, Double> entry : damagedAreaM2.entrySet()) {
            double density = 100 * entry.getValue() / surveyedAreaM2;
            byClass.computeIfAbsent(damageClass(entry.getKey()), key -> new ArrayList<>())
                    .add(deduct(entry.getKey(), density));
        }
        List<Double> classDeducts = new ArrayList<>();
        for (List<Double> deducts : byClass.values()) {
            classDeducts.add(combine(deducts));
        }
        return Math.max(0, 100 - combine(classDeducts));
    }

    /** Returns the grade (A, B, C, D) of a PCI for a road class. */
    public static String grade(double pci, RoadClass roadClass) {
        double[] bounds = TABLE.get("grade." + roadClass.name().toLowerCase(Locale.ROOT)).numbers();
        String[] labels = TABLE.get("grade.labels").words();
        for (int i = 0; i < bounds.length; i++) {
            if (pci >= bounds[i]) {
                return labels[i];
            }
        }
        return labels[bounds.length];
    }

    /** Returns the condition points of a grade for the damage zone score: A 0, B 1, C 2, D 3. */
    static int points(String grade) {
        String[] labels = TABLE.get("grade.labels").words();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals(grade)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unknown grade " + grade);
    }

    /** Returns the urban RQI = 4.98 − 0.34·IRI, IRI in m/km, floored at 0. */
    public static double rqi(double iriMPerKm) {
        double[] b = TABLE.get("rqi.linear").numbers();
        return Math.max(0, b[0] + b[1] * iriMPerKm);
    }
}
