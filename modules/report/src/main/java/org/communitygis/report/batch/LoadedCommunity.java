package org.communitygis.report.batch;

import java.util.Optional;
import org.communitygis.core.feature.FeatureLayer;

/**
 * One community read for the batch: the engine input plus the road and drainage results, taken from the
 * project's stored layers when present, else computed in memory.
 *
 * @param pipeGradients the {@code pipe_gradients} layer (stored, or checked in memory with the DEM when
 *     there is one); empty when the project has no pipes to check
 * @param damageZones the {@code road_damage_zones} layer (stored, or computed in memory from the DEM);
 *     empty without roads or DEM
 * @param roadResultsStored whether {@code damageZones} came from the project rather than from memory
 * @param drainageResultsStored whether {@code pipeGradients} came from the project
 * @param pciSurveyed whether a distress survey gave the damage zones their PCI grades (the stored zones
 *     were computed with one, or the project has a {@code distress_survey} layer); without one the length
 *     per PCI grade is unknown
 */
public record LoadedCommunity(CommunityInput input, Optional<FeatureLayer> pipeGradients,
        Optional<FeatureLayer> damageZones, boolean roadResultsStored, boolean drainageResultsStored,
        boolean pciSurveyed) {
}
