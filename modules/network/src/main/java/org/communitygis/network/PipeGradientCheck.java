package org.communitygis.network;

import java.util.Optional;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.communitygis.network.GradientRules.PipeClass;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the gradient of every pipe and channel against {@link GradientRules} and writes the
 * {@code pipe_gradients} layer.
 *
 * <p>Per pipe: the 2D length; the ground levels at both ends, interpolated bilinearly in the DEM; the
 * invert gradient (up_invert_m − down_invert_m) / length when both inverts are present
 * ({@code gradient_source=inverts}), else the ground gradient in its place ({@code gradient_source=dem}),
 * which assumes constant cover along the pipe. Gradients are positive when falling along the digitized
 * direction (the pipes layer is digitized downstream) and stored in ‰.
 *
 * <p>Flags, first match wins, for gravity pipes and open channels:
 * <ul>
 *   <li>{@code reverse}: the gradient is negative, so water would flow uphill along the digitized
 *       direction;</li>
 *   <li>{@code too_flat}: below {@link GradientRules#minGradient} (a gradient of exactly 0 is too flat);</li>
 *   <li>{@code too_steep}: Manning's velocity (GB 50014-2021 §5.2) running full, or for channels at the
 *       assumed section, exceeds the maximum velocity of the material;</li>
 *   <li>{@code ok} otherwise.</li>
 * </ul>
 * Pressure kinds ({@code rising_main} by default) get {@code ok}, no minimum gradient, and a message
 * saying they are not checked. For gravity pipes with both inverts and DEM ground levels, the cover over
 * the crown (ground − invert − diameter) is compared with the minimum cover, and a shortfall is added to
 * the message while the flag stays.
 *
 * <p>Skipped with a {@link Diagnostics} warning naming the pipe id: empty, non-linear or disjoint
 * multi-part geometries, zero length, a diameter or width ≤ 0, and pipes with neither both inverts nor
 * ground levels at both ends (no DEM, or NoData under an end). A kind the rules do not list is warned
 * about and checked as a gravity pipe. A gravity pipe without a diameter is checked as
 * {@link GradientRules#assumedDiameterMm()}, which the message notes.
 */
public final class PipeGradientCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PipeGradientCheck.class);

    /** Flag: the gradient passes every check, or the pipe is a pressure pipe. */
    public static final String OK = "ok";
    /** Flag: water would flow uphill along the digitized direction. */
    public static final String REVERSE = "reverse";
    /** Flag: the gradient is below the minimum gradient. */
    public static final String TOO_FLAT = "too_flat";
    /** Flag: the velocity is above the material's maximum. */
    public static final String TOO_STEEP = "too_steep";

    private PipeGradientCheck() {
    }

    /**
     * Checks {@code pipes} and returns the {@code pipe_gradients} layer in the pipes' CRS.
     *
     * @param pipes the pipes layer (fields as in the architecture document; missing fields read as null)
     * @param dem ground elevation, m, in the same CRS, if available
     * @param rules the figures to check against
     * @param diagnostics receives one warning per skipped pipe
     * @throws CgisException when the DEM's CRS differs from the pipes' CRS
     */
    public static FeatureLayer check(FeatureLayer pipes, Optional<Raster> dem, GradientRules rules,
            Diagnostics diagnostics) {
        if (pipes == null) {
            throw new CgisException(NetworkMessages.BUNDLE, "gradient.noPipes");
        }
        dem.ifPresent(raster -> checkSameCrs(pipes.name(), pipes.crs(), "dem", raster.grid().crs()));
        FeatureLayer out = new FeatureLayer(NetworkLayers.PIPE_GRADIENTS, GeometryKind.LINESTRING, pipes.crs(),
                NetworkLayers.PIPE_GRADIENTS_FIELDS);
        int[] flagCounts = new int[4];
        for (Feature pipe : pipes.features()) {
            Feature result = checkOne(pipe, dem.orElse(null), rules, diagnostics);
            if (result != null) {
                out.add(result);
                switch (result.getString("flag")) {
                    case REVERSE -> flagCounts[1]++;
                    case TOO_FLAT -> flagCounts[2]++;
                    case TOO_STEEP -> flagCounts[3]++;
                    default -> flagCounts[0]++;
                }
            }
        }
        LOG.info("Checked {} of {} pipes: {} ok, {} reverse, {} too flat, {} too steep", out.size(), pipes.size(),
                flagCounts[0], flagCounts[1], flagCounts[2], flagCounts[3]);
        return out;
    }

    static void checkSameCrs(String layerName, String layerCrs, String otherName, String otherCrs) {
        if (layerCrs != null && otherCrs != null && !layerCrs.isBlank() && !otherCrs.isBlank()
                && !layerCrs.equalsIgnoreCase(otherCrs)) {
            throw new CgisException(NetworkMessages.BUNDLE, "network.crsMismatch", layerName, layerCrs, otherName, otherCrs);
        }
    }

    private static Feature checkOne(Feature pipe, Raster dem, GradientRules rules, Diagnostics diagnostics) {
        long id = pipe.id();
        LineString line = NetworkLayers.singleLine(pipe.geometry());
        if (line == null) {
            diagnostics.warn(NetworkMessages.BUNDLE, "gradient.badGeometry", id,
                    pipe.geometry() == null ? "null" : pipe.geometry().getGeometryType());
            return null;
        }
        double length = line.getLength();
        if (!(length > 0)) {
            diagnostics.warn(NetworkMessages.BUNDLE, "gradient.zeroLength", id);
            return null;
        }
        double diameterMm = pipe.getDouble("diameter_mm", Double.NaN);
        double widthM = pipe.getDouble("width_m", Double.NaN);
        if (diameterMm <= 0 || widthM <= 0) {
            diagnostics.warn(NetworkMessages.BUNDLE, "gradient.badSize", id,
                    Double.isNaN(diameterMm) ? "" : diameterMm, Double.isNaN(widthM) ? "" : widthM);
            return null;
        }
        String kind = NetworkLayers.text(pipe.get("kind"));
        String material = NetworkLayers.text(pipe.get("material"));
        PipeClass pipeClass = rules.classify(kind);
        if (pipeClass == PipeClass.UNKNOWN) {
            diagnostics.warn(NetworkMessages.BUNDLE, "gradient.unknownKind", id, kind);
            pipeClass = PipeClass.GRAVITY_PIPE;
        }

        Coordinate start = line.getCoordinateN(0);
        Coordinate end = line.getCoordinateN(line.getNumPoints() - 1);
        double groundUp = dem == null ? Double.NaN : dem.interpolate(start.x, start.y);
        double groundDown = dem == null ? Double.NaN : dem.interpolate(end.x, end.y);
        double groundGradient = (groundUp - groundDown) / length;
        double upInvert = pipe.getDouble("up_invert_m", Double.NaN);
        double downInvert = pipe.getDouble("down_invert_m", Double.NaN);
        boolean haveInverts = !Double.isNaN(upInvert) && !Double.isNaN(downInvert);
        double invertGradient = haveInverts ? (upInvert - downInvert) / length : Double.NaN;
        double gradient = haveInverts ? invertGradient : groundGradient;
        if (Double.isNaN(gradient)) {
            diagnostics.warn(NetworkMessages.BUNDLE, "gradient.noLevels", id);
            return null;
        }

        Feature out = new Feature(id, line);
        out.set("pipe_id", id);
        out.set("name", pipe.get("name"));
        out.set("kind", kind);
        out.set("length_m", length);
        out.set("ground_up_m", finite(groundUp));
        out.set("ground_down_m", finite(groundDown));
        out.set("ground_gradient_permille", finite(groundGradient * 1000));
        out.set("invert_gradient_permille", finite(invertGradient * 1000));
        out.set("gradient_source", haveInverts ? "inverts" : "dem");

        StringBuilder message = new StringBuilder();
        if (pipeClass == PipeClass.PRESSURE) {
            out.set("flag", OK);
            message.append(NetworkMessages.BUNDLE.format("gradient.msg.pressure", kind));
            out.set("message", message.toString());
            return out;
        }

        boolean assumedDiameter = false;
        if (pipeClass == PipeClass.GRAVITY_PIPE && Double.isNaN(diameterMm)) {
            diameterMm = rules.assumedDiameterMm();
            assumedDiameter = true;
        }
        String lining = pipeClass == PipeClass.CHANNEL ? rules.channelMaterial(kind, material) : material;
        double minGradient = rules.minGradient(kind, diameterMm, widthM, lining);
        double radius = rules.fullHydraulicRadiusM(pipeClass, diameterMm, widthM);
        double velocity = Hydraulics.manningVelocity(rules.manningN(lining), radius, gradient);
        double maxVelocity = rules.maxVelocity(pipeClass, lining);
        out.set("min_gradient_permille", minGradient * 1000);

        String flag;
        String sizeLabel = pipeClass == PipeClass.CHANNEL
                ? NetworkMessages.BUNDLE.format("gradient.label.channel", rules.channelWidthM(widthM))
                : NetworkMessages.BUNDLE.format("gradient.label.pipe", diameterMm,
                        lining.isEmpty() ? NetworkMessages.BUNDLE.format("gradient.label.unknownMaterial") : lining);
        if (gradient < 0) {
            flag = REVERSE;
            message.append(NetworkMessages.BUNDLE.format("gradient.msg.reverse", -gradient * 1000));
        } else if (gradient < minGradient) {
            flag = TOO_FLAT;
            message.append(NetworkMessages.BUNDLE.format("gradient.msg.tooFlat", gradient * 1000, minGradient * 1000,
                    sizeLabel));
        } else if (velocity > maxVelocity) {
            flag = TOO_STEEP;
            message.append(NetworkMessages.BUNDLE.format("gradient.msg.tooSteep", gradient * 1000, velocity,
                    maxVelocity, sizeLabel));
        } else {
            flag = OK;
            message.append(NetworkMessages.BUNDLE.format("gradient.msg.ok", gradient * 1000, minGradient * 1000,
                    velocity));
        }
        out.set("flag", flag);

        if (!haveInverts) {
            message.append(' ').append(NetworkMessages.BUNDLE.format("gradient.note.demSource"));
        }
        if (assumedDiameter) {
            message.append(' ').append(NetworkMessages.BUNDLE.format("gradient.note.assumedDiameter", diameterMm));
        }
        if (pipeClass == PipeClass.GRAVITY_PIPE && haveInverts && !Double.isNaN(groundUp) && !Double.isNaN(groundDown)) {
            double cover = Math.min(groundUp - upInvert, groundDown - downInvert) - diameterMm / 1000.0;
            // Compared at the 1 cm the message shows, so "0.70 m, less than 0.70 m" cannot appear.
            if (Math.round(cover * 100) < Math.round(rules.minCoverM() * 100)) {
                message.append(' ').append(NetworkMessages.BUNDLE.format("gradient.note.shallowCover", cover, rules.minCoverM()));
            }
        }
        out.set("message", message.toString());
        return out;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
