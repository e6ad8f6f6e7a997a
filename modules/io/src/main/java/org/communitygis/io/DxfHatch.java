package org.communitygis.io;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * Builds the area of a HATCH from its boundary paths, in the hatch's object coordinate system.
 *
 * <p>Polyline paths (with bulges) and edge paths (lines, circular arcs, elliptical arcs, splines) are read
 * into rings; the area is their even-odd union (each ring toggles inside and outside, as AutoCAD fills a
 * hatch of the normal style), so an island ring becomes a hole. The z of every vertex is the hatch's
 * elevation (code 30). Edges are joined in file order, and an edge whose far end is nearer the previous
 * edge's end is reversed.
 */
final class DxfHatch {
    private final GeometryFactory factory;

    DxfHatch(GeometryFactory factory) {
        this.factory = factory;
    }

    /** Returns the hatch area (a Polygon or MultiPolygon), or null when the boundary data cannot be read. */
    Geometry toPolygons(DxfEntity hatch) {
        Cursor cursor = new Cursor(hatch);
        if (!cursor.seek(91)) {
            return null;
        }
        double z = hatch.number(30, 0);
        int paths = (int) cursor.number();
        Geometry area = null;
        for (int p = 0; p < paths; p++) {
            List<Coordinate> ring;
            try {
                ring = readPath(cursor, z);
            } catch (IllegalStateException e) {
                return area;
            }
            if (ring.size() < 3) {
                continue;
            }
            if (!ring.get(0).equals2D(ring.get(ring.size() - 1))) {
                ring.add(new Coordinate(ring.get(0)));
            }
            if (ring.size() < 4) {
                continue;
            }
            LinearRing linearRing = factory.createLinearRing(ring.toArray(new Coordinate[0]));
            Geometry polygon = GeometryFixer.fix(factory.createPolygon(linearRing));
            area = area == null ? polygon : area.symDifference(polygon);
        }
        return area;
    }

    private List<Coordinate> readPath(Cursor cursor, double z) {
        cursor.expect(92);
        int flags = (int) cursor.number();
        List<Coordinate> ring = new ArrayList<>();
        if ((flags & 2) != 0) {
            cursor.expect(72);
            boolean hasBulge = cursor.number() != 0;
            cursor.expect(73);
            cursor.expect(93);
            int count = (int) cursor.number();
            List<Coordinate> vertices = new ArrayList<>();
            List<Double> bulges = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                double x = cursor.expectNumber(10);
                double y = cursor.expectNumber(20);
                vertices.add(new Coordinate(x, y, z));
                bulges.add(hasBulge && cursor.peek(42) ? cursor.expectNumber(42) : 0.0);
            }
            if (!vertices.isEmpty()) {
                ring.add(vertices.get(0));
                for (int i = 0; i < vertices.size(); i++) {
                    DxfCurves.appendBulge(ring, vertices.get(i), vertices.get((i + 1) % vertices.size()), bulges.get(i));
                }
            }
        } else {
            cursor.expect(93);
            int edges = (int) cursor.number();
            for (int e = 0; e < edges; e++) {
                join(ring, readEdge(cursor, z));
            }
        }
        skipSourceObjects(cursor);
        return ring;
    }

    private List<Coordinate> readEdge(Cursor cursor, double z) {
        cursor.expect(72);
        int type = (int) cursor.number();
        List<Coordinate> points = new ArrayList<>();
        switch (type) {
            case 1 -> {
                points.add(new Coordinate(cursor.expectNumber(10), cursor.expectNumber(20), z));
                points.add(new Coordinate(cursor.expectNumber(11), cursor.expectNumber(21), z));
            }
            case 2 -> {
                double cx = cursor.expectNumber(10);
                double cy = cursor.expectNumber(20);
                double radius = cursor.expectNumber(40);
                double start = cursor.expectNumber(50);
                double end = cursor.expectNumber(51);
                boolean ccw = cursor.expectNumber(73) != 0;
                // A clockwise arc stores its angles mirrored: it runs clockwise from −start to −end.
                if (ccw) {
                    DxfCurves.appendArc(points, cx, cy, z, radius, Math.toRadians(start), Math.toRadians(end));
                } else {
                    DxfCurves.appendArc(points, cx, cy, z, radius, Math.toRadians(-end), Math.toRadians(-start));
                }
            }
            case 3 -> {
                double cx = cursor.expectNumber(10);
                double cy = cursor.expectNumber(20);
                double mx = cursor.expectNumber(11);
                double my = cursor.expectNumber(21);
                double ratio = cursor.expectNumber(40);
                double start = Math.toRadians(cursor.expectNumber(50));
                double end = Math.toRadians(cursor.expectNumber(51));
                boolean ccw = cursor.expectNumber(73) != 0;
                if (ccw) {
                    DxfCurves.appendEllipse(points, cx, cy, z, mx, my, ratio, start, end);
                } else {
                    DxfCurves.appendEllipse(points, cx, cy, z, mx, my, ratio, -end, -start);
                }
            }
            case 4 -> points.addAll(readSplineEdge(cursor, z));
            default -> throw new IllegalStateException("edge type " + type);
        }
        return points;
    }

    private List<Coordinate> readSplineEdge(Cursor cursor, double z) {
        int degree = (int) cursor.expectNumber(94);
        boolean rational = cursor.expectNumber(73) != 0;
        cursor.expectNumber(74);
        int knotCount = (int) cursor.expectNumber(95);
        int controlCount = (int) cursor.expectNumber(96);
        double[] knots = new double[knotCount];
        for (int i = 0; i < knotCount; i++) {
            knots[i] = cursor.expectNumber(40);
        }
        List<Coordinate> control = new ArrayList<>();
        double[] weights = rational ? new double[controlCount] : null;
        for (int i = 0; i < controlCount; i++) {
            control.add(new Coordinate(cursor.expectNumber(10), cursor.expectNumber(20), z));
            if (cursor.peek(42)) {
                double weight = cursor.expectNumber(42);
                if (weights != null) {
                    weights[i] = weight;
                }
            } else if (weights != null) {
                weights[i] = 1;
            }
        }
        List<Coordinate> fit = new ArrayList<>();
        if (cursor.peek(97)) {
            int fitCount = (int) cursor.expectNumber(97);
            for (int i = 0; i < fitCount; i++) {
                fit.add(new Coordinate(cursor.expectNumber(11), cursor.expectNumber(21), z));
            }
            for (int code : new int[] {12, 22, 13, 23}) {
                if (cursor.peek(code)) {
                    cursor.expectNumber(code);
                }
            }
        }
        List<Coordinate> points = new ArrayList<>();
        if (!DxfCurves.appendSpline(points, degree, knots, control, weights) || points.size() < 2) {
            points.clear();
            points.addAll(fit.isEmpty() ? control : fit);
        }
        return points;
    }

    /** Skips code 97 (number of source boundary objects) and the 330 handles that follow. */
    private static void skipSourceObjects(Cursor cursor) {
        if (cursor.peek(97)) {
            int count = (int) cursor.expectNumber(97);
            for (int i = 0; i < count && cursor.peek(330); i++) {
                cursor.expect(330);
            }
        }
    }

    /** Appends an edge to the ring, reversed when its last point is nearer the ring's current end. */
    private static void join(List<Coordinate> ring, List<Coordinate> edge) {
        if (edge.isEmpty()) {
            return;
        }
        if (!ring.isEmpty()) {
            Coordinate end = ring.get(ring.size() - 1);
            if (end.distance(edge.get(edge.size() - 1)) < end.distance(edge.get(0))) {
                java.util.Collections.reverse(edge);
            }
            if (end.equals2D(edge.get(0))) {
                edge = edge.subList(1, edge.size());
            }
        }
        ring.addAll(edge);
    }

    /** Sequential reader over a HATCH's pairs, for the boundary data whose codes repeat. */
    private static final class Cursor {
        private final DxfEntity entity;
        private int index = -1;

        Cursor(DxfEntity entity) {
            this.entity = entity;
        }

        boolean seek(int code) {
            while (++index < entity.size()) {
                if (entity.codes.get(index) == code) {
                    return true;
                }
            }
            return false;
        }

        double number() {
            return DxfEntity.parse(entity.values.get(index), Double.NaN);
        }

        boolean peek(int code) {
            return index + 1 < entity.size() && entity.codes.get(index + 1) == code;
        }

        void expect(int code) {
            if (!peek(code)) {
                throw new IllegalStateException("expected group code " + code);
            }
            index++;
        }

        double expectNumber(int code) {
            expect(code);
            return number();
        }
    }
}
