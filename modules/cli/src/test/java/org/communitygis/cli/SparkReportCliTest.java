package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.sample.GeneratedCommunities;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.postgis.PostGisCluster;
import org.communitygis.store.postgis.PostGisProjects;
import org.communitygis.store.postgis.PostGisUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cgis report --engine spark --master local[2]} writes the same tables as the local engine. */
class SparkReportCliTest {
    @TempDir
    Path dir;

    @Test
    void sparkEngineTablesEqualLocal() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 3; i++) {
            save(GeneratedCommunities.build(i), in.resolve(GeneratedCommunities.id(i) + ".gpkg"));
        }

        CliRun local = CliRun.of("--lang", "en", "report", "--projects", in.toString(), "--out",
                dir.resolve("local").toString(), "--format", "csv");
        CliRun spark = CliRun.of("--lang", "en", "report", "--projects", in.toString(), "--out",
                dir.resolve("spark").toString(), "--format", "csv", "--engine", "spark", "--master", "local[2]");

        assertThat(local.exitCode).as(local.toString()).isZero();
        assertThat(spark.exitCode).as(spark.toString()).isZero();
        List<Path> tables = csvFiles(dir.resolve("local"));
        assertThat(tables).isNotEmpty();
        assertThat(csvFiles(dir.resolve("spark"))).isEqualTo(tables);
        for (Path table : tables) {
            assertThat(dir.resolve("spark").resolve(table)).as(table.toString())
                    .hasSameBinaryContentAs(dir.resolve("local").resolve(table));
        }
    }

    @Test
    void postGisCommunitiesEqualLocal() throws IOException {
        PostGisCluster cluster = PostGisCluster.assumeAvailable();
        List<String> databases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MemoryStore community = GeneratedCommunities.build(i);
            PostGisUrl url = cluster.newProjectUrl();
            PostGisProjects.update(url, store -> {
                copy(community, store);
                return null;
            });
            databases.add("--dbs");
            databases.add(cluster.urlText(url.schema()));
        }

        CliRun local = CliRun.of(arguments(databases, dir.resolve("local"), "--engine", "local"));
        CliRun spark = CliRun.of(arguments(databases, dir.resolve("spark"), "--engine", "spark", "--master",
                "local[2]"));

        assertThat(local.exitCode).as(local.toString()).isZero();
        assertThat(spark.exitCode).as(spark.toString()).isZero();
        List<Path> tables = csvFiles(dir.resolve("local"));
        assertThat(tables).as("CSV tables of the local engine").hasSizeGreaterThan(1);
        assertThat(csvFiles(dir.resolve("spark"))).isEqualTo(tables);
        for (Path table : tables) {
            assertThat(dir.resolve("spark").resolve(table)).as(table.toString())
                    .hasSameBinaryContentAs(dir.resolve("local").resolve(table));
        }
    }

    @Test
    void badMasterIsReported() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        save(GeneratedCommunities.build(0), in.resolve("c0001.gpkg"));

        CliRun run = CliRun.of("--lang", "en", "report", "--projects", in.toString(), "--out",
                dir.resolve("out").toString(), "--format", "csv", "--engine", "spark", "--master", "nonsense://x");

        assertThat(run.exitCode).as(run.toString()).isNotZero();
        assertThat(run.err).contains("nonsense://x").contains("--master");
    }

    private static List<Path> csvFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".csv")).map(root::relativize).sorted().toList();
        }
    }

    private static String[] arguments(List<String> databases, Path out, String... engine) {
        List<String> arguments = new ArrayList<>(List.of("--lang", "en", "report"));
        arguments.addAll(databases);
        arguments.addAll(List.of("--out", out.toString(), "--format", "csv"));
        arguments.addAll(List.of(engine));
        return arguments.toArray(new String[0]);
    }

    private static void save(MemoryStore memory, Path file) {
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
            copy(memory, store);
        }
    }

    private static void copy(MemoryStore memory, ProjectStore store) {
        store.setCrs(memory.crs().orElseThrow());
        for (LayerInfo info : memory.layers()) {
            if (info.type() == LayerInfo.LayerType.RASTER) {
                store.writeRaster(info.name(), memory.readRaster(info.name()));
            } else {
                store.writeFeatures(memory.readFeatures(info.name()));
            }
        }
        memory.metadata().forEach(store::putMetadata);
    }
}
