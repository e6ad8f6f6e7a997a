package org.communitygis.rasterio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.triangulate.ConformingDelaunayTriangulationBuilder;

/**
 * A terrain surface from survey data: a constrained (conforming) Delaunay TIN of spot heights and
 * breaklines such as contour lines, interpolated linearly inside each triangle.
 *
 * <p>The TIN is JTS's {@link ConformingDelaunayTriangulationBuilder}: all points and breakline vertices are
 * sites, and every breakline segment is a constraint, so no triangle edge crosses a contour. To keep the
 * constraints, JTS splits a segment at extra (Steiner) points where other sites encroach on it. Such a
 * point gets the z interpolated linearly along its breakline segment.
 * NOTE: JTS 1.20 splits a segment only while a site lies strictly inside the circle on that segment as
 * diameter, so a site exactly on that circle can leave a triangle edge crossing the breakline. Points closer than
 * {@link #TOLERANCE_M} are merged, keeping one of their z values.
 *
 * <p>Gridding: a cell takes the value of the plane through the triangle that contains its centre; cells
 * outside every triangle are NoData. The triangles cover the convex hull of the input. With a maximum edge
 * length, triangles with a longer edge are left out, so concave outlines and gaps in the survey stay NoData
 * instead of being bridged by long flat triangles. Linear interpolation reproduces a plane exactly (up to
 * floating-point rounding) and a smooth surface with an error of order h²·|curvature| for triangle size h.
 */
public final class TinSurface {
    /** Distance below which two input points are merged, m. */
    public static final double TOLERANCE_M = 1e-3;

    private final List<Triangle> triangles;
    private final Envelope envelope = new Envelope();
    private STRtree index;

    private TinSurface(List<Triangle> triangles) {
        this.triangles = triangles;
        triangles.forEach(t -> envelope.expandToInclude(t.envelope()));
    }

    /**
     * Triangulates {@code points} (x, y, z) with {@code breaklines} (lines whose vertices carry z) as
     * constraints.
     *
     * @param maxEdgeM the longest triangle edge kept, m, or {@code Double.POSITIVE_INFINITY} for the whole
     *     convex hull
     * @throws CgisException when fewer than three distinct points have an elevation, or they are collinear
     */
    public static TinSurface build(List<Coordinate> points, List<LineString> breaklines, double maxEdgeM) {
        Sites input = Sites.of(points, breaklines);
        if (input.sites.size() < 3) {
            throw new CgisException(RasterioMessages.BUNDLE, "tin.tooFewPoints", input.sites.size());
        }
        List<Coordinate[]> raw = triangulate(input);
        List<Triangle> triangles = keptTriangles(raw, input, maxEdgeM);
        if (triangles.isEmpty()) {
            throw new CgisException(RasterioMessages.BUNDLE, "tin.noTriangles", input.sites.size(), maxEdgeM);
        }
        return new TinSurface(triangles);
    }

    /**
     * The TIN input: sites (valid points and the vertices of valid breaklines), the breaklines that are
     * constraints, their segments indexed for {@link #withZ}, and the input z of each site position.
     */
    private static final class Sites {
        final List<Coordinate> sites = new ArrayList<>();
        final List<LineString> constraints = new ArrayList<>();
        final STRtree segments = new STRtree();
        // Coordinate equality and hash use x and y only, so this maps a vertex position to its input z.
        final Map<Coordinate, Double> inputZ = new HashMap<>();

        /** Collects the points and breaklines whose coordinates are all finite; others are left out. */
        static Sites of(List<Coordinate> points, List<LineString> breaklines) {
            Sites input = new Sites();
            for (Coordinate point : points) {
                if (isValid(point)) {
                    input.sites.add(point);
                }
            }
            for (LineString line : breaklines) {
                Coordinate[] vertices = line.getCoordinates();
                boolean valid = vertices.length >= 2;
                for (Coordinate vertex : vertices) {
                    valid &= isValid(vertex);
                }
                if (!valid) {
                    continue;
                }
                input.constraints.add(line);
                for (int i = 0; i + 1 < vertices.length; i++) {
                    LineSegment segment = new LineSegment(vertices[i], vertices[i + 1]);
                    Envelope box = new Envelope(vertices[i], vertices[i + 1]);
                    input.segments.insert(box, segment);
                }
                input.sites.addAll(List.of(vertices));
            }
            for (Coordinate site : input.sites) {
                input.inputZ.putIfAbsent(site, site.z);
            }
            return input;
        }
    }

    /** Returns the corners of the conforming Delaunay triangles of {@code input}, as JTS computes them. */
    private static List<Coordinate[]> triangulate(Sites input) {
        GeometryFactory factory = new GeometryFactory();
        ConformingDelaunayTriangulationBuilder builder = new ConformingDelaunayTriangulationBuilder();
        MultiPoint siteGeometry = factory.createMultiPointFromCoords(input.sites.toArray(new Coordinate[0]));
        builder.setSites(siteGeometry);
        if (!input.constraints.isEmpty()) {
            MultiLineString constraintGeometry = factory.createMultiLineString(
                    input.constraints.toArray(new LineString[0]));
            builder.setConstraints(constraintGeometry);
        }
        builder.setTolerance(TOLERANCE_M);
        return builder.getSubdivision().getTriangleCoordinates(false);
    }

    /**
     * Returns the triangles whose corners all get a z ({@link #withZ}), whose edges are at most
     * {@code maxEdgeM} long, and which are not degenerate.
     */
    private static List<Triangle> keptTriangles(List<Coordinate[]> raw, Sites input, double maxEdgeM) {
        List<Triangle> triangles = new ArrayList<>(raw.size());
        for (Coordinate[] corners : raw) {
            Coordinate a = withZ(corners[0], input.inputZ, input.segments);
            Coordinate b = withZ(corners[1], input.inputZ, input.segments);
            Coordinate c = withZ(corners[2], input.inputZ, input.segments);
            if (Double.isNaN(a.z) || Double.isNaN(b.z) || Double.isNaN(c.z)) {
                continue;
            }
            if (a.distance(b) > maxEdgeM || b.distance(c) > maxEdgeM || c.distance(a) > maxEdgeM) {
                continue;
            }
            Triangle triangle = Triangle.of(a, b, c);
            if (triangle != null) {
                triangles.add(triangle);
            }
        }
        return triangles;
    }

    /** Returns the number of triangles kept. */
    public int triangleCount() {
        return triangles.size();
    }

    /** Returns the bounding box of the kept triangles. */
    public Envelope envelope() {
        return new Envelope(envelope);
    }

    /** Returns the interpolated elevation at (x, y), NaN outside the kept triangles. */
    public double valueAt(double x, double y) {
        if (index == null) {
            STRtree tree = new STRtree();
            triangles.forEach(t -> tree.insert(t.envelope(), t));
            index = tree;
        }
        for (Object candidate : index.query(new Envelope(x, x, y, y))) {
            double value = ((Triangle) candidate).valueAt(x, y);
            if (!Double.isNaN(value)) {
                return value;
            }
        }
        return Double.NaN;
    }

    /**
     * Returns a grid of {@code cellM} cells aligned to multiples of the cell size that covers the TIN, in
     * {@code crs}, with NaN where no triangle covers a cell centre.
     *
     * @throws CgisException when the cell size is not positive or the grid exceeds {@link DemBuilder#MAX_CELLS}
     */
    public Raster toGrid(double cellM, String crs) {
        if (!(cellM > 0) || Double.isInfinite(cellM)) {
            throw new CgisException(RasterioMessages.BUNDLE, "dem.badCellSize", cellM);
        }
        double minX = Math.floor(envelope.getMinX() / cellM) * cellM;
        double maxY = Math.ceil(envelope.getMaxY() / cellM) * cellM;
        long cols = Math.max(1, (long) Math.ceil((envelope.getMaxX() - minX) / cellM));
        long rows = Math.max(1, (long) Math.ceil((maxY - envelope.getMinY()) / cellM));
        if (cols * rows > DemBuilder.MAX_CELLS) {
            throw new CgisException(RasterioMessages.BUNDLE, "dem.tooLarge", cellM, cols, rows, DemBuilder.MAX_CELLS);
        }
        GridGeometry grid = new GridGeometry((int) cols, (int) rows, minX, maxY, cellM, cellM, crs);
        Raster raster = Raster.empty(grid, -9999f, "m");
        for (Triangle triangle : triangles) {
            rasterize(triangle, raster);
        }
        return raster;
    }

    private static void rasterize(Triangle triangle, Raster raster) {
        GridGeometry grid = raster.grid();
        Envelope box = triangle.envelope();
        int colFrom = Math.max(0, (int) Math.floor((box.getMinX() - grid.originX()) / grid.cellWidth() - 0.5));
        int colTo = Math.min(grid.cols() - 1, (int) Math.ceil((box.getMaxX() - grid.originX()) / grid.cellWidth() - 0.5));
        int rowFrom = Math.max(0, (int) Math.floor((grid.originY() - box.getMaxY()) / grid.cellHeight() - 0.5));
        int rowTo = Math.min(grid.rows() - 1, (int) Math.ceil((grid.originY() - box.getMinY()) / grid.cellHeight() - 0.5));
        for (int row = rowFrom; row <= rowTo; row++) {
            double y = grid.centerY(row);
            for (int col = colFrom; col <= colTo; col++) {
                if (!Float.isNaN(raster.get(col, row))) {
                    continue;
                }
                double value = triangle.valueAt(grid.centerX(col), y);
                if (!Double.isNaN(value)) {
                    raster.set(col, row, (float) value);
                }
            }
        }
    }

    /**
     * Returns {@code vertex} with a z: the input z at its position, or for a point JTS inserted on a
     * breakline, the z interpolated along the breakline segment it lies on (NaN when none is found). The z
     * JTS 1.20 gives an inserted point is not used: a point projected onto a segment copies the z of the
     * site that encroached on the segment.
     */
    private static Coordinate withZ(Coordinate vertex, Map<Coordinate, Double> inputZ, STRtree segments) {
        Double known = inputZ.get(vertex);
        if (known != null) {
            return new Coordinate(vertex.x, vertex.y, known);
        }
        Envelope search = new Envelope(vertex);
        search.expandBy(TOLERANCE_M);
        LineSegment best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Object candidate : segments.query(search)) {
            LineSegment segment = (LineSegment) candidate;
            double distance = segment.distance(vertex);
            if (distance < bestDistance) {
                best = segment;
                bestDistance = distance;
            }
        }
        if (best == null || bestDistance > TOLERANCE_M) {
            return new Coordinate(vertex.x, vertex.y, Double.NaN);
        }
        double fraction = best.segmentFraction(vertex);
        double z = best.p0.z + (best.p1.z - best.p0.z) * fraction;
        return new Coordinate(vertex.x, vertex.y, z);
    }

    private static boolean isValid(Coordinate c) {
        return Double.isFinite(c.x) && Double.isFinite(c.y) && Double.isFinite(c.z);
    }

    /** A triangle with its plane, evaluated by barycentric coordinates. */
    private record Triangle(Coordinate a, Coordinate b, Coordinate c, double det, Envelope envelope) {
        static Triangle of(Coordinate a, Coordinate b, Coordinate c) {
            double det = (b.y - c.y) * (a.x - c.x) + (c.x - b.x) * (a.y - c.y);
            if (det == 0) {
                return null;
            }
            Envelope box = new Envelope(a, b);
            box.expandToInclude(c);
            return new Triangle(a, b, c, det, box);
        }

        /** Returns the plane's z at (x, y), or NaN outside the triangle (edges included, with a relative slack of 1e-12). */
        double valueAt(double x, double y) {
            double l1 = ((b.y - c.y) * (x - c.x) + (c.x - b.x) * (y - c.y)) / det;
            double l2 = ((c.y - a.y) * (x - c.x) + (a.x - c.x) * (y - c.y)) / det;
            double l3 = 1 - l1 - l2;
            double slack = -1e-12;
            if (l1 < slack || l2 < slack || l3 < slack) {
                return Double.NaN;
            }
            return l1 * a.z + l2 * b.z + l3 * c.z;
        }
    }
}
