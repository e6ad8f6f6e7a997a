package org.communitygis.report.batch;

import java.util.Objects;
import java.util.Optional;
import org.communitygis.core.feature.FeatureLayer;

/**
 * The result of a {@link CoverageEngine} for one community: its {@code coverage_buildings} rows, or the
 * reason it failed.
 *
 * @param communityId the {@link CommunityInput#id()} it belongs to
 * @param buildings the {@code coverage_buildings} layer, empty on failure
 * @param failure the error message in the user's language, null on success
 */
public record CommunityCoverage(String communityId, Optional<FeatureLayer> buildings, String failure) {

    /** Checks that exactly one of {@code buildings} and {@code failure} is given. */
    public CommunityCoverage {
        Objects.requireNonNull(communityId, "communityId");
        Objects.requireNonNull(buildings, "buildings");
        if (buildings.isPresent() == (failure != null)) {
            throw new IllegalArgumentException("Give either buildings or a failure for " + communityId);
        }
    }

    /** Returns a successful result. */
    public static CommunityCoverage of(String communityId, FeatureLayer buildings) {
        return new CommunityCoverage(communityId, Optional.of(buildings), null);
    }

    /** Returns a failed result with {@code message} as the reason shown to the user. */
    public static CommunityCoverage failed(String communityId, String message) {
        return new CommunityCoverage(communityId, Optional.empty(), message == null ? "?" : message);
    }

    /** Returns whether the engine computed the rows. */
    public boolean succeeded() {
        return failure == null;
    }
}
