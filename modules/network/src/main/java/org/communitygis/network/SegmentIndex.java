package org.communitygis.network;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.Distance;
import org.locationtech.jts.algorithm.RayCrossingCounter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.ItemDistance;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * The straight segments of a set of lines in an STR-tree, for nearest-segment searches from points and
 * polygons. Each segment remembers the index of the line it came from (its owner).
 *
 * <p>Segments of zero length are dropped. Build with {@link #add}, then call {@link #build} once before
 * searching; {@link #nearest} is safe for concurrent readers after that.
 */
final class SegmentIndex {
    /** A nearest-segment result: segment index, distance (CRS units) and position t ∈ [0, 1] along it. */
    record Hit(int segment, double distance, double t) {
    }

    private final GeometryFactory factory;
    private final List<LineString> segments = new ArrayList<>();
    private final List<Integer> owners = new ArrayList<>();
    private final STRtree tree = new STRtree();
    /** Bounds of all segments. */
    private final Envelope bounds = new Envelope();
    /** First search margin of {@link #nearest}, CRS units (m). */
    private static final double INITIAL_MARGIN = 32;
    private int[] ownerArray;
    private boolean built;

    SegmentIndex(GeometryFactory factory) {
        this.factory = factory;
    }

    /** Adds every segment of {@code line} with owner {@code owner}; returns the first segment's index. */
    int add(LineString line, int owner) {
        int first = segments.size();
        Coordinate[] coordinates = line.getCoordinates();
        for (int i = 0; i + 1 < coordinates.length; i++) {
            Coordinate a = coordinates[i];
            Coordinate b = coordinates[i + 1];
            if (a.equals2D(b)) {
                continue;
            }
            LineString segment = factory.createLineString(new Coordinate[] {new Coordinate(a.x, a.y),
                    new Coordinate(b.x, b.y)});
            int index = segments.size();
            segments.add(segment);
            owners.add(owner);
            tree.insert(segment.getEnvelopeInternal(), index);
            bounds.expandToInclude(segment.getEnvelopeInternal());
        }
        return first;
    }

    void build() {
        ownerArray = owners.stream().mapToInt(Integer::intValue).toArray();
        if (!segments.isEmpty()) {
            tree.build();
        }
        built = true;
    }

    int size() {
        return segments.size();
    }

    int owner(int segment) {
        return ownerArray[segment];
    }

    Coordinate start(int segment) {
        return segments.get(segment).getCoordinateN(0);
    }

    Coordinate end(int segment) {
        return segments.get(segment).getCoordinateN(1);
    }

    double length(int segment) {
        return segments.get(segment).getLength();
    }

    LineString line(int segment) {
        return segments.get(segment);
    }

    /** Returns the indexes of segments whose envelope intersects {@code envelope}. */
    List<Integer> query(Envelope envelope) {
        List<Integer> result = new ArrayList<>();
        if (segments.isEmpty()) {
            return result;
        }
        tree.query(envelope, item -> result.add((Integer) item));
        return result;
    }

    /** Returns the segment nearest to {@code geometry} (a point or polygon), or null when the index is empty. */
    Hit nearest(Geometry geometry) {
        if (!built) {
            throw new IllegalStateException("SegmentIndex.build() was not called");
        }
        if (segments.isEmpty()) {
            return null;
        }
        int segment = nearestSegment(geometry);
        LineString line = segments.get(segment);
        Coordinate onSegment;
        double distance;
        if (geometry instanceof Point point) {
            LineSegment ls = new LineSegment(line.getCoordinateN(0), line.getCoordinateN(1));
            onSegment = ls.closestPoint(point.getCoordinate());
            distance = onSegment.distance(point.getCoordinate());
        } else {
            DistanceOp op = new DistanceOp(geometry, line);
            distance = op.distance();
            onSegment = op.nearestPoints()[1];
        }
        LineSegment ls = new LineSegment(line.getCoordinateN(0), line.getCoordinateN(1));
        double t = Math.max(0, Math.min(1, ls.projectionFactor(onSegment)));
        return new Hit(segment, distance, t);
    }

    /**
     * Finds the nearest segment by querying the tree in growing squares around the geometry: once the best
     * distance found is within the square's margin, no segment outside it can be nearer. On equal
     * distances the lowest segment index wins. This avoids STRtree.nearestNeighbour, whose priority queue
     * and envelope distances cost more than the exact distances for small building polygons.
     */
    private int nearestSegment(Geometry geometry) {
        Object query = geometry instanceof Polygonal ? new PolygonQuery(geometry) : geometry;
        GeometryToSegment measure = new GeometryToSegment();
        Envelope around = geometry.getEnvelopeInternal();
        Envelope all = new Envelope(bounds);
        all.expandToInclude(around);
        double reach = Math.hypot(all.getWidth(), all.getHeight());
        double margin = INITIAL_MARGIN;
        while (true) {
            Envelope search = new Envelope(around);
            search.expandBy(margin);
            double[] best = {Double.POSITIVE_INFINITY};
            int[] found = {-1};
            tree.query(search, item -> {
                int candidate = (Integer) item;
                double d = measure.distance(query, candidate);
                if (d < best[0] || d == best[0] && candidate < found[0]) {
                    best[0] = d;
                    found[0] = candidate;
                }
            });
            if (found[0] >= 0 && (best[0] <= margin || margin >= reach)) {
                return found[0];
            }
            margin *= 4;
        }
    }

    /** Distance between the query geometry and an indexed segment, whichever side of the pair each is. */
    private final class GeometryToSegment implements ItemDistance {
        @Override
        public double distance(ItemBoundable first, ItemBoundable second) {
            Object a = first.getItem();
            Object b = second.getItem();
            return distance(a instanceof Integer ? b : a, (Integer) (a instanceof Integer ? a : b));
        }

        double distance(Object query, int segment) {
            LineString line = segments.get(segment);
            if (query instanceof PolygonQuery polygon) {
                return polygon.distance(line.getCoordinateN(0), line.getCoordinateN(1));
            }
            if (query instanceof Point point) {
                return new LineSegment(line.getCoordinateN(0), line.getCoordinateN(1)).distance(point.getCoordinate());
            }
            return ((Geometry) query).distance(line);
        }
    }

    /**
     * A polygonal query with its rings unpacked once, so that the many distance calls of the nearest
     * search run without JTS's general distance operation. The distance to a segment is 0 when the
     * segment crosses a ring or an end lies inside the area, else the least segment-to-edge distance.
     */
    private static final class PolygonQuery {
        private final List<Coordinate[]> rings = new ArrayList<>();
        /** Per polygon: the index in {@link #rings} of its shell and the number of its rings. */
        private final List<int[]> polygons = new ArrayList<>();

        PolygonQuery(Geometry polygonal) {
            for (int i = 0; i < polygonal.getNumGeometries(); i++) {
                Polygon polygon = (Polygon) polygonal.getGeometryN(i);
                polygons.add(new int[] {rings.size(), 1 + polygon.getNumInteriorRing()});
                rings.add(polygon.getExteriorRing().getCoordinates());
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    rings.add(polygon.getInteriorRingN(h).getCoordinates());
                }
            }
        }

        double distance(Coordinate p, Coordinate q) {
            if (contains(p)) {
                return 0;
            }
            double min = Double.POSITIVE_INFINITY;
            for (Coordinate[] ring : rings) {
                for (int i = 0; i + 1 < ring.length; i++) {
                    min = Math.min(min, Distance.segmentToSegment(p, q, ring[i], ring[i + 1]));
                    if (min == 0) {
                        return 0;
                    }
                }
            }
            return min;
        }

        /** Returns whether {@code p} lies in the area (on a boundary counts as inside). */
        private boolean contains(Coordinate p) {
            for (int[] polygon : polygons) {
                if (RayCrossingCounter.locatePointInRing(p, rings.get(polygon[0])) == Location.EXTERIOR) {
                    continue;
                }
                boolean inHole = false;
                for (int h = 1; h < polygon[1] && !inHole; h++) {
                    inHole = RayCrossingCounter.locatePointInRing(p, rings.get(polygon[0] + h)) == Location.INTERIOR;
                }
                if (!inHole) {
                    return true;
                }
            }
            return false;
        }
    }
}
