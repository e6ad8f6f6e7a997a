package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

class StreamExtractorTest {
    private static final float NAN = Float.NaN;

    /**
     * Three parallel streams (columns 0–2, rows 0–2, code 4 = S) meet at cell (1, 3) through SE (2), S (4)
     * and SW (8), and the trunk runs south out of the grid through (1, 4). The cells beside the trunk are
     * NoData.
     */
    private static D8FlowDirection yShape() {
        float[] codes = {
            4, 4, 4,
            4, 4, 4,
            2, 4, 8,
            NAN, 4, NAN,
            NAN, 4, NAN};
        return D8FlowDirection.fromRaster(new Raster(new GridGeometry(3, 5, 0, 50, 10, 10, "EPSG:32648"), codes, 255f, ""));
    }

    @Test
    void schemaMatchesArchitecture() {
        FeatureLayer layer = StreamExtractor.emptyLayer("EPSG:32648");
        assertThat(layer.name()).isEqualTo("streams");
        assertThat(layer.fields().stream().map(Field::name))
                .containsExactly("stream_id", "strahler", "acc_cells", "area_m2", "length_m");
    }

    @Test
    void yShapeOrders() {
        D8FlowDirection directions = yShape();
        FlowAccumulation acc = FlowAccumulation.compute(directions);
        FeatureLayer streams = StreamExtractor.extract(directions, acc, StreamThreshold.cells(1), Progress.NONE);
        Map<Long, Long> orderById = new HashMap<>();
        for (Feature f : streams.features()) {
            orderById.put((Long) f.get("stream_id"), (Long) f.get("strahler"));
        }
        // Three sources on row 0 meet at (1, 3): a confluence of three order-1 streams gives order 2.
        assertThat(streams.size()).isEqualTo(4);
        assertThat(orderById.values()).containsExactlyInAnyOrder(1L, 1L, 1L, 2L);
    }

    @Test
    void segmentsJoinAtConfluence() {
        D8FlowDirection directions = yShape();
        FlowAccumulation acc = FlowAccumulation.compute(directions);
        FeatureLayer streams = StreamExtractor.extract(directions, acc, StreamThreshold.cells(1), Progress.NONE);
        Coordinate confluence = new Coordinate(15, 15);
        long endingThere = streams.features().stream()
                .filter(f -> f.geometry().getCoordinates()[f.geometry().getNumPoints() - 1].equals2D(confluence)).count();
        long startingThere = streams.features().stream()
                .filter(f -> f.geometry().getCoordinates()[0].equals2D(confluence)).count();
        assertThat(endingThere).isEqualTo(3);
        assertThat(startingThere).isEqualTo(1);
    }

    @Test
    void trunkAttributes() {
        D8FlowDirection directions = yShape();
        FlowAccumulation acc = FlowAccumulation.compute(directions);
        FeatureLayer streams = StreamExtractor.extract(directions, acc, StreamThreshold.cells(1), Progress.NONE);
        Feature trunk = streams.features().stream().filter(f -> (Long) f.get("strahler") == 2L).findFirst().orElseThrow();
        // Trunk: (1, 3) → (1, 4), then out of the grid; its last cell gathers all 11 valid cells.
        assertThat(trunk.get("acc_cells")).isEqualTo(11L);
        assertThat((Double) trunk.get("area_m2")).isCloseTo(1100.0, within(1e-9));
        assertThat((Double) trunk.get("length_m")).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void volcanoNetworkConsistent() {
        Raster filled = new PriorityFloodFill().fill(TestGrids.volcano());
        D8FlowDirection directions = D8FlowDirection.compute(filled);
        FlowAccumulation acc = FlowAccumulation.compute(directions);
        FeatureLayer streams = StreamExtractor.extract(directions, acc, StreamThreshold.areaM2(10_000), Progress.NONE);
        assertThat(streams.size()).isGreaterThan(0);
        int shortOrInvalid = 0;
        for (Feature f : streams.features()) {
            double accCells = ((Long) f.get("acc_cells")).doubleValue();
            double lengthM = (Double) f.get("length_m");
            double planar = f.geometry().getLength();
            if (accCells < 100 || Math.abs(lengthM - planar) > 1e-6 || (Long) f.get("strahler") < 1) {
                shortOrInvalid++;
            }
        }
        assertThat(shortOrInvalid).isZero();
    }
}
