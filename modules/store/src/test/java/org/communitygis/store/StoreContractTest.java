package org.communitygis.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.LayerInfo.LayerType;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

/**
 * What every {@link ProjectStore} backend must do, run once per backend by a subclass: round trips of
 * features (every field type, Chinese text, nulls, points, lines, multipolygons) and rasters (NaN,
 * non-square cells, bit-exact values), replacement on write, metadata, read-only access and atomic
 * updates that leave the project as it was when the work fails.
 */
public abstract class StoreContractTest {

    /** Creates a new, empty project and opens it for writing. */
    protected abstract ProjectStore create();

    /** Opens the project made by {@link #create()} again for writing. */
    protected abstract ProjectStore reopen();

    /** Opens the project made by {@link #create()} (or the first update) read-only. */
    protected abstract ProjectStore reopenReadOnly();

    /** Runs {@code work} atomically on the project, creating it when it does not exist. */
    protected abstract <T> T update(Function<ProjectStore, T> work);

    /** Runs {@code work} on the project opened read-only. */
    protected abstract <T> T read(Function<ProjectStore, T> work);

    @Test
    void crsAndMetadataPersist() {
        try (ProjectStore store = create()) {
            assertThat(store.crs()).isEmpty();
            store.setCrs("epsg:4544");
            store.putMetadata("analysis.drainage.time", "2025-01-02T03:04:05Z");
            store.putMetadata("analysis.drainage.time", "2025-01-02T03:04:06Z");
            store.putMetadata("project.name", "示例村");
        }
        try (ProjectStore store = reopen()) {
            assertThat(store.crs()).contains("EPSG:4544");
            assertThat(store.metadata()).containsEntry("analysis.drainage.time", "2025-01-02T03:04:06Z")
                    .containsEntry("project.name", "示例村")
                    .containsEntry(GeoPackageStore.CRS_KEY, "EPSG:4544");
        }
    }

    @Test
    void featuresRoundTrip() {
        FeatureLayer written = Layers.pipes();
        try (ProjectStore store = create()) {
            store.writeFeatures(written);
        }
        FeatureLayer read;
        try (ProjectStore store = reopenReadOnly()) {
            read = store.readFeatures("pipes");
        }
        assertThat(read.kind()).isEqualTo(GeometryKind.LINESTRING);
        assertThat(read.crs()).isEqualTo("EPSG:4544");
        assertThat(read.fields()).isEqualTo(written.fields());
        assertThat(read.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            Feature expected = written.features().get(i);
            Feature actual = read.features().get(i);
            assertThat(actual.id()).isEqualTo(expected.id());
            assertThat(actual.geometry().equalsExact(expected.geometry())).isTrue();
            assertThat(actual.attributes()).isEqualTo(expected.attributes());
        }
    }

    @Test
    void chineseAndNullsKept() {
        try (ProjectStore store = create()) {
            store.writeFeatures(Layers.pipes());
            FeatureLayer read = store.readFeatures("pipes");
            assertThat(read.features().get(0).get("name")).isEqualTo("污水主管 一组");
            assertThat(read.features().get(1).get("name")).isNull();
            assertThat(read.features().get(1).get("diameter_mm")).isNull();
            assertThat(read.features().get(1).get("lanes")).isNull();
            assertThat(read.features().get(1).get("planned")).isEqualTo(false);
        }
    }

    /** Field names as GeoJSON files bring them: Chinese, longer than 63 bytes, mixed case, with spaces and quotes. */
    @Test
    void unusualFieldNamesKept() {
        List<Field> fields = List.of(new Field("管径（毫米）", FieldType.REAL),
                new Field("所属村民小组及其负责人联系方式备注说明文字很长很长", FieldType.STRING),
                new Field("Name", FieldType.STRING),
                new Field("say \"hi\"; DROP TABLE x", FieldType.INTEGER), new Field("nan_value", FieldType.REAL));
        FeatureLayer layer = new FeatureLayer("survey_points", GeometryKind.POINT, Layers.CRS, fields);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("管径（毫米）", 300.0);
        values.put("所属村民小组及其负责人联系方式备注说明文字很长很长", "二组 张三");
        values.put("Name", "A");
        values.put("say \"hi\"; DROP TABLE x", 42L);
        values.put("nan_value", Double.NaN);
        layer.add(new Feature(3, Layers.FACTORY.createPoint(new Coordinate(Layers.X0, Layers.Y0)), values));
        try (ProjectStore store = create()) {
            store.writeFeatures(layer);
            FeatureLayer read = store.readFeatures("survey_points");
            assertThat(read.fields()).isEqualTo(fields);
            Feature feature = read.features().get(0);
            assertThat(feature.get("管径（毫米）")).isEqualTo(300.0);
            assertThat(feature.get("所属村民小组及其负责人联系方式备注说明文字很长很长")).isEqualTo("二组 张三");
            assertThat(feature.get("Name")).isEqualTo("A");
            assertThat(feature.get("say \"hi\"; DROP TABLE x")).isEqualTo(42L);
            assertThat(feature.get("nan_value")).as("NaN is stored as NULL").isNull();
        }
    }

    @Test
    void multiPolygonsAndPointsRoundTrip() {
        FeatureLayer buildings = Layers.buildings(250);
        FeatureLayer facilities = Layers.facilities();
        try (ProjectStore store = create()) {
            store.writeFeatures(buildings);
            store.writeFeatures(facilities);
        }
        try (ProjectStore store = reopenReadOnly()) {
            FeatureLayer readBuildings = store.readFeatures("buildings");
            FeatureLayer readFacilities = store.readFeatures("facilities");
            assertThat(readBuildings.kind()).isEqualTo(GeometryKind.MULTIPOLYGON);
            assertThat(readBuildings.size()).isEqualTo(250);
            assertThat(readBuildings.features().get(0).geometry().getNumGeometries()).isEqualTo(2);
            for (int i = 0; i < buildings.size(); i++) {
                assertThat(readBuildings.features().get(i).geometry().equalsExact(buildings.features().get(i).geometry()))
                        .as("building %d", i).isTrue();
                assertThat(readBuildings.features().get(i).attributes()).isEqualTo(buildings.features().get(i).attributes());
            }
            assertThat(readFacilities.kind()).isEqualTo(GeometryKind.POINT);
            for (int i = 0; i < facilities.size(); i++) {
                assertThat(readFacilities.features().get(i).geometry().equalsExact(facilities.features().get(i).geometry()))
                        .isTrue();
                assertThat(readFacilities.features().get(i).get("capacity_m3_per_day"))
                        .isEqualTo(facilities.features().get(i).get("capacity_m3_per_day"));
            }
        }
    }

    @Test
    void layersListed() {
        try (ProjectStore store = create()) {
            store.writeFeatures(Layers.buildings(10));
            store.writeFeatures(Layers.pipes());
            store.writeRaster("dem", Rasters.ramp(30, 20, 5.0, 4.0));
            List<LayerInfo> layers = store.layers();
            assertThat(layers).extracting(LayerInfo::name).containsExactly("buildings", "dem", "pipes");
            LayerInfo buildings = layers.get(0);
            assertThat(buildings.type()).isEqualTo(LayerType.VECTOR);
            assertThat(buildings.geometryKind()).isEqualTo(GeometryKind.MULTIPOLYGON);
            assertThat(buildings.count()).isEqualTo(10);
            assertThat(buildings.envelope()).isEqualTo(Layers.buildings(10).envelope());
            assertThat(buildings.crs()).isEqualTo("EPSG:4544");
            assertThat(buildings.title()).isEqualTo("buildings");
            LayerInfo dem = layers.get(1);
            assertThat(dem.type()).isEqualTo(LayerType.RASTER);
            assertThat(dem.count()).isEqualTo(600);
            assertThat(dem.envelope()).isEqualTo(Rasters.ramp(30, 20, 5.0, 4.0).grid().envelope());
            assertThat(dem.crs()).isEqualTo("EPSG:4544");
            assertThat(store.layers().get(2).geometryKind()).isEqualTo(GeometryKind.LINESTRING);
        }
    }

    @Test
    void writeReplacesLayer() {
        try (ProjectStore store = create()) {
            store.writeFeatures(Layers.buildings(20));
            store.writeFeatures(Layers.buildings(3));
            assertThat(store.readFeatures("buildings").size()).isEqualTo(3);
            assertThat(store.layer("buildings").orElseThrow().count()).isEqualTo(3);
            store.writeRaster("dem", Rasters.ramp(30, 20, 5.0, 4.0));
            store.writeRaster("dem", Rasters.ramp(7, 5, 1.0, 2.0));
            assertThat(store.readRaster("dem").grid()).isEqualTo(Rasters.ramp(7, 5, 1.0, 2.0).grid());
        }
    }

    @Test
    void rasterReplacesVector() {
        try (ProjectStore store = create()) {
            store.writeFeatures(Layers.buildings(5));
            store.writeRaster("buildings", Rasters.ramp(10, 10, 1, 1));
            assertThat(store.layer("buildings").orElseThrow().type()).isEqualTo(LayerType.RASTER);
            assertThatThrownBy(() -> store.readFeatures("buildings")).isInstanceOf(CgisException.class)
                    .hasMessageContaining("is not a vector layer");
            store.writeFeatures(Layers.buildings(5));
            assertThat(store.layer("buildings").orElseThrow().type()).isEqualTo(LayerType.VECTOR);
            assertThat(store.metadata()).doesNotContainKey("raster.buildings.unit");
            assertThat(store.layers()).hasSize(1);
        }
    }

    @Test
    void crs84LayerReadsAsCrs84() {
        FeatureLayer layer = new FeatureLayer("facilities", GeometryKind.POINT, "CRS:84", List.of());
        layer.add(new Feature(1, Layers.FACTORY.createPoint(new Coordinate(104.1, 30.6))));
        try (ProjectStore store = create()) {
            store.setCrs("CRS:84");
            store.writeFeatures(layer);
            FeatureLayer read = store.readFeatures("facilities");
            assertThat(read.crs()).isEqualTo("CRS:84");
            assertThat(read.features().get(0).geometry().getCoordinate().x).isEqualTo(104.1);
        }
    }

    @Test
    void missingLayerNamesPresentOnes() {
        try (ProjectStore store = create()) {
            store.writeFeatures(Layers.pipes());
            assertThatThrownBy(() -> store.readFeatures("roads")).isInstanceOf(CgisException.class)
                    .hasMessage("The project has no layer \"roads\". Layers present: pipes.");
            assertThatThrownBy(() -> store.readRaster("pipes")).isInstanceOf(CgisException.class)
                    .hasMessageContaining("is not a raster layer");
        }
    }

    @Test
    void deleteRemovesLayer() {
        try (ProjectStore store = create()) {
            store.writeFeatures(Layers.pipes());
            store.writeRaster("dem", Rasters.ramp(3, 3, 1, 1));
            store.delete("pipes");
            store.delete("dem");
            store.delete("never_there");
            assertThat(store.layers()).isEmpty();
        }
        try (ProjectStore store = reopenReadOnly()) {
            assertThat(store.layers()).isEmpty();
        }
    }

    @Test
    void reservedFieldRejected() {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, Layers.CRS,
                List.of(new Field("FID", FieldType.INTEGER)));
        try (ProjectStore store = create()) {
            assertThatThrownBy(() -> store.writeFeatures(layer)).isInstanceOf(CgisException.class)
                    .hasMessageContaining("\"FID\"");
            assertThat(store.layers()).isEmpty();
        }
    }

    @Test
    void readOnlyRejectsWrites() {
        create().close();
        try (ProjectStore store = reopenReadOnly()) {
            assertThatThrownBy(() -> store.writeFeatures(Layers.pipes())).isInstanceOf(CgisException.class)
                    .hasMessageContaining("read-only");
            assertThatThrownBy(() -> store.putMetadata("k", "v")).isInstanceOf(CgisException.class)
                    .hasMessageContaining("read-only");
        }
    }

    private Raster rasterRoundTrip(String name, Raster raster) {
        try (ProjectStore store = create()) {
            store.writeRaster(name, raster);
        }
        try (ProjectStore store = reopenReadOnly()) {
            return store.readRaster(name);
        }
    }

    @Test
    void rasterValuesAndNaNExact() {
        Raster written = Rasters.ramp(300, 240, 5.0, 5.0);
        Raster read = rasterRoundTrip("dem", written);
        assertThat(read.grid()).isEqualTo(written.grid());
        assertThat(Arrays.equals(read.data(), written.data())).isTrue();
        assertThat(read.noDataCount()).isEqualTo(written.noDataCount());
        assertThat(read.noDataValue()).isEqualTo(-9999f);
        assertThat(read.unit()).isEqualTo("m");
    }

    @Test
    void rasterNonSquareCellsExact() {
        GridGeometry grid = new GridGeometry(257, 3, 0.1 + 0.2, -12.345678901234, 0.3, 1.0 / 3, Layers.CRS);
        Raster written = new Raster(grid, new float[grid.size()], -1f, "%");
        for (int i = 0; i < grid.size(); i++) {
            written.data()[i] = i == 5 ? Float.NaN : Float.intBitsToFloat(0x3f800000 + i * 977);
        }
        Raster read = rasterRoundTrip("slope_pct", written);
        assertThat(read.grid()).isEqualTo(grid);
        assertThat(Arrays.equals(read.data(), written.data())).isTrue();
        assertThat(read.unit()).isEqualTo("%");
    }

    @Test
    void rasterNaNNoDataValueKept() {
        Raster written = Rasters.ramp(40, 30, 2.0, 2.0);
        Raster read = rasterRoundTrip("slope", new Raster(written.grid(), written.data(), Float.NaN, "degree"));
        assertThat(Float.isNaN(read.noDataValue())).isTrue();
        assertThat(Arrays.equals(read.data(), written.data())).isTrue();
        assertThat(read.unit()).isEqualTo("degree");
    }

    @Test
    void rasterAllNoDataTilesOmitted() {
        GridGeometry grid = new GridGeometry(600, 300, 0, 300, 1, 1, Layers.CRS);
        Raster written = Raster.empty(grid, -9999f, "cells");
        written.set(599, 299, 42f);
        Raster read = rasterRoundTrip("flow_acc", written);
        assertThat(read.noDataCount()).isEqualTo(grid.size() - 1L);
        assertThat(read.get(599, 299)).isEqualTo(42f);
        assertThat(read.unit()).isEqualTo("cells");
    }

    @Test
    void rasterSingleCellKeepsNegativeZero() {
        GridGeometry grid = new GridGeometry(1, 1, 7, 8, 0.5, 0.25, "EPSG:32648");
        Raster read = rasterRoundTrip("tiny", new Raster(grid, new float[] {-0.0f}, -9999f, ""));
        assertThat(read.grid()).isEqualTo(grid);
        assertThat(Float.floatToRawIntBits(read.get(0, 0))).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(read.unit()).isEmpty();
        assertThat(read.grid().crs()).isEqualTo("EPSG:32648");
    }

    /** The volcano DEM (87×61 cells of 10 m) read from its ESRI ASCII grid survives a round trip. */
    @Test
    void volcanoRoundTrip() throws IOException {
        Raster volcano = readAsciiGrid(SharedData.file("real/dem/volcano_10m.asc"), "EPSG:32760");
        Raster read = rasterRoundTrip("dem", volcano);
        assertThat(read.grid()).isEqualTo(volcano.grid());
        assertThat(Arrays.equals(read.data(), volcano.data())).isTrue();
        assertThat(read.minMax()).containsExactly(94.0, 195.0);
    }

    @Test
    void updateCreatesProjectAndKeepsEarlierLayers() {
        String result = update(store -> {
            store.setCrs(Layers.CRS);
            store.writeFeatures(Layers.pipes());
            return "done";
        });
        assertThat(result).isEqualTo("done");
        update(store -> {
            store.writeRaster("dem", Rasters.ramp(20, 10, 5, 5));
            return null;
        });
        List<String> names = read(store -> store.layers().stream().map(LayerInfo::name).toList());
        assertThat(names).containsExactly("dem", "pipes");
        String crs = read(store -> store.crs().orElseThrow());
        assertThat(crs).isEqualTo(Layers.CRS);
    }

    @Test
    void failedUpdateLeavesProjectAsItWas() {
        update(store -> {
            store.setCrs(Layers.CRS);
            store.writeFeatures(Layers.buildings(50));
            store.writeRaster("dem", Rasters.ramp(20, 10, 5, 5));
            store.putMetadata("analysis.drainage.time", "before");
            return null;
        });
        String before = read(StoreContractTest::describe);
        assertThatThrownBy(() -> update(store -> {
            store.writeFeatures(Layers.buildings(3));
            store.writeRaster("dem", Rasters.ramp(7, 7, 1, 1));
            store.writeFeatures(Layers.pipes());
            store.putMetadata("analysis.drainage.time", "after");
            store.setCrs("EPSG:4326");
            store.delete("buildings");
            throw new IllegalStateException("analysis failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("analysis failed");
        String after = read(StoreContractTest::describe);
        assertThat(after).isEqualTo(before);
        int buildings = read(store -> store.readFeatures("buildings").size());
        assertThat(buildings).isEqualTo(50);
    }

    /** A write that fails inside an update leaves the earlier layer of that name; the update goes on. */
    @Test
    void failedWriteInsideUpdateKeepsPreviousLayer() {
        FeatureLayer bad = new FeatureLayer("buildings", GeometryKind.MULTIPOLYGON, Layers.CRS,
                List.of(new Field("geom", FieldType.STRING)));
        update(store -> {
            store.setCrs(Layers.CRS);
            store.writeFeatures(Layers.buildings(4));
            assertThatThrownBy(() -> store.writeFeatures(bad)).isInstanceOf(CgisException.class);
            store.writeFeatures(Layers.pipes());
            return null;
        });
        int buildings = read(store -> store.readFeatures("buildings").size());
        assertThat(buildings).isEqualTo(4);
        int pipes = read(store -> store.readFeatures("pipes").size());
        assertThat(pipes).isEqualTo(2);
    }

    @Test
    void failedFirstUpdateLeavesNoProject() {
        assertThatThrownBy(() -> update(store -> {
            store.setCrs(Layers.CRS);
            store.writeFeatures(Layers.pipes());
            throw new IllegalStateException("import failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> read(store -> store.layers().size())).isInstanceOf(CgisException.class)
                .hasMessageContaining("import");
    }

    /** Returns a text of every layer (features, raster bits), the CRS and the metadata. */
    private static String describe(ProjectStore store) {
        StringBuilder text = new StringBuilder(String.valueOf(store.crs())).append('\n').append(store.metadata()).append('\n');
        for (LayerInfo info : store.layers()) {
            text.append(info).append('\n');
            if (info.type() == LayerType.VECTOR) {
                for (Feature feature : store.readFeatures(info.name()).features()) {
                    text.append(feature.id()).append(' ').append(feature.geometry().toText()).append(' ')
                            .append(feature.attributes()).append('\n');
                }
            } else {
                Raster raster = store.readRaster(info.name());
                text.append(raster.grid()).append(Arrays.hashCode(raster.data())).append(raster.unit()).append('\n');
            }
        }
        return text.toString();
    }

    static Raster readAsciiGrid(Path file, String crs) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int cols = Integer.parseInt(lines.get(0).split("\\s+")[1]);
        int rows = Integer.parseInt(lines.get(1).split("\\s+")[1]);
        double xll = Double.parseDouble(lines.get(2).split("\\s+")[1]);
        double yll = Double.parseDouble(lines.get(3).split("\\s+")[1]);
        double cell = Double.parseDouble(lines.get(4).split("\\s+")[1]);
        float noData = Float.parseFloat(lines.get(5).split("\\s+")[1]);
        GridGeometry grid = new GridGeometry(cols, rows, xll, yll + rows * cell, cell, cell, crs);
        float[] data = new float[grid.size()];
        int i = 0;
        for (String line : lines.subList(6, lines.size())) {
            for (String token : line.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    float value = Float.parseFloat(token);
                    data[i++] = value == noData ? Float.NaN : value;
                }
            }
        }
        assertThat(i).isEqualTo(grid.size());
        return new Raster(grid, data, noData, "m");
    }
}
