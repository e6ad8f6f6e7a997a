package org.communitygis.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/** One feature converted from a DXF entity, in world coordinates, before it is put into a layer. */
final class DxfDrawn {
    final String layer;
    final String type;
    final String handle;
    final long line;
    final String block;
    Geometry geometry;
    /** Whether the entity is closed (closed polyline, circle, full ellipse, closed spline): a polygon on an area layer. */
    boolean closed;
    /** Whether this is a POINT or INSERT, a candidate survey point for the elevation rules. */
    boolean surveyPoint;
    String text;
    /** Whether this text gave a survey point its elevation; such a text is not imported as a feature. */
    boolean elevationLabel;
    double textHeight = Double.NaN;
    double elevation = Double.NaN;
    String elevationSource;
    final Map<String, String> attributes = new LinkedHashMap<>();

    DxfDrawn(DxfEntity entity, String layer, String block, Geometry geometry) {
        this.layer = layer;
        this.type = entity.type;
        this.handle = entity.handle();
        this.line = entity.line;
        this.block = block;
        this.geometry = geometry;
    }
}
