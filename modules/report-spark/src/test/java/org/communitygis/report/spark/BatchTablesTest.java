package org.communitygis.report.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.report.batch.BatchOptions;
import org.communitygis.report.batch.BatchReport;
import org.communitygis.report.batch.CommunitySource;
import org.communitygis.report.batch.LocalCoverageEngine;
import org.communitygis.sample.GeneratedCommunities;
import org.communitygis.sample.SampleVillage;
import org.communitygis.store.GeoPackageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch report's tables are byte-identical whichever engine computed the rows. */
class BatchTablesTest {
    @TempDir
    Path dir;

    @Test
    void csvAndXlsxEqualLocal() throws IOException {
        List<CommunitySource> sources = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sources.add(CommunitySource.geoPackage(save(GeneratedCommunities.build(i),
                    dir.resolve("in").resolve(GeneratedCommunities.id(i) + ".gpkg"))));
        }
        sources.add(CommunitySource.geoPackage(save(SampleVillage.build(), dir.resolve("in/shiyan.gpkg"))));
        BatchOptions options = BatchOptions.defaults(UserLocale.ENGLISH).withFormats(Set.of("csv", "xlsx"));

        BatchReport.Summary local = BatchReport.write(sources, new LocalCoverageEngine(), dir.resolve("local"), options,
                Progress.NONE, new Diagnostics());
        BatchReport.Summary spark = BatchReport.write(sources, new SparkCoverageEngine(TestSpark.get(), 4),
                dir.resolve("spark"), options, Progress.NONE, new Diagnostics());

        assertThat(spark.succeeded()).isEqualTo(local.succeeded()).isEqualTo(sources.size());
        List<Path> tables = tableFiles(dir.resolve("local"));
        assertThat(tables).isNotEmpty();
        assertThat(tableFiles(dir.resolve("spark"))).isEqualTo(tables);
        for (Path table : tables) {
            assertThat(dir.resolve("spark").resolve(table)).as(table.toString())
                    .hasSameBinaryContentAs(dir.resolve("local").resolve(table));
        }
    }

    /** Returns the CSV and XLSX files below {@code root}, relative and sorted. */
    private static List<Path> tableFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".csv") || file.toString().endsWith(".xlsx"))
                    .map(root::relativize).sorted().toList();
        }
    }

    private static Path save(MemoryStore memory, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
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
        return file;
    }
}
