package org.communitygis.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.communitygis.core.feature.FeatureLayer;

/**
 * The layers written by {@link CoverageAnalysis}.
 *
 * @param buildings {@code coverage_buildings}, one row per polygonal building
 * @param zones {@code coverage_zones}, present when a zones layer was given
 * @param facilities {@code coverage_facilities}, present when treatment units or septic tanks were given
 */
public record CoverageResult(FeatureLayer buildings, Optional<FeatureLayer> zones, Optional<FeatureLayer> facilities) {

    /** Returns the layers present, buildings first. */
    public List<FeatureLayer> layers() {
        List<FeatureLayer> layers = new ArrayList<>();
        layers.add(buildings);
        zones.ifPresent(layers::add);
        facilities.ifPresent(layers::add);
        return layers;
    }
}
