package org.communitygis.roads;

import java.util.Locale;
import org.communitygis.core.CgisException;

/**
 * Parameters of {@link RoadDamageZones#compute}, immutable; change one with its {@code with…} method.
 *
 * <p>Every default is a planning default chosen for village roads in hilly terrain, not a figure from a
 * standard: adjust them to local experience. The scoring that uses them is in {@link RoadHazards}.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>unit</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code unitLengthM}</td><td>m</td><td>20</td><td>length of an evaluation unit along the road</td></tr>
 * <tr><td>{@code runoffAreaM2}</td><td>m²</td><td>10,000 (1 ha)</td><td>contributing area whose concentrated
 *     runoff crossing or running onto the road is a hazard</td></tr>
 * <tr><td>{@code majorRunoffFactor}</td><td>×</td><td>10</td><td>a contributing area of this many times
 *     {@code runoffAreaM2} (10 ha by default) scores as a major runoff crossing</td></tr>
 * <tr><td>{@code steepGradePermille}</td><td>‰</td><td>80</td><td>unit gradient |Δz|/length that is steep</td></tr>
 * <tr><td>{@code verySteepGradePermille}</td><td>‰</td><td>120</td><td>unit gradient that is very steep</td></tr>
 * <tr><td>{@code lowPointDepthM}</td><td>m</td><td>0.2</td><td>how much higher both neighbouring units must be
 *     for a unit to be a low point where water ponds</td></tr>
 * <tr><td>{@code weakSurfaceHeavyPerDay}</td><td>vehicles/day</td><td>10</td><td>heavy vehicles per day that
 *     damage a weak (unpaved) surface</td></tr>
 * <tr><td>{@code strongSurfaceHeavyPerDay}</td><td>vehicles/day</td><td>200</td><td>heavy vehicles per day that
 *     still count on asphalt or concrete</td></tr>
 * <tr><td>{@code weakSurfaceEsalPerDay}</td><td>BZZ-100 axles/day</td><td>10</td><td>equivalent standard axle
 *     passes per day that damage a weak surface, or a strong one in poor condition; about the count threshold
 *     with one standard axle per heavy vehicle</td></tr>
 * <tr><td>{@code strongSurfaceEsalPerDay}</td><td>BZZ-100 axles/day</td><td>100</td><td>equivalent standard
 *     axle passes per day that still count on asphalt or concrete in fair or good condition</td></tr>
 * <tr><td>{@code weightLimitReliefT}</td><td>t</td><td>10</td><td>a {@code maxweight_t} at or below this lowers
 *     the traffic weight by one point</td></tr>
 * <tr><td>{@code maxBridgedGapUnits}</td><td>units</td><td>1</td><td>a run of at most this many quiet units
 *     between hazard units is bridged into one zone; 0 never bridges</td></tr>
 * <tr><td>{@code trafficOnlyZones}</td><td>-</td><td>false</td><td>whether units whose only hazard is traffic form
 *     zones</td></tr>
 * </table>
 *
 * <p>{@code trafficOnlyZones} is off by default because traffic is an attribute of the whole road: with it
 * on, a gravel road used by trucks becomes one zone from end to end, and the spots where water attacks the
 * subgrade disappear inside it. With it off, traffic still raises the score of every unit that has a
 * runoff, grade or low-point hazard.
 */
public final class RoadZoneOptions {
    private final double unitLengthM;
    private final double runoffAreaM2;
    private final double majorRunoffFactor;
    private final double steepGradePermille;
    private final double verySteepGradePermille;
    private final double lowPointDepthM;
    private final int weakSurfaceHeavyPerDay;
    private final int strongSurfaceHeavyPerDay;
    private final double weightLimitReliefT;
    private final int maxBridgedGapUnits;
    private final boolean trafficOnlyZones;
    private final double weakSurfaceEsalPerDay;
    private final double strongSurfaceEsalPerDay;

    private RoadZoneOptions(double unitLengthM, double runoffAreaM2, double majorRunoffFactor,
            double steepGradePermille, double verySteepGradePermille, double lowPointDepthM,
            int weakSurfaceHeavyPerDay, int strongSurfaceHeavyPerDay, double weightLimitReliefT,
            int maxBridgedGapUnits, boolean trafficOnlyZones, double weakSurfaceEsalPerDay,
            double strongSurfaceEsalPerDay) {
        this.unitLengthM = unitLengthM;
        this.runoffAreaM2 = runoffAreaM2;
        this.majorRunoffFactor = majorRunoffFactor;
        this.steepGradePermille = steepGradePermille;
        this.verySteepGradePermille = verySteepGradePermille;
        this.lowPointDepthM = lowPointDepthM;
        this.weakSurfaceHeavyPerDay = weakSurfaceHeavyPerDay;
        this.strongSurfaceHeavyPerDay = strongSurfaceHeavyPerDay;
        this.weightLimitReliefT = weightLimitReliefT;
        this.maxBridgedGapUnits = maxBridgedGapUnits;
        this.trafficOnlyZones = trafficOnlyZones;
        this.weakSurfaceEsalPerDay = weakSurfaceEsalPerDay;
        this.strongSurfaceEsalPerDay = strongSurfaceEsalPerDay;
    }

    /** Returns the defaults listed in the class documentation. */
    public static RoadZoneOptions defaults() {
        return new RoadZoneOptions(20, 10_000, 10, 80, 120, 0.2, 10, 200, 10, 1, false, 10, 100);
    }

    /** Returns the evaluation unit length, m. */
    public double unitLengthM() {
        return unitLengthM;
    }

    /** Returns the contributing area at which runoff is a hazard, m². */
    public double runoffAreaM2() {
        return runoffAreaM2;
    }

    /** Returns the multiple of {@link #runoffAreaM2()} at which runoff is a major crossing. */
    public double majorRunoffFactor() {
        return majorRunoffFactor;
    }

    /** Returns the steep unit gradient, ‰. */
    public double steepGradePermille() {
        return steepGradePermille;
    }

    /** Returns the very steep unit gradient, ‰. */
    public double verySteepGradePermille() {
        return verySteepGradePermille;
    }

    /** Returns the minimum rise of both neighbouring units above a low point, m. */
    public double lowPointDepthM() {
        return lowPointDepthM;
    }

    /** Returns the heavy vehicles per day that are a hazard on a weak surface. */
    public int weakSurfaceHeavyPerDay() {
        return weakSurfaceHeavyPerDay;
    }

    /** Returns the heavy vehicles per day that are a hazard on a strong surface. */
    public int strongSurfaceHeavyPerDay() {
        return strongSurfaceHeavyPerDay;
    }

    /** Returns the weight limit at or below which the traffic weight drops by one point, t. */
    public double weightLimitReliefT() {
        return weightLimitReliefT;
    }

    /** Returns the longest run of quiet units bridged inside a zone, in units. */
    public int maxBridgedGapUnits() {
        return maxBridgedGapUnits;
    }

    /** Returns whether units whose only hazard is traffic form zones. */
    public boolean trafficOnlyZones() {
        return trafficOnlyZones;
    }

    /** Returns the equivalent standard axles per day that are a hazard on a weak surface. */
    public double weakSurfaceEsalPerDay() {
        return weakSurfaceEsalPerDay;
    }

    /** Returns the equivalent standard axles per day that are a hazard on a strong surface. */
    public double strongSurfaceEsalPerDay() {
        return strongSurfaceEsalPerDay;
    }

    /** Returns a copy with other equivalent standard axle thresholds for weak and strong surfaces, per day. */
    public RoadZoneOptions withEsalPerDay(double weakSurface, double strongSurface) {
        return new RoadZoneOptions(unitLengthM, runoffAreaM2, majorRunoffFactor, steepGradePermille,
                verySteepGradePermille, lowPointDepthM, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay,
                weightLimitReliefT, maxBridgedGapUnits, trafficOnlyZones, weakSurface, strongSurface);
    }

    /** Returns a copy with another evaluation unit length, m. */
    public RoadZoneOptions withUnitLengthM(double value) {
        return new RoadZoneOptions(value, runoffAreaM2, majorRunoffFactor, steepGradePermille,
                verySteepGradePermille, lowPointDepthM, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay,
                weightLimitReliefT, maxBridgedGapUnits, trafficOnlyZones, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /** Returns a copy with another runoff hazard area, m². */
    public RoadZoneOptions withRunoffAreaM2(double value) {
        return new RoadZoneOptions(unitLengthM, value, majorRunoffFactor, steepGradePermille,
                verySteepGradePermille, lowPointDepthM, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay,
                weightLimitReliefT, maxBridgedGapUnits, trafficOnlyZones, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /** Returns a copy with another major runoff factor. */
    public RoadZoneOptions withMajorRunoffFactor(double value) {
        return new RoadZoneOptions(unitLengthM, runoffAreaM2, value, steepGradePermille,
                verySteepGradePermille, lowPointDepthM, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay,
                weightLimitReliefT, maxBridgedGapUnits, trafficOnlyZones, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /** Returns a copy with other steep and very steep gradients, ‰. */
    public RoadZoneOptions withGradesPermille(double steep, double verySteep) {
        return new RoadZoneOptions(unitLengthM, runoffAreaM2, majorRunoffFactor, steep, verySteep,
                lowPointDepthM, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay, weightLimitReliefT,
                maxBridgedGapUnits, trafficOnlyZones, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /** Returns a copy with another low-point depth, m. */
    public RoadZoneOptions withLowPointDepthM(double value) {
        return new RoadZoneOptions(unitLengthM, runoffAreaM2, majorRunoffFactor, steepGradePermille,
                verySteepGradePermille, value, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay,
                weightLimitReliefT, maxBridgedGapUnits, trafficOnlyZones, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /** Returns a copy with other heavy-traffic thresholds for weak and strong surfaces, vehicles/day. */
    public RoadZoneOptions withHeavyPerDay(int weakSurface, int strongSurface) {
        return new RoadZoneOptions(unitLengthM, runoffAreaM2, majorRunoffFactor, steepGradePermille,
                verySteepGradePermille, lowPointDepthM, weakSurface, strongSurface, weightLimitReliefT,
                maxBridgedGapUnits, trafficOnlyZones, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /** Returns a copy with another weight-limit relief threshold, t. */
    public RoadZoneOptions withWeightLimitReliefT(double value) {
        return new RoadZoneOptions(unitLengthM, runoffAreaM2, majorRunoffFactor, steepGradePermille,
                verySteepGradePermille, lowPointDepthM, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay,
                value, maxBridgedGapUnits, trafficOnlyZones, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /** Returns a copy with another maximum bridged gap, in units (0 never bridges). */
    public RoadZoneOptions withMaxBridgedGapUnits(int value) {
        return new RoadZoneOptions(unitLengthM, runoffAreaM2, majorRunoffFactor, steepGradePermille,
                verySteepGradePermille, lowPointDepthM, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay,
                weightLimitReliefT, value, trafficOnlyZones, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /** Returns a copy that does or does not let traffic-only units form zones. */
    public RoadZoneOptions withTrafficOnlyZones(boolean value) {
        return new RoadZoneOptions(unitLengthM, runoffAreaM2, majorRunoffFactor, steepGradePermille,
                verySteepGradePermille, lowPointDepthM, weakSurfaceHeavyPerDay, strongSurfaceHeavyPerDay,
                weightLimitReliefT, maxBridgedGapUnits, value, weakSurfaceEsalPerDay, strongSurfaceEsalPerDay);
    }

    /**
     * Checks every value against its valid range.
     *
     * @throws CgisException naming the first invalid option, its value and the valid range
     */
    public void validate() {
        requireRange("unitLengthM", unitLengthM, 1, 1000);
        requireRange("runoffAreaM2", runoffAreaM2, 1, 1e12);
        requireRange("majorRunoffFactor", majorRunoffFactor, 1, 1e6);
        requireRange("steepGradePermille", steepGradePermille, 1, 1000);
        requireRange("verySteepGradePermille", verySteepGradePermille, steepGradePermille, 10_000);
        requireRange("lowPointDepthM", lowPointDepthM, 0.01, 100);
        requireRange("weakSurfaceHeavyPerDay", weakSurfaceHeavyPerDay, 1, 1e6);
        requireRange("strongSurfaceHeavyPerDay", strongSurfaceHeavyPerDay, 1, 1e6);
        requireRange("weakSurfaceEsalPerDay", weakSurfaceEsalPerDay, 0.01, 1e7);
        requireRange("strongSurfaceEsalPerDay", strongSurfaceEsalPerDay, 0.01, 1e7);
        requireRange("weightLimitReliefT", weightLimitReliefT, 0, 1000);
        requireRange("maxBridgedGapUnits", maxBridgedGapUnits, 0, 100);
    }

    /** Returns the options as {@code key=value;…}, the form of the project metadata {@code analysis.roads.params}. */
    public String toParams() {
        return String.format(Locale.ROOT, "unitLengthM=%s;runoffAreaM2=%s;majorRunoffFactor=%s;"
                + "steepGradePermille=%s;verySteepGradePermille=%s;lowPointDepthM=%s;weakSurfaceHeavyPerDay=%d;"
                + "strongSurfaceHeavyPerDay=%d;weakSurfaceEsalPerDay=%s;strongSurfaceEsalPerDay=%s;weightLimitReliefT=%s;"
                + "maxBridgedGapUnits=%d;trafficOnlyZones=%b",
                plain(unitLengthM), plain(runoffAreaM2), plain(majorRunoffFactor), plain(steepGradePermille),
                plain(verySteepGradePermille), plain(lowPointDepthM), weakSurfaceHeavyPerDay,
                strongSurfaceHeavyPerDay, plain(weakSurfaceEsalPerDay), plain(strongSurfaceEsalPerDay),
                plain(weightLimitReliefT), maxBridgedGapUnits, trafficOnlyZones);
    }

    @Override
    public String toString() {
        return "RoadZoneOptions[" + toParams() + "]";
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new CgisException(RoadsMessages.BUNDLE, "options.invalid", name, plain(value), plain(min),
                    plain(max));
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
