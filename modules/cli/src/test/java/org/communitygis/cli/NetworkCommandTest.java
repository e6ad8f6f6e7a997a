package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.testing.SharedData;
import org.communitygis.network.NetworkModel;
import org.communitygis.network.SwmmInp;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code cgis network} on the sample village's pipes and on the SWMM test files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkCommandTest {
    @TempDir
    static Path dir;

    private Path project;

    @BeforeAll
    void importSample() {
        project = dir.resolve("village.gpkg");
        Path data = CliRun.projectRoot().resolve("data");
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                data.resolve("buildings.geojson").toString(), data.resolve("pipes.geojson").toString(),
                data.resolve("facilities.geojson").toString(), data.resolve("dem.tif").toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
    }

    @Test
    void checkWritesFindingsAndDesign() {
        CliRun run = CliRun.of("--lang", "en", "network", "check", "--project", project.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("Network: ").contains("reverse");
        FeatureLayer design = Projects.read(project, store -> store.readFeatures("pipe_design"));
        FeatureLayer findings = Projects.read(project, store -> store.readFeatures("network_findings"));
        FeatureLayer pipes = Projects.read(project, store -> store.readFeatures("pipes"));
        assertThat(design.size()).isPositive().isLessThanOrEqualTo(pipes.size());
        assertThat(findings.features()).anyMatch(f -> "reverse".equals(f.get("code")));
        assertThat(design.features()).anyMatch(f -> f.getDouble("design_flow_lps", 0) > 0);
    }

    @Test
    void exportSwmmReadsBack() {
        Path inp = dir.resolve("village.inp");
        CliRun run = CliRun.of("--lang", "en", "network", "export-swmm", "--project", project.toString(),
                "--out", inp.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        SwmmInp.Result result = SwmmInp.read(inp);
        assertThat(result.errors()).isEmpty();
        assertThat(result.model().count(NetworkModel.NodeKind.OUTFALL)).isPositive();
        CliRun again = CliRun.of("--lang", "en", "network", "read-inp", inp.toString());
        assertThat(again.exitCode).as(again.toString()).isZero();
    }

    @Test
    void readInpReportsBrokenFileByLine() {
        CliRun run = CliRun.of("--lang", "en", "network", "read-inp",
                SharedData.file("real/inp/pyswmm_model_bad_input_1.inp").toString());
        assertThat(run.exitCode).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.out).contains("swmm_209").contains("Line 56");
    }

    @Test
    void readInpEpanet() {
        CliRun run = CliRun.of("--lang", "en", "network", "read-inp", "--epanet",
                SharedData.file("real/inp/epanet_Net3.inp").toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("junction=92").contains("reservoir=2").contains("tank=3").contains("pipe=117");
    }
}
