package org.communitygis.sample;

import java.util.Random;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * The terrain function of the sample village and the 5 m DEM sampled from it.
 *
 * <p>Coordinates {@code (u, v)} are metres east and north of the village's south-west corner
 * ({@link SampleVillage#ORIGIN_EASTING}, {@link SampleVillage#ORIGIN_NORTHING}). The elevation in metres is
 *
 * <pre>
 *   z(u, v) = 488 + 0.03·u + 60·(u / 1600)²            hillside rising to the east
 *           − 6·exp(−(d / 70)²)·f(u)                     valley, d = |v − v_c(u)|
 *           + Σ_k a_k·sin(2π·(u·cos θ_k + v·sin θ_k) / λ_k + φ_k)   gentle noise, k = 1..4
 * </pre>
 *
 * <p>The valley line is {@code v_c(u) = 520} for {@code u < 250} (the pond's outflow) and
 * {@code 520 + 200·(u − 250) / 1150} up to {@code u = 1400}, then level. Its fade-out
 * {@code f(u) = clamp((1550 − u) / 150, 0, 1)} gives the valley a head at {@code u = 1550}. The noise has
 * amplitudes {@code a = 0.8, 0.5, 0.3, 0.2} m and wavelengths {@code λ = 430, 260, 140, 75} m.
 * Directions θ and phases φ are drawn from {@code new Random(seed)}. Inside the pond, the circle of radius
 * {@link #POND_RADIUS_M} around {@link #POND_U}, {@link #POND_V}, the surface is flat at
 * {@link #POND_LEVEL_M}.
 *
 * <p>The hillside grade rises from 3 % on the west edge to 10.5 % on the east edge. Elevations stay
 * within 480–600 m (checked by the tests).
 */
public final class SampleTerrain {
    /** Pond centre, m east of the village origin. */
    public static final double POND_U = 250;
    /** Pond centre, m north of the village origin. */
    public static final double POND_V = 520;
    /** Pond radius, m. */
    public static final double POND_RADIUS_M = 40;
    /** Water level of the pond, the elevation of its flat basin in the DEM, m. */
    public static final double POND_LEVEL_M = 488.0;

    private static final double[] AMPLITUDES_M = {0.8, 0.5, 0.3, 0.2};
    private static final double[] WAVELENGTHS_M = {430, 260, 140, 75};

    private final double[] cosTheta = new double[AMPLITUDES_M.length];
    private final double[] sinTheta = new double[AMPLITUDES_M.length];
    private final double[] phases = new double[AMPLITUDES_M.length];

    /** Creates the terrain with noise directions and phases drawn from {@code seed}. */
    public SampleTerrain(long seed) {
        Random random = new Random(seed);
        for (int k = 0; k < AMPLITUDES_M.length; k++) {
            double theta = random.nextDouble() * Math.PI;
            cosTheta[k] = Math.cos(theta);
            sinTheta[k] = Math.sin(theta);
            phases[k] = random.nextDouble() * 2 * Math.PI;
        }
    }

    /** Returns the northing offset of the valley line at easting offset {@code u}, m. */
    public static double valleyLine(double u) {
        if (u < 250) {
            return 520;
        }
        return 520 + 200 * (Math.min(u, 1400) - 250) / 1150;
    }

    /** Returns the terrain elevation at (u, v), m, with the pond's flat basin. */
    public double elevation(double u, double v) {
        if (Math.hypot(u - POND_U, v - POND_V) <= POND_RADIUS_M) {
            return POND_LEVEL_M;
        }
        double hillside = 488 + 0.03 * u + 60 * (u / 1600) * (u / 1600);
        double distance = Math.abs(v - valleyLine(u));
        double fade = Math.max(0, Math.min(1, (1550 - u) / 150));
        double valley = 6 * Math.exp(-(distance / 70) * (distance / 70)) * fade;
        double noise = 0;
        for (int k = 0; k < AMPLITUDES_M.length; k++) {
            double along = u * cosTheta[k] + v * sinTheta[k];
            noise += AMPLITUDES_M[k] * Math.sin(2 * Math.PI * along / WAVELENGTHS_M[k] + phases[k]);
        }
        return hillside - valley + noise;
    }

    /**
     * Returns the downhill direction at (u, v) as an angle from the u axis, radians, from a central
     * difference over 5 m.
     */
    public double downhillAngle(double u, double v) {
        double h = 5;
        double dzdu = (elevation(u + h, v) - elevation(u - h, v)) / (2 * h);
        double dzdv = (elevation(u, v + h) - elevation(u, v - h)) / (2 * h);
        return Math.atan2(-dzdv, -dzdu);
    }

    /**
     * Samples the terrain at the cell centres of a north-up grid that covers the village.
     *
     * @param cellSizeM cell size, m
     * @param widthM extent east-west, m (a multiple of the cell size)
     * @param heightM extent north-south, m (a multiple of the cell size)
     */
    Raster sample(double cellSizeM, double widthM, double heightM) {
        int cols = (int) Math.round(widthM / cellSizeM);
        int rows = (int) Math.round(heightM / cellSizeM);
        GridGeometry grid = new GridGeometry(cols, rows, SampleVillage.ORIGIN_EASTING,
                SampleVillage.ORIGIN_NORTHING + heightM, cellSizeM, cellSizeM, SampleVillage.CRS);
        float[] data = new float[grid.size()];
        for (int row = 0; row < rows; row++) {
            double v = heightM - (row + 0.5) * cellSizeM;
            for (int col = 0; col < cols; col++) {
                double u = (col + 0.5) * cellSizeM;
                data[grid.index(col, row)] = (float) elevation(u, v);
            }
        }
        return new Raster(grid, data, -9999f, "m");
    }
}
