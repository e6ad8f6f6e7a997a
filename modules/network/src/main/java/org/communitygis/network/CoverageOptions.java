package org.communitygis.network;

import java.util.Set;

/**
 * Parameters of {@link CoverageAnalysis}. Use {@link #defaults()} and the {@code with…} methods.
 *
 * @param bufferM a building is {@code served_buffer} when its polygon is at most this far from a pipe, m.
 *        Default 30 m, a planning default, not a figure of a standard
 * @param roadDistanceM a building is {@code served_road} when the path building → road → along the roads
 *        → pipe is at most this long, m. Default 100 m, a planning default
 * @param personsPerHousehold residents per household where a building has no {@code residents}. Default
 *        2.6, an estimate of rural household size
 * @param sewageLitresPerPersonDay sewage per resident, L/person/day. Default 80, an estimate inside the
 *        range 40–150 of GB/T 51347-2019 (secondary); use a field survey where one exists
 * @param peakingFactor Kz by mean flow, default {@link PeakingFactor#GB50014}
 * @param pipeKinds pipe kinds that count as sewage service. Default {@code sewer} only: storm pipes
 *        and ditches do not take sewage, and a house cannot connect to a rising main, which is under
 *        pressure and carries water only between a pump station and its discharge point
 * @param residentialTypes {@code building} values that count as one household when the building has no
 *        {@code households}; every other type counts as 0
 * @param facilityKinds facility kinds that receive sewage: {@code treatment_unit} and {@code septic_tank}
 * @param roadClasses {@code highway} values of the roads used for paths; empty means every road
 * @param pipeSampleSpacingM pipes are sampled this often (m), besides their vertices and road crossings,
 *        to find where they run along a road. Default 10 m
 * @param connectToleranceM pipes whose lines come this close (m) belong to the same connected network.
 *        Default 1 m
 */
public record CoverageOptions(double bufferM, double roadDistanceM, double personsPerHousehold,
        double sewageLitresPerPersonDay, PeakingFactor peakingFactor, Set<String> pipeKinds,
        Set<String> residentialTypes, Set<String> facilityKinds, Set<String> roadClasses,
        double pipeSampleSpacingM, double connectToleranceM) {

    /** Building types counted as one household by default. */
    public static final Set<String> RESIDENTIAL_TYPES = Set.of("yes", "house", "residential", "detached",
            "semidetached_house", "terrace", "farm", "apartments", "bungalow");

    /** Validates the values. */
    public CoverageOptions {
        requireNonNegative("bufferM", bufferM);
        requireNonNegative("roadDistanceM", roadDistanceM);
        requireNonNegative("personsPerHousehold", personsPerHousehold);
        requireNonNegative("sewageLitresPerPersonDay", sewageLitresPerPersonDay);
        requirePositive("pipeSampleSpacingM", pipeSampleSpacingM);
        requireNonNegative("connectToleranceM", connectToleranceM);
        if (peakingFactor == null) {
            throw new IllegalArgumentException("peakingFactor must not be null");
        }
        pipeKinds = Set.copyOf(pipeKinds);
        residentialTypes = Set.copyOf(residentialTypes);
        facilityKinds = Set.copyOf(facilityKinds);
        roadClasses = Set.copyOf(roadClasses);
    }

    /** Returns the defaults listed on the record. */
    public static CoverageOptions defaults() {
        return new CoverageOptions(30, 100, 2.6, 80, PeakingFactor.GB50014, Set.of("sewer"),
                RESIDENTIAL_TYPES, Set.of("treatment_unit", "septic_tank"), Set.of(), 10, 1);
    }

    /** Returns a copy with {@code bufferM} replaced. */
    public CoverageOptions withBufferM(double value) {
        return new CoverageOptions(value, roadDistanceM, personsPerHousehold, sewageLitresPerPersonDay, peakingFactor,
                pipeKinds, residentialTypes, facilityKinds, roadClasses, pipeSampleSpacingM, connectToleranceM);
    }

    /** Returns a copy with {@code roadDistanceM} replaced. */
    public CoverageOptions withRoadDistanceM(double value) {
        return new CoverageOptions(bufferM, value, personsPerHousehold, sewageLitresPerPersonDay, peakingFactor,
                pipeKinds, residentialTypes, facilityKinds, roadClasses, pipeSampleSpacingM, connectToleranceM);
    }

    /** Returns a copy with {@code personsPerHousehold} replaced. */
    public CoverageOptions withPersonsPerHousehold(double value) {
        return new CoverageOptions(bufferM, roadDistanceM, value, sewageLitresPerPersonDay, peakingFactor,
                pipeKinds, residentialTypes, facilityKinds, roadClasses, pipeSampleSpacingM, connectToleranceM);
    }

    /** Returns a copy with {@code sewageLitresPerPersonDay} replaced. */
    public CoverageOptions withSewageLitresPerPersonDay(double value) {
        return new CoverageOptions(bufferM, roadDistanceM, personsPerHousehold, value, peakingFactor,
                pipeKinds, residentialTypes, facilityKinds, roadClasses, pipeSampleSpacingM, connectToleranceM);
    }

    /** Returns a copy with {@code peakingFactor} replaced. */
    public CoverageOptions withPeakingFactor(PeakingFactor value) {
        return new CoverageOptions(bufferM, roadDistanceM, personsPerHousehold, sewageLitresPerPersonDay, value,
                pipeKinds, residentialTypes, facilityKinds, roadClasses, pipeSampleSpacingM, connectToleranceM);
    }

    /** Returns a copy with {@code pipeKinds} replaced. */
    public CoverageOptions withPipeKinds(Set<String> value) {
        return new CoverageOptions(bufferM, roadDistanceM, personsPerHousehold, sewageLitresPerPersonDay, peakingFactor,
                value, residentialTypes, facilityKinds, roadClasses, pipeSampleSpacingM, connectToleranceM);
    }

    /** Returns a copy with {@code residentialTypes} replaced. */
    public CoverageOptions withResidentialTypes(Set<String> value) {
        return new CoverageOptions(bufferM, roadDistanceM, personsPerHousehold, sewageLitresPerPersonDay, peakingFactor,
                pipeKinds, value, facilityKinds, roadClasses, pipeSampleSpacingM, connectToleranceM);
    }

    /** Returns a copy with {@code roadClasses} replaced. */
    public CoverageOptions withRoadClasses(Set<String> value) {
        return new CoverageOptions(bufferM, roadDistanceM, personsPerHousehold, sewageLitresPerPersonDay, peakingFactor,
                pipeKinds, residentialTypes, facilityKinds, value, pipeSampleSpacingM, connectToleranceM);
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number ≥ 0, got " + value);
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
    }
}
