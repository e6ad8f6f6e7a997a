package org.communitygis.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.communitygis.core.Diagnostics;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * Converts DXF entities into {@link DxfDrawn} features in world coordinates, expanding block references.
 *
 * <p>Entities in an object coordinate system (CIRCLE, ARC, LWPOLYLINE, 2D POLYLINE, TEXT, INSERT, HATCH)
 * are moved to world coordinates with their extrusion direction (codes 210/220/230). Inside a block,
 * entities on layer {@code 0} take the layer of the INSERT, as in AutoCAD. Block references nest up to
 * {@link #MAX_BLOCK_DEPTH} levels; deeper ones (or a block that references itself) are not expanded and
 * are reported once per block.
 */
final class DxfEntityConverter {
    /** Maximum nesting of block references that are expanded. */
    static final int MAX_BLOCK_DEPTH = 8;
    /** Number of invalid entities reported one by one before only their count is reported. */
    private static final int MAX_INVALID_WARNINGS = 20;

    /** A block definition: base point and entities. */
    record Block(String name, double baseX, double baseY, double baseZ, boolean external, List<DxfEntity> entities) {
    }

    private final Path file;
    private final Diagnostics diagnostics;
    private final Map<String, Block> blocks;
    private final GeometryFactory factory = new GeometryFactory();
    private final DxfHatch hatches;
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final java.util.Set<String> reportedBlocks = new java.util.HashSet<>();
    private int invalid;

    DxfEntityConverter(Path file, Diagnostics diagnostics, Map<String, Block> blocks) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.blocks = blocks;
        this.hatches = new DxfHatch(factory);
    }

    /** Returns the number of skipped entities by type (types this reader does not convert). */
    Map<String, Integer> skipped() {
        return skipped;
    }

    /** Returns the number of entities that were skipped because their data was invalid. */
    int invalidCount() {
        return invalid;
    }

    /** Converts a model-space entity. */
    void convert(DxfEntity entity, DxfTransform placement, List<DxfDrawn> out) {
        convert(entity, placement, null, null, 0, out);
    }

    private void convert(DxfEntity entity, DxfTransform placement, String insertLayer, String block, int depth,
            List<DxfDrawn> out) {
        String layer = DxfText.unescape(entity.layer());
        if (insertLayer != null && layer.equals("0")) {
            layer = insertLayer;
        }
        DxfTransform ocs = placement.after(DxfTransform.ocs(entity.number(210, 0), entity.number(220, 0),
                entity.number(230, 1)));
        switch (entity.type) {
            case "POINT":
                add(out, entity, layer, block, point(placement, entity, 10), false, true);
                break;
            case "LINE":
                add(out, entity, layer, block, line(List.of(xyz(placement, entity, 10), xyz(placement, entity, 11))),
                        false, false);
                break;
            case "LWPOLYLINE":
                lwPolyline(entity, ocs, layer, block, out);
                break;
            case "POLYLINE":
                polyline(entity, placement, ocs, layer, block, out);
                break;
            case "CIRCLE":
            case "ARC":
                circleOrArc(entity, ocs, layer, block, out);
                break;
            case "ELLIPSE":
                ellipse(entity, placement, layer, block, out);
                break;
            case "SPLINE":
                spline(entity, placement, layer, block, out);
                break;
            case "TEXT":
                text(entity, ocs, layer, block, out);
                break;
            case "MTEXT":
                mtext(entity, placement, layer, block, out);
                break;
            case "INSERT":
                insert(entity, placement, ocs, layer, depth, out);
                break;
            case "HATCH":
                Geometry area = hatches.toPolygons(entity);
                if (area == null || area.isEmpty()) {
                    invalid(entity, "the boundary paths form no area");
                } else {
                    add(out, entity, layer, block, ocs.apply(area), false, false);
                }
                break;
            case "ATTDEF":
            case "ATTRIB":
            case "SEQEND":
            case "VERTEX":
                break;
            default:
                skipped.merge(entity.type, 1, Integer::sum);
                break;
        }
    }

    private void lwPolyline(DxfEntity entity, DxfTransform ocs, String layer, String block, List<DxfDrawn> out) {
        double elevation = entity.number(38, 0);
        List<Coordinate> vertices = new ArrayList<>();
        List<Double> bulges = new ArrayList<>();
        for (int i = 0; i < entity.size(); i++) {
            int code = entity.codes.get(i);
            double value = DxfEntity.parse(entity.values.get(i), Double.NaN);
            if (code == 10) {
                vertices.add(new Coordinate(value, Double.NaN, elevation));
                bulges.add(0.0);
            } else if (code == 20 && !vertices.isEmpty()) {
                vertices.get(vertices.size() - 1).y = value;
            } else if (code == 42 && !bulges.isEmpty()) {
                bulges.set(bulges.size() - 1, value);
            }
        }
        boolean closed = (entity.integer(70, 0) & 1) != 0;
        finishPolyline(entity, ocs, layer, block, vertices, bulges, closed, out);
    }

    private void polyline(DxfEntity entity, DxfTransform placement, DxfTransform ocs, String layer, String block,
            List<DxfDrawn> out) {
        int flags = entity.integer(70, 0);
        if ((flags & (16 | 64)) != 0) {
            skipped.merge("POLYLINE (mesh)", 1, Integer::sum);
            return;
        }
        boolean is3d = (flags & 8) != 0;
        double elevation = entity.number(30, 0);
        List<Coordinate> vertices = new ArrayList<>();
        List<Double> bulges = new ArrayList<>();
        for (DxfEntity vertex : entity.children) {
            if (!vertex.type.equals("VERTEX") || (vertex.integer(70, 0) & 16) != 0) {
                // Flag 16: a spline frame control point, not on the curve.
                continue;
            }
            vertices.add(new Coordinate(vertex.number(10, 0), vertex.number(20, 0),
                    is3d ? vertex.number(30, 0) : elevation));
            bulges.add(is3d ? 0.0 : vertex.number(42, 0));
        }
        finishPolyline(entity, is3d ? placement : ocs, layer, block, vertices, bulges, (flags & 1) != 0, out);
    }

    private void finishPolyline(DxfEntity entity, DxfTransform transform, String layer, String block,
            List<Coordinate> vertices, List<Double> bulges, boolean closed, List<DxfDrawn> out) {
        vertices.removeIf(c -> Double.isNaN(c.x) || Double.isNaN(c.y));
        if (vertices.size() < 2) {
            invalid(entity, vertices.size() + " vertices");
            return;
        }
        List<Coordinate> points = new ArrayList<>();
        points.add(vertices.get(0));
        int segments = closed ? vertices.size() : vertices.size() - 1;
        for (int i = 0; i < segments; i++) {
            Coordinate to = vertices.get((i + 1) % vertices.size());
            DxfCurves.appendBulge(points, vertices.get(i), to, bulges.get(i));
        }
        List<Coordinate> world = new ArrayList<>(points.size());
        points.forEach(c -> world.add(transform.apply(c.x, c.y, c.z)));
        LineString line = line(world);
        if (line == null) {
            invalid(entity, "zero length");
            return;
        }
        add(out, entity, layer, block, line, closed && world.size() >= 4, false);
    }

    private void circleOrArc(DxfEntity entity, DxfTransform ocs, String layer, String block, List<DxfDrawn> out) {
        double radius = entity.number(40, 0);
        if (!(radius > 0)) {
            invalid(entity, "radius " + entity.string(40, "missing").trim());
            return;
        }
        boolean circle = entity.type.equals("CIRCLE");
        double start = circle ? 0 : Math.toRadians(entity.number(50, 0));
        double end = circle ? 2 * Math.PI : Math.toRadians(entity.number(51, 360));
        List<Coordinate> points = new ArrayList<>();
        DxfCurves.appendArc(points, entity.number(10, 0), entity.number(20, 0), entity.number(30, 0), radius, start,
                end);
        if (circle) {
            points.set(points.size() - 1, new Coordinate(points.get(0)));
        }
        List<Coordinate> world = new ArrayList<>(points.size());
        points.forEach(c -> world.add(ocs.apply(c.x, c.y, c.z)));
        add(out, entity, layer, block, line(world), circle, false);
    }

    private void ellipse(DxfEntity entity, DxfTransform placement, String layer, String block, List<DxfDrawn> out) {
        double start = entity.number(41, 0);
        double end = entity.number(42, 2 * Math.PI);
        double ratio = entity.number(40, 1);
        // A downward extrusion mirrors the minor axis.
        if (entity.number(230, 1) < 0) {
            ratio = -ratio;
        }
        List<Coordinate> points = new ArrayList<>();
        DxfCurves.appendEllipse(points, entity.number(10, 0), entity.number(20, 0), entity.number(30, 0),
                entity.number(11, 0), entity.number(21, 0), ratio, start, end);
        boolean full = Math.abs(Math.abs(end - start) - 2 * Math.PI) < 1e-9;
        if (full) {
            points.set(points.size() - 1, new Coordinate(points.get(0)));
        }
        List<Coordinate> world = new ArrayList<>(points.size());
        points.forEach(c -> world.add(placement.apply(c.x, c.y, c.z)));
        LineString line = line(world);
        if (line == null) {
            invalid(entity, "zero-length axis");
            return;
        }
        add(out, entity, layer, block, line, full, false);
    }

    private void spline(DxfEntity entity, DxfTransform placement, String layer, String block, List<DxfDrawn> out) {
        int degree = entity.integer(71, 3);
        List<Double> knots = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<Coordinate> control = new ArrayList<>();
        List<Coordinate> fit = new ArrayList<>();
        for (int i = 0; i < entity.size(); i++) {
            int code = entity.codes.get(i);
            double value = DxfEntity.parse(entity.values.get(i), Double.NaN);
            switch (code) {
                case 40 -> knots.add(value);
                case 41 -> weights.add(value);
                case 10 -> control.add(new Coordinate(value, 0, 0));
                case 20 -> last(control).ifPresent(c -> c.y = value);
                case 30 -> last(control).ifPresent(c -> c.z = value);
                case 11 -> fit.add(new Coordinate(value, 0, 0));
                case 21 -> last(fit).ifPresent(c -> c.y = value);
                case 31 -> last(fit).ifPresent(c -> c.z = value);
                default -> { }
            }
        }
        List<Coordinate> points = new ArrayList<>();
        double[] knotArray = knots.stream().mapToDouble(Double::doubleValue).toArray();
        double[] weightArray = weights.size() == control.size() ? weights.stream().mapToDouble(Double::doubleValue)
                .toArray() : null;
        if (!control.isEmpty() && DxfCurves.appendSpline(points, degree, knotArray, control, weightArray)) {
            // Evaluated from the control points.
        } else if (fit.size() >= 2) {
            // NOTE: without a usable knot vector the fit points are joined by straight segments.
            points.addAll(fit);
        } else {
            invalid(entity, control.size() + " control points, " + knots.size() + " knots, degree " + degree);
            return;
        }
        boolean closed = (entity.integer(70, 0) & 1) != 0;
        if (closed && !points.get(0).equals2D(points.get(points.size() - 1))) {
            points.add(new Coordinate(points.get(0)));
        }
        List<Coordinate> world = new ArrayList<>(points.size());
        points.forEach(c -> world.add(placement.apply(c.x, c.y, c.z)));
        LineString line = line(world);
        if (line == null) {
            invalid(entity, "zero length");
            return;
        }
        add(out, entity, layer, block, line, closed && world.size() >= 4, false);
    }

    private void text(DxfEntity entity, DxfTransform ocs, String layer, String block, List<DxfDrawn> out) {
        int horizontal = entity.integer(72, 0);
        int vertical = entity.integer(73, 0);
        // The alignment point (11) places the text unless it is left/baseline, aligned (3) or fit (5).
        boolean aligned = (vertical != 0 || horizontal == 1 || horizontal == 2 || horizontal == 4)
                && entity.string(11, null) != null;
        int code = aligned ? 11 : 10;
        Coordinate at = ocs.apply(entity.number(code, 0), entity.number(code + 10, 0), entity.number(code + 20, 0));
        DxfDrawn drawn = add(out, entity, layer, block, factory.createPoint(at), false, false);
        drawn.text = DxfText.decodeText(entity.string(1, ""));
        drawn.textHeight = entity.number(40, Double.NaN) * ocs.scaleXy();
    }

    private void mtext(DxfEntity entity, DxfTransform placement, String layer, String block, List<DxfDrawn> out) {
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < entity.size(); i++) {
            if (entity.codes.get(i) == 3) {
                raw.append(entity.values.get(i));
            }
        }
        raw.append(entity.string(1, ""));
        DxfDrawn drawn = add(out, entity, layer, block, point(placement, entity, 10), false, false);
        drawn.text = DxfText.stripMtext(raw.toString());
        drawn.textHeight = entity.number(40, Double.NaN) * placement.scaleXy();
    }

    private void insert(DxfEntity entity, DxfTransform placement, DxfTransform ocs, String layer, int depth,
            List<DxfDrawn> out) {
        String name = DxfText.unescape(entity.string(2, "").trim());
        DxfDrawn reference = add(out, entity, layer, name, ocs.apply(factory.createPoint(
                new Coordinate(entity.number(10, 0), entity.number(20, 0), entity.number(30, 0)))), false, true);
        for (DxfEntity attribute : entity.children) {
            if (attribute.type.equals("ATTRIB")) {
                reference.attributes.put(DxfText.unescape(attribute.string(2, "").trim()),
                        DxfText.decodeText(attribute.string(1, "")));
            }
        }

        Block definition = blocks.get(name.toUpperCase(java.util.Locale.ROOT));
        if (definition == null) {
            if (reportedBlocks.add(name)) {
                diagnostics.warn(IoMessages.BUNDLE, "dxf.blockMissing", file, entity.line, entity.handle(), name);
            }
            return;
        }
        if (definition.external()) {
            if (reportedBlocks.add(name)) {
                diagnostics.warn(IoMessages.BUNDLE, "dxf.blockExternal", file, name);
            }
            return;
        }
        if (depth >= MAX_BLOCK_DEPTH) {
            if (reportedBlocks.add(name)) {
                diagnostics.warn(IoMessages.BUNDLE, "dxf.blockTooDeep", file, entity.line, entity.handle(), name,
                        MAX_BLOCK_DEPTH);
            }
            return;
        }
        double rotation = entity.number(50, 0);
        DxfTransform local = DxfTransform.insert(definition.baseX(), definition.baseY(), definition.baseZ(),
                entity.number(41, 1), entity.number(42, 1), entity.number(43, 1), rotation, entity.number(10, 0),
                entity.number(20, 0), entity.number(30, 0));
        int columns = Math.max(1, entity.integer(70, 1));
        int rows = Math.max(1, entity.integer(71, 1));
        double columnSpacing = entity.number(44, 0);
        double rowSpacing = entity.number(45, 0);
        double cos = Math.cos(Math.toRadians(rotation));
        double sin = Math.sin(Math.toRadians(rotation));
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                double dx = column * columnSpacing;
                double dy = row * rowSpacing;
                DxfTransform shifted = DxfTransform.translation(dx * cos - dy * sin, dx * sin + dy * cos, 0).after(local);
                DxfTransform full = ocs.after(shifted);
                for (DxfEntity child : definition.entities()) {
                    convert(child, full, layer, definition.name(), depth + 1, out);
                }
            }
        }
    }

    private DxfDrawn add(List<DxfDrawn> out, DxfEntity entity, String layer, String block, Geometry geometry,
            boolean closed, boolean surveyPoint) {
        DxfDrawn drawn = new DxfDrawn(entity, layer, block, geometry);
        drawn.closed = closed;
        drawn.surveyPoint = surveyPoint;
        if (geometry != null) {
            out.add(drawn);
        } else {
            invalid(entity, "zero length");
        }
        return drawn;
    }

    private void invalid(DxfEntity entity, String reason) {
        invalid++;
        if (invalid <= MAX_INVALID_WARNINGS) {
            diagnostics.warn(IoMessages.BUNDLE, "dxf.entityInvalid", file, entity.line, entity.type, entity.handle(),
                    reason);
        }
    }

    private Geometry point(DxfTransform transform, DxfEntity entity, int code) {
        return factory.createPoint(xyz(transform, entity, code));
    }

    private static Coordinate xyz(DxfTransform transform, DxfEntity entity, int code) {
        return transform.apply(entity.number(code, 0), entity.number(code + 10, 0), entity.number(code + 20, 0));
    }

    /** Returns a line through {@code points} without repeated points, or null when fewer than two distinct points remain. */
    private LineString line(List<Coordinate> points) {
        List<Coordinate> distinct = new ArrayList<>(points.size());
        for (Coordinate point : points) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals3D(point)) {
                distinct.add(point);
            }
        }
        if (distinct.size() < 2) {
            return null;
        }
        return factory.createLineString(distinct.toArray(new Coordinate[0]));
    }

    private static java.util.Optional<Coordinate> last(List<Coordinate> list) {
        return list.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(list.get(list.size() - 1));
    }
}
