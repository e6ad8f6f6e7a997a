package org.communitygis.network;

import org.communitygis.core.feature.Feature;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * Whether a building can drain into a pipe by gravity.
 *
 * <p>The drain leaves the building at the point of its outline nearest to the pipe, with its invert at
 * ground − {@link GradientRules#houseDrainCoverM()} − the drain diameter, runs straight to the nearest
 * point of the pipe and falls at {@link GradientRules#houseDrainGradient()}. It is feasible when it
 * arrives at or above the pipe's invert there. The pipe invert is interpolated between
 * {@code up_invert_m} and {@code down_invert_m}; without both, it is the DEM ground at that point minus
 * the minimum cover and the pipe diameter, as {@link NetworkTopology} assumes.
 */
public final class GravityConnection {
    private GravityConnection() {
    }

    /**
     * Returns whether the building drains by gravity into the pipe, or null when a ground level or the pipe
     * invert is unknown (no DEM coverage, NoData, or a pipe that is not one line).
     *
     * @param building the building geometry
     * @param pipe the pipe, with its geometry and the fields {@code up_invert_m}, {@code down_invert_m} and
     *     {@code diameter_mm} (each may be missing)
     * @param dem ground levels, m, in the CRS of both geometries; null gives null
     * @param rules the house drain and cover figures
     */
    public static Boolean feasible(Geometry building, Feature pipe, Raster dem, GradientRules rules) {
        LineString line = NetworkLayers.singleLine(pipe.geometry());
        if (line == null || dem == null) {
            return null;
        }
        Coordinate[] nearest = DistanceOp.nearestPoints(building, line);
        Coordinate house = nearest[0];
        Coordinate joint = nearest[1];
        double ground = dem.interpolate(house.x, house.y);
        double invert = pipeInvert(line, pipe, joint, dem, rules);
        if (Double.isNaN(ground) || Double.isNaN(invert)) {
            return null;
        }
        double drainStart = ground - rules.houseDrainCoverM() - rules.houseDrainDiameterMm() / 1000;
        double arrival = drainStart - rules.houseDrainGradient() * house.distance(joint);
        return arrival >= invert;
    }

    private static double pipeInvert(LineString line, Feature pipe, Coordinate at, Raster dem, GradientRules rules) {
        double up = pipe.getDouble("up_invert_m", Double.NaN);
        double down = pipe.getDouble("down_invert_m", Double.NaN);
        if (!Double.isNaN(up) && !Double.isNaN(down)) {
            double fraction = new LengthIndexedLine(line).project(at) / line.getLength();
            return up + (down - up) * fraction;
        }
        double diameterMm = pipe.getDouble("diameter_mm", Double.NaN);
        double depth = rules.minCoverM() + (diameterMm > 0 ? diameterMm : rules.assumedDiameterMm()) / 1000;
        return dem.interpolate(at.x, at.y) - depth;
    }
}
