package org.communitygis.roads;

/**
 * One pavement damage type of JTG 5210-2018 with its weights and measure.
 *
 * @param pavement the pavement the type belongs to
 * @param name the standard's name, e.g. 龟裂
 * @param lengthMeasured whether the survey measures it as a length (m) rather than an area (m²)
 * @param weights weights for light, medium and heavy; NaN where the standard does not define that level
 * @param influenceWidthM width that turns a measured length into an area, m (NaN for area types)
 */
public record DamageType(Pavement pavement, String name, boolean lengthMeasured, double[] weights,
        double influenceWidthM) {

    /** Returns whether the standard grades this type by severity (it has more than one weight). */
    public boolean graded() {
        return !(weights[0] == weights[1] && weights[1] == weights[2]);
    }

    /**
     * Returns the weight for {@code severity}, NaN when the type has no such level. An ungraded type has one
     * weight for every severity, including a missing one (null).
     */
    public double weight(DamageSeverity severity) {
        if (!graded()) {
            return weights[2];
        }
        return severity == null ? Double.NaN : weights[severity.ordinal()];
    }
}
