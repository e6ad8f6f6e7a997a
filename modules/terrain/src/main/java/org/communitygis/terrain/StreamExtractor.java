package org.communitygis.terrain;

import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Extracts the stream network: cells whose upstream size reaches a {@link StreamThreshold}, traced into
 * line segments with their Strahler (1957) order, as the {@code streams} layer.
 *
 * <p>Each segment runs along D8 directions from a head to the next confluence, which is its last vertex,
 * or to the outlet. A head is a source (a stream cell that no stream cell drains into) or a confluence
 * (where two or more do). The outlet is the last stream cell before the flow leaves the grid, enters
 * NoData or stops at a cell with code 0. So segments join at shared vertices. Vertices are cell centres. A segment whose head
 * is itself the outlet has a single vertex and is left out. Segments are ordered by head cell index,
 * row-major, and numbered from 1.
 *
 * <p>Fields: {@code stream_id}; {@code strahler}, 1 at sources, raised by one where two or more streams
 * of the highest incoming order meet; {@code acc_cells} and {@code area_m2}, the upstream size at the
 * segment's last own cell (the cell before the closing confluence, or the outlet); {@code length_m}, the
 * sum of the cell-to-cell steps in metres.
 *
 * <p>Memory: 4 bytes per cell for the stream flags, inflow counts and orders, plus the segments.
 */
public final class StreamExtractor {
    /** The name of the output layer. */
    public static final String LAYER = "streams";

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private StreamExtractor() {
    }

    /** Returns the empty {@code streams} layer with its fixed fields. */
    public static FeatureLayer emptyLayer(String crs) {
        return new FeatureLayer(LAYER, GeometryKind.LINESTRING, crs, List.of(
                new Field("stream_id", FieldType.INTEGER),
                new Field("strahler", FieldType.INTEGER),
                new Field("acc_cells", FieldType.INTEGER),
                new Field("area_m2", FieldType.REAL),
                new Field("length_m", FieldType.REAL)));
    }

    /**
     * Extracts the streams of {@code directions}.
     *
     * @param directions D8 directions
     * @param accumulation accumulation of {@code directions}
     * @param threshold minimum upstream cells or m² of a stream cell
     * @param progress receives {@link Progress#worked} in heads traced; the caller calls begin and end
     */
    public static FeatureLayer extract(D8FlowDirection directions, FlowAccumulation accumulation,
            StreamThreshold threshold, Progress progress) {
        GridGeometry grid = directions.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        byte[] codes = directions.codes();
        int n = codes.length;
        CellMetrics metrics = CellMetrics.of(grid);

        boolean[] stream = new boolean[n];
        for (int i = 0; i < n; i++) {
            double size = threshold.inCells() ? accumulation.cells(i) : accumulation.areaM2(i);
            stream[i] = size >= threshold.value();
        }
        byte[] inflows = new byte[n];
        for (int i = 0; i < n; i++) {
            if (stream[i]) {
                int d = streamDownstream(codes, cols, rows, stream, i);
                if (d >= 0) {
                    inflows[d]++;
                }
            }
        }
        byte[] order = strahlerOrders(codes, cols, rows, stream, inflows);

        FeatureLayer layer = emptyLayer(grid.crs());
        long id = 1;
        long heads = 0;
        for (int head = 0; head < n; head++) {
            if (!stream[head] || inflows[head] == 1) {
                continue;
            }
            heads++;
            if ((heads & 1023) == 0) {
                progress.worked(heads);
            }
            CoordinateList line = new CoordinateList();
            line.add(centre(grid, head), true);
            double lengthM = 0;
            int lastOwn = head;
            int current = head;
            while (true) {
                int d = streamDownstream(codes, cols, rows, stream, current);
                if (d < 0) {
                    break;
                }
                lengthM += metrics.step(current / cols, Integer.numberOfTrailingZeros(codes[current] & 0xFF));
                line.add(centre(grid, d), true);
                if (inflows[d] >= 2) {
                    break;
                }
                lastOwn = d;
                current = d;
            }
            if (line.size() < 2) {
                continue;
            }
            Feature feature = new Feature(id, GEOMETRY.createLineString(line.toCoordinateArray()), Map.of(
                    "stream_id", id,
                    "strahler", (long) order[head],
                    "acc_cells", (long) accumulation.cells(lastOwn),
                    "area_m2", accumulation.areaM2(lastOwn),
                    "length_m", lengthM));
            layer.add(feature);
            id++;
        }
        progress.worked(heads);
        return layer;
    }

    static int streamDownstream(byte[] codes, int cols, int rows, boolean[] stream, int index) {
        int d = D8FlowDirection.downstream(codes, cols, rows, index);
        return d >= 0 && stream[d] ? d : -1;
    }

    /** Computes Strahler orders of stream cells in topological order (sources first), with an explicit queue. */
    private static byte[] strahlerOrders(byte[] codes, int cols, int rows, boolean[] stream, byte[] inflows) {
        int n = codes.length;
        byte[] order = new byte[n];
        byte[] pending = inflows.clone();
        byte[] maxCount = new byte[n];
        IntQueue queue = new IntQueue(1024);
        for (int i = 0; i < n; i++) {
            if (stream[i] && inflows[i] == 0) {
                order[i] = 1;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int c = queue.poll();
            int d = streamDownstream(codes, cols, rows, stream, c);
            if (d < 0) {
                continue;
            }
            if (order[c] > order[d]) {
                order[d] = order[c];
                maxCount[d] = 1;
            } else if (order[c] == order[d]) {
                maxCount[d]++;
            }
            if (--pending[d] == 0) {
                if (maxCount[d] >= 2) {
                    order[d]++;
                }
                queue.add(d);
            }
        }
        return order;
    }

    private static Coordinate centre(GridGeometry grid, int index) {
        return new Coordinate(grid.centerX(index % grid.cols()), grid.centerY(index / grid.cols()));
    }
}
