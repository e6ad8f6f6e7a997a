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
import java.util.function.Function;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.LayerInfo.LayerType;
import org.communitygis.core.store.ProjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on GeoPackage files, and what is particular to GeoPackage (RTree, SRS rows, bad files). */
class GeoPackageStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("示例村.gpkg");
    }

    @Override
    protected ProjectStore create() {
        return GeoPackageStore.create(file());
    }

    @Override
    protected ProjectStore reopen() {
        return GeoPackageStore.open(file());
    }

    @Override
    protected ProjectStore reopenReadOnly() {
        return GeoPackageStore.openReadOnly(file());
    }

    @Override
    protected <T> T update(Function<ProjectStore, T> work) {
        return Projects.update(file(), work);
    }

    @Override
    protected <T> T read(Function<ProjectStore, T> work) {
        return Projects.read(file(), work);
    }

    @Test
    void rasterReplacesVectorDropsCoverageRows() throws SQLException {
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
    void singlePartsStoredAsMulti() throws Exception {
        org.locationtech.jts.io.WKTReader wkt = new org.locationtech.jts.io.WKTReader();
        FeatureLayer areas = new FeatureLayer("areas", GeometryKind.MULTIPOLYGON, "EPSG:4544", List.of());
        areas.add(new Feature(1, wkt.read("POLYGON ((0 0, 10 0, 10 10, 0 0))")));
        areas.add(new Feature(2, wkt.read("MULTIPOLYGON (((20 0, 30 0, 30 10, 20 0)))")));
        FeatureLayer ditches = new FeatureLayer("ditches", GeometryKind.MULTILINESTRING, "EPSG:4544", List.of());
        ditches.add(new Feature(1, wkt.read("LINESTRING (0 0, 5 5)")));
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(areas);
            store.writeFeatures(ditches);

            assertThat(store.readFeatures("areas").features()).extracting(f -> f.geometry().getGeometryType())
                    .containsExactly("MultiPolygon", "MultiPolygon");
            assertThat(store.readFeatures("areas").features().get(0).geometry().getArea()).isEqualTo(50.0);
            assertThat(store.readFeatures("ditches").features().get(0).geometry().getGeometryType())
                    .isEqualTo("MultiLineString");
        }
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
    void deleteDropsTables() throws SQLException {
        try (GeoPackageStore store = GeoPackageStore.create(file())) {
            store.writeFeatures(Layers.pipes());
            store.delete("pipes");
            store.delete("never_there");
            assertThat(store.layers()).isEmpty();
        }
        assertThat(count("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%pipes%'")).isZero();
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
