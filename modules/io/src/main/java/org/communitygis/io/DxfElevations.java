package org.communitygis.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.communitygis.core.Diagnostics;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Gives DXF features their elevation, in metres of the drawing.
 *
 * <p>A survey point (POINT, or INSERT of a symbol block) takes, in this order:
 * <ol>
 * <li>its z, when not 0 (source {@code z});
 * <li>the numeric value of an ATTRIB whose tag is one of {@link #ELEVATION_TAGS} (source {@code attribute});
 * <li>the value of the nearest numeric TEXT or MTEXT (such as {@code 45.37}) on the point's own layer or on
 *     one of the configured elevation-text layers, when its insertion point is at most
 *     max({@value #MIN_TEXT_DISTANCE_M} m, {@value #TEXT_HEIGHTS} × text height) away (source {@code text}).
 *     This is how survey software such as CASS draws a spot height (高程点): a dot with the height written
 *     beside it. A text may serve several points. A text that serves a point is not imported as a feature
 *     of its own, because its value is the point's {@code elevation_m}; {@link DxfReader} reports how many.
 * </ol>
 * A line takes its z when every vertex has the same z other than 0 (an LWPOLYLINE's elevation, code 38). A
 * 3D polyline whose vertices differ keeps them as coordinate z only.
 *
 * <p>Z = 0 means "no elevation", because CAD programs write 0 for flat drawings; a real elevation of exactly
 * 0.000 m is lost. Geometries whose z are all 0 are made 2D.
 */
final class DxfElevations {
    /** Minimum search distance for a spot-height text, m. */
    static final double MIN_TEXT_DISTANCE_M = 2.0;
    /** Search distance for a spot-height text, in text heights. */
    static final double TEXT_HEIGHTS = 3.0;
    /** ATTRIB tags read as an elevation (case-insensitive). */
    static final Set<String> ELEVATION_TAGS = Set.of("GC", "ELEV", "ELEVATION", "HEIGHT", "H", "Z", "ELE", "高程");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private DxfElevations() {
    }

    /**
     * Sets the elevation of every feature in {@code drawn} and warns, per layer with at least one survey
     * point that has an elevation, about the survey points without one.
     *
     * @param textLayers DXF layers whose numeric texts may label points on any layer (upper case)
     */
    static void assign(Path file, List<DxfDrawn> drawn, Set<String> textLayers, Diagnostics diagnostics) {
        STRtree texts = new STRtree();
        boolean anyText = false;
        double maxReach = MIN_TEXT_DISTANCE_M;
        for (DxfDrawn item : drawn) {
            if (item.text != null && NUMBER.matcher(item.text).matches()) {
                texts.insert(item.geometry.getEnvelopeInternal(), item);
                anyText = true;
                if (!Double.isNaN(item.textHeight)) {
                    maxReach = Math.max(maxReach, TEXT_HEIGHTS * item.textHeight);
                }
            }
        }
        Map<String, int[]> perLayer = new LinkedHashMap<>();
        Map<String, List<String>> missingHandles = new LinkedHashMap<>();
        for (DxfDrawn item : drawn) {
            if (item.surveyPoint) {
                Coordinate point = item.geometry.getCoordinate();
                if (point.z != 0 && !Double.isNaN(point.z)) {
                    setElevation(item, point.z, "z");
                } else if (!fromAttribute(item) && anyText) {
                    fromText(item, point, texts, maxReach, textLayers);
                }
                int[] counts = perLayer.computeIfAbsent(item.layer, key -> new int[2]);
                counts[Double.isNaN(item.elevation) ? 1 : 0]++;
                if (Double.isNaN(item.elevation)) {
                    List<String> handles = missingHandles.computeIfAbsent(item.layer, key -> new ArrayList<>());
                    if (handles.size() < 3) {
                        handles.add(item.handle + " (line " + item.line + ")");
                    }
                }
            } else if (item.text == null) {
                double z = commonZ(item.geometry);
                if (!Double.isNaN(z)) {
                    setElevation(item, z, "z");
                }
            }
            if (allZero(item.geometry)) {
                item.geometry = dropZ(item.geometry);
            }
        }
        for (Map.Entry<String, int[]> entry : perLayer.entrySet()) {
            int withElevation = entry.getValue()[0];
            int without = entry.getValue()[1];
            if (withElevation > 0 && without > 0) {
                diagnostics.warn(IoMessages.BUNDLE, "dxf.pointsWithoutElevation", file, entry.getKey(), without,
                        withElevation + without, String.join(", ", missingHandles.get(entry.getKey())),
                        MIN_TEXT_DISTANCE_M, TEXT_HEIGHTS);
            }
        }
    }

    private static boolean fromAttribute(DxfDrawn item) {
        for (Map.Entry<String, String> attribute : item.attributes.entrySet()) {
            String value = attribute.getValue().trim();
            if (ELEVATION_TAGS.contains(attribute.getKey().toUpperCase(Locale.ROOT)) && NUMBER.matcher(value).matches()) {
                setElevation(item, Double.parseDouble(value), "attribute");
                return true;
            }
        }
        return false;
    }

    private static void fromText(DxfDrawn item, Coordinate point, STRtree texts, double maxReach,
            Set<String> textLayers) {
        Envelope search = new Envelope(point);
        // The search box is sized by the tallest text; each candidate is then checked against its own height.
        search.expandBy(maxReach);
        DxfDrawn best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Object candidate : texts.query(search)) {
            DxfDrawn text = (DxfDrawn) candidate;
            boolean layerMatches = text.layer.equals(item.layer)
                    || textLayers.contains(text.layer.toUpperCase(Locale.ROOT));
            if (!layerMatches) {
                continue;
            }
            double height = Double.isNaN(text.textHeight) ? 0 : text.textHeight;
            double limit = Math.max(MIN_TEXT_DISTANCE_M, TEXT_HEIGHTS * height);
            double distance = text.geometry.getCoordinate().distance(point);
            if (distance <= limit && distance < bestDistance) {
                best = text;
                bestDistance = distance;
            }
        }
        if (best != null) {
            setElevation(item, Double.parseDouble(best.text), "text");
            best.elevationLabel = true;
            item.attributes.putIfAbsent("elevation_text_handle", best.handle);
        }
    }

    private static void setElevation(DxfDrawn item, double elevation, String source) {
        item.elevation = elevation;
        item.elevationSource = source;
        if (item.geometry.getNumPoints() == 1) {
            Coordinate point = item.geometry.getCoordinate();
            item.geometry = item.geometry.getFactory().createPoint(new Coordinate(point.x, point.y, elevation));
        }
    }

    /** Returns the z shared by all vertices when it is not 0, else NaN. */
    private static double commonZ(Geometry geometry) {
        Coordinate[] coordinates = geometry.getCoordinates();
        double z = coordinates[0].z;
        for (Coordinate coordinate : coordinates) {
            if (coordinate.z != z) {
                return Double.NaN;
            }
        }
        return z == 0 ? Double.NaN : z;
    }

    private static boolean allZero(Geometry geometry) {
        for (Coordinate coordinate : geometry.getCoordinates()) {
            if (coordinate.z != 0 && !Double.isNaN(coordinate.z)) {
                return false;
            }
        }
        return true;
    }

    private static Geometry dropZ(Geometry geometry) {
        Geometry copy = geometry.copy();
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence sequence, int i) {
                if (sequence.hasZ()) {
                    sequence.setOrdinate(i, 2, Double.NaN);
                }
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return copy;
    }
}
