package org.communitygis.report.spark;

import java.util.Optional;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.report.batch.CommunityInput;

/** Test inputs: a project store read as one community of a batch. */
final class Communities {
    private Communities() {
    }

    /** Reads the layers a batch reads: pipes, else trial_pipes; roads, zones, facilities and dem when present. */
    static CommunityInput read(String id, ProjectStore store) {
        String pipes = store.contains("pipes") ? "pipes" : "trial_pipes";
        return new CommunityInput(id, id, store.readFeatures("buildings"), store.readFeatures(pipes),
                optionalLayer(store, "roads"), optionalLayer(store, "zones"), optionalLayer(store, "facilities"),
                store.contains("dem") ? Optional.of(store.readRaster("dem")) : Optional.empty());
    }

    private static Optional<org.communitygis.core.feature.FeatureLayer> optionalLayer(ProjectStore store, String name) {
        return store.contains(name) ? Optional.of(store.readFeatures(name)) : Optional.empty();
    }
}
