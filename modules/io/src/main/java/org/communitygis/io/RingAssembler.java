package org.communitygis.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Assembles the member ways of an OSM multipolygon relation into a MultiPolygon.
 *
 * <p>Ways are joined end to end at shared nodes into closed rings, whatever their roles, as the OSM wiki's
 * multipolygon algorithm describes. Each ring's role then follows from nesting: a ring inside an even number
 * of other rings is an outer ring, one inside an odd number is a hole of the smallest ring containing it.
 * A ring inside a hole is a new outer ring (an island). Roles written in the relation are not checked.
 *
 * <p>Limits: joining is greedy, so when more than two ways meet at one node the first match wins, and nesting
 * costs O(r²) point-in-ring tests for r rings. The result may be invalid (touching or crossing rings), so
 * callers check it and repair it.
 */
final class RingAssembler {
    private RingAssembler() {
    }

    /** The assembled geometry, or null with the number of rings that could not be closed. */
    record Result(MultiPolygon geometry, int openRings) {
    }

    /**
     * Joins {@code ways} (node indices into {@code lon}/{@code lat}, none missing) into rings and nests them.
     */
    static Result assemble(List<int[]> ways, double[] lon, double[] lat, GeometryFactory factory) {
        List<int[]> rings = new ArrayList<>();
        int openRings = joinRings(ways, rings);
        if (openRings > 0 || rings.isEmpty()) {
            return new Result(null, Math.max(openRings, 1));
        }
        List<LinearRing> linearRings = new ArrayList<>();
        for (int[] ring : rings) {
            Coordinate[] coordinates = new Coordinate[ring.length];
            for (int i = 0; i < ring.length; i++) {
                coordinates[i] = new Coordinate(lon[ring[i]], lat[ring[i]]);
            }
            linearRings.add(factory.createLinearRing(coordinates));
        }
        return new Result(nest(linearRings, factory), 0);
    }

    /** Joins open ways into closed rings and returns how many chains stayed open. */
    private static int joinRings(List<int[]> ways, List<int[]> rings) {
        Map<Integer, List<Integer>> byEndpoint = new HashMap<>();
        boolean[] used = new boolean[ways.size()];
        for (int i = 0; i < ways.size(); i++) {
            int[] way = ways.get(i);
            if (way.length < 2) {
                used[i] = true;
                continue;
            }
            byEndpoint.computeIfAbsent(way[0], k -> new ArrayList<>()).add(i);
            byEndpoint.computeIfAbsent(way[way.length - 1], k -> new ArrayList<>()).add(i);
        }
        int open = 0;
        for (int start = 0; start < ways.size(); start++) {
            if (used[start]) {
                continue;
            }
            used[start] = true;
            IntList chain = new IntList();
            chain.addAll(ways.get(start), false);
            while (chain.first() != chain.last()) {
                int next = findUnused(byEndpoint.get(chain.last()), used);
                if (next < 0) {
                    break;
                }
                used[next] = true;
                int[] way = ways.get(next);
                chain.removeLast();
                chain.addAll(way, way[0] != chain.peekAfterRemoval());
            }
            if (chain.first() == chain.last() && chain.size() >= 4) {
                rings.add(chain.toArray());
            } else {
                open++;
            }
        }
        return open;
    }

    private static int findUnused(List<Integer> candidates, boolean[] used) {
        if (candidates == null) {
            return -1;
        }
        for (int candidate : candidates) {
            if (!used[candidate]) {
                return candidate;
            }
        }
        return -1;
    }

    /** Classifies rings as shells or holes by containment depth and builds the polygons. */
    private static MultiPolygon nest(List<LinearRing> rings, GeometryFactory factory) {
        int n = rings.size();
        Integer[] order = new Integer[n];
        double[] areas = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            areas[i] = Math.abs(org.locationtech.jts.algorithm.Area.ofRingSigned(rings.get(i).getCoordinateSequence()));
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(areas[b], areas[a]));

        int[] parent = new int[n];
        int[] depth = new int[n];
        IndexedPointInAreaLocator[] locators = new IndexedPointInAreaLocator[n];
        for (int k = 0; k < n; k++) {
            int ring = order[k];
            parent[ring] = -1;
            Envelope envelope = rings.get(ring).getEnvelopeInternal();
            // Larger rings come first, so the last container found is the smallest one.
            for (int j = 0; j < k; j++) {
                int candidate = order[j];
                if (!rings.get(candidate).getEnvelopeInternal().covers(envelope)) {
                    continue;
                }
                if (locators[candidate] == null) {
                    locators[candidate] = new IndexedPointInAreaLocator(rings.get(candidate));
                }
                if (isInside(rings.get(ring), locators[candidate])) {
                    parent[ring] = candidate;
                }
            }
            depth[ring] = parent[ring] < 0 ? 0 : depth[parent[ring]] + 1;
        }

        List<Polygon> polygons = new ArrayList<>();
        Map<Integer, List<LinearRing>> holes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (depth[i] % 2 == 1) {
                holes.computeIfAbsent(parent[i], k -> new ArrayList<>()).add(rings.get(i));
            }
        }
        for (int k = 0; k < n; k++) {
            int ring = order[k];
            if (depth[ring] % 2 == 0) {
                List<LinearRing> ringHoles = holes.getOrDefault(ring, List.of());
                polygons.add(factory.createPolygon(rings.get(ring), ringHoles.toArray(new LinearRing[0])));
            }
        }
        return factory.createMultiPolygon(polygons.toArray(new Polygon[0]));
    }

    /** Returns whether the first vertex of {@code ring} that is not on the other ring's boundary lies inside it. */
    private static boolean isInside(LinearRing ring, IndexedPointInAreaLocator other) {
        for (Coordinate coordinate : ring.getCoordinates()) {
            int location = other.locate(coordinate);
            if (location != Location.BOUNDARY) {
                return location == Location.INTERIOR;
            }
        }
        // Every vertex lies on the other ring: the rings coincide, which is not nesting.
        return false;
    }

    /** A growable int array for joining rings. */
    private static final class IntList {
        private int[] items = new int[16];
        private int size;
        private int removed = -1;

        void addAll(int[] values, boolean reversed) {
            ensure(size + values.length);
            for (int i = 0; i < values.length; i++) {
                items[size++] = reversed ? values[values.length - 1 - i] : values[i];
            }
        }

        /** Removes the last node, the one the next way starts or ends with, remembering it. */
        void removeLast() {
            removed = items[--size];
        }

        int peekAfterRemoval() {
            return removed;
        }

        int first() {
            return items[0];
        }

        int last() {
            return items[size - 1];
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(items, size);
        }

        private void ensure(int capacity) {
            if (capacity > items.length) {
                items = java.util.Arrays.copyOf(items, Math.max(capacity, items.length * 2));
            }
        }
    }
}
