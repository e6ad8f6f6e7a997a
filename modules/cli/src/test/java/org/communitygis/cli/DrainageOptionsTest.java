package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.communitygis.server.ProcessInput;
import org.communitygis.server.ProcessRunner;
import org.communitygis.store.Projects;
import org.communitygis.terrain.D8FlowDirection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The routing options of {@code cgis analyze drainage} on the volcano DEM (87 × 61 cells of 10 m):
 * {@code --flow-method}, {@code --export-codes}, {@code --pour-point} with {@code --snap-radius-m}, and
 * the {@code --command-area-*} options, and the same drainage through the {@code serve} process. Each test
 * checks the stored layers, most against a plain D8 run.
 */
class DrainageOptionsTest {
    private Path project;

    @BeforeEach
    void importVolcano(@TempDir Path dir) {
        project = dir.resolve("volcano.gpkg");
        CliRun imported = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                SharedData.file("real/dem/volcano_10m.tif").toString());
        assertThat(imported.exitCode).as(imported.toString()).isZero();
    }

    private CliRun drainage(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("--lang", "en", "analyze", "drainage", "--project",
                project.toString()));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(new String[0]));
    }

    private boolean contains(String layer) {
        Boolean contained = Projects.read(project, store -> store.contains(layer));
        return contained;
    }

    private Raster raster(String name) {
        return Projects.read(project, store -> store.readRaster(name));
    }

    @Test
    void exportCodesGrassAndTauDem() {
        CliRun esriRun = drainage();
        assertThat(esriRun.exitCode).as(esriRun.toString()).isZero();
        assertThat(esriRun.out).contains("flow_dir in esri codes");
        float[] esri = raster("flow_dir").data();

        CliRun grassRun = drainage("--export-codes", "grass");
        assertThat(grassRun.exitCode).as(grassRun.toString()).isZero();
        assertThat(grassRun.out).contains("flow_dir in grass codes");
        assertThat(Projects.read(project, store -> store.metadata()).get("analysis.drainage.flow_dir_codes")).isEqualTo("grass");
        Raster grass = raster("flow_dir");
        int leaving = 0;
        for (int i = 0; i < esri.length; i++) {
            if (Float.isNaN(esri[i])) {
                assertThat(grass.data()[i]).as("cell %d", i).isNaN();
                continue;
            }
            int expected = D8FlowDirection.toGrassCode((int) esri[i], false);
            assertThat(Math.abs(grass.data()[i])).as("cell %d", i).isEqualTo(expected);
            if (grass.data()[i] < 0) {
                leaving++;
                int col = i % grass.grid().cols();
                int row = i / grass.grid().cols();
                boolean edge = col == 0 || row == 0 || col == grass.grid().cols() - 1 || row == grass.grid().rows() - 1;
                assertThat(edge).as("cell %d with a negative code lies on the grid edge (the volcano has no NoData)", i).isTrue();
            }
        }
        assertThat(leaving).as("cells draining out of the region").isPositive();

        CliRun tauDemRun = drainage("--export-codes", "TauDEM");
        assertThat(tauDemRun.exitCode).as(tauDemRun.toString()).isZero();
        assertThat(Projects.read(project, store -> store.metadata()).get("analysis.drainage.flow_dir_codes")).isEqualTo("taudem");
        float[] tauDem = raster("flow_dir").data();
        for (int i = 0; i < esri.length; i++) {
            assertThat(tauDem[i]).as("cell %d", i).isEqualTo(D8FlowDirection.toTauDemCode((int) esri[i]));
        }
    }

    @Test
    void exportCodesUnknownRejected() {
        CliRun run = drainage("--export-codes", "arcgis");
        assertThat(run.exitCode).as(run.toString()).isNotZero();
        assertThat(run.err).contains("Unknown flow direction codes \"arcgis\"").contains("esri, grass or taudem");
        assertThat(contains("flow_dir")).as("flow_dir written").isFalse();
    }

    @Test
    void flowMethodDinfAndMfd() {
        assertThat(drainage().exitCode).isZero();
        Raster d8 = raster("flow_acc");

        CliRun dinfRun = drainage("--flow-method", "dinf");
        assertThat(dinfRun.exitCode).as(dinfRun.toString()).isZero();
        assertThat(dinfRun.out).contains("Flow accumulation by dinf");
        Raster angles = raster("flow_dir_dinf");
        int outlets = 0;
        for (float angle : angles.data()) {
            if (Float.isNaN(angle)) {
                outlets++;
            } else {
                assertThat((double) angle).isBetween(0.0, 2 * Math.PI);
            }
        }
        assertThat(outlets).as("cells without a D∞ angle").isLessThan(angles.data().length / 10);
        Raster dinf = raster("flow_acc");
        assertThat(differingCells(dinf, d8)).as("cells where D∞ and D8 accumulation differ").isPositive();
        assertThat(fractionalCells(dinf)).as("D∞ cells with a split (fractional) accumulation").isPositive();

        CliRun mfdRun = drainage("--flow-method", "mfd", "--mfd-exponent", "1.1");
        assertThat(mfdRun.exitCode).as(mfdRun.toString()).isZero();
        assertThat(mfdRun.out).contains("Flow accumulation by mfd");
        assertThat(contains("flow_dir_dinf"))
                .as("flow_dir_dinf of the earlier D∞ run removed").isFalse();
        Raster mfd = raster("flow_acc");
        assertThat(fractionalCells(mfd)).as("MFD cells with a fractional accumulation").isPositive();
        for (float value : mfd.data()) {
            assertThat(value).isGreaterThanOrEqualTo(1f);
        }

        CliRun bad = drainage("--flow-method", "d16");
        assertThat(bad.exitCode).isNotZero();
        assertThat(bad.err).contains("Unknown flow method \"d16\"");
    }

    @Test
    void pourPointSnapsToLargestAccumulation() {
        assertThat(drainage().exitCode).isZero();
        Raster accumulation = raster("flow_acc");
        GridGeometry grid = accumulation.grid();
        int largest = 0;
        for (int i = 0; i < accumulation.data().length; i++) {
            if (accumulation.data()[i] > accumulation.data()[largest]) {
                largest = i;
            }
        }
        // Two cells (20 m) west of the cell with the largest accumulation, or east when that leaves the grid.
        int col = largest % grid.cols() >= 2 ? largest % grid.cols() - 2 : largest % grid.cols() + 2;
        int row = largest / grid.cols();
        String point = String.format(Locale.ROOT, "%.1f,%.1f", grid.centerX(col), grid.centerY(row));

        CliRun unsnapped = drainage("--pour-point", point);
        assertThat(unsnapped.exitCode).as(unsnapped.toString()).isZero();
        Feature plain = catchment();
        assertThat(plain.getLong("cells", -1)).isEqualTo((long) accumulation.get(col, row));
        assertThat(unsnapped.out).contains("Catchment 1:").contains(plain.getLong("cells", -1) + " cells (layer catchments)");

        CliRun snapped = drainage("--pour-point", point, "--snap-radius-m", "25");
        assertThat(snapped.exitCode).as(snapped.toString()).isZero();
        Feature moved = catchment();
        assertThat(moved.getDouble("outlet_x", Double.NaN)).isEqualTo(grid.centerX(largest % grid.cols()));
        assertThat(moved.getDouble("outlet_y", Double.NaN)).isEqualTo(grid.centerY(largest / grid.cols()));
        assertThat(moved.getLong("cells", -1)).isEqualTo((long) accumulation.data()[largest]);
        assertThat(moved.getDouble("area_m2", Double.NaN)).isEqualTo(accumulation.data()[largest] * 100.0);

        assertThat(drainage().exitCode).isZero();
        assertThat(contains("catchments"))
                .as("catchments of the earlier run removed").isFalse();
    }

    @Test
    void pourPointErrorsNameTheValue() {
        CliRun malformed = drainage("--pour-point", "300;200");
        assertThat(malformed.exitCode).isNotZero();
        assertThat(malformed.err).contains("The value \"300;200\" of --pour-point is not a coordinate pair");

        CliRun outside = drainage("--pour-point", "5000,200");
        assertThat(outside.exitCode).isNotZero();
        assertThat(outside.err).contains("(5,000, 200)").contains("lies outside the DEM");
        assertThat(contains("flow_dir")).as("flow_dir written").isFalse();
    }

    @Test
    void commandAreaGravityAndLift() {
        Raster dem = Projects.read(project, store -> store.readRaster("dem"));
        GridGeometry grid = dem.grid();
        int col = grid.cols() / 2;
        int row = grid.rows() / 2;
        double level = dem.get(col, row) + 2;
        String source = String.format(Locale.ROOT, "%.1f,%.1f", grid.centerX(col), grid.centerY(row));
        String levelText = String.format(Locale.ROOT, "%.1f", level);

        CliRun gravity = drainage("--command-area-level-m", levelText, "--command-area-source", source,
                "--min-channel-slope-permille", "1");
        assertThat(gravity.exitCode).as(gravity.toString()).isZero();
        assertThat(gravity.out).contains("Command area:").contains("minimum channel slope 1 ‰");
        Raster classes = raster("command_area");
        int gravityCells = 0;
        for (int i = 0; i < classes.data().length; i++) {
            float value = classes.data()[i];
            assertThat(value).as("cell %d", i).isIn(0f, 1f);
            if (value == 1f) {
                gravityCells++;
                assertThat((double) dem.data()[i]).as("ground of commanded cell %d", i).isLessThanOrEqualTo(level);
            }
        }
        assertThat(gravityCells).as("cells commanded by gravity").isPositive();

        CliRun lift = drainage("--command-area-level-m", levelText, "--command-area-source", source,
                "--min-channel-slope-permille", "1", "--pump-head-m", "20");
        assertThat(lift.exitCode).as(lift.toString()).isZero();
        Raster withLift = raster("command_area");
        int liftCells = 0;
        for (int i = 0; i < withLift.data().length; i++) {
            assertThat(withLift.data()[i] == 1f).as("gravity class of cell %d unchanged by the lift", i)
                    .isEqualTo(classes.data()[i] == 1f);
            if (withLift.data()[i] == 2f) {
                liftCells++;
            }
        }
        assertThat(liftCells).as("cells commanded only with the lift").isPositive();

        CliRun noSource = drainage("--command-area-level-m", levelText);
        assertThat(noSource.exitCode).isNotZero();
        assertThat(noSource.err).contains("--command-area-level-m is given but no water source");
    }

    @Test
    void processRunnerReportsDinfLayer() {
        ProcessRunner runner = ProcessRunners.all().stream().filter(r -> r.id().equals("drainage")).findFirst().orElseThrow();
        Map<String, Object> inputs = new HashMap<>();
        for (ProcessInput input : runner.inputs()) {
            inputs.put(input.name(), input.defaultValue());
        }
        assertThat(inputs).containsEntry("flow_method", "d8").containsEntry("export_codes", "esri");
        inputs.put("flow_method", "dinf");
        inputs.put("export_codes", "grass");

        List<String> written = Projects.update(project, store -> runner.run(store, inputs, Progress.NONE, new Diagnostics()));
        assertThat(written).contains("flow_dir", "flow_dir_dinf", "flow_acc", "streams", "subbasins");
        assertThat(runner.outputLayers()).containsAll(written);
        assertThat(Projects.read(project, store -> store.metadata()).get("analysis.drainage.flow_dir_codes")).isEqualTo("grass");
    }

    @Test
    void coverageRunnerNamesItsInputs() {
        ProcessRunner runner = ProcessRunners.all().stream().filter(r -> r.id().equals("coverage")).findFirst().orElseThrow();
        Map<String, Object> inputs = new HashMap<>();
        for (ProcessInput input : runner.inputs()) {
            inputs.put(input.name(), input.defaultValue());
        }
        inputs.put("pipes", "nolayer");
        inputs.put("trial_network", false);
        Projects.update(project, store -> {
            String crs = store.crs().orElseThrow();
            FeatureLayer buildings = new FeatureLayer(
                    "buildings", GeometryKind.POLYGON, crs, List.of());
            Coordinate centre = store.readRaster("dem").grid().envelope().centre();
            buildings.add(new Feature(1, new GeometryFactory().toGeometry(
                    new Envelope(centre.x, centre.x + 10, centre.y, centre.y + 10))));
            store.writeFeatures(buildings);
            return null;
        });

        assertThatThrownBy(() -> Projects.update(project, store -> runner.run(store, inputs, Progress.NONE,
                new Diagnostics())))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("nolayer").hasMessageContaining("trial_network")
                .hasMessageNotContaining("--trial-network");
    }

    private Feature catchment() {
        List<Feature> features = Projects.read(project, store -> store.readFeatures("catchments")).features();
        assertThat(features).hasSize(1);
        return features.get(0);
    }

    private static int differingCells(Raster a, Raster b) {
        int count = 0;
        for (int i = 0; i < a.data().length; i++) {
            if (a.data()[i] != b.data()[i]) {
                count++;
            }
        }
        return count;
    }

    private static int fractionalCells(Raster raster) {
        int count = 0;
        for (float value : raster.data()) {
            if (value != Math.rint(value)) {
                count++;
            }
        }
        return count;
    }
}
