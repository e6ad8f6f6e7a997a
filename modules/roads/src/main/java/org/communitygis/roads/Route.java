package org.communitygis.roads;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.linearref.LinearLocation;
import org.locationtech.jts.linearref.LocationIndexedLine;

/**
 * A route: the line parts of one named road (or of one unnamed road feature) chained end to end, with a
 * chainage (m) that runs over all parts in route order.
 *
 * <p>{@link Routes#build} orients every part along the route, so a part digitized the other way has
 * {@link Segment#reversed()} set. Chainage counts only road length: where two consecutive parts do not
 * touch, the gap between them adds nothing, so the next part starts at the chainage where the previous
 * one ended. Every segment boundary is snapped to {@link #SNAP_M}, and the next segment starts at exactly
 * the same double, so units and zones on both sides of a shared end meet without float drift. A closed
 * route (a ring road whose last point is its first) has chainage 0 and {@link #lengthM()} at its start
 * point, and {@link #locate(Coordinate)} returns 0 there.
 */
public final class Route {
    /** Resolution to which segment boundaries and located chainages are rounded, m. */
    public static final double SNAP_M = 0.001;

    private final String name;
    private final List<Segment> segments;
    private final boolean closed;
    private final double lengthM;

    /**
     * One road part on the route.
     *
     * @param roadId id of the roads feature
     * @param part index of the part within that feature's geometry, 0 for a LineString
     * @param line the part's geometry oriented along the route
     * @param reversed whether {@code line} runs against the feature's digitized direction
     * @param fromM route chainage of the segment's first point, m
     * @param toM route chainage of the segment's last point, m
     * @param gapBeforeM straight distance from the previous segment's last point to this one's first, m
     *     (0 for the first segment and for parts that touch)
     */
    public record Segment(long roadId, int part, LineString line, boolean reversed, double fromM, double toM,
            double gapBeforeM) {
        /** Returns the segment's length along the route, m. */
        public double lengthM() {
            return toM - fromM;
        }

        /** Returns the chainage along the road feature's part (digitized direction) of route chainage {@code m}. */
        public double partChainage(double m) {
            double local = Math.max(0, Math.min(lengthM(), m - fromM));
            return reversed ? lengthM() - local : local;
        }

        /** Returns the route chainage of chainage {@code partM} along the feature's part in its digitized direction. */
        public double routeChainage(double partM) {
            double local = Math.max(0, Math.min(lengthM(), partM));
            return snap(fromM + (reversed ? lengthM() - local : local));
        }
    }

    /** Side of the route, looking along increasing chainage. */
    public enum Side {
        /** Left of the route. */
        LEFT,
        /** Right of the route. */
        RIGHT,
        /** On the route line. */
        ON
    }

    /**
     * A position relative to the route.
     *
     * @param chainageM route chainage of the nearest point on the route, m
     * @param offsetM distance from the route to the located point, m, positive on the left and negative
     *     on the right
     * @param side the side, {@link Side#ON} when the distance is below {@link #SNAP_M}
     * @param roadId id of the roads feature the nearest point lies on
     */
    public record Location(double chainageM, double offsetM, Side side, long roadId) {
    }

    Route(String name, List<Segment> segments, boolean closed) {
        this.name = name;
        this.segments = List.copyOf(segments);
        this.closed = closed;
        this.lengthM = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).toM();
    }

    /** Returns the route name: the roads' {@code name}, else their {@code ref}, else {@code #<road id>}. */
    public String name() {
        return name;
    }

    /** Returns the segments in chainage order. */
    public List<Segment> segments() {
        return segments;
    }

    /** Returns whether the route is a closed ring. */
    public boolean closed() {
        return closed;
    }

    /** Returns the route length, m, gaps between parts excluded. */
    public double lengthM() {
        return lengthM;
    }

    /** Returns the ids of the road features on the route, in route order, each once. */
    public List<Long> roadIds() {
        List<Long> ids = new ArrayList<>();
        for (Segment segment : segments) {
            if (!ids.contains(segment.roadId())) {
                ids.add(segment.roadId());
            }
        }
        return ids;
    }

    /** Returns {@code m} rounded to {@link #SNAP_M}. */
    public static double snap(double m) {
        return Math.round(m / SNAP_M) * SNAP_M;
    }

    /**
     * Returns the segment that contains chainage {@code m}, clamped to [0, length]. At a boundary between two
     * segments the later one is returned, except at the route's end.
     */
    public Segment segmentAt(double m) {
        requireMeasure(m);
        double clamped = Math.max(0, Math.min(lengthM, m));
        int low = 0;
        int high = segments.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (segments.get(mid).fromM() <= clamped) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return segments.get(low);
    }

    /** Returns the point at chainage {@code m}, clamped to the route's ends. */
    public Coordinate pointAt(double m) {
        Segment segment = segmentAt(m);
        double local = Math.max(0, Math.min(segment.lengthM(), m - segment.fromM()));
        return new LengthIndexedLine(segment.line()).extractPoint(local);
    }

    /**
     * Locates the point of the route nearest to {@code point}. Ties go to the smallest chainage, so a point
     * on a vertex shared by two segments gets the boundary chainage and the start point of a ring gets 0.
     */
    public Location locate(Coordinate point) {
        Objects.requireNonNull(point, "point");
        Location best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Segment segment : segments) {
            LocationIndexedLine indexed = new LocationIndexedLine(segment.line());
            LinearLocation location = indexed.project(point);
            Coordinate nearest = location.getCoordinate(segment.line());
            double distance = nearest.distance(point);
            if (distance < bestDistance - SNAP_M / 10) {
                bestDistance = distance;
                double local = new LengthIndexedLine(segment.line()).project(nearest);
                double chainage = snap(segment.fromM() + Math.min(local, segment.lengthM()));
                best = new Location(chainage, signedOffset(segment.line(), location, point, distance), side(distance,
                        segment.line(), location, point), segment.roadId());
            }
        }
        if (best == null) {
            throw new IllegalStateException("Route " + name + " has no segment");
        }
        return best;
    }

    /**
     * Locates a geometry on the route: the chainage range covered by the projections of all its
     * coordinates, and the offset of its centroid. A point gives a range of zero length.
     */
    public Chainage.Range locateRange(Geometry geometry) {
        double from = Double.POSITIVE_INFINITY;
        double to = Double.NEGATIVE_INFINITY;
        for (Coordinate coordinate : geometry.getCoordinates()) {
            double m = locate(coordinate).chainageM();
            from = Math.min(from, m);
            to = Math.max(to, m);
        }
        // NOTE: on a ring a geometry spanning the start point projects to both ends, so its range covers
        // the whole ring. Split such a geometry at the start point before locating it.
        return new Chainage.Range(from, to);
    }

    /** Returns the offset of the centroid of {@code geometry} from the route, as {@link #locate}. */
    public Location locateCentroid(Geometry geometry) {
        Point centroid = geometry.getCentroid();
        return locate(centroid.getCoordinate());
    }

    /**
     * Returns the route between two chainages, clamped to [0, length], in the route direction whatever
     * the order of the arguments. Parts that touch are joined into one LineString, and a range spanning a
     * gap gives a MultiLineString. A range of zero length gives a two-point line of zero length.
     */
    public Geometry subLine(double fromM, double toM, GeometryFactory factory) {
        requireMeasure(fromM);
        requireMeasure(toM);
        double from = Math.max(0, Math.min(lengthM, Math.min(fromM, toM)));
        double to = Math.max(0, Math.min(lengthM, Math.max(fromM, toM)));
        List<CoordinateList> pieces = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.toM() < from || segment.fromM() > to || (segment.lengthM() == 0)) {
                continue;
            }
            if (segment.toM() == from && segment.toM() < lengthM && to > from) {
                continue;
            }
            double a = Math.max(0, from - segment.fromM());
            double b = Math.min(segment.lengthM(), to - segment.fromM());
            Geometry piece = new LengthIndexedLine(segment.line()).extractLine(a, b);
            Coordinate[] coordinates = piece.getCoordinates();
            CoordinateList last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
            if (last != null && segment.gapBeforeM() == 0) {
                last.add(coordinates, false);
            } else {
                pieces.add(new CoordinateList(coordinates, false));
            }
            if (segment.toM() >= to) {
                break;
            }
        }
        List<LineString> lines = new ArrayList<>();
        for (CoordinateList piece : pieces) {
            if (piece.size() == 1) {
                piece.add(piece.getCoordinate(0), true);
            }
            lines.add(factory.createLineString(piece.toCoordinateArray()));
        }
        if (lines.isEmpty()) {
            Coordinate point = pointAt(from);
            return factory.createLineString(new Coordinate[] {point, point});
        }
        return lines.size() == 1 ? lines.get(0) : factory.createMultiLineString(lines.toArray(new LineString[0]));
    }

    /**
     * Splits the route into evaluation units of {@code unitLengthM} from chainage 0, as
     * {@link Chainage#units}.
     */
    public List<Chainage.Range> units(double unitLengthM) {
        List<Chainage.Range> units = new ArrayList<>();
        for (Chainage.Range unit : Chainage.units(lengthM, unitLengthM)) {
            units.add(new Chainage.Range(snap(unit.fromM()), snap(unit.toM())));
        }
        return units;
    }

    /** Returns the length of the overlap of two chainage ranges, m, 0 when they do not overlap. */
    public static double overlapM(Chainage.Range a, Chainage.Range b) {
        return Math.max(0, Math.min(a.toM(), b.toM()) - Math.max(a.fromM(), b.fromM()));
    }

    private static double signedOffset(LineString line, LinearLocation location, Coordinate point, double distance) {
        int orientation = orientation(line, location, point);
        return orientation < 0 ? -distance : distance;
    }

    private static Side side(double distance, LineString line, LinearLocation location, Coordinate point) {
        if (distance < SNAP_M) {
            return Side.ON;
        }
        return orientation(line, location, point) < 0 ? Side.RIGHT : Side.LEFT;
    }

    /**
     * Returns the side of {@code point} relative to the line segment at {@code location} (1 left, -1 right,
     * 0 on it). A repeated vertex gives a zero-length segment, so the nearest non-zero segment after it,
     * else before it, decides.
     */
    private static int orientation(LineString line, LinearLocation location, Coordinate point) {
        LineSegment segment = location.getSegment(line);
        int last = line.getNumPoints() - 2;
        int index = Math.min(location.getSegmentIndex(), last);
        for (int i = index; segment.getLength() == 0 && i <= last; i++) {
            segment = new LineSegment(line.getCoordinateN(i), line.getCoordinateN(i + 1));
        }
        for (int i = index; segment.getLength() == 0 && i >= 0; i--) {
            segment = new LineSegment(line.getCoordinateN(i), line.getCoordinateN(i + 1));
        }
        return segment.getLength() == 0 ? 0 : Orientation.index(segment.p0, segment.p1, point);
    }

    private static void requireMeasure(double m) {
        if (Double.isNaN(m)) {
            throw new IllegalArgumentException("Chainage is NaN");
        }
    }

    @Override
    public String toString() {
        return "Route[" + name + ", " + segments.size() + " segments, " + lengthM + " m" + (closed ? ", closed" : "")
                + "]";
    }
}
