package org.communitygis.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Bounding-box and id reads of {@link GeoPackageStore} ({@code FeatureQuerySource}) compared with the
 * whole layer filtered in Java: through the RTree, by scanning a table whose RTree was dropped, from many
 * threads, and after writes in place and by {@link Projects#update}.
 */
class GeoPackageQueryTest {
    /** Random boxes per layer; edge-touching, degenerate, missing and empty boxes among them. */
    private static final int BOXES = 300;
    private static final int PARCELS = 3000;
    private static final int WELLS = 3000;
    /** Side of the square area the generated features lie in, m. */
    private static final double AREA = 3000;

    @TempDir
    Path dir;
    private Path file;
    private FeatureLayer parcels;
    private FeatureLayer wells;

    @BeforeEach
    void writeProject() throws SQLException {
        file = dir.resolve("项目.gpkg");
        Random random = new Random(20240611);
        parcels = parcels("parcels", random);
        wells = wells(random);
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
            store.setCrs(Layers.CRS);
            store.writeFeatures(parcels);
            store.writeFeatures(wells);
            store.writeFeatures(copy(parcels, "parcels_plain"));
        }
        dropRTree("parcels_plain");
    }

    /** Polygons and two-part multipolygons of 0.05 to 40 m at random places, some with null attributes. */
    private static FeatureLayer parcels(String name, Random random) {
        FeatureLayer layer = new FeatureLayer(name, GeometryKind.MULTIPOLYGON, Layers.CRS, List.of(
                new Field("owner", FieldType.STRING), new Field("area_m2", FieldType.REAL),
                new Field("households", FieldType.INTEGER), new Field("irrigated", FieldType.BOOLEAN)));
        for (int i = 1; i <= PARCELS; i++) {
            double x = Layers.X0 + random.nextDouble() * AREA;
            double y = Layers.Y0 + random.nextDouble() * AREA;
            double size = i % 50 == 0 ? 0.05 : 0.5 + random.nextDouble() * 40;
            Polygon first = Layers.square(x, y, size);
            Polygon[] parts = i % 3 == 0 ? new Polygon[] {first, Layers.square(x + size * 2, y - size, size / 2)}
                    : new Polygon[] {first};
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("owner", i % 7 == 0 ? null : "农户 " + i);
            attributes.put("area_m2", size * size);
            attributes.put("households", i % 11 == 0 ? null : (long) (i % 5));
            attributes.put("irrigated", i % 2 == 0);
            layer.add(new Feature(i * 2L, Layers.FACTORY.createMultiPolygon(parts), attributes));
        }
        return layer;
    }

    /** Points, a quarter of them on a 10 m grid so that several share an x or y exactly. */
    private static FeatureLayer wells(Random random) {
        FeatureLayer layer = new FeatureLayer("wells", GeometryKind.POINT, Layers.CRS, List.of(
                new Field("name", FieldType.STRING), new Field("depth_m", FieldType.REAL)));
        for (int i = 1; i <= WELLS; i++) {
            boolean onGrid = i % 4 == 0;
            double x = Layers.X0 + offset(random, onGrid);
            double y = Layers.Y0 + offset(random, onGrid);
            layer.add(new Feature(i, Layers.FACTORY.createPoint(new Coordinate(x, y)),
                    Map.of("name", "机井" + i, "depth_m", 5 + random.nextDouble() * 60)));
        }
        return layer;
    }

    /** Returns a random distance in [0, AREA) m, a multiple of 10 m when {@code onGrid}. */
    private static double offset(Random random, boolean onGrid) {
        double offset = random.nextDouble() * AREA;
        return onGrid ? Math.floor(offset / 10) * 10 : offset;
    }

    private static FeatureLayer copy(FeatureLayer layer, String name) {
        FeatureLayer copy = new FeatureLayer(name, layer.kind(), layer.crs(), layer.fields());
        for (Feature feature : layer.features()) {
            copy.add(new Feature(feature.id(), feature.geometry(), feature.attributes()));
        }
        return copy;
    }

    /** Removes the RTree of {@code table} as a file written without a spatial index lacks it. */
    private void dropRTree(String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            List<String> triggers = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    + " AND tbl_name = '" + table + "'")) {
                while (rows.next()) {
                    triggers.add(rows.getString(1));
                }
            }
            assertThat(triggers).hasSize(6);
            for (String trigger : triggers) {
                statement.execute("DROP TRIGGER \"" + trigger + "\"");
            }
            statement.execute("DROP TABLE \"rtree_" + table + "_geom\"");
            statement.execute("DELETE FROM gpkg_extensions WHERE table_name = '" + table + "'");
        }
    }

    /**
     * Returns {@link #BOXES} boxes around {@code layer}'s features: random ones, boxes whose edge or corner
     * lies exactly on a feature's envelope edge, boxes a last bit short of one, zero-width and single-point
     * boxes, boxes outside the data and null envelopes.
     */
    private static List<Envelope> boxes(FeatureLayer layer, Random random) {
        List<Envelope> boxes = new ArrayList<>();
        List<Feature> features = layer.features();
        for (int i = 0; i < BOXES; i++) {
            Envelope target = features.get(random.nextInt(features.size())).geometry().getEnvelopeInternal();
            double width = random.nextDouble() * 200;
            double height = random.nextDouble() * 200;
            switch (i % 10) {
                case 0, 1, 2 -> {
                    double x = Layers.X0 - 100 + random.nextDouble() * (AREA + 200);
                    double y = Layers.Y0 - 100 + random.nextDouble() * (AREA + 200);
                    boxes.add(new Envelope(x, x + width, y, y + height));
                }
                case 3 -> boxes.add(new Envelope(target.getMaxX(), target.getMaxX() + width, target.getMinY() - height,
                        target.getMaxY()));
                case 4 -> boxes.add(new Envelope(target.getMinX() - width, target.getMinX(), target.getMaxY(),
                        target.getMaxY() + height));
                case 5 -> boxes.add(new Envelope(target.getMinX() - width, Math.nextDown(target.getMinX()),
                        target.getMinY(), target.getMaxY()));
                case 6 -> boxes.add(new Envelope(target.getMaxX(), target.getMaxX(), target.getMinY(),
                        target.getMinY()));
                case 7 -> boxes.add(new Envelope(target.getMinX(), target.getMinX(), target.getMinY() - height,
                        target.getMaxY() + height));
                case 8 -> boxes.add(i % 20 == 8 ? new Envelope()
                        : new Envelope(Layers.X0 + 2 * AREA, Layers.X0 + 3 * AREA, Layers.Y0, Layers.Y0 + AREA));
                default -> boxes.add(new Envelope(Layers.X0 - 1, Layers.X0 + AREA + 1, Layers.Y0 - 1,
                        Layers.Y0 + (i % 20 == 9 ? AREA + 1 : AREA / 2)));
            }
        }
        return boxes;
    }

    /** Returns the features of {@code layer} whose envelope intersects {@code box}, boundary contact included. */
    private static List<Feature> expected(FeatureLayer layer, Envelope box) {
        return layer.features().stream()
                .filter(feature -> !box.isNull() && feature.geometry().getEnvelopeInternal().intersects(box))
                .toList();
    }

    /** Asserts that {@code actual} has the schema of {@code whole} and exactly the {@code expected} features. */
    private static void assertLayer(FeatureLayer actual, FeatureLayer whole, List<Feature> expected,
            String description) {
        assertThat(actual.name()).as(description).isEqualTo(whole.name());
        assertThat(actual.kind()).as(description).isEqualTo(whole.kind());
        assertThat(actual.crs()).as(description).isEqualTo(whole.crs());
        assertThat(actual.fields()).as(description).isEqualTo(whole.fields());
        assertThat(actual.features().stream().map(Feature::id).toList()).as("ids of %s", description)
                .isEqualTo(expected.stream().map(Feature::id).toList());
        for (int i = 0; i < expected.size(); i++) {
            Feature feature = actual.features().get(i);
            assertThat(feature.geometry().equalsExact(expected.get(i).geometry()))
                    .as("geometry of feature %d in %s", feature.id(), description).isTrue();
            assertThat(feature.attributes()).as("attributes of feature %d in %s", feature.id(), description)
                    .isEqualTo(expected.get(i).attributes());
        }
    }

    @Test
    void boxReadsMatchFilteredLayer() {
        Random random = new Random(7);
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(file)) {
            for (String layer : List.of("parcels", "wells", "parcels_plain")) {
                FeatureLayer whole = store.readFeatures(layer);
                assertThat(whole.size()).isEqualTo(layer.equals("wells") ? WELLS : PARCELS);
                int nonEmpty = 0;
                for (Envelope box : boxes(whole, random)) {
                    List<Feature> expected = expected(whole, box);
                    nonEmpty += expected.isEmpty() ? 0 : 1;
                    assertLayer(store.readFeatures(layer, box), whole, expected, layer + " in " + box);
                }
                assertThat(nonEmpty).as("boxes of %s that select features", layer).isGreaterThan(BOXES / 2);
            }
        }
    }

    @Test
    void wholeLayerEqualsWrittenLayer() {
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(file)) {
            FeatureLayer read = store.readFeatures("parcels");
            assertLayer(read, parcels, parcels.features(), "parcels");
        }
    }

    @Test
    void nullBoxReadsSchemaOnly() {
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(file)) {
            FeatureLayer schema = store.readFeatures("wells", new Envelope());
            assertLayer(schema, wells, List.of(), "wells, null box");
        }
    }

    @Test
    void featureByIdHitAndMiss() {
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(file)) {
            Feature parcel = parcels.features().get(41);
            assertLayer(store.readFeature("parcels", parcel.id()), parcels, List.of(parcel), "parcel " + parcel.id());
            assertLayer(store.readFeature("parcels_plain", parcel.id()), copy(parcels, "parcels_plain"),
                    List.of(parcel), "plain parcel " + parcel.id());
            // Parcel ids are even, so an odd id is missing.
            assertLayer(store.readFeature("parcels", parcel.id() + 1), parcels, List.of(), "missing parcel");
            assertLayer(store.readFeature("wells", -5), wells, List.of(), "negative well id");
        }
    }

    @Test
    void missingLayerAndRasterRejected() {
        try (GeoPackageStore store = GeoPackageStore.create(dir.resolve("raster.gpkg"))) {
            store.writeFeatures(Layers.pipes());
            store.writeRaster("dem", Rasters.ramp(4, 3, 10, 10));
            Envelope box = new Envelope(0, 1e7, 0, 1e7);
            assertThatThrownBy(() -> store.readFeatures("roads", box)).isInstanceOf(CgisException.class)
                    .hasMessageContaining("roads").hasMessageContaining("dem, pipes");
            assertThatThrownBy(() -> store.readFeature("roads", 1)).isInstanceOf(CgisException.class)
                    .hasMessageContaining("roads");
            assertThatThrownBy(() -> store.readFeatures("dem", box)).isInstanceOf(CgisException.class)
                    .hasMessageContaining("is not a vector layer");
            assertThatThrownBy(() -> store.readFeature("dem", 1)).isInstanceOf(CgisException.class)
                    .hasMessageContaining("is not a vector layer");
        }
    }

    @Test
    void concurrentReadsFromEightThreads() throws Exception {
        int maxConnections = 3;
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(file, maxConnections)) {
            Map<String, FeatureLayer> wholes = new LinkedHashMap<>();
            for (String layer : List.of("parcels", "wells", "parcels_plain")) {
                wholes.put(layer, store.readFeatures(layer));
            }
            ExecutorService threads = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            try {
                for (int t = 0; t < 8; t++) {
                    Random random = new Random(100 + t);
                    String layer = List.copyOf(wholes.keySet()).get(t % wholes.size());
                    FeatureLayer whole = wholes.get(layer);
                    List<Envelope> boxes = boxes(whole, random).subList(0, 60);
                    Callable<Integer> reads = () -> {
                        start.await();
                        int checked = 0;
                        for (Envelope box : boxes) {
                            assertLayer(store.readFeatures(layer, box), whole, expected(whole, box),
                                    layer + " in " + box);
                            Feature sample = whole.features().get(random.nextInt(whole.size()));
                            assertLayer(store.readFeature(layer, sample.id()), whole, List.of(sample),
                                    layer + " " + sample.id());
                            checked += 2;
                        }
                        return checked;
                    };
                    results.add(threads.submit(reads));
                }
                start.countDown();
                for (Future<Integer> result : results) {
                    assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(120);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(store.openReadConnections()).isBetween(1, maxConnections);
        }
    }

    @Test
    void closeClosesReadConnections() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
        GeoPackageStore store = GeoPackageStore.openReadOnly(file);
        store.readFeatures("wells", new Envelope(Layers.X0, Layers.X0 + 100, Layers.Y0, Layers.Y0 + 100));
        assertThat(store.openReadConnections()).isEqualTo(1);
        assertThat(openDescriptors(file)).as("descriptors of the store's two connections").isGreaterThanOrEqualTo(2);

        store.close();
        assertThat(store.openReadConnections()).isZero();
        assertThat(openDescriptors(file)).as("descriptors after close").isZero();
        assertThatThrownBy(() -> store.readFeatures("wells", new Envelope(0, 1, 0, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** Returns how many file descriptors of this process are open on {@code target}. */
    private static long openDescriptors(Path target) throws IOException {
        Path real = target.toRealPath();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).equals(real);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void writeOnSameStoreSeenByNextRead() {
        Envelope all = new Envelope(Layers.X0 - 1, Layers.X0 + AREA + 50, Layers.Y0 - 1, Layers.Y0 + AREA + 50);
        try (GeoPackageStore store = GeoPackageStore.open(file)) {
            assertThat(store.readFeatures("wells", all).size()).isEqualTo(WELLS);

            FeatureLayer replaced = new FeatureLayer("wells", GeometryKind.POINT, Layers.CRS,
                    List.of(new Field("label", FieldType.STRING)));
            replaced.add(new Feature(9, Layers.FACTORY.createPoint(new Coordinate(Layers.X0 + 5, Layers.Y0 + 5)),
                    Map.of("label", "新井")));
            store.writeFeatures(replaced);

            FeatureLayer read = store.readFeatures("wells", all);
            assertLayer(read, replaced, replaced.features(), "rewritten wells");
            assertLayer(store.readFeature("wells", 9), replaced, replaced.features(), "rewritten well 9");
        }
    }

    @Test
    void commitInPlaceSeenByOpenReader() {
        Envelope all = new Envelope(Layers.X0 - 1, Layers.X0 + AREA + 50, Layers.Y0 - 1, Layers.Y0 + AREA + 50);
        try (GeoPackageStore reader = GeoPackageStore.openReadOnly(file)) {
            assertThat(reader.readFeatures("wells", all).size()).isEqualTo(WELLS);

            // Another store writes into the same file. The reader's idle connections must keep no lock,
            // because the writer would wait for it and fail after SQLite's 3 s busy timeout.
            FeatureLayer fewer = copy(wells, "wells");
            FeatureLayer extra = new FeatureLayer("ponds", GeometryKind.POINT, Layers.CRS, List.of());
            extra.add(new Feature(1, Layers.FACTORY.createPoint(new Coordinate(Layers.X0 + 1, Layers.Y0 + 1))));
            try (GeoPackageStore writer = GeoPackageStore.open(file)) {
                writer.writeFeatures(extra);
                FeatureLayer half = new FeatureLayer("wells", fewer.kind(), fewer.crs(), fewer.fields());
                fewer.features().stream().filter(feature -> feature.id() % 2 == 0).forEach(half::add);
                writer.writeFeatures(half);
            }

            assertThat(reader.readFeatures("ponds", all).size()).isEqualTo(1);
            assertThat(reader.readFeatures("wells", all).size()).isEqualTo(WELLS / 2);
            assertThat(reader.readFeature("wells", 3).size()).isZero();
        }
    }

    @Test
    void updatedProjectSeenByNewStore() {
        Envelope near = new Envelope(Layers.X0, Layers.X0 + 10, Layers.Y0, Layers.Y0 + 10);
        FeatureLayer ponds = new FeatureLayer("ponds", GeometryKind.POINT, Layers.CRS,
                List.of(new Field("name", FieldType.STRING)));
        ponds.add(new Feature(4, Layers.FACTORY.createPoint(new Coordinate(Layers.X0 + 3, Layers.Y0 + 4)),
                Map.of("name", "蓄水池")));
        Projects.update(file, store -> {
            store.writeFeatures(ponds);
            return null;
        });

        Projects.read(file, store -> {
            GeoPackageStore project = (GeoPackageStore) store;
            assertLayer(project.readFeatures("ponds", near), ponds, ponds.features(), "ponds after update");
            assertLayer(project.readFeature("ponds", 4), ponds, ponds.features(), "pond 4 after update");
            return null;
        });
    }

    @Test
    void replacedFileKeepsOpenedVersion() {
        Envelope all = new Envelope(Layers.X0 - 1, Layers.X0 + AREA + 50, Layers.Y0 - 1, Layers.Y0 + AREA + 50);
        Assumptions.assumeTrue(GpkgReadPool.fileKey(file) != null, "needs file identities (device and inode)");
        try (GeoPackageStore used = GeoPackageStore.openReadOnly(file);
                GeoPackageStore unused = GeoPackageStore.openReadOnly(file)) {
            FeatureLayer before = used.readFeatures("wells", all);

            Projects.update(file, store -> {
                store.delete("wells");
                return null;
            });

            // The used store goes on reading the file it opened, on the connection it has.
            assertLayer(used.readFeatures("wells", all), wells, before.features(), "wells of the opened file");
            assertThat(used.readFeatures("wells").size()).isEqualTo(WELLS);
            // The unused store has no connection on the opened file and cannot open one any more.
            assertThatThrownBy(() -> unused.readFeatures("wells", all)).isInstanceOf(CgisException.class)
                    .hasMessageContaining("replaced the file").hasMessageContaining(file.getFileName().toString());
        }
        try (GeoPackageStore reopened = GeoPackageStore.openReadOnly(file)) {
            assertThatThrownBy(() -> reopened.readFeatures("wells", all)).isInstanceOf(CgisException.class)
                    .hasMessageContaining("wells");
        }
    }
}
