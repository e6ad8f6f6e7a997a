package org.communitygis.terrain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;

/**
 * Longitudinal road gradients from a DEM, as the {@code road_gradients} layer: one feature per road.
 *
 * <p>Each road is sampled with {@link LineProfile} every {@code stepM} metres plus every vertex and the
 * end. {@code gradient_permille} = (z_end − z_start) / length · 1000, signed along the digitized
 * direction; {@code max_gradient_permille} = the largest |Δz / Δs| · 1000 over consecutive samples.
 * {@code flag} is {@code steep} when max_gradient_permille exceeds {@code steepPermille}, {@code flat}
 * when it is below {@code flatPermille} (no sampled section falls fast enough to shed water, so water
 * ponds on the road), else {@code ok}.
 *
 * <p>Defaults are planning defaults, not checked against a standard text: 80 ‰ (8 %) is the maximum
 * longitudinal grade commonly quoted from JTG D20-2017 for class-four highways at 30 km/h, and 3 ‰
 * (0.3 %) the minimum longitudinal grade commonly quoted for drainage of cut sections (both unconfirmed).
 * The DEM's resolution limits the result: a 30 m DEM smooths short ramps.
 *
 * <p>Skipped with a Diagnostics warning: roads with an empty or zero-length geometry, multi-part roads
 * (split them first), and roads with any sample outside the DEM or on NoData.
 */
public final class RoadGradients {
    /** The name of the output layer. */
    public static final String LAYER = "road_gradients";
    /** Default sampling step, m. */
    public static final double DEFAULT_STEP_M = 10;
    /** Default steep limit, ‰ (planning default, unconfirmed; see the class doc). */
    public static final double DEFAULT_STEEP_PERMILLE = 80;
    /** Default flat limit, ‰ (planning default, unconfirmed; see the class doc). */
    public static final double DEFAULT_FLAT_PERMILLE = 3;

    private RoadGradients() {
    }

    /** Returns the empty {@code road_gradients} layer with its fixed fields. */
    public static FeatureLayer emptyLayer(String crs) {
        return new FeatureLayer(LAYER, GeometryKind.LINESTRING, crs, List.of(
                new Field("road_id", FieldType.INTEGER),
                new Field("name", FieldType.STRING),
                new Field("highway", FieldType.STRING),
                new Field("length_m", FieldType.REAL),
                new Field("z_start_m", FieldType.REAL),
                new Field("z_end_m", FieldType.REAL),
                new Field("gradient_permille", FieldType.REAL),
                new Field("max_gradient_permille", FieldType.REAL),
                new Field("flag", FieldType.STRING)));
    }

    /** Computes gradients with the default step and limits. */
    public static FeatureLayer compute(FeatureLayer roads, Raster dem, Diagnostics diagnostics) {
        return compute(roads, dem, DEFAULT_STEP_M, DEFAULT_STEEP_PERMILLE, DEFAULT_FLAT_PERMILLE, diagnostics);
    }

    /**
     * Computes the gradient of every road of {@code roads} on {@code dem}.
     *
     * @param roads the {@code roads} layer (LINESTRING; {@code name}, {@code highway} copied when present)
     * @param dem the DEM, m, in the roads' CRS
     * @param stepM sampling step, m
     * @param steepPermille roads whose steepest section exceeds this are {@code steep}, ‰
     * @param flatPermille roads whose steepest section is below this are {@code flat}, ‰
     * @param diagnostics receives a warning per skipped road
     * @throws CgisException when the CRSs differ or a parameter is invalid
     */
    public static FeatureLayer compute(FeatureLayer roads, Raster dem, double stepM, double steepPermille,
            double flatPermille, Diagnostics diagnostics) {
        if (!(steepPermille > 0) || !(flatPermille >= 0) || flatPermille >= steepPermille
                || Double.isInfinite(steepPermille)) {
            throw new CgisException(TerrainMessages.BUNDLE, "roads.badLimits", steepPermille, flatPermille);
        }
        if (!(stepM > 0) || Double.isInfinite(stepM)) {
            throw new CgisException(TerrainMessages.BUNDLE, "profile.badStep", stepM);
        }
        String demCrs = dem.grid().crs();
        if (!sameCrs(roads.crs(), demCrs)) {
            throw new CgisException(TerrainMessages.BUNDLE, "roads.crsMismatch", roads.name(), roads.crs(), demCrs);
        }
        FeatureLayer out = emptyLayer(demCrs);
        for (Feature road : roads.features()) {
            LineString line = singleLine(road, roads.name(), diagnostics);
            if (line == null) {
                continue;
            }
            LineProfile profile = LineProfile.sample(line, dem, stepM);
            double length = profile.lengthM();
            if (!(length > 0)) {
                diagnostics.warn(TerrainMessages.BUNDLE, "roads.zeroLength", roads.name(), road.id());
                continue;
            }
            int missing = profile.missingSamples();
            if (missing > 0) {
                diagnostics.warn(TerrainMessages.BUNDLE, "roads.outsideDem", roads.name(), road.id(), missing, profile.size());
                continue;
            }
            out.add(gradientFeature(road, line, profile, steepPermille, flatPermille));
        }
        return out;
    }

    private static Feature gradientFeature(Feature road, LineString line, LineProfile profile,
            double steepPermille, double flatPermille) {
        int last = profile.size() - 1;
        double length = profile.lengthM();
        double zStart = profile.elevationM(0);
        double zEnd = profile.elevationM(last);
        double maxPermille = 0;
        for (int i = 1; i <= last; i++) {
            double ds = profile.chainageM(i) - profile.chainageM(i - 1);
            double permille = Math.abs(profile.elevationM(i) - profile.elevationM(i - 1)) / ds * 1000;
            maxPermille = Math.max(maxPermille, permille);
        }
        String flag = "ok";
        if (maxPermille > steepPermille) {
            flag = "steep";
        } else if (maxPermille < flatPermille) {
            flag = "flat";
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("road_id", road.id());
        attributes.put("name", road.getString("name"));
        attributes.put("highway", road.getString("highway"));
        attributes.put("length_m", length);
        attributes.put("z_start_m", zStart);
        attributes.put("z_end_m", zEnd);
        attributes.put("gradient_permille", (zEnd - zStart) / length * 1000);
        attributes.put("max_gradient_permille", maxPermille);
        attributes.put("flag", flag);
        return new Feature(road.id(), line.copy(), attributes);
    }

    private static LineString singleLine(Feature road, String layer, Diagnostics diagnostics) {
        Geometry geometry = road.geometry();
        if (geometry == null || geometry.isEmpty()) {
            diagnostics.warn(TerrainMessages.BUNDLE, "roads.emptyGeometry", layer, road.id());
            return null;
        }
        if (geometry instanceof LineString line) {
            return line;
        }
        if (geometry instanceof MultiLineString multi && multi.getNumGeometries() == 1) {
            return (LineString) multi.getGeometryN(0);
        }
        diagnostics.warn(TerrainMessages.BUNDLE, "roads.notSingleLine", layer, road.id(), geometry.getGeometryType());
        return null;
    }

    private static boolean sameCrs(String a, String b) {
        if (a == null || b == null || a.isBlank() || b.isBlank()) {
            return true;
        }
        return Crs.normalizeCode(a).equalsIgnoreCase(Crs.normalizeCode(b));
    }
}
