package org.communitygis.server;

import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.postgis.PostGisCluster;
import org.communitygis.store.postgis.PostGisProjects;
import org.communitygis.store.postgis.PostGisUrl;

/** Copies a test fixture into a new schema of the throwaway PostGIS cluster, for the API tests on PostGIS. */
final class PostGisFixture {
    private PostGisFixture() {
    }

    /**
     * Writes every layer, the CRS and the metadata of {@code fixture} into a new schema and returns its URL.
     * Skips the calling test (JUnit assumption, message on stderr) when PostgreSQL or PostGIS is missing.
     */
    static PostGisUrl copy(MemoryStore fixture) {
        PostGisUrl url = PostGisCluster.assumeAvailable().newProjectUrl();
        PostGisProjects.update(url, store -> {
            copy(fixture, store);
            return null;
        });
        return url;
    }

    private static void copy(MemoryStore from, ProjectStore to) {
        from.crs().ifPresent(to::setCrs);
        for (LayerInfo info : from.layers()) {
            if (info.type() == LayerInfo.LayerType.VECTOR) {
                to.writeFeatures(from.readFeatures(info.name()));
            } else {
                to.writeRaster(info.name(), from.readRaster(info.name()));
            }
        }
        from.metadata().forEach(to::putMetadata);
    }
}
