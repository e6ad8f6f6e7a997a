package org.communitygis.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class GeoPackageReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsOwnStore() {
        Path file = dir.resolve("project.gpkg");
        Raster dem = Rasters.ramp(300, 240, 5, 5);
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
            store.writeFeatures(Layers.buildings(20));
            store.writeFeatures(Layers.pipes());
            store.writeRaster("dem", dem);
        }
        Diagnostics diagnostics = new Diagnostics();
        List<FeatureLayer> layers = GeoPackageReader.readFeatureLayers(file, diagnostics);
        assertThat(layers).extracting(FeatureLayer::name).containsExactly("buildings", "pipes");
        assertThat(layers.get(0).crs()).isEqualTo("EPSG:4544");
        assertThat(layers.get(0).size()).isEqualTo(20);
        assertThat(layers.get(1).fields()).isEqualTo(Layers.pipes().fields());
        assertThat(layers.get(1).features().get(0).get("name")).isEqualTo("污水主管 一组");
        assertThat(diagnostics.warnings()).isEmpty();

        List<NamedRaster> rasters = GeoPackageReader.readRasters(file);
        assertThat(rasters).extracting(NamedRaster::name).containsExactly("dem");
        assertThat(rasters.get(0).raster().grid()).isEqualTo(dem.grid());
        assertThat(Arrays.equals(rasters.get(0).raster().data(), dem.data())).isTrue();
    }

    /** Writes a GeoPackage as other tools do: other key and geometry column names, a mixed table. */
    private Path foreignFile() throws SQLException {
        Path file = dir.resolve("Foreign Data.gpkg");
        GeoPackageStore.create(file).close();
        GpkgGeometry codec = new GpkgGeometry();
        Polygon square = Layers.square(104.0, 30.0, 0.001);
        Geometry multi = Layers.FACTORY.createMultiPolygon(new Polygon[] {square, Layers.square(104.01, 30.0, 0.001)});
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE \"Land Parcels\" (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " geometry POLYGON, \"FID\" INTEGER, owner TEXT(50), area DOUBLE, photo BLOB, surveyed BOOLEAN,"
                    + " plot_no MEDIUMINT)");
            statement.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)"
                    + " VALUES ('Land Parcels', 'features', 'Land Parcels', 4326)");
            statement.execute("INSERT INTO gpkg_geometry_columns VALUES ('Land Parcels', 'geometry', 'POLYGON', 4326, 0, 0)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"Land Parcels\""
                    + " (id, geometry, \"FID\", owner, area, photo, surveyed, plot_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                Object[][] rows = {
                    {3, codec.encode(square, 4326), 77, "张三", 12.5, new byte[] {1}, 1, 5},
                    {4, null, 78, "李四", 1.0, null, 0, 6},
                    {5, codec.encode(Layers.FACTORY.createPolygon(), 4326), 79, null, null, null, null, null},
                    {6, codec.encode(multi, 4326), 80, "王五", null, null, 0, "abc"},
                };
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.executeUpdate();
                }
            }
        }
        return file;
    }

    @Test
    void readsForeignTable() throws SQLException {
        Path file = foreignFile();
        Diagnostics diagnostics = new Diagnostics();
        List<FeatureLayer> layers = GeoPackageReader.readFeatureLayers(file, diagnostics);
        assertThat(layers).hasSize(1);
        FeatureLayer parcels = layers.get(0);
        assertThat(parcels.name()).isEqualTo("land_parcels");
        assertThat(parcels.crs()).isEqualTo("EPSG:4326");
        assertThat(parcels.kind()).isEqualTo(GeometryKind.MULTIPOLYGON);
        assertThat(parcels.fields()).containsExactly(new Field("FID_1", FieldType.INTEGER),
                new Field("owner", FieldType.STRING), new Field("area", FieldType.REAL),
                new Field("surveyed", FieldType.BOOLEAN), new Field("plot_no", FieldType.INTEGER));
        assertThat(parcels.features()).extracting(feature -> feature.id()).containsExactly(3L, 6L);
        assertThat(parcels.features().get(0).get("owner")).isEqualTo("张三");
        assertThat(parcels.features().get(0).get("surveyed")).isEqualTo(true);
        assertThat(parcels.features().get(0).get("FID_1")).isEqualTo(77L);
        assertThat(parcels.features().get(1).get("plot_no")).isNull();
        assertThat(parcels.features().get(1).geometry().getNumGeometries()).isEqualTo(2);
    }

    @Test
    void foreignWarningsNameTableAndFid() throws SQLException {
        Path file = foreignFile();
        Diagnostics diagnostics = new Diagnostics();
        GeoPackageReader.readFeatureLayers(file, diagnostics);
        assertThat(diagnostics.count("reader.emptyGeometry")).isEqualTo(2);
        assertThat(diagnostics.count("reader.skippedColumn")).isEqualTo(1);
        assertThat(diagnostics.count("reader.renamedColumn")).isEqualTo(1);
        assertThat(diagnostics.count("reader.badValue")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(2).english())
                .isEqualTo("Table \"Land Parcels\", feature 4 in " + file + " has no geometry and was skipped.");
    }

    @Test
    void foreignLayerStoresInProject() throws SQLException {
        Path file = foreignFile();
        FeatureLayer parcels = GeoPackageReader.readFeatureLayers(file, new Diagnostics()).get(0);
        try (GeoPackageStore store = GeoPackageStore.create(dir.resolve("project.gpkg"))) {
            store.writeFeatures(parcels);
            FeatureLayer read = store.readFeatures("land_parcels");
            assertThat(read.fields()).isEqualTo(parcels.fields());
            assertThat(read.features().get(1).geometry().equalsExact(parcels.features().get(1).geometry())).isTrue();
        }
    }

    @Test
    void undefinedSrsRejected() throws SQLException {
        Path file = foreignFile();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE gpkg_contents SET srs_id = -1");
        }
        assertThatThrownBy(() -> GeoPackageReader.readFeatureLayers(file, new Diagnostics()))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("\"Land Parcels\"").hasMessageContaining("Foreign Data.gpkg")
                .hasMessageContaining("has no EPSG code");
    }

    @Test
    void wktOnlySrsLookedUp() throws SQLException {
        Path file = foreignFile();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id,"
                    + " definition) VALUES ('custom', 100000, 'NONE', 100000, '"
                    + SpatialRefs.wkt1(org.apache.sis.referencing.CommonCRS.WGS84.universal(30, 105)).replace("'", "''")
                    + "')");
            statement.execute("UPDATE gpkg_contents SET srs_id = 100000");
        }
        assertThat(GeoPackageReader.readFeatureLayers(file, new Diagnostics()).get(0).crs()).isEqualTo("EPSG:32648");
    }

    @Test
    void garbageRejected() throws Exception {
        Path garbage = java.nio.file.Files.write(dir.resolve("data.gpkg"), new byte[4096]);
        assertThatThrownBy(() -> GeoPackageReader.readFeatureLayers(garbage, new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("data.gpkg");
        assertThatThrownBy(() -> GeoPackageReader.readRasters(garbage)).isInstanceOf(CgisException.class);
    }
}
