package org.communitygis.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * The {@code road_distance_m} column of {@code coverage_buildings}: building → nearest road point
 * (straight), then the shortest path along the roads, then road → pipe (straight), to the pipe access
 * point that makes the sum smallest.
 *
 * <p>Pipe access points are the pipes' crossings with roads (0 m off the road) and the road points nearest
 * to each pipe vertex and to points every {@code pipeSampleSpacingM} along the pipes. The road graph is
 * {@link RoadNetwork}: roads connect only where they share a vertex.
 *
 * <p>{@link CoverageAnalysis} and the Spark engine both call {@link #compute}, so their distances are equal
 * when they pass the same lines in the same order. The order matters because split nodes are numbered in
 * the order they are added, which can change the last bits of a path sum.
 */
public final class RoadDistances {
    private RoadDistances() {
    }

    /**
     * Returns the line parts of the roads of {@code roadClasses} ({@code highway} value; every road when the
     * set is empty), in layer order. Roads without a line geometry are skipped with a {@code coverage.badRoad}
     * warning.
     */
    public static List<LineString> roadLines(FeatureLayer roads, Set<String> roadClasses, Diagnostics diagnostics) {
        List<LineString> lines = new ArrayList<>();
        for (Feature road : roads.features()) {
            String highway = NetworkLayers.text(road.get("highway"));
            if (!roadClasses.isEmpty() && !roadClasses.contains(highway)) {
                continue;
            }
            Geometry geometry = road.geometry();
            if (geometry == null || geometry.isEmpty() || geometry.getDimension() != 1) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badRoad", road.id(),
                        geometry == null ? "null" : geometry.getGeometryType());
                continue;
            }
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                if (geometry.getGeometryN(i) instanceof LineString line) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /**
     * Computes the road distance of each building.
     *
     * @param buildings building geometries, usually polygons
     * @param pipes the line parts of length &gt; 0 of the selected pipes, in layer order
     * @param roads road lines, as {@link #roadLines} returns them
     * @param pipeSampleSpacingM spacing of the sampled pipe points, m, &gt; 0
     * @param progress receives one step for all buildings
     * @return per building (same index) the distance in m, +∞ where no road path reaches a pipe; empty when
     *     {@code roads} has no segment, so there is no road network at all
     */
    public static Optional<double[]> compute(List<? extends Geometry> buildings, List<LineString> pipes,
            List<LineString> roads, double pipeSampleSpacingM, Progress progress) {
        GeometryFactory factory = new GeometryFactory();
        RoadNetwork network = new RoadNetwork(roads, factory);
        if (network.isEmpty()) {
            return Optional.empty();
        }
        progress.begin(NetworkMessages.BUNDLE.format("coverage.step.roads"), buildings.size());
        SegmentIndex roadSegments = network.segments();
        int[] buildingNode = new int[buildings.size()];
        double[] connection = new double[buildings.size()];
        for (int i = 0; i < buildings.size(); i++) {
            SegmentIndex.Hit hit = roadSegments.nearest(buildings.get(i));
            connection[i] = hit.distance();
            buildingNode[i] = network.split(hit.segment(), hit.t());
        }

        IntList nodes = new IntList();
        DoubleList costs = new DoubleList();
        RobustLineIntersector intersector = new RobustLineIntersector();
        for (LineString pipe : pipes) {
            // Pipe points and their straight distance to the nearest road.
            LengthIndexedLine indexed = new LengthIndexedLine(pipe);
            double length = pipe.getLength();
            int samples = (int) Math.ceil(length / pipeSampleSpacingM);
            for (int s = 0; s <= samples; s++) {
                Coordinate c = indexed.extractPoint(Math.min(length, s * pipeSampleSpacingM));
                addSource(network, factory.createPoint(c), nodes, costs);
            }
            for (Coordinate c : pipe.getCoordinates()) {
                addSource(network, factory.createPoint(c), nodes, costs);
            }
            // Crossings with roads, 0 m off the road.
            Coordinate[] pc = pipe.getCoordinates();
            for (int j = 0; j + 1 < pc.length; j++) {
                LineSegment pipeSegment = new LineSegment(pc[j], pc[j + 1]);
                for (int road : roadSegments.query(new Envelope(pc[j], pc[j + 1]))) {
                    Coordinate a = roadSegments.start(road);
                    Coordinate b = roadSegments.end(road);
                    intersector.computeIntersection(pipeSegment.p0, pipeSegment.p1, a, b);
                    if (intersector.hasIntersection()) {
                        Coordinate crossing = intersector.getIntersection(0);
                        double t = new LineSegment(a, b).projectionFactor(crossing);
                        nodes.add(network.split(road, Math.max(0, Math.min(1, t))));
                        costs.add(0);
                    }
                }
            }
        }
        double[] distance = network.shortestDistances(nodes.toArray(), costs.toArray());
        double[] result = new double[buildings.size()];
        for (int i = 0; i < buildings.size(); i++) {
            result[i] = connection[i] + distance[buildingNode[i]];
        }
        progress.worked(buildings.size());
        progress.end();
        return Optional.of(result);
    }

    private static void addSource(RoadNetwork network, Point point, IntList nodes, DoubleList costs) {
        SegmentIndex.Hit hit = network.segments().nearest(point);
        nodes.add(network.split(hit.segment(), hit.t()));
        costs.add(hit.distance());
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[256];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable double array. */
    private static final class DoubleList {
        private double[] values = new double[256];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
