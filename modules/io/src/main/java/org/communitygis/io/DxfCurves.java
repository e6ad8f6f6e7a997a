package org.communitygis.io;

import java.util.List;
import org.locationtech.jts.geom.Coordinate;

/**
 * Turns the curved elements of DXF into vertices: polyline bulges, circular and elliptical arcs, splines.
 *
 * <p>Arcs are densified so that no chord is farther than {@link #CHORD_TOLERANCE} drawing units (m in a
 * survey drawing) from the true arc, with at least 8 and at most 1,024 segments per full turn. Splines are
 * evaluated as NURBS (de Boor) at {@link #SPLINE_SAMPLES_PER_SPAN} points per knot span.
 */
final class DxfCurves {
    /** Largest distance of a chord from the arc it replaces (sagitta), drawing units. */
    static final double CHORD_TOLERANCE = 0.01;
    /** Evaluated points per non-empty knot span of a spline. */
    static final int SPLINE_SAMPLES_PER_SPAN = 16;
    private static final int MIN_SEGMENTS_PER_TURN = 8;
    private static final int MAX_SEGMENTS_PER_TURN = 1024;

    private DxfCurves() {
    }

    /** Returns the number of segments for a circular arc of {@code radius} and {@code sweep} radians. */
    static int segments(double radius, double sweep) {
        double turn = Math.abs(sweep) / (2 * Math.PI);
        int perTurn;
        if (radius <= CHORD_TOLERANCE) {
            perTurn = MIN_SEGMENTS_PER_TURN;
        } else {
            double step = 2 * Math.acos(1 - CHORD_TOLERANCE / radius);
            perTurn = (int) Math.ceil(2 * Math.PI / step);
            perTurn = Math.max(MIN_SEGMENTS_PER_TURN, Math.min(MAX_SEGMENTS_PER_TURN, perTurn));
        }
        return Math.max(1, (int) Math.ceil(perTurn * turn));
    }

    /**
     * Appends the points of the arc from {@code from} to {@code to} with DXF bulge {@code bulge} (the tangent
     * of a quarter of the included angle, positive counter-clockwise), {@code from} excluded and {@code to}
     * included. A zero bulge appends only {@code to}. Z is interpolated along the arc.
     */
    static void appendBulge(List<Coordinate> out, Coordinate from, Coordinate to, double bulge) {
        double dx = to.x - from.x;
        double dy = to.y - from.y;
        double chord = Math.hypot(dx, dy);
        if (bulge == 0 || !Double.isFinite(bulge) || chord == 0) {
            out.add(to);
            return;
        }
        double sweep = 4 * Math.atan(bulge);
        // Centre: from the chord midpoint along the left normal by (1 - b²) / (4b) · chord.
        double offset = (1 - bulge * bulge) / (4 * bulge);
        double cx = (from.x + to.x) / 2 - dy * offset;
        double cy = (from.y + to.y) / 2 + dx * offset;
        double radius = Math.hypot(from.x - cx, from.y - cy);
        double start = Math.atan2(from.y - cy, from.x - cx);
        int n = segments(radius, sweep);
        for (int i = 1; i < n; i++) {
            double t = (double) i / n;
            double angle = start + sweep * t;
            out.add(new Coordinate(cx + radius * Math.cos(angle), cy + radius * Math.sin(angle),
                    lerp(from.z, to.z, t)));
        }
        out.add(to);
    }

    /**
     * Appends the points of a circular arc, both ends included, going counter-clockwise from
     * {@code startRad} to {@code endRad} (an end below the start is taken one turn later).
     */
    static void appendArc(List<Coordinate> out, double cx, double cy, double z, double radius, double startRad,
            double endRad) {
        double sweep = endRad - startRad;
        while (sweep <= 0) {
            sweep += 2 * Math.PI;
        }
        while (sweep > 2 * Math.PI + 1e-12) {
            sweep -= 2 * Math.PI;
        }
        int n = segments(radius, sweep);
        for (int i = 0; i <= n; i++) {
            double angle = startRad + sweep * i / n;
            out.add(new Coordinate(cx + radius * Math.cos(angle), cy + radius * Math.sin(angle), z));
        }
    }

    /**
     * Appends the points of an elliptical arc, both ends included: centre c, major axis end (relative to c)
     * m, minor axis m rotated 90° counter-clockwise and scaled by {@code ratio}, from parameter
     * {@code startParam} counter-clockwise to {@code endParam} (radians).
     */
    static void appendEllipse(List<Coordinate> out, double cx, double cy, double z, double mx, double my,
            double ratio, double startParam, double endParam) {
        double sweep = endParam - startParam;
        while (sweep <= 0) {
            sweep += 2 * Math.PI;
        }
        while (sweep > 2 * Math.PI + 1e-12) {
            sweep -= 2 * Math.PI;
        }
        double major = Math.hypot(mx, my);
        int n = segments(major, sweep);
        for (int i = 0; i <= n; i++) {
            double t = startParam + sweep * i / n;
            double cos = Math.cos(t);
            double sin = Math.sin(t);
            out.add(new Coordinate(cx + mx * cos - my * ratio * sin, cy + my * cos + mx * ratio * sin, z));
        }
    }

    /**
     * Appends a NURBS curve of {@code degree} through its control points (x, y, z in {@code control},
     * weights in {@code weights}, 1 when null) with the knot vector {@code knots}.
     *
     * @return false when the knot vector does not fit (knots ≠ control points + degree + 1), in which case
     *     nothing is appended
     */
    static boolean appendSpline(List<Coordinate> out, int degree, double[] knots, List<Coordinate> control,
            double[] weights) {
        int n = control.size();
        if (degree < 1 || n < degree + 1 || knots.length != n + degree + 1) {
            return false;
        }
        boolean firstSpan = true;
        for (int span = degree; span < n; span++) {
            if (knots[span + 1] <= knots[span]) {
                continue;
            }
            // Each span is evaluated with its own control points up to its right end, where the pieces meet.
            for (int i = firstSpan ? 0 : 1; i <= SPLINE_SAMPLES_PER_SPAN; i++) {
                double u = knots[span] + (knots[span + 1] - knots[span]) * i / SPLINE_SAMPLES_PER_SPAN;
                out.add(deBoor(span, u, degree, knots, control, weights));
            }
            firstSpan = false;
        }
        return true;
    }

    private static Coordinate deBoor(int span, double u, int degree, double[] knots, List<Coordinate> control,
            double[] weights) {
        double[][] d = new double[degree + 1][4];
        for (int j = 0; j <= degree; j++) {
            Coordinate p = control.get(span - degree + j);
            double w = weights == null || weights.length <= span - degree + j ? 1 : weights[span - degree + j];
            double z = Double.isNaN(p.z) ? 0 : p.z;
            d[j] = new double[] {p.x * w, p.y * w, z * w, w};
        }
        for (int r = 1; r <= degree; r++) {
            for (int j = degree; j >= r; j--) {
                int k = span - degree + j;
                double denominator = knots[k + degree - r + 1] - knots[k];
                double alpha = denominator == 0 ? 0 : (u - knots[k]) / denominator;
                for (int c = 0; c < 4; c++) {
                    d[j][c] = (1 - alpha) * d[j - 1][c] + alpha * d[j][c];
                }
            }
        }
        double w = d[degree][3];
        return new Coordinate(d[degree][0] / w, d[degree][1] / w, d[degree][2] / w);
    }

    private static double lerp(double a, double b, double t) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.NaN;
        }
        return a + (b - a) * t;
    }
}
