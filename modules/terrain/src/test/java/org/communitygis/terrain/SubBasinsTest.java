package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class SubBasinsTest {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    /**
     * Builds a Y-shaped valley on 21 × 21 cells of 10 m: branches from the two upper corners meet at the centre,
     * and a trunk runs south to the bottom edge. Elevation is the path length to the outlet along the
     * network times 0.05 plus the distance to the network times 0.5.
     */
    private static Raster yValley() {
        int n = 21;
        List<double[]> network = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            double t = i / 100.0;
            double along = 10 * Math.sqrt(2) * (1 - t) + 10;
            network.add(new double[] {10 * t, 10 * t, along});
            network.add(new double[] {20 - 10 * t, 10 * t, along});
            network.add(new double[] {10, 10 + 10 * t, 10 * (1 - t)});
        }
        float[] z = new float[n * n];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                double best = Double.MAX_VALUE;
                for (double[] p : network) {
                    double h = Math.hypot(col - p[0], row - p[1]) * 0.5 + p[2] * 0.05;
                    best = Math.min(best, h);
                }
                z[row * n + col] = (float) (100 + 10 * best);
            }
        }
        return new Raster(new GridGeometry(n, n, 500_000, 3_000_210, 10, 10, "EPSG:32648"), z, -9999f, "m");
    }

    @Test
    void yShapedGridHasThreeLinkWatersheds() {
        Raster dem = yValley();
        DrainageOptions options = DrainageOptions.defaults().withStreamThresholdM2(1_500).withMinStreamCells(1);
        DrainageResult result = DrainageAnalysis.run(dem, options, Progress.NONE, new Diagnostics());
        StreamThreshold threshold = DrainageAnalysis.streamThreshold(dem.grid(), options);
        SubBasins basins = SubBasins.compute(result.directions(), result.accumulation(), threshold);

        FeatureLayer streams = result.streams();
        assertThat(streams.size()).isEqualTo(3);
        assertThat(basins.basinCount()).isEqualTo(3);
        GridGeometry grid = dem.grid();
        int[] labels = basins.labels();
        // Both branch sources and the trunk outlet belong to different basins, and all cells drain to a stream.
        int west = labels[grid.index(0, 0)];
        int east = labels[grid.index(20, 0)];
        int trunk = labels[grid.index(10, 20)];
        assertThat(new int[] {west, east, trunk}).doesNotHaveDuplicates().doesNotContain(0);
        for (int label : labels) {
            assertThat(label).isPositive();
        }
        // The west branch collects the west half above the confluence; the trunk the cells beside it below.
        assertThat(labels[grid.index(1, 5)]).isEqualTo(west);
        assertThat(labels[grid.index(19, 5)]).isEqualTo(east);
        assertThat(labels[grid.index(3, 18)]).isEqualTo(trunk);
        assertThat(labels[grid.index(17, 18)]).isEqualTo(trunk);

        assertLinksMatchStreams(streams, basins, grid);
        assertPolygonsTileTheLabels(basins, grid);
    }

    @Test
    void volcanoLinkWatersheds() {
        Raster dem = TestGrids.volcano();
        DrainageOptions options = DrainageOptions.defaults();
        DrainageResult result = DrainageAnalysis.run(dem, options, Progress.NONE, new Diagnostics());
        SubBasins basins = SubBasins.compute(result.directions(), result.accumulation(),
                DrainageAnalysis.streamThreshold(dem.grid(), options));
        assertThat(basins.basinCount()).isGreaterThanOrEqualTo(result.streams().size()).isGreaterThan(3);
        assertLinksMatchStreams(result.streams(), basins, dem.grid());
        assertPolygonsTileTheLabels(basins, dem.grid());
        Raster raster = basins.raster();
        assertThat(raster.noDataValue()).isEqualTo(-1f);
    }

    @Test
    void volcanoPourPointCatchmentPolygon() {
        Raster dem = TestGrids.volcano();
        DrainageResult result = DrainageAnalysis.run(dem, DrainageOptions.defaults(), Progress.NONE, new Diagnostics());
        FlowAccumulation acc = result.accumulation();
        GridGeometry grid = dem.grid();
        int max = 0;
        for (int i = 0; i < grid.size(); i++) {
            if (acc.cells(i) > acc.cells(max)) {
                max = i;
            }
        }
        // Two pour points, the second upstream of the first: nested catchments.
        int[] first = Catchment.snapPourPoint(acc, max % grid.cols(), max / grid.cols(), 30);
        Catchment outer = Catchment.upstreamOf(result.directions(), first[0], first[1]);
        int upstream = upstreamNeighbourOnStream(result.directions(), acc, grid.index(first[0], first[1]));
        Catchment inner = Catchment.upstreamOf(result.directions(), upstream % grid.cols(), upstream / grid.cols());
        FeatureLayer layer = Catchment.layer(grid, List.of(outer, inner));
        assertThat(layer.name()).isEqualTo(Catchment.LAYER);
        assertThat(layer.size()).isEqualTo(2);
        Geometry outerShape = layer.features().get(0).geometry();
        Geometry innerShape = layer.features().get(1).geometry();
        assertThat(outerShape.isValid()).isTrue();
        assertThat(outerShape.getArea()).isCloseTo(outer.cellCount() * 100.0, within(1e-6));
        assertThat(outer.areaM2()).isCloseTo(outer.cellCount() * 100.0, within(1e-6));
        assertThat(innerShape.getArea()).isLessThan(outerShape.getArea());
        assertThat(outerShape.covers(innerShape)).isTrue();
        assertThat(outerShape.contains(GEOMETRY.createPoint(new Coordinate(grid.centerX(first[0]), grid.centerY(first[1]))))).isTrue();
        assertThat(outerShape.getEnvelopeInternal().getMinX()).isGreaterThanOrEqualTo(grid.originX());
    }

    private static int upstreamNeighbourOnStream(D8FlowDirection directions, FlowAccumulation acc, int outlet) {
        GridGeometry grid = directions.grid();
        int best = -1;
        for (int i = 0; i < grid.size(); i++) {
            if (directions.downstream(i) == outlet && (best < 0 || acc.cells(i) > acc.cells(best))) {
                best = i;
            }
        }
        return best;
    }

    /** Checks that each stream's vertices, except the closing confluence, lie in the basin of its stream_id. */
    private static void assertLinksMatchStreams(FeatureLayer streams, SubBasins basins, GridGeometry grid) {
        int[] labels = basins.labels();
        for (Feature stream : streams.features()) {
            long id = (Long) stream.attributes().get("stream_id");
            Coordinate[] vertices = stream.geometry().getCoordinates();
            for (int v = 0; v < vertices.length - 1; v++) {
                int cell = grid.index(grid.col(vertices[v].x), grid.row(vertices[v].y));
                assertThat(labels[cell]).as("stream %d vertex %d", id, v).isEqualTo((int) id);
            }
        }
    }

    /** Checks that the basin polygons are valid, have their cells' area, and do not overlap. */
    private static void assertPolygonsTileTheLabels(SubBasins basins, GridGeometry grid) {
        FeatureLayer polygons = basins.polygons();
        assertThat(polygons.name()).isEqualTo(SubBasins.LAYER);
        double total = 0;
        long labelled = 0;
        for (int label : basins.labels()) {
            if (label > 0) {
                labelled++;
            }
        }
        Geometry union = null;
        for (Feature feature : polygons.features()) {
            Geometry shape = feature.geometry();
            assertThat(shape.isValid()).isTrue();
            long cells = (Long) feature.attributes().get("cells");
            assertThat(shape.getArea()).isCloseTo(cells * grid.cellWidth() * grid.cellHeight(), within(1e-6));
            assertThat((Double) feature.attributes().get("area_m2")).isCloseTo(shape.getArea(), within(1e-6));
            total += shape.getArea();
            union = union == null ? shape : union.union(shape);
        }
        assertThat(total).isCloseTo(labelled * grid.cellWidth() * grid.cellHeight(), within(1e-6));
        assertThat(union.getArea()).isCloseTo(total, within(1e-6));
    }
}
