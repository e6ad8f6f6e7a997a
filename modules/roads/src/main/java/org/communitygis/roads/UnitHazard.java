package org.communitygis.roads;

/**
 * The hazards of one evaluation unit of a road, with the points {@link RoadHazards} gives them.
 *
 * <p>Chainages are along the whole road in its digitized direction, m. A value the rasters cannot give
 * (the unit lies outside them or on NoData, or the raster was not supplied) is NaN and scores 0.
 *
 * @param part index of the road's line part, 0 for a LineString
 * @param index index of the unit within its part, from 0
 * @param fromM chainage where the unit starts, m
 * @param toM chainage where the unit ends, m
 * @param runoffAreaM2 largest contributing area among the flow_acc cells the unit passes through, m²
 * @param runoffAtM chainage where that cell is crossed, m
 * @param gradePermille |Δz| between the unit's ends divided by its length, ‰
 * @param minElevationM lowest DEM elevation along the unit, m
 * @param lowestAtM chainage of that lowest point, m
 * @param lowPoint whether the unit contains a sag of the road profile with both neighbouring units higher
 * @param runoffPoints 0, 2 (runoff hazard) or 3 (major runoff)
 * @param gradePoints 0, 1 (steep) or 2 (very steep)
 * @param lowPointPoints 0 or 1
 * @param trafficPoints the road's traffic points, 0–2
 * @param loadBonus 1 when heavy traffic on a weak surface meets a runoff, grade or low-point hazard
 * @param severity 0 none, 1 low, 2 medium, 3 high
 */
public record UnitHazard(int part, int index, double fromM, double toM, double runoffAreaM2, double runoffAtM,
        double gradePermille, double minElevationM, double lowestAtM, boolean lowPoint, int runoffPoints, int gradePoints,
        int lowPointPoints, int trafficPoints, int loadBonus, int severity) {

    /** Returns the unit's length, m. */
    public double lengthM() {
        return toM - fromM;
    }

    /** Returns the unit's score, the sum of its points. */
    public int score() {
        return runoffPoints + gradePoints + lowPointPoints + trafficPoints + loadBonus;
    }

    /** Returns whether the unit has a runoff, grade or low-point hazard. */
    public boolean hasTerrainHazard() {
        return runoffPoints + gradePoints + lowPointPoints > 0;
    }
}
