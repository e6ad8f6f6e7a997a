package org.communitygis.cli;

import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.locationtech.jts.geom.Coordinate;

/**
 * Copies the z coordinates of imported features into an {@value #FIELD} attribute, because the project
 * stores 2D coordinates (GeoPackage and PostGIS alike) and would otherwise lose the heights of spot heights
 * and contours that a later {@code import --dem-from-survey} reads.
 *
 * <p>A feature gets a value when all its vertices have the same finite z: a PointZ spot height, a 3D
 * contour, a KML point with altitude. Features whose z varies along the line (a 3D road) or is missing get
 * null, and so do features with z = 0, because KML writes altitude 0 for points clamped to the ground and
 * CAD programs write 0 for flat drawings (the rule {@link org.communitygis.io.DxfReader} applies too); a
 * real height of exactly 0 m is lost. A layer that already has an {@value #FIELD} field, as DXF layers do, is left unchanged, and so is a
 * layer where no feature gets a value.
 */
final class ZElevations {
    /** The attribute that receives the z value, m. */
    static final String FIELD = "elevation_m";

    private ZElevations() {
    }

    /** Adds the {@value #FIELD} field to {@code layer} when some feature has a single z; returns the layer. */
    static FeatureLayer carryZ(FeatureLayer layer) {
        if (layer.hasField(FIELD)) {
            return layer;
        }
        boolean any = false;
        for (Feature feature : layer.features()) {
            if (!Double.isNaN(singleZ(feature.geometry().getCoordinates()))) {
                any = true;
                break;
            }
        }
        if (!any) {
            return layer;
        }
        layer.addField(new Field(FIELD, FieldType.REAL));
        for (Feature feature : layer.features()) {
            double z = singleZ(feature.geometry().getCoordinates());
            feature.set(FIELD, Double.isNaN(z) ? null : z);
        }
        return layer;
    }

    /** Returns the z shared by all {@code coordinates}, or NaN when one is missing or 0, or they differ. */
    private static double singleZ(Coordinate[] coordinates) {
        if (coordinates.length == 0 || !Double.isFinite(coordinates[0].getZ()) || coordinates[0].getZ() == 0) {
            return Double.NaN;
        }
        double z = coordinates[0].getZ();
        for (Coordinate coordinate : coordinates) {
            if (coordinate.getZ() != z) {
                return Double.NaN;
            }
        }
        return z;
    }
}
