package org.communitygis.network;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * An undirected road graph for shortest paths, held in primitive arrays.
 *
 * <p>Nodes are the road vertices, merged where two roads share a vertex with exactly equal coordinates
 * (as OSM ways share nodes), plus split points added with {@link #split}. Roads that cross without a
 * shared vertex (bridges, tunnels) are not connected. One-way tags are ignored because people and pipes
 * use a road in both directions. Edge weights are 2D lengths in CRS units (m).
 *
 * <p>Limits: node and edge counts must fit in int arrays; memory is about 40 bytes per edge. Dijkstra
 * runs with a binary heap with lazy deletion, O((V + E) log E), without recursion.
 */
final class RoadNetwork {
    private final SegmentIndex segments;
    private final int[] fromNode;
    private final int[] toNode;
    private final int vertexNodes;

    private int[] splitSegment = new int[64];
    private double[] splitT = new double[64];
    private int splitCount;

    RoadNetwork(List<LineString> roads, GeometryFactory factory) {
        segments = new SegmentIndex(factory);
        for (int i = 0; i < roads.size(); i++) {
            segments.add(roads.get(i), i);
        }
        segments.build();
        int n = segments.size();
        fromNode = new int[n];
        toNode = new int[n];
        Map<Coordinate, Integer> nodeIds = new HashMap<>();
        for (int s = 0; s < n; s++) {
            fromNode[s] = nodeIds.computeIfAbsent(segments.start(s), c -> nodeIds.size());
            toNode[s] = nodeIds.computeIfAbsent(segments.end(s), c -> nodeIds.size());
        }
        vertexNodes = nodeIds.size();
    }

    SegmentIndex segments() {
        return segments;
    }

    boolean isEmpty() {
        return segments.size() == 0;
    }

    /**
     * Returns a node at position {@code t} ∈ [0, 1] along {@code segment}: the segment's end vertex when t
     * is within 1e-9 of 0 or 1, otherwise a new split node.
     */
    int split(int segment, double t) {
        if (t <= 1e-9) {
            return fromNode[segment];
        }
        if (t >= 1 - 1e-9) {
            return toNode[segment];
        }
        if (splitCount == splitSegment.length) {
            splitSegment = Arrays.copyOf(splitSegment, splitCount * 2);
            splitT = Arrays.copyOf(splitT, splitCount * 2);
        }
        splitSegment[splitCount] = segment;
        splitT[splitCount] = t;
        return vertexNodes + splitCount++;
    }

    /**
     * Returns, for every node, the shortest distance from any source, where source i starts at cost
     * {@code sourceCosts[i]}; unreachable nodes get +∞.
     */
    double[] shortestDistances(int[] sourceNodes, double[] sourceCosts) {
        int nodes = vertexNodes + splitCount;
        int segmentCount = segments.size();
        int edgeCount = segmentCount + splitCount;
        int[] edgeA = new int[edgeCount];
        int[] edgeB = new int[edgeCount];
        double[] edgeW = new double[edgeCount];

        // Sort split ids by (segment, t) and chain each segment's nodes from start to end.
        Integer[] order = new Integer[splitCount];
        for (int i = 0; i < splitCount; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> splitSegment[p] != splitSegment[q]
                ? Integer.compare(splitSegment[p], splitSegment[q]) : Double.compare(splitT[p], splitT[q]));
        int e = 0;
        int k = 0;
        for (int s = 0; s < segmentCount; s++) {
            double length = segments.length(s);
            int previous = fromNode[s];
            double previousT = 0;
            while (k < splitCount && splitSegment[order[k]] == s) {
                int split = order[k];
                edgeA[e] = previous;
                edgeB[e] = vertexNodes + split;
                edgeW[e] = (splitT[split] - previousT) * length;
                e++;
                previous = vertexNodes + split;
                previousT = splitT[split];
                k++;
            }
            edgeA[e] = previous;
            edgeB[e] = toNode[s];
            edgeW[e] = (1 - previousT) * length;
            e++;
        }

        // Compressed adjacency, both directions.
        int[] start = new int[nodes + 1];
        for (int i = 0; i < edgeCount; i++) {
            start[edgeA[i] + 1]++;
            start[edgeB[i] + 1]++;
        }
        for (int i = 0; i < nodes; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, nodes);
        int[] target = new int[2 * edgeCount];
        double[] weight = new double[2 * edgeCount];
        for (int i = 0; i < edgeCount; i++) {
            target[fill[edgeA[i]]] = edgeB[i];
            weight[fill[edgeA[i]]++] = edgeW[i];
            target[fill[edgeB[i]]] = edgeA[i];
            weight[fill[edgeB[i]]++] = edgeW[i];
        }

        double[] dist = new double[nodes];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        MinHeap heap = new MinHeap(Math.max(16, sourceNodes.length + 2 * edgeCount));
        for (int i = 0; i < sourceNodes.length; i++) {
            if (sourceCosts[i] < dist[sourceNodes[i]]) {
                dist[sourceNodes[i]] = sourceCosts[i];
                heap.push(sourceCosts[i], sourceNodes[i]);
            }
        }
        boolean[] done = new boolean[nodes];
        while (!heap.isEmpty()) {
            double d = heap.peekKey();
            int node = heap.pop();
            if (done[node] || d > dist[node]) {
                continue;
            }
            done[node] = true;
            for (int j = start[node]; j < start[node + 1]; j++) {
                double candidate = d + weight[j];
                int next = target[j];
                if (candidate < dist[next]) {
                    dist[next] = candidate;
                    heap.push(candidate, next);
                }
            }
        }
        return dist;
    }

    /** A binary min-heap of (key, node) pairs in two arrays; stale entries are skipped by the caller. */
    private static final class MinHeap {
        private double[] keys;
        private int[] values;
        private int size;

        MinHeap(int capacity) {
            keys = new double[capacity];
            values = new int[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        double peekKey() {
            return keys[0];
        }

        void push(double key, int value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= key) {
                    break;
                }
                keys[i] = keys[parent];
                values[i] = values[parent];
                i = parent;
            }
            keys[i] = key;
            values[i] = value;
        }

        int pop() {
            int top = values[0];
            size--;
            if (size > 0) {
                double key = keys[size];
                int value = values[size];
                int i = 0;
                while (true) {
                    int child = 2 * i + 1;
                    if (child >= size) {
                        break;
                    }
                    if (child + 1 < size && keys[child + 1] < keys[child]) {
                        child++;
                    }
                    if (keys[child] >= key) {
                        break;
                    }
                    keys[i] = keys[child];
                    values[i] = values[child];
                    i = child;
                }
                keys[i] = key;
                values[i] = value;
            }
            return top;
        }
    }
}
