package org.communitygis.network;

/**
 * Parameters of {@link TrialNetwork#alongRoads}.
 *
 * @param pieceLengthM a road between two junctions is cut into equal pieces of at most this length, m.
 *        Default 50 m, a screening choice close to common manhole spacing, not a design figure
 * @param coverM depth of the invert below ground, m. Default 1.2 m, a planning default that leaves about
 *        0.9 m of cover over a DN300 pipe, above the 0.7 m minimum under carriageways (secondary)
 * @param diameterMm diameter of every trial sewer, mm. Default 300, the minimum sewer diameter of the
 *        GB 50014 minimum gradient table (secondary)
 * @param material material of every trial sewer. Default {@code pvc}
 * @param network network name of every trial sewer. Default {@code trial}
 */
public record TrialOptions(double pieceLengthM, double coverM, double diameterMm, String material, String network) {

    /** Validates the values. */
    public TrialOptions {
        if (!(pieceLengthM > 0) || Double.isInfinite(pieceLengthM)) {
            throw new IllegalArgumentException("pieceLengthM must be a finite number > 0, got " + pieceLengthM);
        }
        if (!(coverM >= 0) || Double.isInfinite(coverM)) {
            throw new IllegalArgumentException("coverM must be a finite number ≥ 0, got " + coverM);
        }
        if (!(diameterMm > 0) || Double.isInfinite(diameterMm)) {
            throw new IllegalArgumentException("diameterMm must be a finite number > 0, got " + diameterMm);
        }
        if (material == null || network == null) {
            throw new IllegalArgumentException("material and network must not be null");
        }
    }

    /** Returns the defaults listed on the record. */
    public static TrialOptions defaults() {
        return new TrialOptions(50, 1.2, 300, "pvc", "trial");
    }

    /** Returns a copy with {@code pieceLengthM} replaced. */
    public TrialOptions withPieceLengthM(double value) {
        return new TrialOptions(value, coverM, diameterMm, material, network);
    }

    /** Returns a copy with {@code coverM} replaced. */
    public TrialOptions withCoverM(double value) {
        return new TrialOptions(pieceLengthM, value, diameterMm, material, network);
    }
}
