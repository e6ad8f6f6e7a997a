package org.communitygis.network;

/**
 * Manning's formula and section geometry for circular pipes and rectangular channels.
 *
 * <p>Manning, GB 50014-2021 §5.2: v = (1/n)·R^(2/3)·I^(1/2), v in m/s, R the hydraulic radius in m, I the
 * gradient (m/m), n the roughness. Inputs outside the physical range (negative gradient, zero radius)
 * give 0 velocity or an infinite gradient rather than an exception.
 */
public final class Hydraulics {
    private Hydraulics() {
    }

    /** Returns Manning's velocity (m/s); a gradient ≤ 0 gives 0. */
    public static double manningVelocity(double n, double hydraulicRadiusM, double gradient) {
        if (!(gradient > 0) || !(hydraulicRadiusM > 0)) {
            return 0;
        }
        return Math.pow(hydraulicRadiusM, 2.0 / 3.0) * Math.sqrt(gradient) / n;
    }

    /** Returns the gradient (m/m) at which Manning's velocity equals {@code velocity}: I = (v·n / R^(2/3))². */
    public static double manningGradient(double velocity, double n, double hydraulicRadiusM) {
        if (!(hydraulicRadiusM > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double root = velocity * n / Math.pow(hydraulicRadiusM, 2.0 / 3.0);
        return root * root;
    }

    /**
     * Returns the hydraulic radius (m) of a circular pipe of diameter {@code diameterM} filled to depth
     * ratio h/D: R = D/4·(1 − sin θ / θ) with the wetted central angle θ = 2·acos(1 − 2·h/D). A ratio of 1
     * or more gives D/4.
     */
    public static double partFullHydraulicRadius(double diameterM, double fullness) {
        if (fullness >= 1) {
            return diameterM / 4.0;
        }
        if (!(fullness > 0)) {
            return 0;
        }
        double theta = 2 * Math.acos(1 - 2 * fullness);
        return diameterM / 4.0 * (1 - Math.sin(theta) / theta);
    }

    /** Returns the hydraulic radius (m) of a rectangular channel: b·h / (b + 2h). */
    public static double rectangleHydraulicRadius(double widthM, double depthM) {
        return widthM * depthM / (widthM + 2 * depthM);
    }
}
