package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

class RoadGradientsTest {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    /** 100 × 100 cells of 10 m (origin 0, 1000), z = 100 + slopeX · x + slopeY · (1000 − y) at cell centres. */
    private static Raster plane(double slopeX, double slopeY) {
        double[][] rows = new double[100][100];
        for (int row = 0; row < 100; row++) {
            for (int col = 0; col < 100; col++) {
                rows[row][col] = 100 + slopeX * (col * 10 + 5) + slopeY * (row * 10 + 5);
            }
        }
        return TestGrids.raster(10, 10, rows);
    }

    private static LineString line(double... xy) {
        Coordinate[] coordinates = new Coordinate[xy.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        return GEOMETRY.createLineString(coordinates);
    }

    private static FeatureLayer roads(LineString... lines) {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, "EPSG:32648",
                List.of(new Field("name", FieldType.STRING), new Field("highway", FieldType.STRING)));
        long id = 1;
        for (LineString line : lines) {
            layer.add(new Feature(id, line, Map.of("name", "村道" + id, "highway", "track")));
            id++;
        }
        return layer;
    }

    @Test
    void profileSamplesStepsAndVertices() {
        LineProfile profile = LineProfile.sample(line(105, 505, 130, 505, 130, 520), plane(0.05, 0), 10);
        assertThat(profile.chainageM()).containsExactly(0, 10, 20, 25, 30, 40);
        assertThat(profile.elevationM(1)).isCloseTo(100 + 0.05 * 115, within(1e-4));
    }

    @Test
    void profileRejectsBadStep() {
        assertThatThrownBy(() -> LineProfile.sample(line(105, 505, 130, 505), plane(0, 0), 0))
                .isInstanceOf(CgisException.class);
    }

    @Test
    void gradientSignedAlongDigitizing() {
        // East rises 50 ‰; the road runs west, so it falls.
        FeatureLayer out = RoadGradients.compute(roads(line(800, 500, 200, 500)), plane(0.05, 0), new Diagnostics());
        Feature road = out.features().get(0);
        assertThat((Double) road.get("gradient_permille")).isCloseTo(-50.0, within(1e-3));
        assertThat((Double) road.get("max_gradient_permille")).isCloseTo(50.0, within(1e-3));
        assertThat((Double) road.get("length_m")).isCloseTo(600.0, within(1e-9));
        assertThat(road.get("flag")).isEqualTo("ok");
        assertThat(road.get("name")).isEqualTo("村道1");
        assertThat(road.get("road_id")).isEqualTo(1L);
    }

    @Test
    void steepAndFlatFlags() {
        FeatureLayer out = RoadGradients.compute(roads(line(200, 500, 800, 500)), plane(0.1, 0), new Diagnostics());
        assertThat(out.features().get(0).get("flag")).isEqualTo("steep");
        FeatureLayer flat = RoadGradients.compute(roads(line(200, 500, 800, 500)), plane(0.001, 0), new Diagnostics());
        assertThat(flat.features().get(0).get("flag")).isEqualTo("flat");
    }

    @Test
    void roadOutsideDemWarned() {
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer out = RoadGradients.compute(roads(line(200, 500, 800, 500), line(900, 500, 1500, 500)),
                plane(0.05, 0), diagnostics);
        assertThat(out.size()).isEqualTo(1);
        assertThat(diagnostics.count("roads.outsideDem")).isEqualTo(1);
    }

    @Test
    void schemaMatchesArchitecture() {
        FeatureLayer out = RoadGradients.emptyLayer("EPSG:32648");
        assertThat(out.name()).isEqualTo("road_gradients");
        assertThat(out.fields().stream().map(Field::name)).containsExactly("road_id", "name", "highway", "length_m",
                "z_start_m", "z_end_m", "gradient_permille", "max_gradient_permille", "flag");
    }

    @Test
    void crsMismatchRejected() {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, "EPSG:4326", List.of());
        assertThatThrownBy(() -> RoadGradients.compute(layer, plane(0, 0), new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("EPSG:4326");
    }
}
