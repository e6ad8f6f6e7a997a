package org.communitygis.report.batch;

import java.util.Objects;
import java.util.Optional;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;

/**
 * The input layers of one community of a batch, as {@code CoverageAnalysis.run} takes them. All layers
 * share one CRS in metres.
 *
 * @param id the community's key in the batch, unique and stable between runs (the project file name
 *     without {@code .gpkg}, the PostGIS schema, or {@code <project>/<zone>} when one project is split by
 *     zone); file names of the community's outputs are derived from it
 * @param name the display name (project metadata {@code project.name}, else the zone name, else the id)
 * @param buildings the {@code buildings} layer
 * @param pipes the pipe layer ({@code pipes}, else {@code trial_pipes})
 * @param roads the {@code roads} layer, if any
 * @param zones the {@code zones} layer (village groups), if any
 * @param facilities the {@code facilities} layer, if any
 * @param dem ground levels, m, if the project has a {@code dem} raster; adds {@code served_gravity}
 */
public record CommunityInput(String id, String name, FeatureLayer buildings, FeatureLayer pipes,
        Optional<FeatureLayer> roads, Optional<FeatureLayer> zones, Optional<FeatureLayer> facilities,
        Optional<Raster> dem) {

    /** Checks that the id, name and optional wrappers are not null; a null layer is left to the engine to report. */
    public CommunityInput {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roads, "roads");
        Objects.requireNonNull(zones, "zones");
        Objects.requireNonNull(facilities, "facilities");
        Objects.requireNonNull(dem, "dem");
    }
}
