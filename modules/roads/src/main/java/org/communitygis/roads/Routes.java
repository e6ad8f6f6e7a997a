package org.communitygis.roads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/**
 * Builds routes ({@link Route}) from a {@code roads} layer.
 *
 * <p>Road features with the same {@code name} (else the same {@code ref}) form one route. A feature
 * with neither is a route of its own, named {@code #<id>}. Within a route the line parts are chained by
 * their end points, which count as shared when they lie within {@link #JOIN_TOLERANCE_M}:
 * <ol>
 * <li>the chain starts at a dead end (an end point no other part shares), and with no dead end (a ring)
 *     at the first part's first point; every dead end of the first {@link #MAX_START_CANDIDATES} is tried,
 *     and the chain with the least total gap length is kept (the earliest in layer order on a tie);</li>
 * <li>from the chain's current end it takes the first unused part, in layer order, that shares that end,
 *     preferring one digitized away from it, and reverses a part digitized towards it;</li>
 * <li>when no part shares the end, the chain jumps a gap to the unused part end nearest to it;</li>
 * <li>finally, when parts digitized against the chain make up more than half its length, the whole chain
 *     is reversed, so a route runs the way most of its road was digitized.</li>
 * </ol>
 * At a fork the chain follows the first branch and reaches the other after a gap. Zero-length parts are
 * left out. A route is closed when its last point meets its first with no gap.
 */
public final class Routes {
    /** Distance within which two part end points count as the same point, m. */
    public static final double JOIN_TOLERANCE_M = 0.01;
    /** Dead ends tried as the chain's start; bounds the work on a route of many disconnected parts. */
    static final int MAX_START_CANDIDATES = 16;

    private final Map<String, Route> byName;
    private final Map<Long, Route> byRoad;

    private Routes(Map<String, Route> byName, Map<Long, Route> byRoad) {
        this.byName = byName;
        this.byRoad = byRoad;
    }

    /** Returns the routes, in the layer order of their first feature. */
    public List<Route> all() {
        return List.copyOf(byName.values());
    }

    /** Returns the route with this name ({@code #<id>} for an unnamed road). */
    public Optional<Route> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Returns the route that contains the road feature {@code roadId}. */
    public Optional<Route> byRoad(long roadId) {
        return Optional.ofNullable(byRoad.get(roadId));
    }

    /** Returns the route name of a road feature: its {@code name}, else {@code ref}, else {@code #<id>}. */
    public static String routeName(Feature road) {
        String name = road.getString("name");
        if (name != null && !name.isBlank()) {
            return name.trim();
        }
        String ref = road.getString("ref");
        if (ref != null && !ref.isBlank()) {
            return ref.trim();
        }
        return "#" + road.id();
    }

    /** Builds the routes of every line feature of {@code roads}; other geometries are left out. */
    public static Routes build(FeatureLayer roads) {
        Map<String, List<Piece>> groups = new LinkedHashMap<>();
        for (Feature road : roads.features()) {
            Geometry geometry = road.geometry();
            if (geometry == null || geometry.isEmpty()) {
                continue;
            }
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                if (geometry.getGeometryN(i) instanceof LineString line && line.getLength() > 0) {
                    groups.computeIfAbsent(routeName(road), key -> new ArrayList<>()).add(new Piece(road.id(), i, line));
                }
            }
        }
        Map<String, Route> byName = new LinkedHashMap<>();
        Map<Long, Route> byRoad = new LinkedHashMap<>();
        for (Map.Entry<String, List<Piece>> group : groups.entrySet()) {
            Route route = chain(group.getKey(), group.getValue());
            byName.put(group.getKey(), route);
            for (Route.Segment segment : route.segments()) {
                byRoad.putIfAbsent(segment.roadId(), route);
            }
        }
        return new Routes(byName, byRoad);
    }

    /** One line part of a road feature before chaining. */
    private record Piece(long roadId, int part, LineString line) {
        Coordinate start() {
            return line.getCoordinateN(0);
        }

        Coordinate end() {
            return line.getCoordinateN(line.getNumPoints() - 1);
        }
    }

    /** A piece placed on the chain, with its orientation. */
    private record Placed(Piece piece, boolean reversed, double gapBeforeM) {
        LineString oriented() {
            return reversed ? piece.line().reverse() : piece.line();
        }

        Coordinate first() {
            return reversed ? piece.end() : piece.start();
        }

        Coordinate last() {
            return reversed ? piece.start() : piece.end();
        }
    }

    static Route chain(String name, List<Piece> pieces) {
        List<Placed> best = null;
        double bestGap = Double.POSITIVE_INFINITY;
        for (Placed start : startCandidates(pieces)) {
            List<Placed> placed = chainFrom(pieces, start);
            double gap = placed.stream().mapToDouble(Placed::gapBeforeM).sum();
            if (gap < bestGap - JOIN_TOLERANCE_M) {
                best = placed;
                bestGap = gap;
            }
        }
        return toRoute(name, best);
    }

    private static List<Placed> chainFrom(List<Piece> pieces, Placed first) {
        int n = pieces.size();
        boolean[] used = new boolean[n];
        List<Placed> placed = new ArrayList<>();
        placed.add(first);
        used[indexOf(pieces, first.piece())] = true;
        for (int count = 1; count < n; count++) {
            Coordinate end = placed.get(placed.size() - 1).last();
            Placed next = touching(pieces, used, end);
            if (next == null) {
                next = nearest(pieces, used, end);
            }
            placed.add(next);
            used[indexOf(pieces, next.piece())] = true;
        }
        return placed;
    }

    private static Route toRoute(String name, List<Placed> placed) {
        double reversedLength = 0;
        double total = 0;
        for (Placed p : placed) {
            total += p.piece().line().getLength();
            if (p.reversed()) {
                reversedLength += p.piece().line().getLength();
            }
        }
        if (reversedLength > total / 2) {
            List<Placed> flipped = new ArrayList<>();
            for (int i = placed.size() - 1; i >= 0; i--) {
                Placed p = placed.get(i);
                double gap = i + 1 < placed.size() ? placed.get(i + 1).gapBeforeM() : 0;
                flipped.add(new Placed(p.piece(), !p.reversed(), gap));
            }
            placed = flipped;
        }

        List<Route.Segment> segments = new ArrayList<>();
        double m = 0;
        for (Placed p : placed) {
            double to = Route.snap(m + p.piece().line().getLength());
            segments.add(new Route.Segment(p.piece().roadId(), p.piece().part(), p.oriented(), p.reversed(), m, to,
                    p.gapBeforeM()));
            m = to;
        }
        boolean closed = placed.get(placed.size() - 1).last().distance(placed.get(0).first()) <= JOIN_TOLERANCE_M;
        for (int i = 1; i < placed.size(); i++) {
            closed &= placed.get(i).gapBeforeM() == 0;
        }
        return new Route(name, segments, closed);
    }

    private static int indexOf(List<Piece> pieces, Piece piece) {
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i) == piece) {
                return i;
            }
        }
        throw new IllegalStateException("Piece not in list");
    }

    /**
     * Returns the ways a chain may start: each dead end (at most {@link #MAX_START_CANDIDATES}, in layer
     * order) oriented away from it, or the first part as digitized when there is none. {@link #chain} keeps
     * the chain with the least total gap, the first one on a tie.
     */
    private static List<Placed> startCandidates(List<Piece> pieces) {
        List<Placed> candidates = new ArrayList<>();
        for (Piece piece : pieces) {
            if (degree(pieces, piece.start()) == 1) {
                candidates.add(new Placed(piece, false, 0));
            }
            if (degree(pieces, piece.end()) == 1) {
                candidates.add(new Placed(piece, true, 0));
            }
            if (candidates.size() >= MAX_START_CANDIDATES) {
                break;
            }
        }
        if (candidates.isEmpty()) {
            candidates.add(new Placed(pieces.get(0), false, 0));
        }
        return candidates;
    }

    private static int degree(List<Piece> pieces, Coordinate point) {
        int degree = 0;
        for (Piece piece : pieces) {
            if (piece.start().distance(point) <= JOIN_TOLERANCE_M) {
                degree++;
            }
            if (piece.end().distance(point) <= JOIN_TOLERANCE_M) {
                degree++;
            }
        }
        return degree;
    }

    private static Placed touching(List<Piece> pieces, boolean[] used, Coordinate end) {
        Placed reversedCandidate = null;
        for (int i = 0; i < pieces.size(); i++) {
            if (used[i]) {
                continue;
            }
            Piece piece = pieces.get(i);
            if (piece.start().distance(end) <= JOIN_TOLERANCE_M) {
                return new Placed(piece, false, 0);
            }
            if (reversedCandidate == null && piece.end().distance(end) <= JOIN_TOLERANCE_M) {
                reversedCandidate = new Placed(piece, true, 0);
            }
        }
        return reversedCandidate;
    }

    private static Placed nearest(List<Piece> pieces, boolean[] used, Coordinate end) {
        Placed best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < pieces.size(); i++) {
            if (used[i]) {
                continue;
            }
            Piece piece = pieces.get(i);
            double toStart = piece.start().distance(end);
            double toEnd = piece.end().distance(end);
            if (toStart < bestDistance) {
                bestDistance = toStart;
                best = new Placed(piece, false, toStart);
            }
            if (toEnd < bestDistance) {
                bestDistance = toEnd;
                best = new Placed(piece, true, toEnd);
            }
        }
        return best;
    }
}
