package org.communitygis.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.network.CoverageOptions;
import org.communitygis.network.NetworkLayers;
import org.communitygis.roads.RoadZoneOptions;
import org.communitygis.server.ProcessInput;
import org.communitygis.server.ProcessRunner;
import org.communitygis.terrain.RoadGradients;
import org.communitygis.terrain.StreamExtractor;
import org.communitygis.terrain.SubBasins;

/**
 * The analyses of {@code cgis analyze} offered by {@code cgis serve} through OGC API – Processes. Each runner
 * builds the same settings as the command's options (input names are the option names with {@code _}) and
 * calls {@link Analyses}. The road survey file is not offered: a web request must not name files on the
 * server.
 */
final class ProcessRunners {
    private ProcessRunners() {
    }

    /** Returns the drainage, coverage and roads processes. */
    static List<ProcessRunner> all() {
        return List.of(new Drainage(), new Coverage(), new Roads());
    }

    private static Function<Locale, String> text(String key) {
        return locale -> CliMessages.BUNDLE.format(locale, key);
    }

    /** Common parts: title and description from {@code serve.process.<id>.title|description}. */
    private abstract static class AnalysisRunner implements ProcessRunner {
        @Override
        public String title(Locale locale) {
            return CliMessages.BUNDLE.format(locale, "serve.process." + id() + ".title");
        }

        @Override
        public String description(Locale locale) {
            return CliMessages.BUNDLE.format(locale, "serve.process." + id() + ".description");
        }

        @Override
        public final List<String> run(ProjectStore store, Map<String, Object> inputs, Progress progress,
                Diagnostics diagnostics) {
            RecordingStore recording = new RecordingStore(store);
            analyze(recording, inputs, progress, diagnostics);
            return List.copyOf(recording.written);
        }

        abstract void analyze(ProjectStore store, Map<String, Object> inputs, Progress progress,
                Diagnostics diagnostics);
    }

    private static final class Drainage extends AnalysisRunner {
        @Override
        public String id() {
            return "drainage";
        }

        @Override
        public List<ProcessInput> inputs() {
            Analyses.DrainageSettings defaults = Analyses.DrainageSettings.defaults();
            Analyses.DrainageRouting routing = Analyses.DrainageRouting.defaults();
            return List.of(
                    ProcessInput.number("stream_threshold_m2", defaults.streamThresholdM2(), 1, 1e12,
                            text("serve.input.streamThresholdM2")),
                    ProcessInput.bool("epsilon_fill", defaults.epsilonFill(), text("serve.input.epsilonFill")),
                    ProcessInput.bool("breach", defaults.breachDepressions(), text("serve.input.breach")),
                    ProcessInput.number("steep_road_permille", RoadGradients.DEFAULT_STEEP_PERMILLE, 0, 10_000,
                            text("serve.input.steepRoadPermille")),
                    ProcessInput.number("flat_road_permille", RoadGradients.DEFAULT_FLAT_PERMILLE, 0, 10_000,
                            text("serve.input.flatRoadPermille")),
                    ProcessInput.string("flow_method", routing.flowMethod(), List.of("d8", "dinf", "mfd"),
                            text("serve.input.flowMethod")),
                    ProcessInput.string("export_codes", routing.exportCodes(), List.of("esri", "grass", "taudem"),
                            text("serve.input.exportCodes")));
        }

        /**
         * Returns the layers of {@link Analyses#drainage}: the terrain rasters, {@code flow_dir_dinf} with
         * {@code flow_method} dinf, and the road and pipe gradients when the project has roads and pipes.
         * The pour-point {@code catchments} and the {@code command_area} of {@code cgis analyze drainage}
         * need coordinates, which the process does not take.
         */
        @Override
        public List<String> outputLayers() {
            return List.of("dem_filled", "flow_dir", "flow_dir_dinf", "flow_acc", "slope", "slope_pct",
                    StreamExtractor.LAYER, SubBasins.LAYER, RoadGradients.LAYER, NetworkLayers.PIPE_GRADIENTS);
        }

        @Override
        void analyze(ProjectStore store, Map<String, Object> inputs, Progress progress, Diagnostics diagnostics) {
            Analyses.DrainageSettings settings = new Analyses.DrainageSettings((Double) inputs.get("stream_threshold_m2"),
                    (Boolean) inputs.get("epsilon_fill"), (Double) inputs.get("steep_road_permille"),
                    (Double) inputs.get("flat_road_permille"), (Boolean) inputs.get("breach"));
            Analyses.DrainageRouting defaults = Analyses.DrainageRouting.defaults();
            Analyses.DrainageRouting routing = new Analyses.DrainageRouting((String) inputs.get("flow_method"),
                    defaults.mfdExponent(), (String) inputs.get("export_codes"), defaults.pourPoints(),
                    defaults.snapRadiusM(), defaults.commandSources(), defaults.commandLevelM(),
                    defaults.minChannelSlopePermille(), defaults.pumpHeadM());
            Analyses.drainage(store, settings, routing, progress, diagnostics);
        }
    }

    private static final class Coverage extends AnalysisRunner {
        @Override
        public String id() {
            return "coverage";
        }

        @Override
        public List<ProcessInput> inputs() {
            CoverageOptions defaults = CoverageOptions.defaults();
            return List.of(
                    ProcessInput.string("pipes", "pipes", List.of(), text("serve.input.pipes")),
                    ProcessInput.number("buffer_m", defaults.bufferM(), 0, 100_000, text("serve.input.bufferM")),
                    ProcessInput.number("road_distance_m", defaults.roadDistanceM(), 0, 100_000,
                            text("serve.input.roadDistanceM")),
                    ProcessInput.number("persons_per_household", defaults.personsPerHousehold(), 0.1, 100,
                            text("serve.input.personsPerHousehold")),
                    ProcessInput.number("sewage_l_per_person_day", defaults.sewageLitresPerPersonDay(), 0.1, 10_000,
                            text("serve.input.sewagePerPersonDay")),
                    ProcessInput.bool("trial_network", false, text("serve.input.trialNetwork")));
        }

        @Override
        public List<String> outputLayers() {
            return List.of("coverage_buildings", "coverage_zones", "coverage_facilities", Analyses.TRIAL_PIPES);
        }

        @Override
        void analyze(ProjectStore store, Map<String, Object> inputs, Progress progress, Diagnostics diagnostics) {
            Analyses.CoverageSettings settings = new Analyses.CoverageSettings((String) inputs.get("pipes"),
                    (Double) inputs.get("buffer_m"), (Double) inputs.get("road_distance_m"),
                    (Double) inputs.get("persons_per_household"), (Double) inputs.get("sewage_l_per_person_day"),
                    (Boolean) inputs.get("trial_network"));
            try {
                Analyses.coverage(store, settings, progress, diagnostics);
            } catch (CgisException e) {
                // The command's message names its options --pipes and --trial-network; name the inputs instead.
                if (e.message().key().equals("analyze.needPipes")) {
                    throw new CgisException(e, CliMessages.BUNDLE, "serve.coverage.needPipes", settings.pipesLayer());
                }
                throw e;
            }
        }
    }

    private static final class Roads extends AnalysisRunner {
        @Override
        public String id() {
            return "roads";
        }

        @Override
        public List<ProcessInput> inputs() {
            RoadZoneOptions defaults = RoadZoneOptions.defaults();
            return List.of(
                    ProcessInput.number("unit_m", defaults.unitLengthM(), 1, 1000, text("serve.input.unitM")),
                    ProcessInput.number("runoff_area_m2", defaults.runoffAreaM2(), 1, 1e12,
                            text("serve.input.runoffAreaM2")),
                    ProcessInput.number("steep_grade_permille", defaults.steepGradePermille(), 1, 1000,
                            text("serve.input.steepGradePermille")));
        }

        @Override
        public List<String> outputLayers() {
            return List.of("road_damage_zones");
        }

        @Override
        void analyze(ProjectStore store, Map<String, Object> inputs, Progress progress, Diagnostics diagnostics) {
            Analyses.RoadSettings settings = new Analyses.RoadSettings((Double) inputs.get("unit_m"),
                    (Double) inputs.get("runoff_area_m2"), (Double) inputs.get("steep_grade_permille"));
            Analyses.roads(store, settings, progress, diagnostics);
        }
    }

    /** A store that passes every call through and records the names of the layers written. */
    private static final class RecordingStore implements ProjectStore {
        private final ProjectStore store;
        private final Set<String> written = new LinkedHashSet<>();

        RecordingStore(ProjectStore store) {
            this.store = store;
        }

        @Override
        public Optional<String> crs() {
            return store.crs();
        }

        @Override
        public void setCrs(String code) {
            store.setCrs(code);
        }

        @Override
        public List<LayerInfo> layers() {
            return store.layers();
        }

        @Override
        public Optional<LayerInfo> layer(String name) {
            return store.layer(name);
        }

        @Override
        public boolean contains(String name) {
            return store.contains(name);
        }

        @Override
        public FeatureLayer readFeatures(String name) {
            return store.readFeatures(name);
        }

        @Override
        public void writeFeatures(FeatureLayer layer) {
            store.writeFeatures(layer);
            written.add(layer.name());
        }

        @Override
        public Raster readRaster(String name) {
            return store.readRaster(name);
        }

        @Override
        public void writeRaster(String name, Raster raster) {
            store.writeRaster(name, raster);
            written.add(name);
        }

        @Override
        public void delete(String name) {
            store.delete(name);
            written.remove(name);
        }

        @Override
        public Map<String, String> metadata() {
            return store.metadata();
        }

        @Override
        public void putMetadata(String key, String value) {
            store.putMetadata(key, value);
        }

        @Override
        public void close() {
            // The updater owns and closes the wrapped store.
        }
    }
}
