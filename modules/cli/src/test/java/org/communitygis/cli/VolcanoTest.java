package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports the volcano DEM through the CLI and checks the stored fill against the published result. */
class VolcanoTest {

    @Test
    void fillMatchesKnownAnswer(@TempDir Path dir) {
        Path project = dir.resolve("volcano.gpkg");
        CliRun imported = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                SharedData.file("real/dem/volcano_10m.tif").toString());
        assertThat(imported.exitCode).as(imported.toString()).isZero();
        assertThat(imported.out).contains("EPSG:32760").contains("grid and values kept");

        CliRun drainage = CliRun.of("--lang", "en", "analyze", "drainage", "--project", project.toString());
        assertThat(drainage.exitCode).as(drainage.toString()).isZero();

        Raster dem = Projects.read(project, store -> store.readRaster("dem"));
        Raster filled = Projects.read(project, store -> store.readRaster("dem_filled"));
        int raised = 0;
        double maxRaise = 0;
        double totalRaise = 0;
        for (int i = 0; i < dem.data().length; i++) {
            double raise = filled.data()[i] - dem.data()[i];
            if (raise > 0) {
                raised++;
                maxRaise = Math.max(maxRaise, raise);
                totalRaise += raise;
            }
        }
        assertThat(raised).isEqualTo(103);
        assertThat(maxRaise).isCloseTo(20.0, within(1e-6));
        assertThat(totalRaise).isCloseTo(887.0, within(1e-3));
    }
}
