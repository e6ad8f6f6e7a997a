package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.testing.SharedData;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that can be used in part: the import goes on, and each problem is named in a warning. */
class InvalidInputWarningsTest {

    @Test
    void badGeometriesWarnedByFeature(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plots.geojson");
        Files.writeString(file, """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"name":"好"},"geometry":{"type":"Polygon",
                  "coordinates":[[[104.0,30.0],[104.001,30.0],[104.001,30.001],[104.0,30.001],[104.0,30.0]]]}},
                {"type":"Feature","properties":{"name":"蝴蝶"},"geometry":{"type":"Polygon",
                  "coordinates":[[[104.0,30.0],[104.001,30.001],[104.001,30.0],[104.0,30.001],[104.0,30.0]]]}},
                {"type":"Feature","properties":{"name":"空"},"geometry":null}
                ]}
                """, StandardCharsets.UTF_8);
        Path project = dir.resolve("p.gpkg");
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), file.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.err).contains("features[1]").contains("features[2]");
        FeatureLayer plots = Projects.read(project, store -> store.readFeatures("plots"));
        assertThat(plots.size()).isEqualTo(2);
        assertThat(plots.features()).allMatch(feature -> feature.geometry().isValid());
    }

    @Test
    void zeroLengthLineWarned(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lanes.geojson");
        Files.writeString(file, """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[104.0,30.0],[104.001,30.0]]}},
                {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[104.0,30.0],[104.0,30.0]]}}
                ]}
                """, StandardCharsets.UTF_8);
        Path project = dir.resolve("p.gpkg");
        CliRun run = CliRun.of("--lang", "zh", "import", "--project", project.toString(), file.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.err).contains("警告").contains("features[1]");
    }

    @Test
    void demNoDataCounted(@TempDir Path dir) {
        Path project = dir.resolve("lux.gpkg");
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                SharedData.file("real/dem/terra_elev.tif").toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.err).contains("terra_elev.tif").contains("3,942 NoData cells");
    }
}
