package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SortedMap;
import org.communitygis.core.raster.GridGeometry;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class RasterPolygonsTest {
    private static final GridGeometry GRID5 = new GridGeometry(5, 5, 1000, 2000, 10, 10, "EPSG:32648");

    @Test
    void ringWithHoleKeepsHole() {
        int[] labels = {
            0, 0, 0, 0, 0,
            0, 1, 1, 1, 0,
            0, 1, 2, 1, 0,
            0, 1, 1, 1, 0,
            0, 0, 0, 0, 0,
        };
        SortedMap<Integer, Geometry> shapes = RasterPolygons.trace(GRID5, labels);
        Polygon ring = (Polygon) shapes.get(1);
        assertThat(ring.isValid()).isTrue();
        assertThat(ring.getNumInteriorRing()).isEqualTo(1);
        assertThat(ring.getArea()).isCloseTo(800, within(1e-9));
        // Collinear vertices dropped: 4 corners + closing vertex.
        assertThat(ring.getExteriorRing().getNumPoints()).isEqualTo(5);
        assertThat(ring.getEnvelopeInternal().getMinX()).isEqualTo(1010);
        assertThat(ring.getEnvelopeInternal().getMaxY()).isEqualTo(1990);
        Polygon inner = (Polygon) shapes.get(2);
        assertThat(inner.getArea()).isCloseTo(100, within(1e-9));
        assertThat(inner.intersection(ring).getArea()).isCloseTo(0, within(1e-9));
    }

    @Test
    void cellsTouchingAtCornersGiveValidGeometry() {
        int[] labels = {
            1, 0, 1, 0, 0,
            0, 1, 0, 0, 0,
            1, 1, 1, 0, 0,
            1, 0, 1, 0, 0,
            1, 1, 1, 0, 1,
        };
        Geometry shape = RasterPolygons.trace(GRID5, labels).get(1);
        assertThat(shape.isValid()).isTrue();
        long cells = java.util.Arrays.stream(labels).filter(v -> v == 1).count();
        assertThat(shape.getArea()).isCloseTo(cells * 100, within(1e-9));
        // The hole at (1, 3) is closed; the corner cells (0, 0), (2, 0) and (4, 4) are separate parts.
        assertThat(shape.getNumGeometries()).isEqualTo(4);
    }

    @Test
    void everyCellIsCoveredOnce() {
        java.util.Random random = new java.util.Random(7);
        GridGeometry grid = new GridGeometry(40, 30, 0, 300, 10, 10, "EPSG:32648");
        int[] labels = new int[grid.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(4);
        }
        SortedMap<Integer, Geometry> shapes = RasterPolygons.trace(grid, labels);
        for (int label = 1; label <= 3; label++) {
            Geometry shape = shapes.get(label);
            assertThat(shape.isValid()).as("label %d", label).isTrue();
            final int l = label;
            long cells = java.util.Arrays.stream(labels).filter(v -> v == l).count();
            assertThat(shape.getArea()).isCloseTo(cells * 100.0, within(1e-6));
            for (int i = 0; i < labels.length; i += 37) {
                var centre = new org.locationtech.jts.geom.GeometryFactory().createPoint(
                        new org.locationtech.jts.geom.Coordinate(grid.centerX(i % 40), grid.centerY(i / 40)));
                assertThat(shape.contains(centre)).isEqualTo(labels[i] == label);
            }
        }
    }
}
