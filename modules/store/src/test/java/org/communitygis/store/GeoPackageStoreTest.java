package org.communitygis.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.LayerInfo.LayerType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoPackageStoreTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("示例村.gpkg");
    }

    @Test
    void crsAndMetadataPersist() {
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            assertThat(store.crs()).isEmpty();
            store.setCrs("epsg:4544");
            store.putMetadata("analysis.drainage.time", "2025-01-02T03:04:05Z");
        }
        try (GeoPackageStore store = GeoPackageStore.open(file())) {
            assertThat(store.crs()).contains("EPSG:4544");
            assertThat(store.metadata()).containsEntry("analysis.drainage.time", "2025-01-02T03:04:05Z");
            assertThat(store.metadata()).containsEntry(GeoPackageStore.CRS_KEY, "EPSG:4544");
        }
    }

    @Test
    void featuresRoundTrip() {
        FeatureLayer written = Layers.pipes();
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(written);
        }
        FeatureLayer read;
        try (GeoPackageStore store = GeoPackageStore.open(file())) {
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
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.pipes());
            FeatureLayer read = store.readFeatures("pipes");
            assertThat(read.features().get(0).get("name")).isEqualTo("污水主管 一组");
            assertThat(read.features().get(1).get("name")).isNull();
            assertThat(read.features().get(1).get("diameter_mm")).isNull();
            assertThat(read.features().get(1).get("lanes")).isNull();
            assertThat(read.features().get(1).get("planned")).isEqualTo(false);
        }
    }

    @Test
    void multiPolygonsAndPointsRoundTrip() {
        FeatureLayer buildings = Layers.buildings(250);
        FeatureLayer facilities = Layers.facilities();
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(buildings);
            store.writeFeatures(facilities);
        }
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(file())) {
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
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
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
        }
    }

    @Test
    void writeReplacesLayer() {
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.buildings(20));
            store.writeFeatures(Layers.buildings(3));
            assertThat(store.readFeatures("buildings").size()).isEqualTo(3);
            assertThat(store.layer("buildings").orElseThrow().count()).isEqualTo(3);
        }
    }

    @Test
    void rasterReplacesVector() throws SQLException {
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.buildings(5));
            store.writeRaster("buildings", Rasters.ramp(10, 10, 1, 1));
            assertThat(store.layer("buildings").orElseThrow().type()).isEqualTo(LayerType.RASTER);
            assertThatThrownBy(() -> store.readFeatures("buildings")).isInstanceOf(CgisException.class)
                    .hasMessageContaining("is not a vector layer");
            store.writeFeatures(Layers.buildings(5));
            assertThat(store.layer("buildings").orElseThrow().type()).isEqualTo(LayerType.VECTOR);
            assertThat(store.metadata()).doesNotContainKey("raster.buildings.unit");
        }
        assertThat(count("SELECT COUNT(*) FROM gpkg_tile_matrix WHERE table_name = 'buildings'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM gpkg_2d_gridded_coverage_ancillary")).isZero();
        assertThat(count("SELECT COUNT(*) FROM gpkg_2d_gridded_tile_ancillary")).isZero();
    }

    @Test
    void rtreeIndexFilled() throws SQLException {
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.buildings(300));
        }
        assertThat(count("SELECT COUNT(*) FROM rtree_buildings_geom")).isEqualTo(300);
        assertThat(count("SELECT COUNT(*) FROM gpkg_extensions WHERE table_name = 'buildings'"
                + " AND extension_name = 'gpkg_rtree_index'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
                + " AND name LIKE 'rtree_buildings_geom_%'")).isEqualTo(6);
        // Feature 101 is the square at (X0 + 30, Y0 + 30), side 10 m, plus a 5 m square 12 m east of it.
        assertThat(count("SELECT id FROM rtree_buildings_geom WHERE minx <= " + (Layers.X0 + 35)
                + " AND maxx >= " + (Layers.X0 + 35) + " AND miny <= " + (Layers.Y0 + 35)
                + " AND maxy >= " + (Layers.Y0 + 35))).isEqualTo(101);
    }

    @Test
    void fiveThousandPolygonsFast() {
        FeatureLayer buildings = Layers.buildings(5000);
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.buildings(10));
            long start = System.nanoTime();
            store.writeFeatures(buildings);
            long writeMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            FeatureLayer read = store.readFeatures("buildings");
            long readMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(read.size()).isEqualTo(5000);
            assertThat(writeMillis).as("write ms").isLessThan(1500);
            assertThat(readMillis).as("read ms").isLessThan(1500);
        }
    }

    @Test
    void srsRegisteredWithWkt() throws SQLException {
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.pipes());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT organization, organization_coordsys_id, definition"
                        + " FROM gpkg_spatial_ref_sys WHERE srs_id = 4544")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("EPSG");
            assertThat(rows.getInt(2)).isEqualTo(4544);
            assertThat(rows.getString(3)).startsWith("PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 105E\"");
            assertThat(rows.getString(3)).contains("AUTHORITY[\"EPSG\", \"4544\"]");
        }
    }

    @Test
    void crs84LayerReadsAsCrs84() {
        FeatureLayer layer = new FeatureLayer("facilities", GeometryKind.POINT, "CRS:84", List.of());
        layer.add(new Feature(1, Layers.FACTORY.createPoint(new org.locationtech.jts.geom.Coordinate(104.1, 30.6))));
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.setCrs("CRS:84");
            store.writeFeatures(layer);
            FeatureLayer read = store.readFeatures("facilities");
            assertThat(read.crs()).isEqualTo("CRS:84");
            assertThat(read.features().get(0).geometry().getCoordinate().x).isEqualTo(104.1);
        }
    }

    @Test
    void missingLayerNamesPresentOnes() {
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.pipes());
            assertThatThrownBy(() -> store.readFeatures("roads")).isInstanceOf(CgisException.class)
                    .hasMessage("The project has no layer \"roads\". Layers present: pipes.");
            assertThatThrownBy(() -> store.readRaster("pipes")).isInstanceOf(CgisException.class)
                    .hasMessageContaining("is not a raster layer");
        }
    }

    @Test
    void deleteRemovesLayer() throws SQLException {
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.pipes());
            store.delete("pipes");
            store.delete("never_there");
            assertThat(store.layers()).isEmpty();
        }
        assertThat(count("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%pipes%'")).isZero();
    }

    @Test
    void reservedFieldRejected() {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, Layers.CRS,
                List.of(new org.communitygis.core.feature.Field("FID", org.communitygis.core.feature.FieldType.INTEGER)));
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            assertThatThrownBy(() -> store.writeFeatures(layer)).isInstanceOf(CgisException.class)
                    .hasMessageContaining("\"FID\"");
            assertThat(store.layers()).isEmpty();
        }
    }

    @Test
    void readOnlyRejectsWrites() {
        GeoPackageStore.create(file()).close();
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(file())) {
            assertThatThrownBy(() -> store.writeFeatures(Layers.pipes())).isInstanceOf(CgisException.class)
                    .hasMessageContaining("read-only");
        }
    }

    @Test
    void garbageFileRejected() throws IOException {
        Path garbage = dir.resolve("notes.gpkg");
        Files.writeString(garbage, "这不是数据库 " + "x".repeat(200), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GeoPackageStore.open(garbage)).isInstanceOf(CgisException.class)
                .hasMessageContaining("notes.gpkg").hasMessageContaining("not an SQLite database");
    }

    @Test
    void emptyFileRejected() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.gpkg"));
        assertThatThrownBy(() -> GeoPackageStore.open(empty)).isInstanceOf(CgisException.class)
                .hasMessageContaining("not an SQLite database");
    }

    @Test
    void plainSqliteRejected() throws SQLException {
        Path plain = dir.resolve("plain.sqlite");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + plain);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (a INTEGER)");
        }
        assertThatThrownBy(() -> GeoPackageStore.open(plain)).isInstanceOf(CgisException.class)
                .hasMessage(plain + " is an SQLite database but not a GeoPackage: table gpkg_spatial_ref_sys is missing.");
    }

    @Test
    void missingFileRejected() {
        Path missing = dir.resolve("missing.gpkg");
        assertThatThrownBy(() -> GeoPackageStore.open(missing)).isInstanceOf(CgisException.class)
                .hasMessageContaining("missing.gpkg").hasMessageContaining("not found");
        assertThat(missing).doesNotExist();
    }

    @Test
    void createRejectsExistingFile() throws IOException {
        Path existing = Files.writeString(dir.resolve("x.gpkg"), "keep");
        assertThatThrownBy(() -> GeoPackageStore.create(existing)).isInstanceOf(CgisException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(existing)).isEqualTo("keep");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }
}
