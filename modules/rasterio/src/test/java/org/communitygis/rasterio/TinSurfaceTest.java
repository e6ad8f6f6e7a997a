package org.communitygis.rasterio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

class TinSurfaceTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    @Test
    void planeReproducedExactly() {
        Random random = new Random(7);
        List<Coordinate> points = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double x = random.nextDouble() * 200;
            double y = random.nextDouble() * 100;
            points.add(new Coordinate(x, y, plane(x, y)));
        }
        for (double[] corner : new double[][] {{0, 0}, {200, 0}, {200, 100}, {0, 100}}) {
            points.add(new Coordinate(corner[0], corner[1], plane(corner[0], corner[1])));
        }
        TinSurface tin = TinSurface.build(points, List.of(), Double.POSITIVE_INFINITY);

        for (int i = 0; i < 1000; i++) {
            double x = random.nextDouble() * 200;
            double y = random.nextDouble() * 100;
            assertThat(tin.valueAt(x, y)).isCloseTo(plane(x, y), within(1e-9));
        }
        Raster grid = tin.toGrid(5, "EPSG:4544");
        assertThat(grid.grid().cols()).isEqualTo(40);
        assertThat(grid.grid().rows()).isEqualTo(20);
        assertThat(grid.noDataCount()).isZero();
        for (int row = 0; row < grid.grid().rows(); row++) {
            for (int col = 0; col < grid.grid().cols(); col++) {
                double expected = plane(grid.grid().centerX(col), grid.grid().centerY(row));
                // float32 cells: relative rounding 2^-24.
                assertThat((double) grid.get(col, row)).isCloseTo(expected, within(Math.abs(expected) * 1e-7));
            }
        }
    }

    @Test
    void paraboloidWithinCurvatureBound() {
        // z = (x² + y²) / 200 on a regular 5 m lattice: the error of linear interpolation in a triangle with
        // edges up to h = 5·√2 m is at most h²/8 · max|second derivative| = 50/8 · 0.01 = 0.0625 m.
        List<Coordinate> points = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            for (int j = 0; j <= 40; j++) {
                double x = -100 + i * 5;
                double y = -100 + j * 5;
                points.add(new Coordinate(x, y, paraboloid(x, y)));
            }
        }
        TinSurface tin = TinSurface.build(points, List.of(), Double.POSITIVE_INFINITY);
        Raster grid = tin.toGrid(1, "EPSG:4544");
        double maxError = 0;
        for (int row = 0; row < grid.grid().rows(); row++) {
            for (int col = 0; col < grid.grid().cols(); col++) {
                float value = grid.get(col, row);
                if (!Float.isNaN(value)) {
                    maxError = Math.max(maxError, Math.abs(value - paraboloid(grid.grid().centerX(col),
                            grid.grid().centerY(row))));
                }
            }
        }
        assertThat(maxError).isLessThanOrEqualTo(0.0625 + 1e-4).isGreaterThan(0.001);
    }

    @Test
    void contourConstraintsKeepTrianglesOffCrossings() {
        // A ridge: contours at z = 10 along y = 0 and y = 20 and a 20 m ridge line along y = 10 without spot
        // heights beside it. Without the breakline, triangles would join the two 10 m contours straight across.
        List<LineString> lines = List.of(line(0, 0, 100, 0, 10), line(0, 10, 100, 10, 20), line(0, 20, 100, 20, 10));
        TinSurface tin = TinSurface.build(List.of(), lines, Double.POSITIVE_INFINITY);
        for (double x = 5; x < 100; x += 10) {
            assertThat(tin.valueAt(x, 10)).isCloseTo(20, within(1e-9));
            assertThat(tin.valueAt(x, 5)).isCloseTo(15, within(1e-9));
        }
    }

    @Test
    void steinerPointsOnBreaklinesGetInterpolatedZ() {
        // A long sloping breakline with a dense cloud beside it forces JTS to split the constraint. The cloud
        // lies 3 m higher, so a split point that took the z of a cloud point would show.
        List<Coordinate> points = new ArrayList<>();
        for (int i = 0; i <= 50; i++) {
            points.add(new Coordinate(i * 2 + 0.3, 1, i * 2 / 10.0 + 3));
            points.add(new Coordinate(i * 2 + 0.3, -1, i * 2 / 10.0 + 3));
        }
        TinSurface tin = TinSurface.build(points, List.of(FACTORY.createLineString(new Coordinate[] {
            new Coordinate(0, 0, 0), new Coordinate(100, 0, 10)})), Double.POSITIVE_INFINITY);
        for (double x = 0.5; x < 100; x += 3.7) {
            assertThat(tin.valueAt(x, 0)).isCloseTo(x / 10, within(1e-9));
        }
    }

    @Test
    void maxEdgeLeavesGapsNoData() {
        List<Coordinate> points = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            points.add(new Coordinate(i, 0, 1));
            points.add(new Coordinate(i, 1, 1));
            points.add(new Coordinate(i, 50, 1));
            points.add(new Coordinate(i, 51, 1));
        }
        TinSurface all = TinSurface.build(points, List.of(), Double.POSITIVE_INFINITY);
        TinSurface clipped = TinSurface.build(points, List.of(), 5);
        assertThat(all.valueAt(5, 25)).isCloseTo(1, within(1e-12));
        assertThat(clipped.valueAt(5, 25)).isNaN();
        assertThat(clipped.valueAt(5, 0.5)).isCloseTo(1, within(1e-12));
        assertThat(all.valueAt(-1, 0)).isNaN();
    }

    @Test
    void tooFewPointsRejected() {
        assertThatThrownBy(() -> TinSurface.build(List.of(new Coordinate(0, 0, 1), new Coordinate(1, 0, Double.NaN)),
                List.of(), Double.POSITIVE_INFINITY)).isInstanceOf(CgisException.class).hasMessageContaining("three");
    }

    @Test
    void comparisonStatistics() {
        GridGeometry grid = new GridGeometry(10, 10, 0, 10, 1, 1, "EPSG:4544");
        float[] a = new float[100];
        float[] b = new float[100];
        for (int i = 0; i < 100; i++) {
            a[i] = 10 + (i % 2 == 0 ? 1 : -1);
            b[i] = 10;
        }
        a[0] = Float.NaN;
        DemComparison result = DemComparison.compare(new Raster(grid, a, -9999f, "m"), new Raster(grid, b, -9999f, "m"));
        assertThat(result.cells()).isEqualTo(99);
        assertThat(result.meanM()).isCloseTo(-1.0 / 99, within(1e-12));
        assertThat(result.rmseM()).isCloseTo(1, within(1e-12));
        assertThat(result.maxAbsM()).isCloseTo(1, within(1e-12));
        assertThat(result.difference().get(0, 0)).isNaN();
        assertThat(result.difference().get(1, 0)).isEqualTo(-1f);
    }

    private static double plane(double x, double y) {
        return 123.456 + 0.0375 * x - 0.0125 * y;
    }

    private static double paraboloid(double x, double y) {
        return (x * x + y * y) / 200;
    }

    private static LineString line(double x0, double y0, double x1, double y1, double z) {
        return FACTORY.createLineString(new Coordinate[] {new Coordinate(x0, y0, z), new Coordinate(x1, y1, z)});
    }
}
