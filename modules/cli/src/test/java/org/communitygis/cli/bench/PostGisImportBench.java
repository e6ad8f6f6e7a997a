package org.communitygis.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.communitygis.cli.Main;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.Projects;
import org.communitygis.store.postgis.PostGisCluster;
import org.communitygis.store.postgis.PostGisProjects;
import org.communitygis.store.postgis.PostGisStore;
import org.communitygis.store.postgis.PostGisUrl;

/**
 * Import and layer-write timings, GeoPackage file against PostGIS, on a real OSM extract.
 *
 * <p>Usage: {@code PostGisImportBench REPEATS FILE...}. Starts a throwaway PostGIS cluster
 * ({@link PostGisCluster}), then times, REPEATS times each after one warm-up: the whole
 * {@code import} of FILE... into a new GeoPackage file and into a new PostGIS schema; writing the imported
 * {@code buildings} layer with {@code writeFeatures}; reading it back with {@code readFeatures}; opening a read-only PostGIS store alone (connection, authentication, checks); the same for the {@code dem} raster when FILE... contains one. Prints
 * the median and the minimum of each in ms as {@code key=value} lines.
 */
public final class PostGisImportBench {
    private PostGisImportBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: PostGisImportBench REPEATS FILE...");
            System.exit(2);
        }
        int repeats = Integer.parseInt(args[0]);
        List<String> files = List.of(args).subList(1, args.length);
        PostGisCluster cluster = PostGisCluster.shared().orElseThrow(
                () -> new IllegalStateException("PostgreSQL with PostGIS not found: apt-get install postgresql-15-postgis-3"));
        Path dir = Files.createTempDirectory("cgis-bench-");
        int[] run = {0};

        report("import_gpkg_ms", repeats, () -> {
            Path file = dir.resolve("import" + (run[0]++) + ".gpkg");
            cli(files, "import", "--project", file.toString());
            return null;
        });
        report("import_postgis_ms", repeats, () -> {
            cli(files, "import", "--db", cluster.urlText("import" + (run[0]++)));
            return null;
        });

        Path source = dir.resolve("source.gpkg");
        cli(files, "import", "--project", source.toString());
        FeatureLayer buildings = Projects.read(source, store -> store.readFeatures("buildings"));
        String crs = buildings.crs();
        System.out.println("buildings=" + buildings.size() + " crs=" + crs);

        report("write_buildings_gpkg_ms", repeats, () -> {
            Path file = dir.resolve("write" + (run[0]++) + ".gpkg");
            try (GeoPackageStore store = GeoPackageStore.create(file)) {
                store.writeFeatures(buildings);
            }
            return null;
        });
        report("write_buildings_postgis_ms", repeats, () -> {
            PostGisProjects.update(cluster.url("write" + (run[0]++)), store -> {
                store.writeFeatures(buildings);
                return null;
            });
            return null;
        });
        PostGisUrl readUrl = cluster.url("readback");
        PostGisProjects.update(readUrl, store -> {
            store.writeFeatures(buildings);
            return null;
        });
        report("open_postgis_ms", repeats, () -> {
            PostGisStore.openReadOnly(readUrl).close();
            return null;
        });
        report("read_buildings_gpkg_ms", repeats, () -> readAll(GeoPackageStore.openReadOnly(source)));
        report("read_buildings_postgis_ms", repeats, () -> readAll(PostGisStore.openReadOnly(readUrl)));

        boolean hasDem = Projects.read(source, store -> store.contains("dem"));
        if (hasDem) {
            Raster dem = Projects.read(source, store -> store.readRaster("dem"));
            System.out.println("dem=" + dem.grid().cols() + "x" + dem.grid().rows());
            report("write_dem_gpkg_ms", repeats, () -> {
                try (GeoPackageStore store = GeoPackageStore.create(dir.resolve("dem" + (run[0]++) + ".gpkg"))) {
                    store.writeRaster("dem", dem);
                }
                return null;
            });
            report("write_dem_postgis_ms", repeats, () -> {
                try (PostGisStore store = PostGisStore.open(cluster.url("dem" + (run[0]++)))) {
                    store.writeRaster("dem", dem);
                }
                return null;
            });
            PostGisProjects.update(readUrl, store -> {
                store.writeRaster("dem", dem);
                return null;
            });
            report("read_dem_gpkg_ms", repeats, () -> Projects.read(source, store -> store.readRaster("dem")));
            report("read_dem_postgis_ms", repeats, () -> PostGisProjects.read(readUrl, store -> store.readRaster("dem")));
        }
        cluster.stop();
    }

    private static Object readAll(ProjectStore store) {
        try (store) {
            return store.readFeatures("buildings").size();
        }
    }

    private static void cli(List<String> files, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--lang", "en"));
        all.addAll(Arrays.asList(args));
        all.addAll(files);
        int code = Main.run(all.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("cgis " + String.join(" ", args) + " failed: " + err.toString(StandardCharsets.UTF_8));
        }
    }

    private static void report(String key, int repeats, Supplier<Object> work) {
        work.get();
        long[] millis = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            work.get();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.println(String.format(Locale.ROOT, "%s median=%d min=%d runs=%d", key, millis[repeats / 2], millis[0],
                repeats));
    }
}
