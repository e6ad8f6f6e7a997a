package org.communitygis.terrain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Geometry;

/**
 * Stream-link watersheds: for each stream segment of {@link StreamExtractor}, the cells that drain into
 * the stream along that segment and not through another segment first (the segment's own contributing
 * area, comparable to the {@code basin} output of GRASS {@code r.watershed}).
 *
 * <p>Labels equal the {@code stream_id} of the segment in the {@code streams} layer extracted with the
 * same directions, accumulation and threshold. A head that is itself the outlet (a one-cell segment,
 * which has no line in {@code streams}) gets an id after the last stream id. Cells that reach the grid
 * edge or NoData without passing a stream cell get label 0 (no sub-basin).
 *
 * <p>Method: stream cells are labelled while tracing the segments; every other cell takes the label of
 * the first labelled cell downstream, found by following its D8 path with an explicit stack and
 * labelling the whole path on the way back, so each cell is visited a bounded number of times. Memory
 * per cell: 4 bytes for the labels, 2 for the stream flags and inflow counts, plus the stack.
 */
public final class SubBasins {
    /** The name of the polygon layer. */
    public static final String LAYER = "subbasins";

    private final GridGeometry grid;
    private final int[] labels;
    private final int basinCount;

    private SubBasins(GridGeometry grid, int[] labels, int basinCount) {
        this.grid = grid;
        this.labels = labels;
        this.basinCount = basinCount;
    }

    /**
     * Computes the stream-link watersheds.
     *
     * @param directions D8 directions
     * @param accumulation accumulation of {@code directions}
     * @param threshold the stream threshold used for the {@code streams} layer
     */
    public static SubBasins compute(D8FlowDirection directions, FlowAccumulation accumulation, StreamThreshold threshold) {
        GridGeometry grid = directions.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        byte[] codes = directions.codes();
        int n = codes.length;
        boolean[] stream = new boolean[n];
        for (int i = 0; i < n; i++) {
            double size = threshold.inCells() ? accumulation.cells(i) : accumulation.areaM2(i);
            stream[i] = size >= threshold.value();
        }
        byte[] inflows = new byte[n];
        for (int i = 0; i < n; i++) {
            if (stream[i]) {
                int d = StreamExtractor.streamDownstream(codes, cols, rows, stream, i);
                if (d >= 0) {
                    inflows[d]++;
                }
            }
        }
        // Unknown = 0 before the second pass; -1 marks cells whose path leaves without a stream.
        int[] labels = new int[n];
        int id = 0;
        int[] pendingHeads = new int[16];
        int pending = 0;
        for (int head = 0; head < n; head++) {
            if (!stream[head] || inflows[head] == 1) {
                continue;
            }
            if (StreamExtractor.streamDownstream(codes, cols, rows, stream, head) < 0) {
                if (pending == pendingHeads.length) {
                    pendingHeads = Arrays.copyOf(pendingHeads, pending * 2);
                }
                pendingHeads[pending++] = head;
                continue;
            }
            id++;
            int current = head;
            while (true) {
                labels[current] = id;
                int d = StreamExtractor.streamDownstream(codes, cols, rows, stream, current);
                if (d < 0 || inflows[d] >= 2) {
                    break;
                }
                current = d;
            }
        }
        for (int i = 0; i < pending; i++) {
            labels[pendingHeads[i]] = ++id;
        }

        int[] stack = new int[1024];
        for (int start = 0; start < n; start++) {
            if (labels[start] != 0 || codes[start] == D8FlowDirection.NO_DATA) {
                continue;
            }
            int top = 0;
            int c = start;
            int label;
            while (true) {
                if (labels[c] != 0) {
                    label = labels[c];
                    break;
                }
                if (top == stack.length) {
                    stack = Arrays.copyOf(stack, top * 2);
                }
                stack[top++] = c;
                int d = D8FlowDirection.downstream(codes, cols, rows, c);
                if (d < 0 || top > n) {
                    label = -1;
                    break;
                }
                c = d;
            }
            while (top > 0) {
                labels[stack[--top]] = label;
            }
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0) {
                labels[i] = 0;
            }
        }
        return new SubBasins(grid, labels, id);
    }

    /** Returns the labels, row-major, 0 outside every sub-basin and on NoData (the backing array). */
    public int[] labels() {
        return labels;
    }

    /** Returns the number of sub-basins, the largest label. */
    public int basinCount() {
        return basinCount;
    }

    /** Returns the labels as a float32 raster, unit empty, NaN outside every sub-basin, NoData −1. */
    public Raster raster() {
        float[] data = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = labels[i] == 0 ? Float.NaN : labels[i];
        }
        return new Raster(grid, data, -1f, "");
    }

    /**
     * Returns the sub-basins as polygons ({@link RasterPolygons}), one feature per basin: {@code basin_id}
     * (the stream id), {@code cells} and {@code area_m2} (the sum of metric cell areas, {@link CellMetrics}).
     */
    public FeatureLayer polygons() {
        return polygonLayer(LAYER, grid, labels, basinCount, "basin_id");
    }

    /** Builds a polygon layer of {@code labels} 1 … count with fields idField, cells and area_m2. */
    static FeatureLayer polygonLayer(String name, GridGeometry grid, int[] labels, int count, String idField) {
        long[] cells = new long[count + 1];
        double[] area = new double[count + 1];
        CellMetrics metrics = CellMetrics.of(grid);
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label > 0 && label <= count) {
                cells[label]++;
                area[label] += metrics.area(i / grid.cols());
            }
        }
        FeatureLayer layer = new FeatureLayer(name, GeometryKind.MULTIPOLYGON, grid.crs(), List.of(
                new Field(idField, FieldType.INTEGER),
                new Field("cells", FieldType.INTEGER),
                new Field("area_m2", FieldType.REAL)));
        SortedMap<Integer, Geometry> shapes = RasterPolygons.trace(grid, labels);
        for (Map.Entry<Integer, Geometry> entry : shapes.entrySet()) {
            int label = entry.getKey();
            layer.add(new Feature(label, entry.getValue(), Map.of(idField, (long) label, "cells", cells[label],
                    "area_m2", area[label])));
        }
        return layer;
    }
}
