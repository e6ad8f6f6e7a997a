package org.communitygis.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.StoreContractTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** The store contract on PostGIS, in a throwaway cluster, and what is particular to PostGIS. */
class PostGisStoreTest extends StoreContractTest {
    private PostGisCluster cluster;
    private PostGisUrl url;

    @BeforeEach
    void newSchema() {
        cluster = PostGisCluster.assumeAvailable();
        url = cluster.newProjectUrl();
    }

    @Override
    protected ProjectStore create() {
        return PostGisStore.open(url);
    }

    @Override
    protected ProjectStore reopen() {
        return PostGisStore.open(url);
    }

    @Override
    protected ProjectStore reopenReadOnly() {
        return PostGisStore.openReadOnly(url);
    }

    @Override
    protected <T> T update(Function<ProjectStore, T> work) {
        return PostGisProjects.update(url, work);
    }

    @Override
    protected <T> T read(Function<ProjectStore, T> work) {
        return PostGisProjects.read(url, work);
    }

    @Test
    void tablesAreTypedWithGistIndex() throws SQLException {
        FeatureLayer pipes = pipes();
        try (PostGisStore store = PostGisStore.open(url)) {
            store.writeFeatures(pipes);
        }
        try (Connection connection = cluster.connect()) {
            assertThat(strings(connection, "SELECT type || ':' || srid || ':' || coord_dimension FROM geometry_columns"
                    + " WHERE f_table_schema = ? AND f_table_name = 'pipes'", url.schema()))
                    .containsExactly("LINESTRING:4544:2");
            assertThat(strings(connection, "SELECT column_name || ':' || data_type FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = 'pipes' ORDER BY ordinal_position", url.schema()))
                    .containsExactly("fid:bigint", "geom:USER-DEFINED", "name:text", "width_m:double precision",
                            "lanes:bigint", "ok:boolean");
            assertThat(strings(connection, "SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = 'pipes'",
                    url.schema())).anySatisfy(index -> assertThat(index).contains("USING gist (geom)"))
                    .anySatisfy(index -> assertThat(index).contains("(fid)"));
            // A bbox query as PostGIS clients send it returns the pipe.
            assertThat(strings(connection, "SELECT name FROM \"" + url.schema() + "\".pipes"
                    + " WHERE geom && ST_MakeEnvelope(499990, 3399990, 500001, 3400001, 4544)", null))
                    .containsExactly("一号管");
        }
    }

    @Test
    void polygonsInMultiLayerStoredAsMulti() {
        GeometryFactory factory = new GeometryFactory();
        FeatureLayer zones = new FeatureLayer("zones", GeometryKind.MULTIPOLYGON, "EPSG:4544", List.of());
        zones.add(new Feature(1, factory.createPolygon(new Coordinate[] {new Coordinate(0, 0), new Coordinate(1, 0),
                new Coordinate(1, 1), new Coordinate(0, 0)})));
        try (PostGisStore store = PostGisStore.open(url)) {
            store.writeFeatures(zones);
            FeatureLayer read = store.readFeatures("zones");
            assertThat(read.features().get(0).geometry().getGeometryType()).isEqualTo("MultiPolygon");
            assertThat(read.features().get(0).geometry().getArea()).isEqualTo(0.5);
        }
    }

    /** The driver caches server-prepared statements by SQL text; a layer rewritten with other column types must still read. */
    @Test
    void layerRetypedInsideOneUpdate() {
        GeometryFactory factory = new GeometryFactory();
        PostGisProjects.update(url, store -> {
            for (int i = 0; i < 8; i++) {
                org.communitygis.core.feature.FieldType type = i % 2 == 0 ? org.communitygis.core.feature.FieldType.STRING
                        : org.communitygis.core.feature.FieldType.INTEGER;
                FeatureLayer layer = new FeatureLayer("wells", GeometryKind.POINT, "EPSG:4544",
                        List.of(new org.communitygis.core.feature.Field("depth", type)));
                layer.add(new Feature(1, factory.createPoint(new Coordinate(1, 2)), java.util.Map.of("depth", i)));
                store.writeFeatures(layer);
                Object depth = store.readFeatures("wells").features().get(0).get("depth");
                assertThat(depth).isEqualTo(i % 2 == 0 ? (Object) Integer.toString(i) : (Object) (long) i);
            }
            return null;
        });
    }

    /** GDAL's PostgreSQL driver (what QGIS uses too) reads a written layer as an ordinary PostGIS table. */
    @Test
    void gdalReadsLayer() throws Exception {
        java.nio.file.Path ogrinfo = java.nio.file.Path.of("/usr/bin/ogrinfo");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(ogrinfo),
                "GDAL ogrinfo not installed (Debian: gdal-bin)");
        try (PostGisStore store = PostGisStore.open(url)) {
            store.writeFeatures(pipes());
        }
        ProcessBuilder builder = new ProcessBuilder(ogrinfo.toString(), "-ro", "-nomd",
                "PG:host=127.0.0.1 port=" + cluster.port() + " dbname=" + PostGisCluster.DATABASE + " user="
                        + PostGisCluster.USER + " schemas=" + url.schema(), "pipes").redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", url.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("Geometry: Line String").contains("Feature Count: 1")
                .contains("name (String) = 一号管").contains("lanes (Integer64) = 1").contains("EPSG\",4544");
    }

    /** A planner role that owns only its schema (no CREATE on the database) imports and reads. */
    @Test
    void schemaOwnerWithoutDatabaseRights() throws SQLException {
        String role = "planner_" + url.schema();
        try (Connection connection = cluster.connect(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'planner-secret'");
            statement.execute("REVOKE CREATE ON DATABASE " + PostGisCluster.DATABASE + " FROM PUBLIC");
            statement.execute("CREATE SCHEMA " + url.schema() + " AUTHORIZATION " + role);
        }
        PostGisUrl planner = new PostGisUrl(url.host(), url.port(), url.database(), url.schema(), role, "planner-secret",
                java.util.Map.of());
        PostGisProjects.update(planner, store -> {
            store.setCrs("EPSG:4544");
            store.writeFeatures(pipes());
            return null;
        });
        int count = PostGisProjects.read(planner, store -> store.readFeatures("pipes").size());
        assertThat(count).isEqualTo(1);
        assertThatThrownBy(() -> PostGisProjects.update(planner.withSchema("elsewhere"), store -> null))
                .isInstanceOf(CgisException.class).hasMessageContaining("permission denied");
    }

    @Test
    void unknownServerNamedWithoutPassword() {
        PostGisUrl wrong = new PostGisUrl("127.0.0.1", cluster.port(), PostGisCluster.DATABASE, "x", PostGisCluster.USER,
                "wrong-secret", java.util.Map.of());
        assertThatThrownBy(() -> PostGisStore.open(wrong)).isInstanceOf(CgisException.class)
                .hasMessageContaining("Cannot connect to postgresql://cgis@127.0.0.1:" + cluster.port())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret"));
    }

    @Test
    void missingProjectTellsToImport() {
        assertThatThrownBy(() -> PostGisStore.openReadOnly(url)).isInstanceOf(CgisException.class)
                .hasMessage("No project in " + url + ". Run import with --db first, or check the schema parameter.");
    }

    /** Two updates of one schema from two threads run one after the other, never interleaved. */
    @Test
    void concurrentUpdatesSerialized() throws InterruptedException {
        PostGisProjects.update(url, store -> {
            store.putMetadata("counter", "0");
            return null;
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    PostGisProjects.update(url, store -> {
                        int value = Integer.parseInt(store.metadata().get("counter"));
                        store.putMetadata("counter", Integer.toString(value + 1));
                        return null;
                    });
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        String counter = PostGisProjects.read(url, store -> store.metadata().get("counter"));
        assertThat(counter).isEqualTo("20");
    }

    private static FeatureLayer pipes() {
        GeometryFactory factory = new GeometryFactory();
        FeatureLayer layer = new FeatureLayer("pipes", GeometryKind.LINESTRING, "EPSG:4544", List.of(
                new org.communitygis.core.feature.Field("name", org.communitygis.core.feature.FieldType.STRING),
                new org.communitygis.core.feature.Field("width_m", org.communitygis.core.feature.FieldType.REAL),
                new org.communitygis.core.feature.Field("lanes", org.communitygis.core.feature.FieldType.INTEGER),
                new org.communitygis.core.feature.Field("ok", org.communitygis.core.feature.FieldType.BOOLEAN)));
        layer.add(new Feature(1, factory.createLineString(new Coordinate[] {new Coordinate(500_000, 3_400_000),
                new Coordinate(500_005, 3_400_005)}), java.util.Map.of("name", "一号管", "width_m", 0.3, "lanes", 1L, "ok", true)));
        return layer;
    }

    private static List<String> strings(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (sql.contains("?")) {
                select.setString(1, parameter);
            }
            List<String> result = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(rows.getString(1));
                }
            }
            return result;
        }
    }
}
