package org.communitygis.report.batch;

import java.util.Optional;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.network.GradientRules;
import org.communitygis.network.PipeGradientCheck;
import org.communitygis.report.CoverageReport;
import org.communitygis.report.ReportMessages;
import org.communitygis.roads.AxleLoads;
import org.communitygis.roads.DistressSurvey;
import org.communitygis.roads.PavementCondition;
import org.communitygis.roads.RoadDamageZones;
import org.communitygis.roads.RoadZoneOptions;
import org.communitygis.roads.Routes;
import org.communitygis.terrain.D8FlowDirection;
import org.communitygis.terrain.DrainageOptions;
import org.communitygis.terrain.FlowAccumulation;
import org.communitygis.terrain.PriorityFloodBreach;
import org.communitygis.terrain.PriorityFloodFill;
import org.communitygis.terrain.TerrainMessages;

/**
 * Reads one project into a {@link LoadedCommunity}. Nothing in the project changes: road damage zones
 * and pipe gradients missing from the project are computed in memory with the defaults of
 * {@code cgis analyze drainage} and {@code cgis analyze roads}. The PCI of those zones comes from the
 * project's {@value #SURVEY_LAYER} layer when it has one (read like {@code analyze roads --survey} reads a
 * GeoPackage layer, PCI by JTG 5210-2018 in {@value #PCI_UNIT_M} m units); without it the zones have no PCI.
 */
final class CommunityLoader {
    /** Project layer with a distress survey, in the columns {@code analyze roads --survey} accepts. */
    static final String SURVEY_LAYER = "distress_survey";
    /** Condition unit length for the PCI, m: the default of {@code analyze roads --pci-unit-m}. */
    static final double PCI_UNIT_M = 100;
    /** Metadata that {@code analyze roads} writes; it names the survey file when one was used. */
    private static final String ROADS_PARAMS_KEY = "analysis.roads.params";

    private CommunityLoader() {
    }

    /**
     * Loads the community {@code id} from {@code store}.
     *
     * @throws CgisException when the project has no {@code buildings} or no pipe layer
     */
    static LoadedCommunity load(String id, ProjectStore store, Diagnostics diagnostics) {
        if (!isVector(store, "buildings")) {
            throw new CgisException(ReportMessages.BUNDLE, "batch.noBuildings", id);
        }
        String pipesName = isVector(store, "pipes") ? "pipes" : isVector(store, "trial_pipes") ? "trial_pipes" : null;
        if (pipesName == null) {
            throw new CgisException(ReportMessages.BUNDLE, "batch.noPipes", id);
        }
        FeatureLayer pipes = store.readFeatures(pipesName);
        Optional<Raster> dem = store.layer("dem").filter(info -> info.type() == LayerInfo.LayerType.RASTER)
                .map(info -> store.readRaster("dem"));
        Optional<FeatureLayer> roads = optional(store, "roads");
        String name = store.metadata().getOrDefault(CoverageReport.PROJECT_NAME_KEY, id);
        CommunityInput input = new CommunityInput(id, name, store.readFeatures("buildings"), pipes, roads,
                optional(store, "zones"), optional(store, "facilities"), dem);

        Optional<FeatureLayer> gradients = optional(store, "pipe_gradients");
        boolean gradientsStored = gradients.isPresent();
        if (gradients.isEmpty()) {
            gradients = Optional.of(PipeGradientCheck.check(pipes, dem, GradientRules.defaults(), diagnostics));
        }

        Optional<FeatureLayer> damage = optional(store, RoadDamageZones.LAYER);
        boolean damageStored = damage.isPresent();
        boolean surveyed;
        if (damageStored) {
            String params = store.metadata().getOrDefault(ROADS_PARAMS_KEY, "");
            surveyed = params.contains("survey=") || damage.get().features().stream().anyMatch(f -> f.get("pci") != null);
        } else {
            Optional<FeatureLayer> survey = optional(store, SURVEY_LAYER);
            surveyed = survey.isPresent();
            if (roads.isPresent() && dem.isPresent()) {
                damage = Optional.of(computeDamageZones(store, roads.get(), dem.get(), survey, diagnostics));
            }
        }
        return new LoadedCommunity(input, gradients, damage, damageStored, gradientsStored, surveyed);
    }

    /**
     * Computes the road damage zones as {@code cgis analyze roads} does with its defaults, from the stored
     * {@code dem_filled} and {@code flow_acc} when both exist, else from the DEM filled and routed here.
     * Only the fill, D8 directions and accumulation of {@code DrainageAnalysis.run} are computed, with
     * {@code DrainageOptions.defaults()}, so the rasters equal that analysis' output; its slope and stream
     * network are not needed here.
     */
    private static FeatureLayer computeDamageZones(ProjectStore store, FeatureLayer roads, Raster dem,
            Optional<FeatureLayer> survey, Diagnostics diagnostics) {
        Raster filled = isRaster(store, "dem_filled") ? store.readRaster("dem_filled") : null;
        Raster flowAcc = isRaster(store, "flow_acc") ? store.readRaster("flow_acc") : null;
        if (filled == null || flowAcc == null) {
            validateDem(dem);
            DrainageOptions drainage = DrainageOptions.defaults();
            filled = drainage.breachDepressions()
                    ? new PriorityFloodBreach().noDataIsOutlet(drainage.noDataIsOutlet()).breach(dem)
                    : new PriorityFloodFill().epsilon(drainage.epsilonFill()).noDataIsOutlet(drainage.noDataIsOutlet())
                            .fill(dem, Progress.NONE);
            D8FlowDirection directions = D8FlowDirection.compute(filled, drainage.resolveFlats(),
                    drainage.noDataIsOutlet(), Progress.NONE);
            if (directions.undrainedCells() > 0) {
                diagnostics.warn(TerrainMessages.BUNDLE, "drainage.undrained", directions.undrainedCells());
            }
            flowAcc = FlowAccumulation.compute(directions, Progress.NONE, diagnostics).raster();
        }
        RoadDamageZones.ConditionInput condition = null;
        if (survey.isPresent()) {
            DistressSurvey records = DistressSurvey.fromLayer(survey.get(), roads, Routes.build(roads), diagnostics);
            condition = new RoadDamageZones.ConditionInput(records, PavementCondition.Standard.JTG5210, PCI_UNIT_M,
                    AxleLoads.BZZ_100_KN);
        }
        return RoadDamageZones.compute(roads, flowAcc, filled, RoadZoneOptions.defaults(), condition, Progress.NONE,
                diagnostics);
    }

    /**
     * Rejects a DEM that {@code DrainageAnalysis.run} rejects, with its messages: fewer than 2 × 2 cells,
     * only NoData, or an elevation below −12,000 m or above 9,000 m (an undeclared NoData value).
     */
    private static void validateDem(Raster dem) {
        GridGeometry grid = dem.grid();
        if (grid.cols() < 2 || grid.rows() < 2) {
            throw new CgisException(TerrainMessages.BUNDLE, "drainage.tooSmall", grid.cols(), grid.rows());
        }
        if (dem.noDataCount() == grid.size()) {
            throw new CgisException(TerrainMessages.BUNDLE, "drainage.allNoData", grid.cols(), grid.rows());
        }
        float[] z = dem.data();
        for (int i = 0; i < z.length; i++) {
            if (z[i] < -12_000f || z[i] > 9_000f) {
                throw new CgisException(TerrainMessages.BUNDLE, "drainage.implausibleElevation", i % grid.cols(),
                        i / grid.cols(), (double) z[i], (double) dem.noDataValue());
            }
        }
    }

    private static boolean isRaster(ProjectStore store, String name) {
        return store.layer(name).map(info -> info.type() == LayerInfo.LayerType.RASTER).orElse(false);
    }

    private static boolean isVector(ProjectStore store, String name) {
        return store.layer(name).map(info -> info.type() == LayerInfo.LayerType.VECTOR).orElse(false);
    }

    private static Optional<FeatureLayer> optional(ProjectStore store, String name) {
        return isVector(store, name) ? Optional.of(store.readFeatures(name)) : Optional.empty();
    }
}
