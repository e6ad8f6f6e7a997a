package org.communitygis.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * The candidate graph of {@link RoutePlanner}: roads noded at shared vertices and where a road end lies on
 * another road within the snap tolerance, cut at every attachment point (the road point nearest to a
 * building or outlet) and into pieces of at most the piece length. Every edge carries a ground profile
 * sampled from the DEM by bilinear interpolation ({@link Raster#interpolate}).
 */
final class RouteGraph {
    private static final GeometryFactory GF = new GeometryFactory();

    /** A graph node: a road junction, a piece end or an attachment point. */
    static final class Node {
        final int id;
        final double x;
        final double y;
        double groundM = Double.NaN;
        final List<Edge> edges = new ArrayList<>();

        Node(int id, double x, double y) {
            this.id = id;
            this.x = x;
            this.y = y;
        }
    }

    /**
     * An undirected edge between nodes {@code a} and {@code b}. {@code chainM} and {@code groundM} are the
     * profile from {@code a} to {@code b}: distance along the edge, m, and ground level there, m.
     */
    static final class Edge {
        final int id;
        final int a;
        final int b;
        final LineString line;
        final String road;
        double[] chainM;
        double[] groundM;

        Edge(int id, int a, int b, LineString line, String road) {
            this.id = id;
            this.a = a;
            this.b = b;
            this.line = line;
            this.road = road;
        }

        double lengthM() {
            return line.getLength();
        }

        int other(int node) {
            return node == a ? b : a;
        }
    }

    final List<Node> nodes = new ArrayList<>();
    final List<Edge> edges = new ArrayList<>();
    /** Road node of each attachment point, or -1 when no road lies within its distance. */
    final int[] attachedNode;
    /** Distance from each attachment point to its road node, m (NaN when not attached). */
    final double[] attachDistanceM;

    private final Map<Long, List<Integer>> cells = new HashMap<>();
    private final double tolerance;

    private RouteGraph(int attachments, double tolerance) {
        this.attachedNode = new int[attachments];
        this.attachDistanceM = new double[attachments];
        this.tolerance = Math.max(tolerance, 0.01);
    }

    /**
     * Builds the graph.
     *
     * @param roads road lines in the project CRS, metres
     * @param roadNames name of each road line
     * @param attachments points to attach to the nearest road
     * @param maxAttachM the largest distance an attachment point may lie from its road, m, per point
     * @param dem ground levels, or null (all levels NaN)
     */
    static RouteGraph build(List<LineString> roads, List<String> roadNames, List<Coordinate> attachments,
            double[] maxAttachM, double pieceLengthM, double snapToleranceM, Raster dem) {
        RouteGraph graph = new RouteGraph(attachments.size(), snapToleranceM);
        STRtree index = new STRtree();
        for (int i = 0; i < roads.size(); i++) {
            index.insert(roads.get(i).getEnvelopeInternal(), i);
        }
        List<TreeSet<Double>> cuts = new ArrayList<>();
        Map<Coordinate, Integer> uses = new HashMap<>();
        for (LineString road : roads) {
            TreeSet<Double> set = new TreeSet<>();
            set.add(0.0);
            set.add(road.getLength());
            cuts.add(set);
            for (Coordinate c : road.getCoordinates()) {
                uses.merge(new Coordinate(c.x, c.y), 1, Integer::sum);
            }
        }

        for (int i = 0; i < roads.size(); i++) {
            LineString road = roads.get(i);
            Coordinate[] coordinates = road.getCoordinates();
            double along = 0;
            for (int k = 1; k < coordinates.length - 1; k++) {
                along += coordinates[k - 1].distance(coordinates[k]);
                if (uses.getOrDefault(new Coordinate(coordinates[k].x, coordinates[k].y), 0) > 1) {
                    cuts.get(i).add(along);
                }
            }
            for (Coordinate end : new Coordinate[] {road.getCoordinateN(0), road.getCoordinateN(road.getNumPoints() - 1)}) {
                var point = GF.createPoint(end);
                var envelope = point.getEnvelopeInternal();
                envelope.expandBy(snapToleranceM);
                for (Object hit : index.query(envelope)) {
                    int j = (Integer) hit;
                    if (j != i && roads.get(j).distance(point) <= snapToleranceM) {
                        cuts.get(j).add(new LengthIndexedLine(roads.get(j)).project(end));
                    }
                }
            }
        }

        int[] attachedRoad = new int[attachments.size()];
        double[] attachedAt = new double[attachments.size()];
        for (int p = 0; p < attachments.size(); p++) {
            attachedRoad[p] = -1;
            var point = GF.createPoint(attachments.get(p));
            var envelope = point.getEnvelopeInternal();
            envelope.expandBy(maxAttachM[p]);
            double best = Double.POSITIVE_INFINITY;
            for (Object hit : index.query(envelope)) {
                int j = (Integer) hit;
                double distance = roads.get(j).distance(point);
                if (distance <= maxAttachM[p] && distance < best) {
                    best = distance;
                    attachedRoad[p] = j;
                }
            }
            if (attachedRoad[p] >= 0) {
                attachedAt[p] = new LengthIndexedLine(roads.get(attachedRoad[p])).project(attachments.get(p));
                cuts.get(attachedRoad[p]).add(attachedAt[p]);
            }
        }

        for (int i = 0; i < roads.size(); i++) {
            LengthIndexedLine indexed = new LengthIndexedLine(roads.get(i));
            Double previous = null;
            for (double cut : cuts.get(i)) {
                if (previous != null) {
                    graph.addSpan(indexed, previous, cut, pieceLengthM, roadNames.get(i));
                }
                previous = cut;
            }
        }

        for (int p = 0; p < attachments.size(); p++) {
            if (attachedRoad[p] < 0) {
                graph.attachedNode[p] = -1;
                graph.attachDistanceM[p] = Double.NaN;
                continue;
            }
            Coordinate at = new LengthIndexedLine(roads.get(attachedRoad[p])).extractPoint(attachedAt[p]);
            graph.attachedNode[p] = graph.node(at);
            Node node = graph.nodes.get(graph.attachedNode[p]);
            graph.attachDistanceM[p] = attachments.get(p).distance(new Coordinate(node.x, node.y));
        }
        graph.profiles(dem);
        return graph;
    }

    /** Adds a straight edge between an existing node and a new point, e.g. from a road node to an outlet. */
    int addSpur(int fromNode, Coordinate to, Raster dem) {
        Node from = nodes.get(fromNode);
        int target = node(to);
        if (target == fromNode) {
            return target;
        }
        LineString line = GF.createLineString(new Coordinate[] {new Coordinate(from.x, from.y),
            new Coordinate(nodes.get(target).x, nodes.get(target).y)});
        Edge edge = new Edge(edges.size(), fromNode, target, line, "");
        edges.add(edge);
        from.edges.add(edge);
        nodes.get(target).edges.add(edge);
        profile(edge, dem);
        Node added = nodes.get(target);
        added.groundM = dem == null ? Double.NaN : dem.interpolate(added.x, added.y);
        return target;
    }

    private void addSpan(LengthIndexedLine indexed, double from, double to, double pieceLengthM, String road) {
        double span = to - from;
        if (!(span > 1e-6)) {
            return;
        }
        int count = (int) Math.ceil(span / pieceLengthM - 1e-9);
        for (int p = 0; p < count; p++) {
            Geometry piece = indexed.extractLine(from + span * p / count, from + span * (p + 1) / count);
            if (!(piece instanceof LineString line) || !(line.getLength() > 0)) {
                continue;
            }
            int a = node(line.getCoordinateN(0));
            int b = node(line.getCoordinateN(line.getNumPoints() - 1));
            if (a == b) {
                continue;
            }
            Edge edge = new Edge(edges.size(), a, b, line, road);
            edges.add(edge);
            nodes.get(a).edges.add(edge);
            nodes.get(b).edges.add(edge);
        }
    }

    /** Returns the node within the tolerance of {@code c}, creating one when there is none. */
    private int node(Coordinate c) {
        long cx = (long) Math.floor(c.x / tolerance);
        long cy = (long) Math.floor(c.y / tolerance);
        int found = -1;
        double best = tolerance;
        for (long dx = -1; dx <= 1; dx++) {
            for (long dy = -1; dy <= 1; dy++) {
                for (int id : cells.getOrDefault(key(cx + dx, cy + dy), List.of())) {
                    Node n = nodes.get(id);
                    double d = Math.hypot(n.x - c.x, n.y - c.y);
                    if (d <= best) {
                        best = d;
                        found = id;
                    }
                }
            }
        }
        if (found >= 0) {
            return found;
        }
        Node created = new Node(nodes.size(), c.x, c.y);
        nodes.add(created);
        cells.computeIfAbsent(key(cx, cy), k -> new ArrayList<>()).add(created.id);
        return created.id;
    }

    private static long key(long cx, long cy) {
        return cx * 73_856_093L ^ cy * 19_349_663L;
    }

    private void profiles(Raster dem) {
        for (Node node : nodes) {
            node.groundM = dem == null ? Double.NaN : dem.interpolate(node.x, node.y);
        }
        for (Edge edge : edges) {
            profile(edge, dem);
        }
    }

    /**
     * Samples the ground along the edge at about half a DEM cell (at most 5 m), so a ridge between two
     * manholes is seen. Without a DEM the samples are NaN.
     */
    private static void profile(Edge edge, Raster dem) {
        double length = edge.lengthM();
        double step = dem == null ? length : Math.min(5, Math.max(0.5, dem.grid().cellWidth() / 2));
        int count = Math.max(1, (int) Math.ceil(length / step));
        LengthIndexedLine indexed = new LengthIndexedLine(edge.line);
        edge.chainM = new double[count + 1];
        edge.groundM = new double[count + 1];
        for (int k = 0; k <= count; k++) {
            double along = length * k / count;
            Coordinate c = indexed.extractPoint(along);
            edge.chainM[k] = along;
            edge.groundM[k] = dem == null ? Double.NaN : dem.interpolate(c.x, c.y);
        }
    }
}
