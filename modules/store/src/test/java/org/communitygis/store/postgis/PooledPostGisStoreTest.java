package org.communitygis.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/** The pooled read-only store against the single-connection store on the same schema. */
class PooledPostGisStoreTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private PostGisUrl url;

    @BeforeEach
    void newProject() {
        url = PostGisCluster.assumeAvailable().newProjectUrl();
        PostGisProjects.update(url, store -> {
            store.setCrs("EPSG:4544");
            store.writeFeatures(wells());
            store.putMetadata("project.name", "示例村");
            return null;
        });
    }

    @Test
    void readsMatchSingleConnectionStore() {
        try (PostGisStore single = PostGisStore.openReadOnly(url);
                PooledPostGisStore pooled = PooledPostGisStore.open(url, 2)) {
            assertThat(pooled.crs()).isEqualTo(single.crs());
            assertThat(pooled.layers()).isEqualTo(single.layers());
            assertThat(pooled.metadata()).isEqualTo(single.metadata());
            assertThat(pooled.readFeatures("wells").features()).hasSize(40);
            assertThat(pooled.readFeatures("wells").features().get(3).attributes())
                    .isEqualTo(single.readFeatures("wells").features().get(3).attributes());
            int[] tile = tileOfFirstWell(14);
            assertThat(pooled.vectorTile("wells", tile[0], tile[1], tile[2], 4096, 64))
                    .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(
                            single.vectorTile("wells", tile[0], tile[1], tile[2], 4096, 64).orElseThrow()));
        }
    }

    @Test
    void concurrentTilesEqualSerialTiles() throws Exception {
        List<int[]> tiles = new ArrayList<>();
        for (int z = 12; z <= 17; z++) {
            tiles.add(tileOfFirstWell(z));
        }
        List<Optional<byte[]>> serial = new ArrayList<>();
        try (PostGisStore single = PostGisStore.openReadOnly(url)) {
            for (int[] tile : tiles) {
                serial.add(single.vectorTile("wells", tile[0], tile[1], tile[2], 4096, 64));
            }
        }
        assertThat(serial).allSatisfy(tile -> assertThat(tile).isPresent());

        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (PooledPostGisStore pooled = PooledPostGisStore.open(url, 3)) {
            List<Future<Optional<byte[]>>> results = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int[] tile : tiles) {
                    results.add(threads.submit(() -> pooled.vectorTile("wells", tile[0], tile[1], tile[2], 4096, 64)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get().orElseThrow()).as("tile %d", i % tiles.size())
                        .isEqualTo(serial.get(i % tiles.size()).orElseThrow());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void replacedTableReadAgain() {
        Envelope box = new Envelope(498_990, 499_200, 3_397_990, 3_398_200);
        try (PooledPostGisStore pooled = PooledPostGisStore.open(url, 1)) {
            for (int i = 0; i < 3; i++) {
                assertThat(pooled.readFeatures("wells", box).features()).hasSize(40);
            }
            // The same column names with another type. PostgreSQL rejects the connection's kept statement with
            // "cached plan must not change result type", and the read must still succeed.
            FeatureLayer retyped = new FeatureLayer("wells", GeometryKind.POINT, "EPSG:4544",
                    List.of(new Field("name", FieldType.STRING), new Field("depth_m", FieldType.STRING)));
            wells().features().forEach(well -> retyped.add(new Feature(well.id(), well.geometry(),
                    Map.of("name", well.getString("name"), "depth_m", well.getString("depth_m")))));
            PostGisProjects.update(url, store -> {
                store.writeFeatures(retyped);
                return null;
            });

            assertThat(pooled.readFeatures("wells", box).features()).hasSize(40);
        }
    }

    @Test
    void writesRejected() {
        try (PooledPostGisStore pooled = PooledPostGisStore.open(url, 1)) {
            assertThatThrownBy(() -> pooled.writeFeatures(wells())).isInstanceOf(CgisException.class)
                    .hasMessageContaining("read-only");
            assertThatThrownBy(() -> pooled.putMetadata("k", "v")).isInstanceOf(CgisException.class);
            assertThatThrownBy(() -> pooled.delete("wells")).isInstanceOf(CgisException.class);
            assertThat(pooled.layers()).hasSize(1);
        }
    }

    @Test
    void missingProjectAndLayerNamed() {
        PostGisUrl empty = PostGisCluster.assumeAvailable().newProjectUrl();
        assertThatThrownBy(() -> PooledPostGisStore.open(empty, 1)).isInstanceOf(CgisException.class)
                .hasMessageContaining(empty.schema());
        try (PooledPostGisStore pooled = PooledPostGisStore.open(url, 1)) {
            assertThatThrownBy(() -> pooled.vectorTile("nowhere", 1, 0, 0, 4096, 64))
                    .isInstanceOf(CgisException.class).hasMessageContaining("nowhere");
            assertThatThrownBy(() -> pooled.readFeatures("nowhere")).isInstanceOf(CgisException.class)
                    .hasMessageContaining("nowhere");
        }
    }

    /** Forty wells on a 20 m grid near the central meridian of EPSG:4544. */
    private static FeatureLayer wells() {
        FeatureLayer layer = new FeatureLayer("wells", GeometryKind.POINT, "EPSG:4544",
                List.of(new Field("name", FieldType.STRING), new Field("depth_m", FieldType.REAL)));
        for (int i = 0; i < 40; i++) {
            Coordinate position = new Coordinate(499_000 + (i % 8) * 20.0, 3_398_000 + (i / 8) * 20.0);
            layer.add(new Feature(i + 1, FACTORY.createPoint(position), Map.of("name", "井 " + (i + 1),
                    "depth_m", 10.0 + i)));
        }
        return layer;
    }

    /** Returns {z, column, row} of the WebMercatorQuad tile at zoom {@code z} that contains well 1. */
    private static int[] tileOfFirstWell(int z) {
        Coordinate lonLat = Crs.transform("EPSG:4544", Crs.CRS84)
                .apply(FACTORY.createPoint(new Coordinate(499_000, 3_398_000))).getCoordinate();
        double[] position = tileOf(lonLat.x, lonLat.y, z);
        return new int[] {z, (int) position[0], (int) position[1]};
    }

    /** Returns the fractional WebMercatorQuad column and row of a CRS84 position. */
    private static double[] tileOf(double lon, double lat, int z) {
        double radius = 6378137.0;
        double half = Math.PI * radius;
        double mercatorX = Math.toRadians(lon) * radius;
        double mercatorY = radius * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2));
        double size = 2 * half / (1 << z);
        return new double[] {(mercatorX + half) / size, (half - mercatorY) / size};
    }
}
