package org.communitygis.terrain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Turns a label raster into one polygon per label by tracing the cell boundaries, so the polygon of a
 * label is exactly the union of its cells' boxes, holes included.
 *
 * <p>Method: every cell side between a labelled cell and a cell of another label (or the grid edge) is a
 * directed edge with the labelled cell on its left. Edges are chained into rings on the vertex lattice,
 * turning left first where two rings of a label meet at a corner. Rings that pass a vertex twice are split
 * there, so no ring touches itself (the OGC simple-feature rule). Counter-clockwise rings are shells,
 * clockwise rings holes; each hole goes to the smallest shell that contains the centre of a cell inside
 * it. Collinear vertices are dropped. Vertices lie on cell corners in the grid's CRS.
 *
 * <p>Memory: 1 byte per lattice vertex for the used edges, plus the rings. No recursion.
 */
public final class RasterPolygons {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    /** Lattice steps of direction d: 0 E, 1 S, 2 W, 3 N (rows grow southwards). */
    private static final int[] STEP_COL = {1, 0, -1, 0};
    private static final int[] STEP_ROW = {0, 1, 0, -1};
    /** Left turn of d in map orientation (y up): E → N, S → E, W → S, N → W. */
    private static final int[] LEFT = {3, 0, 1, 2};
    /** Right turn of d: E → S, S → W, W → N, N → E. */
    private static final int[] RIGHT = {1, 2, 3, 0};

    private RasterPolygons() {
    }

    /**
     * Traces the polygons of all labels &gt; 0.
     *
     * @param grid the grid
     * @param labels row-major labels; 0 or less is background
     * @return label → Polygon or MultiPolygon, in ascending label order
     * @throws CgisException when {@code labels} does not match the grid
     */
    public static SortedMap<Integer, Geometry> trace(GridGeometry grid, int[] labels) {
        if (labels.length != grid.size()) {
            throw new CgisException(TerrainMessages.BUNDLE, "polygons.labelGrid", labels.length, grid.cols(), grid.rows());
        }
        int cols = grid.cols();
        int rows = grid.rows();
        int vcols = cols + 1;
        byte[] used = new byte[vcols * (rows + 1)];
        Map<Integer, List<int[]>> ringsByLabel = new TreeMap<>();
        List<Integer> path = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                int label = labels[row * cols + col];
                if (label <= 0) {
                    continue;
                }
                // The four sides of the cell as directed edges with the cell on their left.
                int[][] sides = {
                    {col + 1, row, 2}, {col, row + 1, 0}, {col, row, 1}, {col + 1, row + 1, 3},
                };
                for (int[] side : sides) {
                    int vc = side[0];
                    int vr = side[1];
                    int d = side[2];
                    if ((used[vr * vcols + vc] & (1 << d)) != 0 || !isEdge(labels, cols, rows, vc, vr, d, label)) {
                        continue;
                    }
                    path.clear();
                    int cvc = vc;
                    int cvr = vr;
                    int cd = d;
                    while ((used[cvr * vcols + cvc] & (1 << cd)) == 0) {
                        used[cvr * vcols + cvc] |= (byte) (1 << cd);
                        path.add(cvr * vcols + cvc);
                        cvc += STEP_COL[cd];
                        cvr += STEP_ROW[cd];
                        int next = -1;
                        for (int turn : new int[] {LEFT[cd], cd, RIGHT[cd]}) {
                            if (isEdge(labels, cols, rows, cvc, cvr, turn, label)) {
                                next = turn;
                                break;
                            }
                        }
                        cd = next;
                    }
                    for (int[] ring : splitAtRepeats(path)) {
                        ringsByLabel.computeIfAbsent(label, key -> new ArrayList<>()).add(ring);
                    }
                }
            }
        }
        SortedMap<Integer, Geometry> result = new TreeMap<>();
        for (Map.Entry<Integer, List<int[]>> entry : ringsByLabel.entrySet()) {
            result.put(entry.getKey(), assemble(grid, entry.getValue()));
        }
        return result;
    }

    /**
     * Returns whether the lattice edge from vertex (vc, vr) in direction d has a cell of {@code label} on
     * its left and a cell of another label, or none, on its right.
     */
    private static boolean isEdge(int[] labels, int cols, int rows, int vc, int vr, int d, int label) {
        int left = labelAt(labels, cols, rows, vc + LEFT_COL[d], vr + LEFT_ROW[d]);
        int right = labelAt(labels, cols, rows, vc + RIGHT_COL[d], vr + RIGHT_ROW[d]);
        return left == label && right != label;
    }

    /** Cell offsets from the start vertex of the cell left and right of an edge in direction d. */
    private static final int[] LEFT_COL = {0, 0, -1, -1};
    private static final int[] LEFT_ROW = {-1, 0, 0, -1};
    private static final int[] RIGHT_COL = {0, -1, -1, 0};
    private static final int[] RIGHT_ROW = {0, 0, -1, -1};

    private static int labelAt(int[] labels, int cols, int rows, int col, int row) {
        if (col < 0 || row < 0 || col >= cols || row >= rows) {
            return 0;
        }
        return labels[row * cols + col];
    }

    /** Splits a closed vertex path into rings that visit no vertex twice. */
    private static List<int[]> splitAtRepeats(List<Integer> path) {
        List<int[]> rings = new ArrayList<>();
        int[] stack = new int[path.size()];
        int top = 0;
        Map<Integer, Integer> position = new HashMap<>();
        for (int v : path) {
            Integer at = position.get(v);
            if (at != null) {
                int[] ring = new int[top - at];
                System.arraycopy(stack, at, ring, 0, ring.length);
                rings.add(ring);
                for (int i = at + 1; i < top; i++) {
                    position.remove(stack[i]);
                }
                top = at + 1;
            } else {
                position.put(v, top);
                stack[top++] = v;
            }
        }
        int[] ring = new int[top];
        System.arraycopy(stack, 0, ring, 0, top);
        rings.add(ring);
        return rings;
    }

    private static Geometry assemble(GridGeometry grid, List<int[]> rings) {
        int vcols = grid.cols() + 1;
        List<Polygon> shells = new ArrayList<>();
        List<List<LinearRing>> holesOfShell = new ArrayList<>();
        List<int[]> holes = new ArrayList<>();
        for (int[] ring : rings) {
            if (signedArea(ring, vcols) > 0) {
                shells.add(GEOMETRY.createPolygon(linearRing(grid, ring)));
                holesOfShell.add(new ArrayList<>());
            } else {
                holes.add(ring);
            }
        }
        for (int[] hole : holes) {
            Point inside = GEOMETRY.createPoint(cellRightOfFirstEdge(grid, hole));
            int best = -1;
            for (int i = 0; i < shells.size(); i++) {
                Polygon shell = shells.get(i);
                if (shell.getEnvelopeInternal().contains(inside.getCoordinate()) && shell.contains(inside)
                        && (best < 0 || shell.getArea() < shells.get(best).getArea())) {
                    best = i;
                }
            }
            if (best >= 0) {
                holesOfShell.get(best).add(linearRing(grid, hole));
            }
        }
        Polygon[] polygons = new Polygon[shells.size()];
        for (int i = 0; i < polygons.length; i++) {
            polygons[i] = GEOMETRY.createPolygon(shells.get(i).getExteriorRing(),
                    holesOfShell.get(i).toArray(new LinearRing[0]));
        }
        return polygons.length == 1 ? polygons[0] : GEOMETRY.createMultiPolygon(polygons);
    }

    /** Twice the signed area in lattice units with y up; positive for counter-clockwise rings. */
    private static long signedArea(int[] ring, int vcols) {
        long sum = 0;
        for (int i = 0; i < ring.length; i++) {
            int a = ring[i];
            int b = ring[(i + 1) % ring.length];
            long ax = a % vcols;
            long ay = -(a / vcols);
            long bx = b % vcols;
            long by = -(b / vcols);
            sum += ax * by - bx * ay;
        }
        return sum;
    }

    private static Coordinate cellRightOfFirstEdge(GridGeometry grid, int[] ring) {
        int vcols = grid.cols() + 1;
        int vc = ring[0] % vcols;
        int vr = ring[0] / vcols;
        int dc = ring[1] % vcols - vc;
        int dr = ring[1] / vcols - vr;
        int d;
        if (dc == 1) {
            d = 0;
        } else if (dr == 1) {
            d = 1;
        } else if (dc == -1) {
            d = 2;
        } else {
            d = 3;
        }
        return new Coordinate(grid.centerX(vc + RIGHT_COL[d]), grid.centerY(vr + RIGHT_ROW[d]));
    }

    private static LinearRing linearRing(GridGeometry grid, int[] ring) {
        int vcols = grid.cols() + 1;
        List<Coordinate> coordinates = new ArrayList<>();
        int n = ring.length;
        for (int i = 0; i < n; i++) {
            int prev = ring[(i + n - 1) % n];
            int cur = ring[i];
            int next = ring[(i + 1) % n];
            boolean collinear = (cur % vcols - prev % vcols) == (next % vcols - cur % vcols)
                    && (cur / vcols - prev / vcols) == (next / vcols - cur / vcols);
            if (!collinear) {
                coordinates.add(new Coordinate(grid.originX() + (cur % vcols) * grid.cellWidth(),
                        grid.originY() - (cur / vcols) * grid.cellHeight()));
            }
        }
        coordinates.add(new Coordinate(coordinates.get(0)));
        return GEOMETRY.createLinearRing(coordinates.toArray(new Coordinate[0]));
    }
}
