package org.communitygis.network;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
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
        Object found = tree.nearestNeighbour(geometry.getEnvelopeInternal(), geometry, new GeometryToSegment());
        int segment = (Integer) found;
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

    /** Distance between the query geometry and an indexed segment, whichever side of the pair each is. */
    private final class GeometryToSegment implements ItemDistance {
        @Override
        public double distance(ItemBoundable first, ItemBoundable second) {
            Object a = first.getItem();
            Object b = second.getItem();
            Geometry query = (Geometry) (a instanceof Geometry ? a : b);
            int segment = (Integer) (a instanceof Integer ? a : b);
            LineString line = segments.get(segment);
            if (query instanceof Point point) {
                return new LineSegment(line.getCoordinateN(0), line.getCoordinateN(1)).distance(point.getCoordinate());
            }
            return query.distance(line);
        }
    }
}
